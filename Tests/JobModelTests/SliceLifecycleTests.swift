import JobModel
import XCTest

/// The slice state machine, as scripts.
final class SliceLifecycleTests: XCTestCase {
    func testRetriesThenErrors() {
        var slice = SliceLifecycle(retries: 1)
        XCTAssertEqual(slice.handle(.dispatched(worker: "a")), .none)
        XCTAssertEqual(slice.state, .start)
        XCTAssertEqual(slice.handle(.failed(exitCode: 3, reason: "exit 3")), .retry(avoiding: "a", attempt: 2))
        XCTAssertEqual(slice.state, .pending)
        XCTAssertEqual(slice.handle(.dispatched(worker: "b")), .none)
        XCTAssertEqual(slice.handle(.timedOut(seconds: 2.5)), .recordError(exitCode: nil, reason: "timed out after 2.5 s"))
        XCTAssertEqual(slice.state, .error)
        XCTAssertEqual(slice.handle(.dispatched(worker: "c")), .none, "an error slice is not run again by this execution")
        XCTAssertEqual(slice.state, .error)
    }

    func testSuccessCommitsOnceAndStays() {
        var slice = SliceLifecycle(retries: 2)
        slice.handle(.dispatched(worker: "a"))
        XCTAssertEqual(slice.handle(.succeeded), .commitOutput)
        XCTAssertEqual(slice.handle(.succeeded), .none)
        XCTAssertEqual(slice.handle(.failed(exitCode: 1, reason: "late")), .none)
        XCTAssertEqual(slice.state, .completed)
    }

    func testLostWorkerRequeuesWithoutUsingARetry() {
        var slice = SliceLifecycle(retries: 0)
        slice.handle(.dispatched(worker: "a"))
        XCTAssertEqual(slice.handle(.workerLost), .requeue(avoiding: "a"))
        XCTAssertEqual(slice.attempts, 0)
        slice.handle(.dispatched(worker: "b"))
        XCTAssertEqual(slice.handle(.abandoned), .requeue(avoiding: nil))
        slice.handle(.dispatched(worker: "b"))
        XCTAssertEqual(slice.handle(.failed(exitCode: 1, reason: "exit 1")), .recordError(exitCode: 1, reason: "exit 1"))
    }
}
