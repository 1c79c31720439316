import Foundation
import Platform
import TestSupport
import XCTest

/// `ess job` with real workers: a 2-node local cluster (real sshd), a master started by
/// `ess serve`, and the CLI through the built binary: progress, failures, logs, control, Ctrl-C.
final class JobWorkersCLITests: XCTestCase {
    var ess: EssHarness!

    override func setUpWithError() throws {
        ess = EssHarness("ess-job-workers")
        ess.ok(["cluster", "create", "--number=2"])
        let started = ess.run(["serve", "--listen", "127.0.0.1:0", "--detach"], timeout: 60)
        XCTAssertEqual(started.status, 0, started.stderr)
    }

    override func tearDown() {
        ess.run(["serve", "stop"], timeout: 60)
        if let data = FileManager.default.contents(atPath: ess.work + "/.conf/master.json"),
            let record = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], let pid = record["pid"] as? NSNumber
        {
            ProcessTable.stop(pid.int32Value)
        }
        ess.cleanUp()
    }

    func spec(_ name: String, command: String, end: Int, extra: String = "") throws {
        let json = #"{"name": "\#(name)", "command": "\#(command)", "inputs": {"range": {"start": 1, "end": \#(end), "per_slice": 1}}\#(extra)}"#
        try json.write(toFile: ess.work + "/\(name).json", atomically: true, encoding: .utf8)
    }

    func testAFailedSliceIsNamedAndTheOthersOutputsAreKeptInOrder() throws {
        try spec("nums", command: "if [ {start} = 7 ]; then echo boom >&2; exit 3; fi; echo n={start}", end: 20, extra: #", "retries": 1"#)
        let run = ess.run(["job", "run", "nums.json"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertEqual(run.stdout.split(separator: "\n").first, "job 1, execution 1")
        XCTAssertTrue(run.stdout.contains("execution 1 of job 1 failed: 19 slices completed, 1 failed"), run.stdout)
        XCTAssertTrue(run.stderrLines.last?.hasPrefix("ess: execution 1 failed") ?? false, run.stderr)
        XCTAssertTrue(run.stderr.contains("`ess job recover 1 --cleanup errors`"), run.stderr)

        let errors = ess.ok(["job", "errors", "1"]).stdout.split(separator: "\n")
        XCTAssertEqual(errors.count, 2, errors.joined(separator: "\n"))
        let row = errors[1].split(separator: " ", omittingEmptySubsequences: true)
        XCTAssertEqual(row.first, "6")
        XCTAssertEqual(row[2], "3", "the exit code: \(errors[1])")
        XCTAssertTrue(errors[1].contains("boom"), String(errors[1]))

        let expected = (1...20).filter { $0 != 7 }.map { "==> slice \($0 - 1) <==\nn=\($0)\n" }.joined()
        XCTAssertEqual(ess.ok(["job", "logs", "1"]).stdout, expected)
        XCTAssertEqual(ess.ok(["job", "logs", "--ex", "1", "--slice", "19"]).stdout, "n=20\n")
        let none = ess.run(["job", "logs", "1", "--slice", "6"])
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stderr.hasPrefix("ess: slice 6 of execution 1 has no output"), none.stderr)

        XCTAssertTrue(ess.ok(["job", "show", "1"]).stdout.contains("slices     completed 19, error 1, start 0, pending 0; total 20"))
        let recovered = ess.ok(["job", "recover", "1", "--cleanup", "errors"]).stdout
        XCTAssertEqual(recovered, "job 1, execution 2\n")
        let again = ess.run(["job", "wait", "--ex", "2", "--timeout", "120"])
        XCTAssertEqual(again.status, 1, "slice 6 fails again: \(again.stderr)")
        XCTAssertTrue(again.stderr.contains("ended failed"), again.stderr)
    }

    func testPauseResumeAndStopThroughTheCLI() throws {
        try spec("slow", command: "sleep 0.3; echo {start}", end: 40)
        XCTAssertEqual(ess.ok(["job", "run", "slow.json", "--detach"]).stdout, "job 1, execution 1\n")
        XCTAssertEqual(ess.ok(["job", "pause", "1"]).stdout, "job 1, execution 1: paused\n")
        ess.ok(["job", "wait", "1", "--status", "paused", "--timeout", "30"])
        XCTAssertTrue(ess.ok(["job", "status", "1"]).stdout.contains(" paused "))
        XCTAssertEqual(ess.ok(["job", "resume", "1"]).stdout, "job 1, execution 1: running\n")
        XCTAssertEqual(ess.ok(["job", "wait", "1", "--timeout", "120"]).stdout, "execution 1 of job 1 is completed\n")
        XCTAssertEqual(ess.ok(["job", "logs", "1"]).stdout.split(separator: "\n").count, 80)

        try spec("endless", command: "sleep 60", end: 8)
        XCTAssertEqual(ess.ok(["job", "run", "endless.json", "--detach"]).stdout, "job 2, execution 2\n")
        ess.ok(["job", "wait", "2", "--status", "running", "--timeout", "30"])
        ess.ok(["job", "stop", "2", "--timeout", "2"])
        XCTAssertEqual(ess.ok(["job", "wait", "2", "--status", "stopped", "--timeout", "60"]).stdout, "execution 2 of job 2 is stopped\n")
        let delete = ess.run(["job", "delete", "2"])
        XCTAssertEqual(delete.status, 0, delete.stderr)
    }

    func testCtrlCStopsWatchingNotTheJob() throws {
        try spec("steady", command: "sleep 1; echo {start}", end: 40)
        let watcher = try EssProcess(ess, ["job", "run", "steady.json"])
        _ = eventually(within: 60, interval: 0.05) { watcher.stdout.contains("job 1, execution 1\n") }
        XCTAssertTrue(watcher.process.isRunning, "the ids are printed at once, while it watches: \(watcher.stdout)")
        watcher.send(SIGINT)
        XCTAssertEqual(watcher.wait(timeout: 30), 130, watcher.stdout + watcher.stderr)
        XCTAssertTrue(
            watcher.stderr.contains("ess: stopped watching; job 1 (execution 1) goes on: `ess job status 1` shows it, `ess job stop 1` stops it"),
            watcher.stderr)
        XCTAssertEqual(ess.ok(["job", "wait", "1", "--timeout", "120"]).stdout, "execution 1 of job 1 is completed\n")
    }
}
