import Foundation
import TestSupport
import XCTest

/// The issue's faults that lose a part mid-job: a worker's sshd, the master (kill -9), a slice that
/// always fails. Each checks every slice's committed output exactly once.
final class JobFaultTests: JobTestCase {
    override class var nodes: Int { 3 }

    func testWorkerKilledMidJobRerunsItsSlicesElsewhere() throws {
        let count = 60
        let spec = try cluster.spec("slow", ["name": "slow", "command": "sleep 0.3; echo {start}", "inputs": ["range": ["start": 1, "end": count]], "slots": 2])
        let (_, ex) = try cluster.submit(spec)
        cluster.wait(ex: ex) { ($0["processed"] as? Int ?? 0) >= 6 }
        let victim = cluster.nodeIDs[0]
        try cluster.killNode(victim)
        let status = cluster.wait(ex: ex, for: JobStatus.terminal, timeout: 120)
        XCTAssertEqual(status, "completed", cluster.whyNotCompleted(ex))
        XCTAssertEqual(cluster.outputs(ex).count, count, "one committed output per slice")
        XCTAssertEqual(cluster.outputLines([ex]).compactMap(Int.init).sorted(), Array(1...count), "every slice's output exactly once")
        let history = try XCTUnwrap(try cluster.json("/v1/ex/\(ex)/history") as? [[String: Any]])
        let lost = history.compactMap { $0["description"] as? String }.filter { $0.contains(victim) }
        XCTAssertFalse(lost.isEmpty, "the history names the lost worker \(victim): \(history)")
        let slices = try cluster.slices(ex)
        let lateOnVictim = slices.filter { ($0["worker"] as? String) == victim && ($0["state"] as? String) == "completed" }.count
        JobFigure.report("worker_killed", "\(count) slices on 3 nodes, node killed after 6: \(status ?? "?"), \(cluster.outputs(ex).count) outputs, \(lateOnVictim) completed on the dead node before it died, retried \(cluster.statistics(ex)["retried"] ?? "?"); history: \(lost.joined(separator: " | "))")
    }

    func testMasterKilledMidJobThenStartedAgainLosesNoSlice() throws {
        let count = 120
        let spec = try cluster.spec("steady", ["name": "steady", "command": "sleep 0.2; echo {start}", "inputs": ["range": ["start": 1, "end": count]], "slots": 2])
        let (job, ex) = try cluster.submit(spec)
        cluster.wait(ex: ex) { ($0["processed"] as? Int ?? 0) >= 10 }
        cluster.signalMaster(SIGKILL)
        try cluster.startMaster()
        var executions = [ex]
        var status = cluster.wait(ex: ex, for: JobStatus.terminal, timeout: 120)
        var path = "resumed by the restarted master"
        if status != "completed" {
            path = "\(status ?? "?") after the restart, finished by `ess job recover`"
            let recovered = cluster.job(["recover", job])
            XCTAssertEqual(recovered.status, 0, recovered.stderr)
            let next = try XCTUnwrap(try cluster.execution(ofJob: job)["ex_id"] as? String)
            XCTAssertNotEqual(next, ex, "recover makes a new execution")
            executions.append(next)
            status = cluster.wait(ex: next, for: JobStatus.terminal, timeout: 120)
            XCTAssertEqual(status, "completed")
        }
        let numbers = cluster.outputLines(executions).compactMap(Int.init).sorted()
        XCTAssertEqual(numbers, Array(1...count), "no slice lost, no output duplicated")
        cluster.assertStoreIntact()
        JobFigure.report("master_kill9", "\(count) slices, kill -9 after 10: \(path); \(numbers.count) outputs, \(Set(numbers).count) distinct")
    }

    func testAlwaysFailingSliceFailsTheExecutionAndRecoverRerunsOnlyIt() throws {
        for name in ["a", "b", "bad", "c"] { try write(name == "bad" ? "bad\n" : "ok\n", to: "in/\(name).txt") }
        let command = #"read v; if [ "$v" = ok ]; then echo fine; else echo "broken input: $v" >&2; exit 3; fi"#
        let spec = try cluster.spec("picky", ["name": "picky", "command": command, "inputs": ["files": ["in/*.txt"]], "retries": 1])
        let (job, ex) = try cluster.submit(spec)
        XCTAssertEqual(cluster.wait(ex: ex, for: JobStatus.terminal), "failed")
        XCTAssertEqual(try cluster.execution(ex)["_has_errors"] as? Bool, true)
        XCTAssertEqual(cluster.outputs(ex).count, 3, "the three good slices' outputs")

        let errors = cluster.job(["errors", job, "--json"])
        XCTAssertEqual(errors.status, 0, errors.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(errors.stdout.utf8)) as? [[String: Any]], errors.stdout)
        XCTAssertEqual(rows.count, 1, "one failed slice: \(rows)")
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual((row["exit_code"] as? NSNumber)?.intValue, 3)
        XCTAssertTrue((row["stderr"] as? String ?? "").contains("broken input: bad"), "\(row)")
        XCTAssertTrue("\(row["input"] ?? "")".contains("bad.txt"), "the error names the slice's input: \(row)")
        let plain = cluster.job(["errors", job])
        XCTAssertTrue(plain.stdout.contains("broken input: bad") && plain.stdout.contains("3"), plain.stdout)

        try write("ok\n", to: "in/bad.txt")
        let recovered = cluster.job(["recover", job, "--cleanup", "errors"])
        XCTAssertEqual(recovered.status, 0, recovered.stderr)
        let next = try XCTUnwrap(try cluster.execution(ofJob: job)["ex_id"] as? String)
        XCTAssertNotEqual(next, ex)
        XCTAssertEqual(cluster.wait(ex: next, for: JobStatus.terminal), "completed")
        let rerun = try cluster.slices(next)
        XCTAssertEqual(rerun.count, 1, "only the failed slice reruns: \(rerun)")
        XCTAssertTrue("\(rerun.first?["input"] ?? "")".contains("bad.txt"), "\(rerun)")
        XCTAssertEqual(cluster.outputLines([next]), ["fine"])
    }
}

/// Execution statuses the tests wait for.
enum JobStatus {
    static let terminal: Set<String> = ["completed", "failed", "stopped", "terminated"]
}

/// One line `FIGURE <name>: <value>` on stdout, for the README's fault figures.
enum JobFigure {
    static func report(_ name: String, _ value: String) {
        FileHandle.standardOutput.write(Data("FIGURE \(name): \(value)\n".utf8))
    }
}
