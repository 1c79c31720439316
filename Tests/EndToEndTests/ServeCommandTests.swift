import Foundation
import JobAPI
import JobModel
import JobStore
import MasterModel
import Platform
import TestSupport
import XCTest

/// `ess serve` through the binary: started on a free port, found through .conf/master.json,
/// one per directory, stopped by `ess serve stop`, and a killed master's unfinished execution
/// taken up by the next one. Every master is stopped by its pid.
final class ServeCommandTests: XCTestCase {
    var ess: EssHarness!
    var pids: [Int32] = []

    override func setUp() { ess = EssHarness("ess-serve") }

    override func tearDown() {
        for pid in pids { ProcessTable.stop(pid) }
        ess.cleanUp()
    }

    var recordPath: String { ess.work + "/" + MasterRecord.path }

    /// Starts `ess serve --listen 127.0.0.1:0` in the foreground (detached from the test), with
    /// the harness's ESS_AWS_DIR (its API token) and `keepDays` as ESS_NOTIFY_KEEP_DAYS, and
    /// waits for its master.json.
    func startServe(keepDays: Int? = nil) throws -> MasterRecord {
        let log = ess.root + "/serve-\(pids.count).log"
        var environment = ["ESS_AWS_DIR": ess.aws]
        environment["ESS_NOTIFY_KEEP_DAYS"] = keepDays.map(String.init)
        let pid = try DetachedCommand.start([EssHarness.binary, "serve", "--listen", "127.0.0.1:0"], in: ess.work, environment: environment, log: log)
        pids.append(pid)
        var record: MasterRecord?
        _ = try eventually(within: 60, interval: 0.05) {
            if let written = readRecord(), written.pid == pid {
                record = written
                return true
            }
            guard ProcessTable.isAlive(pid) else { throw TestFailure("ess serve exited: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")") }
            return false
        }
        guard let record else { throw TestFailure("ess serve wrote no master.json within 60 s") }
        return record
    }

    func readRecord() -> MasterRecord? {
        FileManager.default.contents(atPath: recordPath).flatMap { try? JSONDecoder().decode(MasterRecord.self, from: $0) }
    }

    /// `curl -sS URL` with the API token must answer; its body.
    func get(_ url: String) throws -> Data {
        let outcome = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "--fail-with-body", "--max-time", "30", url] + ess.curlTokenArguments())
        XCTAssertEqual(outcome.status, 0, "\(url): \(outcome.stderrText)")
        return outcome.stdout
    }

    /// Reaps a master this test started and gives its exit status.
    func exitStatus(_ pid: Int32) -> Int32? {
        var status: Int32 = 0
        guard eventually(within: 30, { waitpid(pid, &status, WNOHANG) == pid }) else { return nil }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    func testServeRecordsItselfRefusesASecondMasterAndStopsCleanly() throws {
        let record = try startServe()
        XCTAssertTrue(record.url.hasPrefix("http://127.0.0.1:"))
        XCTAssertEqual(record.directory, MasterPlaceCheck.resolved(ess.work))
        let about = try JSONDecoder().decode(MasterDocument.self, from: try get(record.url + "/v1"))
        XCTAssertEqual(about.pid, record.pid)

        let status = ess.ok(["serve", "status"])
        XCTAssertTrue(status.stdout.contains("master running: pid \(record.pid), \(record.url)"), status.stdout)
        XCTAssertTrue(status.stdout.contains("0 executions running"), status.stdout)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(ess.ok(["serve", "status", "--json"]).stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["running"] as? Bool, true)
        XCTAssertEqual(json["pid"] as? Int, Int(record.pid))

        for second in [["serve", "--listen", "127.0.0.1:0"], ["serve", "--detach", "--listen", "127.0.0.1:0"]] {
            let refused = ess.run(second, timeout: 60)
            XCTAssertEqual(refused.status, 75, refused.stderr)
            XCTAssertTrue(refused.stderr.contains("a master already runs for this directory (pid \(record.pid), \(record.url))"), refused.stderr)
        }

        let stop = ess.ok(["serve", "stop"])
        XCTAssertTrue(stop.stdout.contains("master stopped (pid \(record.pid)"), stop.stdout)
        XCTAssertEqual(exitStatus(record.pid), 0, "SIGTERM ends the master with status 0")
        XCTAssertFalse(FileManager.default.fileExists(atPath: recordPath), "a clean exit removes master.json")
        XCTAssertTrue(ess.ok(["serve", "status"]).stdout.contains("no master runs for this directory"))
        XCTAssertTrue(ess.ok(["serve", "stop"]).stdout.contains("nothing to stop"))
    }

    func testDetachStartsTheMasterInTheBackgroundAndSaysWhere() throws {
        let started = ess.run(["serve", "--detach", "--listen", "127.0.0.1:0"], timeout: 90)
        let record = try XCTUnwrap(readRecord(), started.stderr)
        pids.append(record.pid)
        XCTAssertEqual(started.status, 0, started.stderr)
        XCTAssertTrue(started.stdout.contains("\(record.url) (pid \(record.pid)); log .conf/master.log"), started.stdout)
        _ = try get(record.url + "/v1/jobs")
        let log = try String(contentsOfFile: ess.work + "/.conf/master.log", encoding: .utf8)
        XCTAssertTrue(log.contains("listening on \(record.url)"), log)
        XCTAssertEqual(ess.run(["serve", "stop"]).status, 0)
        XCTAssertFalse(ProcessTable.isAlive(record.pid))
    }

    func testAMasterKilledMidJobLeavesItsExecutionToTheNextMaster() throws {
        let first = try startServe()
        kill(first.pid, SIGKILL)
        _ = exitStatus(first.pid)
        XCTAssertTrue(ess.ok(["serve", "status"]).stdout.contains("names pid \(first.pid), which is not this directory's master"))

        // What the killed master left: an execution running with slices in flight.
        let store = ExecutionStore(try MasterDatabase(path: ess.work + "/.conf/ess.db"))
        let spec = try JobSpecParser.parse(Data(#"{"name":"left","command":"echo {start}","inputs":{"range":{"start":1,"end":20}}}"#.utf8))
        let exID = try XCTUnwrap(store.submit(spec, start: true, at: Date()).execution?.id)
        var slicer = RangeSlicer(start: 1, end: 20, perSlice: 1)
        var write = ExecutionWrite(exID: exID)
        write.status = .running
        write.newSlices = try slicer.next(max: 10)
        write.cursor = slicer.cursor
        write.sliceChanges = (0..<4).map { SliceChange(index: $0, state: .start, attempts: 1, worker: "n1", at: Date()) }
        try store.apply(write, at: Date())

        let second = try startServe()
        XCTAssertNotEqual(second.pid, first.pid)
        var execution: ExecutionDocument!
        _ = try eventually(within: 60, interval: 0.05) {
            execution = try JSONDecoder().decode(ExecutionDocument.self, from: try get(second.url + "/v1/ex/\(exID)"))
            return ExecutionStatus(rawValue: execution._status)?.isTerminal ?? true
        }
        // This directory has no cluster, so the workers cannot be connected: it fails cleanly.
        XCTAssertEqual(execution._status, "failed")
        XCTAssertNotNil(execution._failureReason)
        let history = try JSONDecoder().decode([HistoryDocument].self, from: try get(second.url + "/v1/ex/\(exID)/history"))
        XCTAssertTrue(history.contains { $0.description.contains("The master restarted; 4 slices that were in flight will run again") }, "\(history)")
        let inFlight = try JSONDecoder().decode([SliceDocument].self, from: try get(second.url + "/v1/ex/\(exID)/slices?state=start"))
        XCTAssertEqual(inFlight.count, 0, "the killed master's in-flight slices are pending again")
        XCTAssertEqual(ess.run(["serve", "stop"]).status, 0)
    }

    func testAJobRunsOnTheDirectorysNodesThroughTheMaster() throws {
        ess.ok(["cluster", "create", "--number=2"])
        let record = try startServe()
        let spec = #"{"name":"hello","command":"echo {input} from {worker}","inputs":{"list":["a","b","c","d"]},"slots":2}"#
        let posted = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "--fail-with-body", "-XPOST", record.url + "/v1/jobs", "-d", spec] + ess.curlTokenArguments())
        XCTAssertEqual(try JSONDecoder().decode(SubmitAnswer.self, from: posted.stdout), SubmitAnswer(job_id: "1", ex_id: "1"))
        var execution: ExecutionDocument!
        _ = try eventually(within: 60, interval: 0.05) {
            execution = try JSONDecoder().decode(ExecutionDocument.self, from: try get(record.url + "/v1/jobs/1/ex"))
            return ExecutionStatus(rawValue: execution._status)?.isTerminal ?? true
        }
        XCTAssertEqual(execution._status, "completed", execution._failureReason ?? "")
        XCTAssertEqual(execution._slicer_stats.processed, 4)
        let output = String(decoding: try get(record.url + "/v1/ex/1/slices/2/output"), as: UTF8.self)
        XCTAssertTrue(output.hasPrefix("c from i-"), output)
        // The execution lets its workers go (removing its folder on them) just after it ends.
        var state: [String: NodeStateDocument] = [:]
        _ = try eventually(within: 20, interval: 0.05) {
            state = try JSONDecoder().decode([String: NodeStateDocument].self, from: try get(record.url + "/v1/cluster/state"))
            return Set(state.values.map(\.state)) == ["idle"]
        }
        XCTAssertEqual(state.count, 2)
        XCTAssertEqual(Set(state.values.map(\.state)), ["idle"])
        XCTAssertEqual(ess.run(["serve", "stop"]).status, 0)
    }

    func testABadListenAddressIsAUsageError() {
        let bad = ess.run(["serve", "--listen", "localhost"])
        XCTAssertEqual(bad.status, 64, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("--listen takes host:port"), bad.stderr)
    }

    /// A store with two delivered test deliveries of 3 days ago: a master keeping 1 day prunes the
    /// older event with both deliveries and their attempts at its start, and keeps the newest event.
    func testTheMasterPrunesEndedNotificationsOlderThanItsRetentionAtStart() throws {
        try FileManager.default.createDirectory(atPath: ess.work + "/.conf", withIntermediateDirectories: true)
        let path = ess.work + "/.conf/ess.db"
        let old = Date().addingTimeInterval(-3 * 86400)
        var made: [Delivery] = []
        var sub: Int64 = 0
        do {
            let store = NotificationStore(try MasterDatabase(path: path))
            sub = try store.insertSubscription(
                Subscription(url: "http://127.0.0.1:9/", event: "*", jobID: nil, clusterID: nil, persistent: true, policy: "{}", secret: "whsec_AA==", at: old)
            ).id!
            for _ in 0..<2 {
                let delivery = try store.testDelivery(of: sub, at: old)
                let attempt = DeliveryAttempt(deliveryID: delivery.id!, subscriptionID: sub, at: old, url: "u", statusCode: 204, excerpt: nil, error: nil, durationMs: 1)
                try store.recordAttempt(attempt, state: .delivered, retryAt: nil)
                made.append(delivery)
            }
        }
        _ = try startServe(keepDays: 1)
        let store = NotificationStore(try MasterDatabase(path: path))
        _ = try eventually(within: 60, interval: 0.1) {
            let delivered = try store.deliveries(of: sub).isEmpty
            return try delivered && store.outboxEvent(made[0].eventID) == nil
        }
        XCTAssertEqual(try store.deliveries(of: sub), [])
        XCTAssertEqual(try store.attempts(of: sub), [])
        XCTAssertNil(try store.outboxEvent(made[0].eventID))
        XCTAssertNotNil(try store.outboxEvent(made[1].eventID), "the subject's newest event stays")
        XCTAssertEqual(ess.run(["serve", "stop"]).status, 0)
    }

    func testABadNotificationRetentionIsRefusedBeforeAnythingStarts() {
        for value in ["0", "-3", "1.5", "week", ""] {
            ess.environment["ESS_NOTIFY_KEEP_DAYS"] = value
            let bad = ess.run(["serve", "--listen", "127.0.0.1:0"], timeout: 60)
            XCTAssertEqual(bad.status, 64, "\(value): \(bad.stderr)")
            XCTAssertTrue(bad.stderr.contains("ESS_NOTIFY_KEEP_DAYS must be a whole number of days from 1 to 36500, found \"\(value)\""), bad.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: ess.work + "/.conf/ess.db"), "no store is made")
        }
    }
}

/// Paths as the master records them (symlinks resolved, as /proc gives a process's cwd).
enum MasterPlaceCheck {
    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }
}
