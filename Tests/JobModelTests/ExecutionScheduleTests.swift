import Foundation
import JobModel
import XCTest

/// The execution's schedule, as scripts: event → expected actions.
final class ExecutionScheduleTests: XCTestCase {
    typealias Step = (ScheduleEvent, [ScheduleAction])
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    func run(_ script: [Step], on schedule: inout ExecutionSchedule, at seconds: Double = 0, file: StaticString = #filePath, line: UInt = #line) {
        for (index, (event, actions)) in script.enumerated() {
            let got = schedule.handle(event, at: t0.addingTimeInterval(seconds))
            XCTAssertEqual(got, actions, "step \(index): \(event)", file: file, line: line)
        }
    }

    func input(_ index: Int64, on worker: String? = nil) -> SliceInput {
        SliceInput(index: index, values: ["input": "i\(index)"], worker: worker)
    }

    func work(_ index: Int64, on worker: String? = nil, bytes: Int64? = nil) -> SliceWork {
        SliceWork(input: input(index, on: worker), inputBytes: bytes)
    }

    func started(_ index: Int64, on worker: String, attempt: Int = 1, pinned: Bool = false) -> [ScheduleAction] {
        [.recordSlice(SliceUpdate(index: index, state: .start, attempts: attempt, worker: worker)),
         .startSlice(input(index, on: pinned ? worker : nil), worker: worker, attempt: attempt)]
    }

    func completed(_ index: Int64, on worker: String, attempts: Int = 1) -> ScheduleAction {
        .recordSlice(SliceUpdate(index: index, state: .completed, attempts: attempts, worker: worker, exitCode: 0))
    }

    func record(_ status: ExecutionStatus, _ description: String? = nil, failure: String? = nil) -> ScheduleAction {
        .record(status: status, description: description ?? status.meaning, failureReason: failure)
    }

    func ok(_ index: Int64, on worker: String, attempt: Int = 1) -> ScheduleEvent {
        .sliceEnded(index: index, worker: worker, attempt: attempt, result: .exited(code: 0, stderrTail: ""))
    }

    /// A new execution taken up, with these workers connected and the slicer's only batch made.
    func running(_ workers: [ScheduledWorker], slices: [SliceWork], retries: Int = 0, maxFailures: Int? = nil) -> ExecutionSchedule {
        var schedule = ExecutionSchedule(status: .pending, counts: SliceCounts(), retries: retries, maxFailures: maxFailures, batchSize: 100)
        _ = schedule.handle(.opened(stored: SliceCounts(), slicerFinished: false), at: t0)
        _ = schedule.handle(.workersConnected(workers), at: t0)
        _ = schedule.handle(.slicesMade(slices, last: true), at: t0)
        return schedule
    }

    func testANewExecutionConnectsMakesSlicesStartsThemOnFreeSlotsAndCompletes() {
        var schedule = ExecutionSchedule(status: .pending, counts: SliceCounts(), retries: 0, maxFailures: nil, batchSize: 10)
        run([
            (.opened(stored: SliceCounts(), slicerFinished: false), [record(.initializing), .connectWorkers]),
            (.workersConnected([ScheduledWorker(name: "a", slots: 1), ScheduledWorker(name: "b", slots: 1)]),
             [record(.running, "2 workers ready."), .makeSlices]),
            (.slicesMade([work(0), work(1), work(2)], last: true), [.makeSlices] + started(0, on: "a") + started(1, on: "b")),
            (.slicerFinished, []),
            (ok(0, on: "a"), [.commitOutput(index: 0, attempt: 1)]),
            (ok(0, on: "a"), []),
            (.outputCommitted(index: 0), [completed(0, on: "a")] + started(2, on: "a")),
            (ok(1, on: "b"), [.commitOutput(index: 1, attempt: 1)]),
            (.outputCommitted(index: 1), [completed(1, on: "b")]),
            (ok(2, on: "a"), [.commitOutput(index: 2, attempt: 1)]),
            (.outputCommitted(index: 2),
             [completed(2, on: "a"), record(.completed), .releaseWorkers(removingFoldersOn: ["a", "b"]), .finish(.completed)]),
            (.stop(timeout: 1), [.refuse(request: "stop", status: .completed)]),
        ], on: &schedule)
        XCTAssertEqual(schedule.life.counts, SliceCounts(completed: 3))
    }

