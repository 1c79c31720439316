import Foundation
import Platform
import TestSupport
import XCTest

/// Two `ess job run` at once with no master yet, a second master for the same directory, and
/// the CLI against a master that is restarting: clear errors or success, never a corrupt store.
final class JobConcurrencyTests: JobTestCase {
    override class var startsMaster: Bool { false }

    /// A failed command's message: one or two plain lines, no crash.
    func assertClearRefusal(_ run: EssHarness.Run, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertGreaterThan(run.status, 0, "\(what) exited \(run.status) (timed out or killed): \(run.stderr)", file: file, line: line)
        XCTAssertFalse(run.stderr.isEmpty, "\(what) failed silently", file: file, line: line)
        XCTAssertLessThanOrEqual(run.stderrLines.count, 3, "\(what): \(run.stderr)", file: file, line: line)
        XCTAssertFalse(run.stderr.contains("Fatal error") || run.stderr.contains("Stack dump"), run.stderr, file: file, line: line)
    }

    func testTwoRunsAtOnceWithNoMasterBothSucceedOrRefuseClearly() throws {
        var specs: [String] = []
        for name in ["one", "two"] {
            specs.append(try cluster.spec(name, ["name": name, "command": "echo {input}", "inputs": ["list": (1...8).map { "\(name)-\($0)" }]]))
        }
        let runs = specs.map { spec in try? EssProcess(cluster.ess, ["job", "run", spec, "--detach"]) }
        var executions: [String] = []
        for (index, run) in runs.enumerated() {
            let process = try XCTUnwrap(run)
            let status = process.wait(timeout: 60)
            let result = EssHarness.Run(status: status ?? -2, stdout: process.stdout, stderr: process.stderr)
            if result.status == 0, let ids = JobCluster.ids(in: result.stdout) {
                executions.append(ids.ex)
            } else {
                assertClearRefusal(result, "ess job run \(specs[index])")
            }
        }
        XCTAssertFalse(executions.isEmpty, "at least one of the two runs went through")
        for ex in executions { XCTAssertEqual(cluster.wait(ex: ex, for: JobStatus.terminal), "completed") }
        XCTAssertEqual(cluster.outputLines(executions).count, executions.count * 8)
        usleep(500_000)
        XCTAssertEqual(cluster.essProcessesInProject().count, 1, "one master for the directory")
        let second = cluster.ess.run(["serve", "--listen", "127.0.0.1:0"], timeout: 20)
        assertClearRefusal(second, "a second ess serve")
        cluster.assertStoreIntact()
        JobFigure.report("two_runs", "two `ess job run` at once with no master: \(executions.count) ran, \(2 - executions.count) refused; second serve exit \(second.status)")
    }

    func testCLIAgainstARestartingMasterAnswersOrRefusesClearly() throws {
        cluster.port = LoopbackPort.free()
        try cluster.startMaster()
        let spec = try cluster.spec("steady", ["name": "steady", "command": "sleep 0.2; echo {start}", "inputs": ["range": ["start": 1, "end": 80]], "slots": 2])
        let (job, ex) = try cluster.submit(spec)
        let results = RunBox()
        let watcher = Thread { [cluster] in
            for _ in 0..<30 {
                results.append(cluster!.job(["status", job], timeout: 30, environment: ["ESS_MASTER": "http://127.0.0.1:\(cluster!.port)"]))
                usleep(100_000)
            }
        }
        watcher.start()
        cluster.wait(ex: ex) { ($0["processed"] as? Int ?? 0) >= 4 }
        cluster.signalMaster(SIGTERM)
        usleep(1_000_000)
        try cluster.startMaster()
        while results.count < 30 { usleep(100_000) }
        let all = results.all
        for (index, run) in all.enumerated() where run.status != 0 {
            assertClearRefusal(run, "ess job status #\(index)")
        }
        var executions = [ex]
        if cluster.wait(ex: ex, for: JobStatus.terminal, timeout: 90) != "completed" {
            XCTAssertEqual(cluster.job(["recover", job]).status, 0)
            let next = try XCTUnwrap(try cluster.execution(ofJob: job)["ex_id"] as? String)
            executions.append(next)
            XCTAssertEqual(cluster.wait(ex: next, for: JobStatus.terminal), "completed")
        }
        XCTAssertEqual(cluster.outputLines(executions).compactMap(Int.init).sorted(), Array(1...80))
        cluster.assertStoreIntact()
        let refused = all.filter { $0.status != 0 }
        JobFigure.report("restarting_master", "30 `ess job status` across a restart: \(all.count - refused.count) answered, \(refused.count) refused (\(Set(refused.map(\.status)).sorted())); \(executions.count) execution(s) to finish")
    }
}
