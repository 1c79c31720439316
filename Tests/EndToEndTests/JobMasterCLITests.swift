import Foundation
import Platform
import TestSupport
import XCTest

/// `ess job` against a real master (`ess serve`, real HTTP on loopback) through the built binary:
/// what needs no workers (stored jobs, bad specs, waits, refusals, finding the master).
final class JobMasterCLITests: XCTestCase {
    var ess: EssHarness!

    override func setUp() {
        ess = EssHarness("ess-job-master")
        try? #"{"name": "echo", "command": "echo {input}", "inputs": {"list": ["a", "b", "c"]}}"#
            .write(toFile: ess.work + "/job.json", atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        if let pid = masterPID() { ProcessTable.stop(pid) }
        ess.cleanUp()
    }

    func masterRecord() -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: ess.work + "/.conf/master.json") else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    func masterPID() -> Int32? { (masterRecord()?["pid"] as? NSNumber)?.int32Value }

    /// A master for the work directory on a free port, found by the CLI through .conf/master.json.
    func startMaster() throws {
        let started = ess.run(["serve", "--listen", "127.0.0.1:0", "--detach"], timeout: 60)
        XCTAssertEqual(started.status, 0, started.stderr)
        XCTAssertNotNil(masterPID(), "ess serve --detach wrote no .conf/master.json")
    }