    func testAFailedAttemptRunsAgainOnAnotherWorkerThenFailsWithItsError() {
        var schedule = running([ScheduledWorker(name: "a", slots: 1), ScheduledWorker(name: "b", slots: 1)], slices: [work(0)], retries: 1)
        let failed = SliceResult.exited(code: 3, stderrTail: "warming up\nno such thing\n")
        let reason = "exit 3: no such thing"
        run([
            (.sliceEnded(index: 0, worker: "a", attempt: 1, result: failed),
             [.discardOutput(index: 0, attempt: 1),
              .recordSlice(SliceUpdate(index: 0, state: .pending, attempts: 1, worker: "a", exitCode: 3, error: reason, stderrTail: "warming up\nno such thing\n")),
              .note(status: .running, description: "Slice 0 failed on a (\(reason)); attempt 2 of 2 follows.", progress: nil)]
                + started(0, on: "b", attempt: 2)),
            (.sliceEnded(index: 0, worker: "a", attempt: 1, result: failed), []),
            (.sliceEnded(index: 0, worker: "b", attempt: 2, result: failed),
             [.discardOutput(index: 0, attempt: 2),
              .recordSlice(SliceUpdate(index: 0, state: .error, attempts: 2, worker: "b", exitCode: 3, error: reason, stderrTail: "warming up\nno such thing\n")),
              .note(status: .failed, description: "Slice 0 failed on b (\(reason)) after 2 attempts.", progress: nil),
              record(.failing), record(.failed, "1 slice failed beyond retries", failure: "1 slice failed beyond retries"),
              .releaseWorkers(removingFoldersOn: []), .finish(.failed)]),
        ], on: &schedule)
        XCTAssertEqual(schedule.life.counts, SliceCounts(failed: 1, retried: 1))
    }

    func testAFailedCommitIsAFailedAttemptOfTheSlice() {
        var schedule = running([ScheduledWorker(name: "a", slots: 1), ScheduledWorker(name: "b", slots: 1)], slices: [work(0)], retries: 1)
        let reason = "its output could not be committed: disk full"
        run([
            (ok(0, on: "a"), [.commitOutput(index: 0, attempt: 1)]),
            (.commitFailed(index: 0, reason: "disk full"),
             [.discardOutput(index: 0, attempt: 1),
              .recordSlice(SliceUpdate(index: 0, state: .pending, attempts: 1, worker: "a", error: reason)),
              .note(status: .running, description: "Slice 0 failed on a (\(reason)); attempt 2 of 2 follows.", progress: nil)]
                + started(0, on: "b", attempt: 2)),
            (ok(0, on: "b", attempt: 2), [.commitOutput(index: 0, attempt: 2)]),
            (.outputCommitted(index: 0),
             [completed(0, on: "b", attempts: 2), record(.completed), .releaseWorkers(removingFoldersOn: ["a", "b"]), .finish(.completed)]),
        ], on: &schedule)
    }

    func testALostWorkersSliceRunsElsewhereWithoutUsingARetryAndLosingEveryWorkerFails() {
        var schedule = running([ScheduledWorker(name: "a", slots: 1), ScheduledWorker(name: "b", slots: 1)], slices: [work(0), work(1), work(2)])
        run([
            (.sliceEnded(index: 1, worker: "b", attempt: 1, result: .lost(reason: "connection reset")),
             [.note(status: .running, description: "Worker b lost: connection reset", progress: nil),
              .discardOutput(index: 1, attempt: 1), .recordSlice(SliceUpdate(index: 1, state: .pending, attempts: 0, worker: "b"))]),
            (ok(0, on: "a"), [.commitOutput(index: 0, attempt: 1)]),
            (.outputCommitted(index: 0), [completed(0, on: "a")] + started(1, on: "a")),
            (.sliceEnded(index: 1, worker: "a", attempt: 1, result: .lost(reason: "gone")),
             [.note(status: .running, description: "Worker a lost: gone", progress: nil),
              .discardOutput(index: 1, attempt: 1), .recordSlice(SliceUpdate(index: 1, state: .pending, attempts: 0, worker: "a")),
              record(.failed, "every worker was lost", failure: "every worker was lost"), .releaseWorkers(removingFoldersOn: []), .finish(.failed)]),
        ], on: &schedule)
        XCTAssertEqual(schedule.workers.map(\.lost), [true, true])
    }

