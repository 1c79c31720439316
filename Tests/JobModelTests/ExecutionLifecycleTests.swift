import JobModel
import XCTest

/// The execution state machine, as scripts: event → expected status and actions.
final class ExecutionLifecycleTests: XCTestCase {
    typealias Step = (ExecutionEvent, ExecutionStatus, [ExecutionAction])

    @discardableResult
    func run(_ script: [Step], on life: inout ExecutionLifecycle, file: StaticString = #filePath, line: UInt = #line) -> ExecutionLifecycle {
        for (index, (event, status, actions)) in script.enumerated() {
            let got = life.handle(event)
            XCTAssertEqual(life.status, status, "step \(index): \(event)", file: file, line: line)
            XCTAssertEqual(got, actions, "step \(index): \(event)", file: file, line: line)
        }
        return life
    }

    func record(_ status: ExecutionStatus, _ description: String? = nil) -> ExecutionAction {
        .record(status: status, description: description ?? status.meaning)
    }

    func testHappyPathMakesDispatchesAndCompletes() {
        var life = ExecutionLifecycle()
        run([
            (.start, .initializing, [record(.initializing), .connectWorkers]),
            (.workersReady(count: 2), .running, [record(.running, "2 workers ready."), .makeSlices]),
            (.slicesMade(count: 2), .running, [.makeSlices, .dispatch]),
            (.sliceStarted, .running, []),
            (.sliceStarted, .running, []),
            (.slicerFinished, .running, []),
            (.sliceCompleted, .running, []),
            (.sliceCompleted, .completed, [record(.completed), .releaseWorkers, .finish(.completed)]),
            (.sliceCompleted, .completed, []),
            (.stop(timeout: 5), .completed, [.refuse(request: "stop", status: .completed)]),
        ], on: &life)
        XCTAssertEqual(life.counts, SliceCounts(completed: 2))
    }

    func testOutputsElsewhereAreFinalizedBeforeTheEndIsRecorded() {
        var life = ExecutionLifecycle(status: .running, counts: SliceCounts(queued: 1), finalizesOutputs: true)
        run([
            (.slicerFinished, .running, [.dispatch]),
            (.sliceStarted, .running, []),
            (.sliceCompleted, .running, [.finalizeOutputs(completed: true)]),
            (.stop(timeout: 5), .stopping, [record(.stopping), .holdDispatch]),
            (.outputsFinalized, .completed, [record(.completed), .releaseWorkers, .finish(.completed)]),
            (.outputsFinalized, .completed, []),
        ], on: &life)
    }

    func testOutputsThatCannotBeFinalizedFailACompletingExecutionOnly() {
        var completing = ExecutionLifecycle(status: .running, counts: SliceCounts(inFlight: 1), finalizesOutputs: true)
        _ = completing.handle(.slicerFinished)
        let reason = "the outputs could not be finalized: S3 PutObject failed"
        run([
            (.sliceCompleted, .running, [.finalizeOutputs(completed: true)]),
            (.finalizeFailed(reason: "S3 PutObject failed"), .failed, [record(.failed, reason), .releaseWorkers, .finish(.failed)]),
        ], on: &completing)
        XCTAssertEqual(completing.failureReason, reason)

        var stopping = ExecutionLifecycle(status: .running, counts: SliceCounts(queued: 3), finalizesOutputs: true)
        run([
            (.stop(timeout: 5), .stopping, [record(.stopping), .holdDispatch, .finalizeOutputs(completed: false)]),
            (.shutdown, .stopping, [.endInFlight(after: 0)]),
            (.finalizeFailed(reason: "no answer"), .stopped, [record(.stopped), .releaseWorkers, .finish(.stopped)]),
        ], on: &stopping)
        XCTAssertNil(stopping.failureReason)
    }

    func testSlicerIsAskedOnlyOnceUntilItsBatchArrives() {
        var life = ExecutionLifecycle(lowWater: 10)
        run([
            (.start, .initializing, [record(.initializing), .connectWorkers]),
            (.workersReady(count: 1), .running, [record(.running, "1 worker ready."), .makeSlices]),
            (.workersReady(count: 1), .running, []),
            (.slicesMade(count: 20), .running, [.dispatch]),
            (.sliceStarted, .running, []),
            (.sliceCompleted, .running, [.dispatch]),
        ], on: &life)
        for _ in 0..<10 { _ = life.handle(.sliceStarted) }
        XCTAssertEqual(life.handle(.sliceCompleted), [.makeSlices, .dispatch], "9 queued is under the low water mark of 10")
        XCTAssertEqual(life.handle(.sliceCompleted), [.dispatch], "a batch is already asked for")
    }

