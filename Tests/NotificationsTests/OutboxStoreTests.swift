import ClusterModel
import Foundation
import JobModel
import JobStore
import MasterModel
import Notifications
import XCTest

/// The outbox on a real SQLite file: an event per status change in the change's own
/// transaction (none for a rolled-back one), numbered per subject; the fan-out into deliveries.
final class OutboxStoreTests: XCTestCase {
    var folder: URL!
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var database: MasterDatabase!
    var executions: ExecutionStore { ExecutionStore(database) }
    var clusters: ClusterStore { ClusterStore(database) }
    var notifications: NotificationStore { NotificationStore(database) }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try MasterDatabase(path: folder.appendingPathComponent("ess.db").path)
    }

    override func tearDownWithError() throws {
        database = nil
        try? FileManager.default.removeItem(at: folder)
    }

    func spec() throws -> JobSpec {
        try JobSpecParser.parse(Data(#"{"name":"count","command":"echo {input}","inputs":{"list":["x","y"]}}"#.utf8))
    }

    func testEachStatusChangeAddsOneNumberedEventAndARolledBackOneAddsNone() throws {
        _ = try executions.submit(try spec(), start: true, at: now)
        var write = ExecutionWrite(exID: 1)
        write.status = .running
        try executions.apply(write, at: now)
        var counts = ExecutionWrite(exID: 1)
        counts.counts = SliceCounts()
        try executions.apply(counts, at: now)
        var broken = ExecutionWrite(exID: 1)
        broken.status = .completed
        broken.newSlices = [SliceInput(index: 0, values: [:]), SliceInput(index: 0, values: [:])]
        XCTAssertThrowsError(try executions.apply(broken, at: now))
        let events = try notifications.unfannedEvents()
        XCTAssertEqual(events.map(\.event), ["job.pending", "job.running"])
        XCTAssertEqual(events.map(\.seq), [1, 2])
        XCTAssertEqual(events.map(\.jobID), [1, 1])
        XCTAssertThrowsError(try executions.newRecovery(of: 1, cleanup: nil, at: now))
        XCTAssertEqual(try notifications.unfannedEvents().count, 2, "a refused recovery adds no event")
    }

    func testASliceFailedBeyondItsRetriesAndALostWorkerAreEvents() throws {
        _ = try executions.submit(try spec(), start: true, at: now)
        var write = ExecutionWrite(exID: 1)
        write.newSlices = [SliceInput(index: 0, values: [:]), SliceInput(index: 1, values: [:])]
        try executions.apply(write, at: now)
        var failed = ExecutionWrite(exID: 1)
        failed.sliceChanges = [
            SliceChange(index: 0, state: .start, attempts: 1, worker: "n1", at: now),
            SliceChange(index: 1, state: .error, attempts: 3, worker: "n1", exitCode: 3, error: "exit 3", at: now),
        ]
        failed.history = [HistoryLine(status: .running, description: "Worker n1 lost: the connection closed", at: now)]
        try executions.apply(failed, at: now)
        XCTAssertEqual(try notifications.unfannedEvents().map(\.event), ["job.pending", "job.worker_lost", "job.slice_failed"])
        XCTAssertTrue(try XCTUnwrap(EventPattern("job.*")).matches("job.slice_failed"))
        XCTAssertNotNil(EventPattern("job.worker_lost"))
    }

    func testClusterStatusChangesAreEventsInXplentysWords() throws {
        var record = try clusters.sandboxCluster(at: now)
        record.status = ClusterLifecycle.Status.creating.rawValue
        try clusters.save(record)
        try clusters.save(record)
        record.status = ClusterLifecycle.Status.idle.rawValue
        try clusters.save(record)
        XCTAssertEqual(try notifications.unfannedEvents().map(\.event), ["cluster.requested", "cluster.creating", "cluster.idled"])
        XCTAssertEqual(try notifications.unfannedEvents().map(\.seq), [1, 2, 3])
    }

    func testFanOutFiresAOneShotSubscriptionOnceAndKeepsLanesInOrder() throws {
        let once = try notifications.insertSubscription(
            Subscription(url: "http://127.0.0.1/a", event: "job.*", jobID: nil, clusterID: nil, persistent: false, policy: "{}", secret: "whsec_AA==", at: now))
        let always = try notifications.insertSubscription(
            Subscription(url: "http://127.0.0.1/b", event: "job.*", jobID: nil, clusterID: nil, persistent: true, policy: "{}", secret: "whsec_AA==", at: now))
        _ = try executions.submit(try spec(), start: true, at: now)
        var write = ExecutionWrite(exID: 1)
        write.status = .running
        try executions.apply(write, at: now)
        let events = try notifications.unfannedEvents()
        try notifications.fanOut(events[0], to: [once, always], at: now)
        XCTAssertFalse(try notifications.subscription(once.id!).enabled, "a one-shot subscription has fired")
        XCTAssertEqual(try notifications.enabledSubscriptions().map(\.id), [always.id])
        try notifications.fanOut(events[1], to: [always], at: now)
        XCTAssertEqual(try notifications.unfannedEvents(), [])
        let heads = try notifications.laneHeads()
        XCTAssertEqual(heads.map(\.eventID).sorted(), [events[0].id!, events[0].id!], "each lane's first event goes first")
        let head = try XCTUnwrap(heads.first { $0.subscriptionID == always.id })
        let attempt = DeliveryAttempt(deliveryID: head.id!, subscriptionID: always.id!, at: now, url: "u", statusCode: 200, excerpt: nil, error: nil, durationMs: 1)
        try notifications.recordAttempt(attempt, state: .delivered, retryAt: nil)
        XCTAssertEqual(try notifications.laneHeads().first { $0.subscriptionID == always.id }?.eventID, events[1].id)
        XCTAssertEqual(head.webhookID, "msg_ess_\(events[0].id!)_\(always.id!)")
    }
}