    func testPauseWaitsForSentSlicesAndStartsNothingUntilResume() {
        var schedule = running([ScheduledWorker(name: "a", slots: 2)], slices: [work(0), work(1), work(2)])
        run([
            (.pause, [record(.paused), .awaitStarts([0, 1])]),
            (.pause, [.refuse(request: "pause", status: .paused)]),
            (ok(0, on: "a"), [.commitOutput(index: 0, attempt: 1)]),
            (.outputCommitted(index: 0), [completed(0, on: "a")]),
            (.resume, [record(.running)] + started(2, on: "a")),
            (.resume, [.refuse(request: "resume", status: .running)]),
        ], on: &schedule)
    }

    func testStopSendsTermThenKillAtTheDeadlineAndRequeuesWhatDidNotComplete() {
        var schedule = running([ScheduledWorker(name: "a", slots: 2)], slices: [work(0), work(1), work(2)])
        run([(.stop(timeout: 5), [record(.stopping), .endSlices([0, 1], force: false)])], on: &schedule, at: 10)
        XCTAssertEqual(schedule.nextDeadline, t0.addingTimeInterval(15))
        run([(.timePassed, [])], on: &schedule, at: 14.9)
        run([
            (.timePassed, [.endSlices([0, 1], force: true)]),
            (.timePassed, []),
            (.sliceEnded(index: 0, worker: "a", attempt: 1, result: .exited(code: 137, stderrTail: "")),
             [.discardOutput(index: 0, attempt: 1), .recordSlice(SliceUpdate(index: 0, state: .pending, attempts: 0, worker: "a"))]),
            (ok(1, on: "a"), [.commitOutput(index: 1, attempt: 1)]),
            (.outputCommitted(index: 1), [completed(1, on: "a"), record(.stopped), .releaseWorkers(removingFoldersOn: []), .finish(.stopped)]),
        ], on: &schedule, at: 15)
        XCTAssertNil(schedule.nextDeadline)
        XCTAssertEqual(schedule.life.counts, SliceCounts(queued: 2, completed: 1))
    }

    func testShutdownKillsWhatIsInFlightAndTerminates() {
        var schedule = running([ScheduledWorker(name: "a", slots: 1)], slices: [work(0), work(1)])
        run([
            (.shutdown, [.endSlices([0], force: true), record(.terminated, ExecutionStatus.terminated.meaning), .releaseWorkers(removingFoldersOn: []), .finish(.terminated)]),
            (ok(0, on: "a"), []),
            (.shutdown, []),
        ], on: &schedule)
    }

    func testARestartRequeuesOrphansAndPagesStoredSlicesInBeforeTheSlicerMakesMore() {
        var schedule = ExecutionSchedule(status: .running, counts: SliceCounts(), retries: 0, maxFailures: nil, batchSize: 2)
        run([
            (.opened(stored: SliceCounts(queued: 2, inFlight: 1, completed: 1), slicerFinished: false),
             [.note(status: .running, description: "The master restarted; 1 slice that was in flight will run again.", progress: nil),
              .requeueOrphans, .connectWorkers]),
            (.workersConnected([ScheduledWorker(name: "a", slots: 4)]), [.pageBacklog(after: -1)]),
            (.backlogPaged([SliceWork(input: input(1), attempts: 1, lastWorker: "b"), work(2)], through: 2),
             started(1, on: "a", attempt: 2) + started(2, on: "a") + [.pageBacklog(after: 2)]),
            (ok(1, on: "a", attempt: 2), [.commitOutput(index: 1, attempt: 2)]),
            // Below the low water mark: the slicer's turn comes only after the stored slices.
            (.outputCommitted(index: 1), [completed(1, on: "a", attempts: 2)]),
            (.backlogPaged([work(3)], through: 3), [.pageBacklog(after: 3)] + started(3, on: "a")),
            (.backlogPaged([], through: nil), [.makeSlices]),
            (.slicesMade([work(4)], last: true), [.makeSlices] + started(4, on: "a")),
        ], on: &schedule)
        XCTAssertNil(schedule.backlogAfter)
        XCTAssertEqual(schedule.life.counts, SliceCounts(inFlight: 3, completed: 2))
    }