    func testFailingGoesBackToRunningAndEndsFailedWithReason() {
        var life = ExecutionLifecycle(status: .running, counts: SliceCounts(queued: 3))
        _ = life.handle(.slicerFinished)
        run([
            (.sliceStarted, .running, []),
            (.sliceStarted, .running, []),
            (.sliceRetried(description: "slice 0 failed on w1 (exit 1); attempt 2 of 3"), .running,
             [.note(description: "slice 0 failed on w1 (exit 1); attempt 2 of 3", progress: nil), .dispatch]),
            (.sliceStarted, .running, []),
            (.sliceFailed(description: "slice 1 failed for good"), .failing,
             [.note(description: "slice 1 failed for good", progress: nil), record(.failing), .dispatch]),
            (.sliceCompleted, .running, [record(.running, "A slice completed after failures."), .dispatch]),
            (.sliceStarted, .running, []),
            (.sliceCompleted, .failed,
             [record(.failed, "1 slice failed beyond retries"), .releaseWorkers, .finish(.failed)]),
        ], on: &life)
        XCTAssertEqual(life.failureReason, "1 slice failed beyond retries")
        XCTAssertEqual(life.counts, SliceCounts(completed: 2, failed: 1, retried: 1))
    }

    func testMaxFailuresEndsEarlyOnceInFlightSlicesEnd() {
        var life = ExecutionLifecycle(status: .running, counts: SliceCounts(queued: 10), maxFailures: 0)
        _ = life.handle(.sliceStarted)
        _ = life.handle(.sliceStarted)
        run([
            (.sliceFailed(description: "x"), .failing,
             [.note(description: "x", progress: nil), record(.failing), .holdDispatch]),
            (.sliceCompleted, .failed,
             [record(.failed, "1 slices failed, more than max_failures (0)"), .releaseWorkers, .finish(.failed)]),
        ], on: &life)
    }

    func testPauseHoldsResumeGoesOn() {
        var life = ExecutionLifecycle(status: .running, counts: SliceCounts(queued: 5))
        _ = life.handle(.sliceStarted)
        run([
            (.pause, .paused, [record(.paused), .holdDispatch]),
            (.pause, .paused, [.refuse(request: "pause", status: .paused)]),
            (.sliceCompleted, .paused, []),
            (.slicesMade(count: 3), .paused, []),
            (.resume, .running, [record(.running), .makeSlices, .dispatch]),
            (.resume, .running, [.refuse(request: "resume", status: .running)]),
        ], on: &life)
    }

    func testStopEndsInFlightThenStops() {
        var life = ExecutionLifecycle(status: .running, counts: SliceCounts(queued: 5))
        _ = life.handle(.sliceStarted)
        _ = life.handle(.sliceStarted)
        run([
            (.stop(timeout: 7), .stopping, [record(.stopping), .holdDispatch, .endInFlight(after: 7)]),
            (.stop(timeout: 7), .stopping, []),
            (.sliceRequeued, .stopping, []),
            (.sliceCompleted, .stopped, [record(.stopped), .releaseWorkers, .finish(.stopped)]),
            (.resume, .stopped, [.refuse(request: "resume", status: .stopped)]),
        ], on: &life)
    }

    func testStopWithNothingInFlightStopsAtOnce() {
        var life = ExecutionLifecycle(status: .pending)
        run([(.stop(timeout: 1), .stopped, [record(.stopping), .holdDispatch, record(.stopped), .releaseWorkers, .finish(.stopped)])], on: &life)
    }

    func testShutdownBeforeTheSlicerFinishedTerminates() {
        var life = ExecutionLifecycle(status: .running, counts: SliceCounts(queued: 1))
        _ = life.handle(.sliceStarted)
        run([(.shutdown, .terminated, [.holdDispatch, .endInFlight(after: 0), record(.terminated), .releaseWorkers, .finish(.terminated)])], on: &life)
    }

    func testRestartRequeuesOrphansAndReconnects() {
        var life = ExecutionLifecycle(status: .running)
        run([
            (.restarted(counts: SliceCounts(queued: 1, inFlight: 2, completed: 4), slicerFinished: true), .running,
             [.note(description: "The master restarted; 2 slices that were in flight will run again.", progress: nil), .requeueOrphans, .connectWorkers]),
            (.workersReady(count: 2), .running, [.dispatch]),
        ], on: &life)
        XCTAssertEqual(life.counts, SliceCounts(queued: 3, completed: 4))
    }

    func testGuardsNeverGoBackAndTerminalNeverChanges() {
        XCTAssertFalse(ExecutionStatus.running.canMove(to: .initializing))
        XCTAssertFalse(ExecutionStatus.running.canMove(to: .running))
        for terminal in ExecutionStatus.allCases where terminal.isTerminal {
            for other in ExecutionStatus.allCases { XCTAssertFalse(terminal.canMove(to: other)) }
        }
        var life = ExecutionLifecycle(status: .failed)
        for event: ExecutionEvent in [.start, .workersReady(count: 1), .slicesMade(count: 1), .sliceCompleted, .shutdown, .slicerFinished] {
            XCTAssertEqual(life.handle(event), [])
            XCTAssertEqual(life.status, .failed)
        }
    }

    func testWorkersUnavailableFails() {
        var life = ExecutionLifecycle()
        _ = life.handle(.start)
        run([(.workersUnavailable(reason: "no node answers SSH"), .failed, [record(.failed, "no node answers SSH"), .releaseWorkers, .finish(.failed)])], on: &life)
    }

    func testStagingProgressIsNoted() {
        var life = ExecutionLifecycle(status: .running)
        XCTAssertEqual(life.handle(.staged(bytes: 50, of: 200)), [.note(description: "Staged 50 of 200 bytes of input.", progress: 0.25)])
    }
}
