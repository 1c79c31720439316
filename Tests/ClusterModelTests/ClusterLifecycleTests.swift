import ClusterModel
import Foundation
import XCTest

/// The API cluster's state machine, as scripts: (seconds, event) → expected status and actions.
final class ClusterLifecycleTests: XCTestCase {
    typealias Step = (at: TimeInterval, event: ClusterLifecycle.Event, status: ClusterLifecycle.Status, actions: [ClusterLifecycle.Action])
    let start = Date(timeIntervalSince1970: 1_000_000)

    @discardableResult
    func run(_ life: inout ClusterLifecycle, _ script: [Step], grace: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line) -> ClusterLifecycle {
        for (index, step) in script.enumerated() {
            do {
                let actions = try life.handle(step.event, at: start.addingTimeInterval(step.at), idleGrace: grace)
                XCTAssertEqual(actions, step.actions, "step \(index): \(step.event)", file: file, line: line)
            } catch {
                XCTFail("step \(index): \(step.event) refused in \(error.status)", file: file, line: line)
            }
            XCTAssertEqual(life.status, step.status, "step \(index): \(step.event)", file: file, line: line)
        }
        return life
    }

    func available(nodes: Int = 2, terminateOnIdle: Bool = false, timeToIdle: TimeInterval = 3600) -> ClusterLifecycle {
        var life = ClusterLifecycle(nodes: nodes, terminateOnIdle: terminateOnIdle, timeToIdle: timeToIdle)
        run(&life, [(0, .begin, .creating, [.provision(nodes: nodes)]), (5, .provisioned, .available, [])])
        return life
    }

    func testCreatedThenAvailableOnceProvisioned() {
        var life = ClusterLifecycle(nodes: 3, terminateOnIdle: false, timeToIdle: 3600)
        XCTAssertEqual(life.status, .pending)
        run(&life, [
            (0, .begin, .creating, [.provision(nodes: 3)]),
            (1, .begin, .creating, []),
            (1, .observed(running: 0), .creating, []),
            (7, .provisioned, .available, []),
        ])
        XCTAssertEqual(life.availableSince, start.addingTimeInterval(7))
        XCTAssertNil(life.idleSince)
    }

    func testIdleAfterTheGraceWithoutJobsAndAvailableAgainWhenOneRuns() {
        var life = available()
        run(&life, [
            (9, .observed(running: 0), .available, []),
            (15, .observed(running: 0), .idle, []),
            (20, .observed(running: 1), .available, []),
            (25, .observed(running: 2), .available, []),
            (28, .observed(running: 0), .available, []),
            (37, .observed(running: 0), .available, []),
            (38, .observed(running: 0), .idle, []),
        ])
        XCTAssertEqual(life.idleSince, start.addingTimeInterval(38))
        XCTAssertEqual(life.lastActivity, start.addingTimeInterval(28), "the grace counts from the end of the last job")
        XCTAssertFalse(life.busy)
    }

    func testIdleClusterIsTerminatedAfterTimeToIdleAndRecordsIt() {
        var life = available(terminateOnIdle: true, timeToIdle: 60)
        run(&life, [
            (15, .observed(running: 0), .idle, []),
            (74, .observed(running: 0), .idle, []),
            (75, .observed(running: 0), .pendingTerminate, [.terminate]),
            (76, .observed(running: 0), .pendingTerminate, []),
            (76, .terminationBegan, .terminating, []),
            (80, .terminationEnded, .terminated, []),
        ])
        XCTAssertTrue(life.terminatedOnIdle)
        XCTAssertEqual(life.terminatedAt, start.addingTimeInterval(80))
    }

    func testWithoutTerminateOnIdleAnIdleClusterStays() {
        var life = available(terminateOnIdle: false, timeToIdle: 1)
        run(&life, [(15, .observed(running: 0), .idle, []), (10_000, .observed(running: 0), .idle, [])])
        XCTAssertFalse(life.terminatedOnIdle)
    }

    func testDeleteGoesPendingTerminateThenTerminatingThenTerminated() {
        var life = available()
        run(&life, [
            (10, .terminateRequested, .pendingTerminate, [.terminate]),
            (11, .terminateRequested, .pendingTerminate, []),
            (11, .terminationBegan, .terminating, []),
            (12, .terminateRequested, .terminating, []),
            (13, .terminationEnded, .terminated, []),
            (14, .terminateRequested, .terminated, []),
            (15, .observed(running: 0), .terminated, []),
            (16, .failed(reason: "late"), .terminated, []),
        ])
        XCTAssertFalse(life.terminatedOnIdle)
    }

