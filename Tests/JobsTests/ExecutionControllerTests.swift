import Foundation
import JobModel
import JobsTestSupport
import JobStore
import Jobs
import MasterModel
import TestSupport
import XCTest

/// The execution controller over a real SQLite store and workers in memory.
final class ExecutionControllerTests: XCTestCase {
    var folder: String!
    var store: ExecutionStore!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "controller-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = ExecutionStore(try MasterDatabase(path: folder + "/ess.db"))
    }

    override func tearDownWithError() throws {
        // XCTest keeps every test case object until the run ends: let go of the database here.
        store = nil
        try? FileManager.default.removeItem(atPath: folder)
    }

    func submit(_ json: String) throws -> Int64 {
        let spec = try JobSpecParser.parse(Data(json.utf8))
        return try XCTUnwrap(store.submit(spec, start: true, at: Date()).execution?.id)
    }

    func controller(_ exID: Int64, _ workers: FakeWorkers, batch: Int = 100) throws -> ExecutionController {
        try ExecutionController(exID: exID, store: store, source: workers, outputRoot: folder + "/jobs", batchSize: batch)
    }

    /// Runs the controller on its own thread; the returned semaphore is signalled when it ends.
    func launch(_ controller: ExecutionController) -> DispatchSemaphore {
        let ended = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            controller.run()
            ended.signal()
        }
        return ended
    }

    func outputs(_ exID: Int64) throws -> [String] {
        try CommittedOutputs.names(store, root: "\(folder!)/jobs", exID: exID)
    }

    func testEverySliceRunsOnceAndItsOutputIsCommitted() throws {
        let exID = try submit(#"{"name":"count","command":"echo {start} {end} {who}","variables":{"who":"me"},"inputs":{"range":{"start":1,"end":2500,"per_slice":5}}}"#)
        let workers = FakeWorkers()
        try controller(exID, workers).run()
        let execution = try store.execution(exID)
        XCTAssertEqual(execution.status, .completed)
        XCTAssertEqual(execution.counts, SliceCounts(completed: 500))
        XCTAssertEqual(try store.sliceCounts(of: exID), [.completed: 500])
        XCTAssertEqual(try outputs(exID).count, 500)
        XCTAssertEqual(try CommittedOutputs.read(store, root: "\(folder!)/jobs", exID: exID)[7], "echo '36' '40' 'me'\n")
        XCTAssertEqual(Set(workers.started.map(\.0)).count, 500, "no slice started twice")
        XCTAssertEqual(try store.history(of: exID).map(\.status), [.pending, .initializing, .running, .completed])
        XCTAssertEqual(workers.removed.sorted(), ["a", "b"], "a completed execution leaves nothing on its workers")
        XCTAssertNotNil(execution.startedAt)
        XCTAssertNotNil(execution.endedAt)
    }

    func testStagedInputBytesAreInTheHistoryOnceTheLastFileIsDone() throws {
        for (name, size) in [("a", 100), ("b", 200), ("c", 300)] {
            try Data(repeating: 0x41, count: size).write(to: URL(fileURLWithPath: "\(folder!)/\(name).dat"))
        }
        let exID = try submit(#"{"name":"files","command":"wc -c","inputs":{"files":["\#(folder!)/*.dat"]}}"#)
        try controller(exID, FakeWorkers()).run()
        XCTAssertEqual(try store.execution(exID).status, .completed)
        let staged = try store.history(of: exID).filter { $0.description.hasPrefix("Staged") }
        XCTAssertEqual(staged.last?.description, "Staged 600 of 600 bytes of input.")
        XCTAssertEqual(staged.last?.progress, 1)
    }

    func testAFailingSliceIsRetriedElsewhereThenFailsTheExecutionWithItsError() throws {
        let exID = try submit(#"{"name":"bad","command":"run {input}","retries":1,"inputs":{"list":["ok1","bad","ok2"]}}"#)
        let workers = FakeWorkers { run, _ in
            run.command.contains("bad") ? .exited(code: 3, stderrTail: "warming up\nno such thing: bad\n") : .exited(code: 0, stderrTail: "")
        }
        try controller(exID, workers).run()
        let execution = try store.execution(exID)
        XCTAssertEqual(execution.status, .failed)
        XCTAssertEqual(execution.failureReason, "1 slice failed beyond retries")
        XCTAssertEqual(workers.removed, [], "a failed execution keeps its folders on the workers for a look")
        let errors = try store.slices(of: exID, in: [.error])
        XCTAssertEqual(errors.map(\.index), [1])
        XCTAssertEqual(errors.first?.exitCode, 3)
        XCTAssertEqual(errors.first?.attempts, 2)
        XCTAssertEqual(errors.first?.error, "exit 3: no such thing: bad")
        XCTAssertTrue(errors.first?.stderrTail?.contains("no such thing") == true)
        let badRuns = workers.started.filter { $0.0 == 1 }.map(\.1)
        XCTAssertEqual(badRuns.count, 2)
        XCTAssertNotEqual(badRuns[0], badRuns[1], "the retry went to the other worker")
        XCTAssertEqual(try outputs(exID), ["0.out", "2.out"])
        XCTAssertTrue(try store.history(of: exID).contains { $0.description.contains("attempt 2 of 2 follows") })
    }

    func testALostWorkersSlicesRunElsewhereAndEveryOutputIsThereOnce() throws {
        let exID = try submit(#"{"name":"lost","command":"x {start}","inputs":{"range":{"start":0,"end":199}}}"#)
        let workers = FakeWorkers(names: ["a", "b"], slots: 2) { _, worker in
            worker == "b" ? .lost(reason: "connection reset") : .exited(code: 0, stderrTail: "")
        }
        try controller(exID, workers).run()
        XCTAssertEqual(try store.execution(exID).status, .completed)
        XCTAssertEqual(try outputs(exID).count, 200)
        XCTAssertTrue(try store.history(of: exID).contains { $0.description == "Worker b lost: connection reset" })
        XCTAssertEqual(try store.slices(of: exID, in: [.completed], limit: 500).filter { $0.worker == "b" }, [])
    }

    func testEveryWorkerLostFailsTheExecution() throws {
        let exID = try submit(#"{"name":"gone","command":"x {input}","inputs":{"list":["1","2"]}}"#)
        try controller(exID, FakeWorkers { _, _ in .lost(reason: "down") }).run()
        let execution = try store.execution(exID)
        XCTAssertEqual(execution.status, .failed)
        XCTAssertEqual(execution.failureReason, "every worker was lost")
    }

    func testStopEndsInFlightSlicesAndLeavesTheRestPending() throws {
        let exID = try submit(#"{"name":"stop","command":"sleep {start}","inputs":{"range":{"start":1,"end":100}}}"#)
        let workers = FakeWorkers(names: ["a", "b"], slots: 16, held: true)
        let running = try controller(exID, workers)
        let ended = launch(running)
        try waitUntil("32 slices in flight") { workers.startedCount == 32 }
        XCTAssertEqual(running.request(.stop(timeout: 5)), .done(.stopping))
        XCTAssertEqual(ended.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(try store.execution(exID).status, .stopped)
        XCTAssertEqual(workers.startedCount, 32, "nothing started after stop")
        XCTAssertEqual(try store.sliceCounts(of: exID), [.pending: 100])
        XCTAssertEqual(try outputs(exID), [])
        XCTAssertEqual(running.request(.resume), .refused(.stopped))
    }

    func testPauseStartsNothingNewAndResumeFinishes() throws {
        let exID = try submit(#"{"name":"pause","command":"x {start}","inputs":{"range":{"start":1,"end":40}}}"#)
        let workers = FakeWorkers(names: ["a"], slots: 4, held: true)
        let running = try controller(exID, workers)
        let ended = launch(running)
        try waitUntil("4 in flight") { workers.startedCount == 4 }
        XCTAssertEqual(running.request(.pause), .done(.paused))
        workers.release()
        try waitUntil("the 4 in flight to complete") { try self.store.execution(exID).completed == 4 }
        XCTAssertEqual(workers.startedCount, 4, "no slice started while paused")
        XCTAssertEqual(try store.execution(exID).status, .paused)
        XCTAssertEqual(running.request(.pause), .refused(.paused))
        XCTAssertEqual(running.request(.resume), .done(.running))
        XCTAssertEqual(ended.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(try store.execution(exID).status, .completed)
        XCTAssertEqual(try outputs(exID).count, 40)
    }

    func testARestartedMasterRunsWhatWasInFlightAndGoesOnWithoutDuplicates() throws {
        let exID = try submit(#"{"name":"crash","command":"x {start}","inputs":{"range":{"start":0,"end":99}}}"#)
        // What a master killed mid-job leaves: 30 slices made, 10 completed, 5 in flight, the cursor at 30.
        var slicer = RangeSlicer(start: 0, end: 99, perSlice: 1)
        var write = ExecutionWrite(exID: exID)
        write.status = .running
        write.newSlices = try slicer.next(max: 30)
        write.cursor = slicer.cursor
        let now = Date()
        write.sliceChanges = (0..<10).map { SliceChange(index: $0, state: .completed, attempts: 1, worker: "a", at: now) }
            + (10..<15).map { SliceChange(index: $0, state: .start, attempts: 1, worker: "a", at: now) }
        try store.apply(write, at: now)
        try FileManager.default.createDirectory(atPath: "\(folder!)/jobs/\(exID)", withIntermediateDirectories: true)
        for index in 0..<10 { _ = FileManager.default.createFile(atPath: "\(folder!)/jobs/\(exID)/\(index).out", contents: Data("old\n".utf8)) }

        let workers = FakeWorkers()
        try controller(exID, workers, batch: 7).run()
        XCTAssertEqual(try store.execution(exID).status, .completed)
        XCTAssertEqual(try store.sliceCounts(of: exID), [.completed: 100])
        XCTAssertEqual(Set(workers.started.map(\.0)), Set(10..<100), "completed slices are not run again; the rest run once")
        XCTAssertEqual(workers.started.count, 90)
        XCTAssertEqual(try outputs(exID).count, 100)
        XCTAssertTrue(try store.history(of: exID).contains { $0.description.contains("5 slices that were in flight will run again") })
    }

    func testRemoteSlicesRunOnTheWorkerThatHoldsThem() throws {
        let exID = try submit(#"{"name":"remote","command":"gzip {input}","inputs":{"remote":"*/*.log"}}"#)
        let workers = FakeWorkers(names: ["a", "b"], slots: 1)
        try controller(exID, workers).run()
        XCTAssertEqual(try store.execution(exID).status, .completed)
        let placed = Dictionary(uniqueKeysWithValues: workers.started.map { ($0.0, $0.1) })
        XCTAssertEqual(placed, [0: "a", 1: "a", 2: "b", 3: "b"])
    }
}

/// Recovery: a new execution replays what the last one did not complete.
final class RecoveryTests: XCTestCase {
    func testRecoverCleanupErrorsRerunsOnlyTheFailedSliceAfterTheFix() throws {
        let folder = NSTemporaryDirectory() + "recover-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = ExecutionStore(try MasterDatabase(path: folder + "/ess.db"))
        let spec = try JobSpecParser.parse(Data(#"{"name":"r","command":"run {input}","retries":0,"inputs":{"list":["a","b","c","d"]}}"#.utf8))
        let first = try XCTUnwrap(store.submit(spec, start: true, at: Date()).execution?.id)
        let broken = FakeWorkers(names: ["a"]) { run, _ in run.command.contains("'c'") ? .exited(code: 2, stderrTail: "bad input c") : .exited(code: 0, stderrTail: "") }
        try ExecutionController(exID: first, store: store, source: broken, outputRoot: folder + "/jobs").run()
        XCTAssertEqual(try store.execution(first).status, .failed)

        XCTAssertThrowsError(try store.newRecovery(of: 99, cleanup: .errors, at: Date()))
        let second = try XCTUnwrap(store.newRecovery(of: first, cleanup: .errors, at: Date()).id)
        let fixed = FakeWorkers(names: ["a"])
        try ExecutionController(exID: second, store: store, source: fixed, outputRoot: folder + "/jobs").run()
        let recovery = try store.execution(second)
        XCTAssertEqual(recovery.status, .completed)
        XCTAssertEqual(recovery.recoverOf, first)
        XCTAssertEqual(fixed.started.map(\.0), [2], "only the failed slice ran again")
        XCTAssertEqual(try CommittedOutputs.names(store, root: folder + "/jobs", exID: second), ["2.out"])

        let third = try XCTUnwrap(store.newRecovery(of: second, cleanup: nil, at: Date()).id)
        let none = FakeWorkers(names: ["a"])
        try ExecutionController(exID: third, store: store, source: none, outputRoot: folder + "/jobs").run()
        XCTAssertEqual(try store.execution(third).status, .completed)
        XCTAssertEqual(none.startedCount, 0, "nothing was left to do")
    }

    func testRecoverWithoutCleanupReplaysThenGoesOnSlicing() throws {
        let folder = NSTemporaryDirectory() + "recover-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = ExecutionStore(try MasterDatabase(path: folder + "/ess.db"))
        let spec = try JobSpecParser.parse(Data(#"{"name":"r","command":"x {start}","inputs":{"range":{"start":0,"end":49}}}"#.utf8))
        let first = try XCTUnwrap(store.submit(spec, start: true, at: Date()).execution?.id)
        let held = FakeWorkers(names: ["a"], slots: 2, held: true)
        let controller = try ExecutionController(exID: first, store: store, source: held, outputRoot: folder + "/jobs", batchSize: 10)
        let ended = DispatchSemaphore(value: 0)
        Thread.detachNewThread { controller.run(); ended.signal() }
        while held.startedCount < 2 { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertEqual(controller.request(.stop(timeout: 1)), .done(.stopping))
        XCTAssertEqual(ended.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(try store.execution(first).status, .stopped)

        let second = try XCTUnwrap(store.newRecovery(of: first, cleanup: nil, at: Date()).id)
        let workers = FakeWorkers(names: ["a"], slots: 3)
        try ExecutionController(exID: second, store: store, source: workers, outputRoot: folder + "/jobs", batchSize: 10).run()
        XCTAssertEqual(try store.execution(second).status, .completed)
        XCTAssertEqual(Set(workers.started.map(\.0)), Set(0..<50), "the stopped slices and the ones never made, each once")
        XCTAssertEqual(workers.startedCount, 50)
    }
}
