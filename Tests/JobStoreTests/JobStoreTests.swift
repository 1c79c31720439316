import Foundation
import GRDB
import JobModel
import JobStore
import MasterModel
import XCTest

/// The master's database and its executions store, on real SQLite files.
final class JobStoreTests: XCTestCase {
    var folder: URL!
    var path: String { folder.appendingPathComponent("ess.db").path }
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The executions store over the database at `path`.
    func open() throws -> ExecutionStore { ExecutionStore(try MasterDatabase(path: path)) }

    func spec(_ name: String = "count") throws -> JobSpec {
        try JobSpecParser.parse(Data(#"{"name":"\#(name)","command":"echo {input} {who}","variables":{"who":"a"},"inputs":{"list":["x","y","z"]}}"#.utf8))
    }

    func testSubmitStoresJobAndPendingExecutionWithHistory() throws {
        let store = try open()
        let (job, execution) = try store.submit(try spec(), start: true, at: now)
        XCTAssertEqual(job.id, 1)
        XCTAssertEqual(execution?.id, 1)
        XCTAssertEqual(execution?.status, .pending)
        XCTAssertEqual(try store.job(1).decodedSpec(), try spec())
        XCTAssertEqual(try store.history(of: 1).map(\.status), [.pending])
        let (stored, none) = try store.submit(try spec("later"), start: false, at: now)
        XCTAssertEqual(stored.id, 2)
        XCTAssertNil(none)
        XCTAssertNil(try store.latestExecution(ofJob: 2))
        XCTAssertEqual(try store.jobs(from: 1, size: 5).map(\.name), ["later"])
    }

    func testOneActiveExecutionPerJobAndVariablesOverlay() throws {
        let store = try open()
        _ = try store.submit(try spec(), start: true, at: now)
        XCTAssertThrowsError(try store.newExecution(jobID: 1, variables: [:], sideBySide: .refused, at: now)) { error in
            XCTAssertEqual(error as? StoreError, .conflict("job 1 already has execution 1, which is pending"))
        }
        XCTAssertThrowsError(try store.deleteJob(1))
        var write = ExecutionWrite(exID: 1)
        write.status = .stopped
        try store.apply(write, at: now)
        let second = try store.newExecution(jobID: 1, variables: ["who": "b"], sideBySide: .refused, recoverOf: 1, cleanup: "errors", at: now)
        XCTAssertEqual(second.id, 2)
        XCTAssertEqual(second.recoverOf, 1)
        XCTAssertEqual(try JSONDecoder().decode(JobSpec.self, from: Data(second.spec.utf8)).variables, ["who": "b"])
        XCTAssertThrowsError(try store.newExecution(jobID: 9, variables: [:], sideBySide: .refused, at: now)) { error in
            XCTAssertEqual(error as? StoreError, .notFound(kind: "job", id: 9))
        }
    }

    /// Executions run side by side when the caller allows it: each its own, with its own
    /// variables; the job's current execution is its newest that has not ended, else its newest.
    func testExecutionsSideBySideAndTheJobsCurrentOne() throws {
        let store = try open()
        _ = try store.submit(try spec(), start: true, at: now)
        let second = try store.newExecution(jobID: 1, variables: ["who": "b"], sideBySide: .allowed, at: now)
        let third = try store.newExecution(jobID: 1, variables: ["who": "c"], sideBySide: .allowed, at: now)
        XCTAssertEqual([second.id, third.id], [2, 3])
        XCTAssertEqual(try JSONDecoder().decode(JobSpec.self, from: Data(third.spec.utf8)).variables, ["who": "c"])
        XCTAssertEqual(try store.history(of: 3).map(\.status), [.pending], "its own history")
        XCTAssertEqual(try store.currentExecution(ofJob: 1)?.id, 3)
        var write = ExecutionWrite(exID: 3)
        write.status = .completed
        try store.apply(write, at: now)
        XCTAssertEqual(try store.currentExecution(ofJob: 1)?.id, 2, "the newest that has not ended")
        XCTAssertEqual(try store.jobWithCurrent(1).current?.id, 2)
        for exID: Int64 in [1, 2] {
            write = ExecutionWrite(exID: exID)
            write.status = .stopped
            try store.apply(write, at: now)
        }
        XCTAssertEqual(try store.currentExecution(ofJob: 1)?.id, 3, "all ended: the newest")
        XCTAssertNil(try store.currentExecution(ofJob: 9))
    }

    func testTheRevisionGrowsWithEachCommitToJobsOrExecutionsAndNotOtherwise() throws {
        let store = try open()
        var seen = store.revision
        func grew(_ what: String, line: UInt = #line) {
            XCTAssertGreaterThan(store.revision, seen, what, line: line)
            seen = store.revision
        }
        _ = try store.submit(try spec(), start: false, at: now)
        grew("a job stored")
        _ = try store.jobWithCurrent(1)
        _ = try store.jobs(from: 0, size: 10)
        XCTAssertEqual(store.revision, seen, "reads")
        _ = try store.newExecution(jobID: 1, variables: [:], sideBySide: .refused, at: now)
        grew("an execution made")
        XCTAssertThrowsError(try store.newExecution(jobID: 1, variables: [:], sideBySide: .refused, at: now))
        XCTAssertEqual(store.revision, seen, "a refused write rolls back")
        var write = ExecutionWrite(exID: 1)
        write.status = .stopped
        try store.apply(write, at: now)
        grew("a status change")
        try store.deleteJob(1)
        grew("a job deleted")
    }

    func testBatchWritesSlicesStatusCountsAndCursorTogether() throws {
        let store = try open()
        _ = try store.submit(try spec(), start: true, at: now)
        var slicer = RangeSlicer(start: 1, end: 10_000, perSlice: 1)
        var write = ExecutionWrite(exID: 1)
        write.status = .running
        write.history = [HistoryLine(status: .running, description: "go", at: now)]
        write.newSlices = try slicer.next(max: 10_000)
        write.cursor = slicer.cursor
        write.counts = SliceCounts(queued: 10_000)
        try store.apply(write, at: now)

        var progress = ExecutionWrite(exID: 1)
        progress.sliceChanges = [
            SliceChange(index: 0, state: .start, attempts: 1, worker: "w1", at: now),
            SliceChange(index: 1, state: .error, attempts: 3, worker: "w2", exitCode: 4, error: "exit 4", stderrTail: "boom", at: now),
        ]
        progress.counts = SliceCounts(queued: 9_998, inFlight: 1, failed: 1)
        try store.apply(progress, at: now)

        let execution = try store.execution(1)
        XCTAssertEqual(execution.status, .running)
        XCTAssertEqual(execution.startedAt, now)
        XCTAssertEqual(execution.counts, SliceCounts(queued: 9_998, inFlight: 1, failed: 1))
        XCTAssertEqual(execution.cursor, slicer.cursor)
        XCTAssertEqual(try store.sliceCounts(of: 1), [.pending: 9_998, .start: 1, .error: 1])
        let errors = try store.slices(of: 1, in: [.error])
        XCTAssertEqual(errors.map(\.exitCode), [4])
        XCTAssertEqual(errors.first?.stderrTail, "boom")
        XCTAssertEqual(try store.slices(of: 1, in: [.pending], after: 5, limit: 2).map(\.index), [6, 7])
        XCTAssertEqual(try errors.first?.decodedInput().values["start"], "2")
        XCTAssertEqual(try store.unfinishedExecutions().map(\.id), [1])
    }

    func testAFailedBatchChangesNothing() throws {
        let store = try open()
        _ = try store.submit(try spec(), start: true, at: now)
        var write = ExecutionWrite(exID: 1)
        write.status = .running
        write.newSlices = [SliceInput(index: 0, values: [:]), SliceInput(index: 0, values: [:])]
        XCTAssertThrowsError(try store.apply(write, at: now), "the same slice twice breaks the primary key")
        XCTAssertEqual(try store.execution(1).status, .pending, "the status change rolled back with the slices")
        XCTAssertEqual(try store.sliceCounts(of: 1), [:])
    }

    func testReopeningKeepsDataAndNewerSchemaOrJunkIsRefused() throws {
        do {
            let store = try open()
            _ = try store.submit(try spec(), start: true, at: now)
        }
        XCTAssertEqual(try open().job(1).name, "count")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
        XCTAssertThrowsError(try MasterDatabase(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .newerSchema(path: self.path, unknown: ["v99: from the future"]))
        }
        let junk = folder.appendingPathComponent("junk.db").path
        try Data("this is not a database, just text long enough to look like a header".utf8).write(to: URL(fileURLWithPath: junk))
        XCTAssertThrowsError(try MasterDatabase(path: junk)) { error in
            guard case .unusable = error as? StoreError else { return XCTFail("\(error)") }
        }
    }
}
