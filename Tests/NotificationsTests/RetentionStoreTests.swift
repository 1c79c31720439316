import ClusterModel
import Foundation
import JobModel
import JobStore
import MasterModel
import XCTest

/// Retention of the outbox on a real SQLite file: what has ended before the cut-off goes (its
/// attempts with it), in bounded batches; what is pending or recent stays, and each subject's
/// newest event stays so that its numbering goes on.
final class RetentionStoreTests: XCTestCase {
    var folder: URL!
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var cutoff: Date { now.addingTimeInterval(-30 * 86400) }
    var old: Date { now.addingTimeInterval(-40 * 86400) }
    var recent: Date { now.addingTimeInterval(-86400) }

    var database: MasterDatabase!
    var store: NotificationStore { NotificationStore(database) }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try MasterDatabase(path: folder.appendingPathComponent("ess.db").path)
    }

    override func tearDownWithError() throws {
        database = nil
        try? FileManager.default.removeItem(at: folder)
    }

    func subscription(_ store: NotificationStore) throws -> Int64 {
        try store.insertSubscription(
            Subscription(url: "http://127.0.0.1/a", event: "*", jobID: nil, clusterID: nil, persistent: true, policy: "{}", secret: "whsec_AA==", at: old)
        ).id!
    }

    /// A test delivery made at `made`, tried at each of `tries`, ending as `state`.
    func delivery(_ store: NotificationStore, of sub: Int64, made: Date, tries: [Date], state: Delivery.State) throws -> Delivery {
        let delivery = try store.testDelivery(of: sub, at: made)
        for (index, at) in tries.enumerated() {
            let attempt = DeliveryAttempt(deliveryID: delivery.id!, subscriptionID: sub, at: at, url: "u", statusCode: 500, excerpt: nil, error: nil, durationMs: 1)
            try store.recordAttempt(attempt, state: index == tries.count - 1 ? state : .pending, retryAt: nil)
        }
        return delivery
    }

    func pruneAll(_ store: NotificationStore, batch: Int = 500) throws -> [PrunedBatch] {
        var batches: [PrunedBatch] = []
        while true {
            let pruned = try store.prune(before: cutoff, batch: batch)
            if pruned.isEmpty { return batches }
            batches.append(pruned)
            XCTAssertLessThan(batches.count, 100, "pruning ends")
        }
    }

    func testOldEndedDeliveriesGoWithTheirAttemptsAndEventsWhileRecentAndPendingOnesStay() throws {
        let sub = try subscription(store)
        let delivered = try delivery(store, of: sub, made: old, tries: [old, old], state: .delivered)
        let failed = try delivery(store, of: sub, made: old, tries: [old], state: .failed)
        let pending = try delivery(store, of: sub, made: old.addingTimeInterval(-86400 * 300), tries: [old], state: .pending)
        let triedLately = try delivery(store, of: sub, made: old, tries: [old, recent], state: .failed)
        let fresh = try delivery(store, of: sub, made: recent, tries: [recent], state: .delivered)
        let newest = try delivery(store, of: sub, made: old, tries: [old], state: .delivered)

        XCTAssertFalse(try pruneAll(store).isEmpty)

        XCTAssertEqual(try store.deliveries(of: sub).map(\.id), [pending.id, triedLately.id, fresh.id])
        XCTAssertEqual(Set(try store.attempts(of: sub).map(\.deliveryID)), [pending.id!, triedLately.id!, fresh.id!])
        XCTAssertNil(try store.outboxEvent(delivered.eventID))
        XCTAssertNil(try store.outboxEvent(failed.eventID))
        for kept in [pending, triedLately, fresh, newest] { XCTAssertNotNil(try store.outboxEvent(kept.eventID)) }
        XCTAssertEqual(try store.laneHeads().map(\.id), [pending.id], "the pending delivery is still its lane's head")

        // Deleting the subscription ends the rest: every event but the subject's newest goes then.
        _ = try store.deleteSubscription(sub)
        _ = try pruneAll(store)
        XCTAssertNil(try store.outboxEvent(pending.eventID), "an old event whose subscription is deleted")
        XCTAssertNil(try store.outboxEvent(triedLately.eventID))
        XCTAssertNotNil(try store.outboxEvent(fresh.eventID), "a recent event stays")
        XCTAssertNotNil(try store.outboxEvent(newest.eventID), "the subject's newest event stays")
    }

    func testAnEventNotYetFannedOutStaysHoweverOld() throws {
        let spec = try JobSpecParser.parse(Data(#"{"name":"count","command":"echo {input}","inputs":{"list":["x"]}}"#.utf8))
        _ = try ExecutionStore(database).submit(spec, start: true, at: old)
        var write = ExecutionWrite(exID: 1)
        write.status = .running
        try ExecutionStore(database).apply(write, at: old)
        XCTAssertEqual(try pruneAll(store), [])
        XCTAssertEqual(try store.unfannedEvents().map(\.seq), [1, 2])
    }

    func testASubjectsNumberingGoesOnAfterItsOldEventsArePruned() throws {
        let clusters = ClusterStore(database)
        var record = try clusters.sandboxCluster(at: old)
        for status in [ClusterLifecycle.Status.creating, .available] {
            record.status = status.rawValue
            record.updatedAt = old
            try clusters.save(record)
        }
        for event in try store.unfannedEvents() { try store.fanOut(event, to: [], at: old) }
        let batches = try pruneAll(store)
        XCTAssertEqual(batches.map(\.events).reduce(0, +), 2, "all but the newest of the cluster's three events")

        record.status = ClusterLifecycle.Status.idle.rawValue
        record.updatedAt = now
        try clusters.save(record)
        let next = try XCTUnwrap(store.unfannedEvents().first)
        XCTAssertEqual(next.event, "cluster.idled")
        XCTAssertEqual(next.seq, 4, "numbered after the cluster's last event, pruned or not")
    }

    func testEachBatchIsBoundedAndTheirSumIsEverything() throws {
        let sub = try subscription(store)
        var made: [Delivery] = []
        for _ in 0..<5 { made.append(try delivery(store, of: sub, made: old, tries: [old, old, old], state: .delivered)) }

        let batches = try pruneAll(store, batch: 2)
        XCTAssertGreaterThan(batches.count, 4)
        for batch in batches {
            XCTAssertLessThanOrEqual(batch.attempts, 2)
            XCTAssertLessThanOrEqual(batch.deliveries, 2)
            XCTAssertLessThanOrEqual(batch.events, 2)
        }
        XCTAssertEqual(batches.map(\.attempts).reduce(0, +), 15)
        XCTAssertEqual(batches.map(\.deliveries).reduce(0, +), 5)
        XCTAssertEqual(batches.map(\.events).reduce(0, +), 4, "the subscription's newest test event stays")
        XCTAssertEqual(try store.deliveries(of: sub), [])
        XCTAssertEqual(try store.attempts(of: sub), [])
        XCTAssertNotNil(try store.outboxEvent(made[4].eventID))
        let next = try store.testDelivery(of: sub, at: now)
        XCTAssertEqual(next.eventID, made[4].eventID + 1)
        XCTAssertEqual(try XCTUnwrap(store.deliveryContext(next.id!)).2.seq, 6, "the next test event is number 6")
    }
}
