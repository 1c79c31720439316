import JobModel
import XCTest

/// The slice state machine, as scripts.
final class SliceLifecycleTests: XCTestCase {
    func testRetriesThenErrors() {
        var slice = SliceLifecycle(retries: 1)
        XCTAssertEqual(slice.handle(.dispatched(worker: "a")), .start(worker: "a", attempt: 1))
        XCTAssertEqual(slice.state, .start)
        XCTAssertEqual(slice.handle(.failed(exitCode: 3, reason: "exit 3")), .retry(avoiding: "a", attempt: 2, exitCode: 3, reason: "exit 3"))
        XCTAssertEqual(slice.state, .pending)
        XCTAssertEqual(slice.handle(.dispatched(worker: "b")), .start(worker: "b", attempt: 2))
        XCTAssertEqual(slice.handle(.timedOut(seconds: 2.5)), .recordError(exitCode: nil, reason: "timed out after 2.5 s"))
        XCTAssertEqual(slice.state, .error)
        XCTAssertEqual(slice.handle(.dispatched(worker: "c")), .none, "an error slice is not run again by this execution")
        XCTAssertEqual(slice.state, .error)
    }

    func testSuccessCommitsThenCompletesOnce() {
        var slice = SliceLifecycle(retries: 2)
        slice.handle(.dispatched(worker: "a"))
        XCTAssertEqual(slice.handle(.succeeded), .commitOutput)
        XCTAssertEqual(slice.state, .start, "not completed before its output is committed")
        XCTAssertEqual(slice.handle(.succeeded), .none)
        XCTAssertEqual(slice.handle(.failed(exitCode: 1, reason: "late")), .none, "the attempt ended once")
        XCTAssertEqual(slice.handle(.committed), .recordCompleted)
        XCTAssertEqual(slice.state, .completed)
        XCTAssertEqual(slice.handle(.committed), .none)
        XCTAssertEqual(slice.handle(.failed(exitCode: 1, reason: "late")), .none)
        XCTAssertEqual(slice.state, .completed)
    }

    func testAFailedCommitIsAFailedAttempt() {
        var slice = SliceLifecycle(retries: 1)
        XCTAssertEqual(slice.handle(.committed), .none, "nothing to commit before a success")
        slice.handle(.dispatched(worker: "a"))
        XCTAssertEqual(slice.handle(.commitFailed(reason: "early")), .none, "nothing to commit before a success")
        XCTAssertEqual(slice.handle(.succeeded), .commitOutput)
        XCTAssertEqual(
            slice.handle(.commitFailed(reason: "disk full")),
            .retry(avoiding: "a", attempt: 2, exitCode: nil, reason: "its output could not be committed: disk full"))
        XCTAssertEqual(slice.state, .pending)
        slice.handle(.dispatched(worker: "b"))
        slice.handle(.succeeded)
        XCTAssertEqual(slice.handle(.commitFailed(reason: "disk full")), .recordError(exitCode: nil, reason: "its output could not be committed: disk full"))
        XCTAssertEqual(slice.state, .error)
        XCTAssertEqual(slice.attempts, 2)
    }

    func testLostWorkerRequeuesWithoutUsingARetry() {
        var slice = SliceLifecycle(retries: 0)
        slice.handle(.dispatched(worker: "a"))
        XCTAssertEqual(slice.handle(.workerLost), .requeue(avoiding: "a"))
        XCTAssertEqual(slice.attempts, 0)
        XCTAssertEqual(slice.handle(.dispatched(worker: "b")), .start(worker: "b", attempt: 1))
        XCTAssertEqual(slice.handle(.abandoned), .requeue(avoiding: nil))
        slice.handle(.dispatched(worker: "b"))
        XCTAssertEqual(slice.handle(.failed(exitCode: 1, reason: "exit 1")), .recordError(exitCode: 1, reason: "exit 1"))
    }
}
