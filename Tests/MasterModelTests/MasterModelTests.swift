import ClusterModel
import Foundation
import JobModel
import MasterModel
import XCTest

/// The master's values on their own: event names, a cluster's machine kept as JSON, the
/// fallbacks when stored JSON cannot be read.
final class MasterModelTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func testEveryClusterStatusHasOneEventNameThatNamesItBack() {
        for status in ClusterLifecycle.Status.allCases {
            XCTAssertEqual(OutboxEvent.clusterStatus(of: OutboxEvent.event(for: status)), status, "\(status)")
        }
        XCTAssertEqual(OutboxEvent.event(for: ClusterLifecycle.Status.pending), "cluster.requested")
        XCTAssertEqual(OutboxEvent.event(for: ClusterLifecycle.Status.idle), "cluster.idled")
        XCTAssertEqual(OutboxEvent.event(for: ExecutionStatus.running), "job.running")
        XCTAssertNil(OutboxEvent.clusterStatus(of: "job.running"))
        XCTAssertNil(OutboxEvent.clusterStatus(of: OutboxEvent.sliceFailed))
    }

    func testAClusterKeepsItsMachineAndItsStatusTogether() throws {
        var life = ClusterLifecycle(nodes: 2, terminateOnIdle: true, timeToIdle: 60)
        var cluster = try APICluster(name: "c", type: "production", provider: "local", instanceType: "t2.micro", folder: "", life: life, at: now)
        XCTAssertNil(cluster.id)
        XCTAssertEqual(cluster.status, life.status.rawValue)
        XCTAssertEqual(try cluster.life(), life)
        _ = try life.handle(.begin, at: now, idleGrace: 10)
        let later = now.addingTimeInterval(5)
        try cluster.set(life, at: later)
        XCTAssertEqual(try cluster.life(), life)
        XCTAssertEqual(cluster.status, life.status.rawValue)
        XCTAssertNotEqual(cluster.status, ClusterLifecycle.Status.pending.rawValue)
        XCTAssertEqual(cluster.updatedAt, later)
        XCTAssertEqual(cluster.createdAt, now)
    }

    func testAnExecutionReadsItsCountsAndCursorAndAnUnreadableCursorStartsAfresh() throws {
        var cursor = SlicerCursor()
        cursor.finished = true
        var execution = Execution(
            id: 3, jobID: 1, status: .running, spec: "{}", recoverOf: nil, cleanup: nil, failureReason: nil, queued: 1, inFlight: 2,
            completed: 3, failed: 4, retried: 5, slicerCursor: try SortedJSON.text(cursor), createdAt: now, updatedAt: now,
            startedAt: nil, endedAt: nil, clusterID: nil)
        XCTAssertEqual(execution.counts, SliceCounts(queued: 1, inFlight: 2, completed: 3, failed: 4, retried: 5))
        XCTAssertEqual(execution.cursor, cursor)
        execution.slicerCursor = "not json"
        XCTAssertEqual(execution.cursor, SlicerCursor())
    }

    func testStoredJSONHasSortedKeysAndTheWebhookIDNamesEventAndSubscription() throws {
        XCTAssertEqual(try SortedJSON.text(["b": 1, "a": 2, "c": 3]), #"{"a":2,"b":1,"c":3}"#)
        let delivery = Delivery(id: 9, subscriptionID: 4, eventID: 17, lane: "4/execution/2", state: .pending, attempts: 0, nextAt: 0)
        XCTAssertEqual(delivery.webhookID, "msg_ess_17_4")
        XCTAssertEqual(RecoveryCleanup.errors.states, [.error])
        XCTAssertEqual(RecoveryCleanup.all.states, [.pending, .start, .error])
    }
}