    func testARestartWhileStoppingRequeuesAndStops() {
        var schedule = ExecutionSchedule(status: .stopping, counts: SliceCounts(), retries: 0, maxFailures: nil, batchSize: 2)
        run([
            (.opened(stored: SliceCounts(queued: 1, inFlight: 2), slicerFinished: false),
             [.note(status: .stopped, description: "The master restarted; 2 slices that were in flight will run again.", progress: nil),
              .requeueOrphans, record(.stopped), .releaseWorkers(removingFoldersOn: []), .finish(.stopped)]),
        ], on: &schedule)
    }

    func testPinnedSlicesWaitForTheirWorker() {
        var schedule = running(
            [ScheduledWorker(name: "a", slots: 1), ScheduledWorker(name: "b", slots: 1)],
            slices: [work(0, on: "b"), work(1, on: "b"), work(2, on: "a"), work(3)])
        XCTAssertEqual(schedule.life.counts.inFlight, 2, "0 on b, 2 on a; 1 waits for b")
        run([
            (ok(2, on: "a"), [.commitOutput(index: 2, attempt: 1)]),
            (.outputCommitted(index: 2), [completed(2, on: "a")] + started(3, on: "a")),
            (ok(0, on: "b"), [.commitOutput(index: 0, attempt: 1)]),
            (.outputCommitted(index: 0), [completed(0, on: "b")] + started(1, on: "b", pinned: true)),
        ], on: &schedule)
    }

    func testMaxFailuresHoldsDispatchAndFailsOnceInFlightSlicesEnd() {
        var schedule = running([ScheduledWorker(name: "a", slots: 2)], slices: [work(0), work(1), work(2)], maxFailures: 0)
        let failed = SliceResult.exited(code: 1, stderrTail: "")
        run([
            (.sliceEnded(index: 0, worker: "a", attempt: 1, result: failed),
             [.discardOutput(index: 0, attempt: 1), .recordSlice(SliceUpdate(index: 0, state: .error, attempts: 1, worker: "a", exitCode: 1, error: "exit 1")),
              .note(status: .failing, description: "Slice 0 failed on a (exit 1) after 1 attempt.", progress: nil), record(.failing)]),
            (ok(1, on: "a"), [.commitOutput(index: 1, attempt: 1)]),
            (.outputCommitted(index: 1),
             [completed(1, on: "a"), record(.failed, "1 slices failed, more than max_failures (0)", failure: "1 slices failed, more than max_failures (0)"),
              .releaseWorkers(removingFoldersOn: []), .finish(.failed)]),
        ], on: &schedule)
    }

    func testStagedBytesAreNotedEveryFewSecondsAndOnceAllIsStaged() {
        var schedule = running([ScheduledWorker(name: "a", slots: 3)], slices: [work(0, bytes: 100), work(1, bytes: 200), work(2, bytes: 300)])
        _ = schedule.handle(ok(0, on: "a"), at: t0)
        run([(.outputCommitted(index: 0), [completed(0, on: "a"), .note(status: .running, description: "Staged 100 of 600 bytes of input.", progress: 100.0 / 600)])], on: &schedule, at: 1)
        _ = schedule.handle(ok(1, on: "a"), at: t0)
        run([(.outputCommitted(index: 1), [completed(1, on: "a")])], on: &schedule, at: 2)
        _ = schedule.handle(ok(2, on: "a"), at: t0)
        run([(.outputCommitted(index: 2),
              [completed(2, on: "a"), .note(status: .running, description: "Staged 600 of 600 bytes of input.", progress: 1),
               record(.completed), .releaseWorkers(removingFoldersOn: ["a"]), .finish(.completed)])], on: &schedule, at: 3)
    }

    func testEndsOfUnknownOrEarlierAttemptsChangeNothing() {
        var schedule = running([ScheduledWorker(name: "a", slots: 1)], slices: [work(0), work(1)])
        run([
            (ok(1, on: "a"), []),
            (ok(0, on: "a", attempt: 2), []),
            (ok(0, on: "b"), []),
            (.outputCommitted(index: 0), []),
            (.commitFailed(index: 0, reason: "x"), []),
        ], on: &schedule)
        XCTAssertEqual(schedule.life.counts, SliceCounts(queued: 1, inFlight: 1))
    }
}