    func json(_ result: EssHarness.Run) -> Any? { try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) }

    func testAStoredJobIsListedShownAndDeleted() throws {
        try startMaster()
        XCTAssertEqual(ess.ok(["job", "run", "job.json", "--no-start"]).stdout, "job 1, stored; start it with `ess job start 1`\n")
        XCTAssertTrue(ess.ok(["job", "list"]).stdout.contains("1    echo  stored  -"))
        let listed = try XCTUnwrap(json(ess.ok(["job", "list", "--json"])) as? [[String: Any]])
        XCTAssertEqual(listed.map { $0["job_id"] as? String }, ["1"])
        XCTAssertEqual(listed.first?["_context"] as? String, "job")
        XCTAssertTrue(ess.ok(["job", "status", "1"]).stdout.contains("never started"))
        XCTAssertTrue(ess.ok(["job", "show", "1"]).stdout.contains(#""command" : "echo {input}""#))

        let history = ess.run(["job", "history", "1"])
        XCTAssertEqual(history.status, 1)
        XCTAssertEqual(history.stderr, "ess: job 1 has no execution yet; start it with `ess job start 1`\n")

        XCTAssertEqual(ess.ok(["job", "delete", "1"]).stdout, "job 1 (echo) deleted\n")
        let gone = ess.run(["job", "status", "1"])
        XCTAssertEqual(gone.status, 1)
        XCTAssertTrue(gone.stderr.hasPrefix("ess: there is no job 1 on this master; `ess job list`"), gone.stderr)
        XCTAssertEqual(ess.ok(["job", "list"]).stdout, "no jobs\n")
    }

    func testABadSpecIsRefusedNamingItsFieldAndNothingIsStored() throws {
        try startMaster()
        try #"{"name": "r", "command": "echo {start}", "inputs": {"range": {"start": 5, "end": 1, "per_slice": 1}}}"#
            .write(toFile: ess.work + "/bad.json", atomically: true, encoding: .utf8)
        let refused = ess.run(["job", "run", "bad.json"])
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertTrue(refused.stderr.hasPrefix("ess: the job spec's field `inputs.range.end` is 1, below `start` (5)"), refused.stderr)
        XCTAssertEqual(refused.stderrLines.count, 1)
        XCTAssertEqual(refused.stdout, "")
        let unknown = ess.run(["job", "run", "-"], stdin: #"{"name": "x", "command": "true", "inputs": {"list": ["a"]}, "colour": 1}"#)
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("field `colour`"), unknown.stderr)
        XCTAssertEqual(ess.ok(["job", "list"]).stdout, "no jobs\n")
    }

    /// No cluster in the directory, so every execution fails at once: wait, run and the
    /// refusals see a terminal status.
    func testWaitRunAndRefusalsSeeTheFinalStatus() throws {
        try startMaster()
        let detached = ess.ok(["job", "run", "job.json", "--detach"])
        XCTAssertEqual(detached.stdout, "job 1, execution 1\n")
        let wrong = ess.run(["job", "wait", "1", "--timeout", "60"])
        XCTAssertEqual(wrong.status, 1, wrong.stderr)
        XCTAssertTrue(wrong.stderr.hasPrefix("ess: execution 1 of job 1 ended failed"), wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("not completed; it will not change again"), wrong.stderr)
        XCTAssertEqual(ess.ok(["job", "wait", "1", "--status", "failed", "--status", "stopped"]).stdout, "execution 1 of job 1 is failed\n")

        let status = try XCTUnwrap(json(ess.ok(["job", "status", "1", "--json"])) as? [String: Any])
        XCTAssertEqual(status["_status"] as? String, "failed")
        XCTAssertEqual(status["ex_id"] as? String, "1")
        XCTAssertNotNil(status["_slicer_stats"] as? [String: Any])

        let stop = ess.run(["job", "stop", "1"])
        XCTAssertEqual(stop.status, 1)
        XCTAssertEqual(stop.stderr, "ess: execution 1 is failed; it cannot be stopped\n")
        let resume = ess.run(["job", "resume", "--ex", "1"])
        XCTAssertEqual(resume.stderr, "ess: execution 1 is failed; it cannot be resumed (only a paused one can)\n")

        let watched = ess.run(["job", "run", "job.json"])
        XCTAssertEqual(watched.status, 1, watched.stderr)
        XCTAssertTrue(watched.stdout.hasPrefix("job 2, execution 2\nexecution 2 of job 2 failed: 0 slices completed, 0 failed"), watched.stdout)
        XCTAssertTrue(watched.stderr.contains("`ess job history 2` shows what happened"), watched.stderr)

        XCTAssertEqual(ess.ok(["job", "errors", "2"]).stdout, "no failed slices\n")
        XCTAssertTrue(ess.ok(["job", "history", "2"]).stdout.contains("initializing"))
        XCTAssertEqual(ess.ok(["job", "recover", "1", "--cleanup", "errors"]).stdout, "job 1, execution 3\n")
        XCTAssertEqual(ess.ok(["job", "start", "2", "--var", "X=1"]).stdout, "job 2, execution 4\n")
        XCTAssertEqual(ess.ok(["job", "list", "--status", "failed", "--json"]).status, 0)
    }

    func testAMasterThatStopsAnsweringIsRetriedThenNamed() throws {
        try startMaster()
        let pid = try XCTUnwrap(masterPID())
        kill(pid, SIGSTOP)
        defer { kill(pid, SIGCONT) }
        let silent = ess.run(["job", "list"], timeout: 120)
        XCTAssertEqual(silent.status, 69, silent.stderr)
        XCTAssertTrue(silent.stderr.hasPrefix("ess: the master of this directory (pid \(pid), "), silent.stderr)
        XCTAssertTrue(silent.stderr.contains("did not answer after"), silent.stderr)
        XCTAssertEqual(masterPID(), pid, "a live master is never replaced")
        kill(pid, SIGCONT)
        XCTAssertEqual(ess.ok(["job", "list"]).stdout, "no jobs\n")
    }

    func testWithNoMasterTheFirstCommandStartsOneAndSaysSo() throws {
        guard !LoopbackPort.accepts(port: 5678) else { throw XCTSkip("port 5678 is taken: the default master port is needed") }
        let first = ess.ok(["job", "list"])
        XCTAssertEqual(first.stdout, "no jobs\n")
        let pid = try XCTUnwrap(masterPID())
        XCTAssertEqual(
            first.stderr,
            "ess: started a master for this directory at http://127.0.0.1:5678 (pid \(pid)); stop it with `ess serve stop`\n")
        XCTAssertEqual(ess.ok(["job", "list"]).stderr, "", "the second command uses it quietly")
        ess.ok(["serve", "stop"])
        XCTAssertFalse(ProcessTable.isAlive(pid))
    }
}
