import Foundation
import JobModel
import JobsTestSupport
import JobStore
import Jobs
import MasterModel
import TestSupport
import XCTest

/// The master's core over a real SQLite store and workers in memory.
final class JobMasterTests: XCTestCase {
    var folder: TemporaryDirectory!
    var database: MasterDatabase!
    var store: ExecutionStore { ExecutionStore(database) }
    var masters: [JobMaster] = []

    override func setUpWithError() throws {
        folder = TemporaryDirectory("job-master")
        database = try MasterDatabase(path: folder.path + "/ess.db")
    }

    override func tearDownWithError() throws {
        for master in masters { master.shutdown() }
        masters = []
        database = nil
        folder.remove()
    }

    func master(_ workers: FakeWorkers) -> JobMaster {
        let master = JobMaster(database: database, source: workers, outputRoot: folder.path + "/jobs", directory: folder.path, batchSize: 50)
        masters.append(master)
        return master
    }

    func submit(_ master: JobMaster, _ json: String, variables: [String: String] = [:], start: Bool = true) throws -> Submitted {
        try master.submit(Data(json.utf8), variables: variables, start: start)
    }

    func waitFor(_ exID: Int64, _ statuses: Set<ExecutionStatus>) throws {
        try waitUntil("execution \(exID) to be one of \(statuses) (it is \((try? store.execution(exID).status).map { "\($0)" } ?? "unreadable"))", interval: 0.01) {
            statuses.contains(try store.execution(exID).status)
        }
    }

    static let range = #"{"name":"count","command":"echo {start} {who}","variables":{"who":"me"},"inputs":{"range":{"start":1,"end":200}}}"#

    func testASubmittedJobRunsToCompletionWithItsVariablesAndStatistics() throws {
        let master = master(FakeWorkers())
        let made = try submit(master, Self.range, variables: ["who": "you"])
        let exID = try XCTUnwrap(made.exID)
        try waitFor(exID, [.completed])
        let stats = try master.statistics(of: exID)
        XCTAssertEqual(stats.counts.completed, 200)
        XCTAssertEqual(stats.total, 200)
        XCTAssertEqual(stats.progress, 1)
        XCTAssertEqual(stats.status, .completed)
        XCTAssertEqual(stats.name, "count")
        XCTAssertEqual(String(decoding: try XCTUnwrap(master.output(of: exID, slice: 0)).read(), as: UTF8.self), "echo '1' 'you'\n")
        XCTAssertNil(try master.output(of: exID, slice: 999))
        XCTAssertEqual(try master.history(of: exID).last?.status, .completed)
        XCTAssertEqual(try master.job(made.jobID).current?.id, exID)
        XCTAssertEqual(try master.slices(of: exID, in: [.completed], after: 10, size: 5).map(\.index), [11, 12, 13, 14, 15])
    }

    func testABadSpecIsRefusedWithItsFieldAndNothingIsStored() throws {
        let master = master(FakeWorkers())
        XCTAssertThrowsError(try submit(master, #"{"name":"x","command":"true","inputs":{"range":{"start":1,"end":2}},"retries":-1}"#)) { error in
            XCTAssertEqual((error as? JobSpecError)?.field, "retries")
        }
        XCTAssertThrowsError(try submit(master, #"{"name":"x","command":"cat","inputs":{"files":["nothing-here/*.log"]}}"#)) { error in
            XCTAssertEqual((error as? JobSpecError)?.field, "inputs.files")
        }
        XCTAssertThrowsError(try master.start(jobID: 1, variables: ["1bad": "x"], sideBySide: .refused)) { error in
            XCTAssertEqual((error as? JobSpecError)?.field, "variables.1bad")
        }
        XCTAssertEqual(try master.jobs().count, 0)
    }

    func testAStoredJobStartsLaterAndANewStartWaitsForTheFirstOrRunsBesideIt() throws {
        let workers = FakeWorkers(held: true)
        let master = master(workers)
        let made = try submit(master, Self.range, start: false)
        XCTAssertNil(made.exID)
        XCTAssertThrowsError(try master.control(jobID: made.jobID, .pause)) { error in
            XCTAssertEqual(error as? JobMasterError, .noExecution(jobID: made.jobID))
        }
        let first = try XCTUnwrap(master.start(jobID: made.jobID, variables: ["who": "them"], sideBySide: .refused).exID)
        try waitFor(first, [.running])
        XCTAssertThrowsError(try master.start(jobID: made.jobID, sideBySide: .refused)) { error in
            guard case .conflict? = error as? StoreError else { return XCTFail("\(error)") }
        }
        let second = try XCTUnwrap(master.start(jobID: made.jobID, variables: ["who": "us"], sideBySide: .allowed).exID)
        try waitFor(second, [.running])
        XCTAssertEqual(try master.currentExecutionID(ofJob: made.jobID), second, "the newest that has not ended")
        XCTAssertThrowsError(try master.delete(jobID: made.jobID)) { error in
            guard case .conflict? = error as? StoreError else { return XCTFail("\(error)") }
        }
        workers.release()
        try waitFor(first, [.completed])
        try waitFor(second, [.completed])
        XCTAssertTrue(try store.execution(first).spec.contains("them"))
        XCTAssertTrue(try store.execution(second).spec.contains("us"))
        XCTAssertEqual(try store.execution(second).counts.completed, try store.execution(first).counts.completed, "each its own slices")
        XCTAssertEqual(try master.delete(jobID: made.jobID).id, made.jobID)
        for exID in [first, second] { XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path + "/jobs/\(exID)")) }
        XCTAssertThrowsError(try master.job(made.jobID))
    }