    func testDeleteWhileCreatingWaitsForTheNodesThenTerminatesThem() {
        var life = ClusterLifecycle(nodes: 1, terminateOnIdle: false, timeToIdle: 3600)
        run(&life, [
            (0, .begin, .creating, [.provision(nodes: 1)]),
            (1, .terminateRequested, .pendingTerminate, []),
            (5, .provisioned, .pendingTerminate, [.terminate]),
            (5, .terminationBegan, .terminating, []),
            (6, .terminationEnded, .terminated, []),
        ])
        XCTAssertNil(life.availableSince)
    }

    func testDeleteBeforeTheControllerBeganTerminatesAnEmptyCluster() {
        var life = ClusterLifecycle(nodes: 1, terminateOnIdle: false, timeToIdle: 3600)
        run(&life, [
            (0, .terminateRequested, .pendingTerminate, [.terminate]),
            (0, .begin, .pendingTerminate, []),
        ])
    }

    func testAnyStateGoesToErrorWithTheReasonAndAnErrorClusterCanBeTerminated() {
        var life = ClusterLifecycle(nodes: 2, terminateOnIdle: false, timeToIdle: 3600)
        run(&life, [
            (0, .begin, .creating, [.provision(nodes: 2)]),
            (3, .failed(reason: "node i-2 did not answer SSH"), .error, []),
            (4, .observed(running: 0), .error, []),
            (5, .provisioned, .error, []),
            (6, .terminateRequested, .pendingTerminate, [.terminate]),
        ])
        XCTAssertEqual(life.errorReason, "node i-2 did not answer SSH")
    }

    func testResizeGrowsOrShrinksOnceAtATime() {
        var life = available(nodes: 2)
        run(&life, [
            (6, .resizeRequested(nodes: 2), .available, []),
            (6, .resizeRequested(nodes: 4), .available, [.resize(from: 2, to: 4)]),
        ])
        XCTAssertThrowsError(try life.handle(.resizeRequested(nodes: 3), at: start, idleGrace: 10)) { error in
            XCTAssertEqual((error as? ClusterLifecycle.Refusal)?.request, "resize")
        }
        run(&life, [
            (8, .resized(nodes: 4), .available, []),
            (20, .observed(running: 0), .idle, []),
            (21, .resizeRequested(nodes: 1), .idle, [.resize(from: 4, to: 1)]),
            (22, .resized(nodes: 3), .idle, []),
        ])
        XCTAssertEqual(life.nodes, 3)
        XCTAssertNil(life.resizingTo)
    }

    func testResizeIsRefusedUnlessAvailableOrIdle() {
        var life = ClusterLifecycle(nodes: 2, terminateOnIdle: false, timeToIdle: 3600)
        for event: ClusterLifecycle.Event in [.begin, .terminateRequested, .terminationBegan, .terminationEnded] {
            XCTAssertThrowsError(try life.handle(.resizeRequested(nodes: 5), at: start, idleGrace: 10), "in \(life.status)")
            _ = try? life.handle(event, at: start, idleGrace: 10)
        }
        XCTAssertEqual(life.status, .terminated)
    }

    func testNoIdleTerminationWhileResizing() {
        var life = available(nodes: 2, terminateOnIdle: true, timeToIdle: 5)
        run(&life, [
            (15, .observed(running: 0), .idle, []),
            (16, .resizeRequested(nodes: 3), .idle, [.resize(from: 2, to: 3)]),
            (30, .observed(running: 0), .idle, []),
            (31, .resized(nodes: 3), .idle, []),
            (32, .observed(running: 0), .pendingTerminate, [.terminate]),
        ])
    }

    func testTheIdlePolicyChangesUntilTerminationAndAppliesAtOnce() throws {
        var life = available(terminateOnIdle: false, timeToIdle: 3600)
        run(&life, [
            (15, .observed(running: 0), .idle, []),
            (20, .idlePolicyChanged(terminateOnIdle: true, timeToIdle: 30), .idle, []),
            (44, .observed(running: 0), .idle, []),
            (45, .observed(running: 0), .pendingTerminate, [.terminate]),
        ])
        XCTAssertEqual(life.timeToIdle, 30)
        XCTAssertThrowsError(try life.handle(.idlePolicyChanged(terminateOnIdle: false, timeToIdle: 60), at: start, idleGrace: 10)) { error in
            XCTAssertEqual(error as? ClusterLifecycle.Refusal, ClusterLifecycle.Refusal(status: .pendingTerminate, request: "change"))
        }
    }

    func testTheMachineSurvivesEncoding() throws {
        var life = available(nodes: 2, terminateOnIdle: true, timeToIdle: 5)
        run(&life, [(15, .observed(running: 0), .idle, [])])
        let again = try JSONDecoder().decode(ClusterLifecycle.self, from: try JSONEncoder().encode(life))
        XCTAssertEqual(again, life)
    }
}