    func testPauseResumeAndStopAnswerWithTheStatusAndRefuseWhatTheStatusForbids() throws {
        let workers = FakeWorkers(held: true)
        let master = master(workers)
        let made = try submit(master, Self.range)
        let exID = try XCTUnwrap(made.exID)
        try waitUntil("slices in flight") { workers.startedCount == 8 }
        XCTAssertEqual(try master.control(exID: exID, .pause), .done(.paused))
        XCTAssertEqual(try master.control(exID: exID, .pause), .refused(.paused))
        XCTAssertEqual(try master.control(jobID: made.jobID, .resume).reply, .done(.running))
        try waitUntil("statistics") { try master.statistics(of: exID).counts.inFlight == 8 }
        let stats = try master.statistics(of: exID)
        XCTAssertEqual(stats.workersJoined, 2)
        XCTAssertEqual(stats.workersActive, 2)
        XCTAssertEqual(stats.workersAvailable, 0)
        let nodes = try master.clusterState()
        XCTAssertEqual(nodes.map(\.node.name), ["a", "b"])
        XCTAssertEqual(nodes.map(\.state), [.connected, .connected])
        XCTAssertEqual(nodes[0].active, [NodeUse.Assignment(exID: exID, jobID: made.jobID, slices: 4)])
        XCTAssertEqual(nodes[0].available, 0)
        XCTAssertEqual(master.runningStatistics().map(\.exID), [exID])

        XCTAssertEqual(try master.control(exID: exID, .stop(timeout: 5)), .done(.stopped), "a stop answers once the execution has ended")
        XCTAssertEqual(try master.control(exID: exID, .stop(timeout: 5)), .refused(.stopped))
        XCTAssertEqual(try master.clusterState().map(\.state), [.idle, .idle])
        XCTAssertEqual(master.runningCount, 0)
    }

    func testRecoverOfAStoppedExecutionFinishesTheRest() throws {
        let workers = FakeWorkers(held: true)
        let master = master(workers)
        let made = try submit(master, Self.range)
        let exID = try XCTUnwrap(made.exID)
        try waitUntil("slices in flight") { workers.startedCount == 8 }
        XCTAssertEqual(try master.control(exID: exID, .stop(timeout: 0)), .done(.stopped))
        workers.release()
        let again = try XCTUnwrap(master.recover(jobID: made.jobID).exID)
        XCTAssertNotEqual(again, exID)
        try waitFor(again, [.completed])
        let done = try store.sliceCounts(of: again)[.completed] ?? 0
        XCTAssertEqual(done, 200, "the recovery replays the unfinished slices and makes the rest")
    }

    func testBootTakesUpAnExecutionAKilledMasterLeftRunning() throws {
        let made = try store.submit(JobSpecParser.parse(Data(Self.range.utf8)), start: true, at: Date())
        let exID = try XCTUnwrap(made.execution?.id)
        var slicer = RangeSlicer(start: 1, end: 200, perSlice: 1)
        var write = ExecutionWrite(exID: exID)
        write.status = .running
        write.newSlices = try slicer.next(max: 30)
        write.cursor = slicer.cursor
        let now = Date()
        write.sliceChanges = (0..<10).map { SliceChange(index: $0, state: .start, attempts: 1, worker: "a", at: now) }
        try store.apply(write, at: now)
        let pendingOnly = try XCTUnwrap(store.submit(JobSpecParser.parse(Data(Self.range.utf8)), start: true, at: now).execution?.id)

        let workers = FakeWorkers()
        let master = master(workers)
        XCTAssertEqual(try master.boot(), [exID, pendingOnly])
        try waitFor(exID, [.completed])
        try waitFor(pendingOnly, [.completed])
        XCTAssertEqual(try store.sliceCounts(of: exID), [.completed: 200])
        XCTAssertEqual(workers.startedCount, 400, "each execution runs each of its 200 slices once")
    }

    func testShutdownTerminatesRunningExecutionsAndStartsNothingNew() throws {
        let workers = FakeWorkers(held: true)
        let master = master(workers)
        let exID = try XCTUnwrap(try submit(master, Self.range).exID)
        try waitUntil("slices in flight") { workers.startedCount == 8 }
        master.shutdown()
        XCTAssertEqual(try store.execution(exID).status, .terminated)
        XCTAssertEqual(master.runningCount, 0)
        XCTAssertThrowsError(try submit(master, Self.range)) { error in
            XCTAssertEqual(error as? JobMasterError, .shuttingDown)
        }
    }
}
