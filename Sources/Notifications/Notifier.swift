import Foundation
import JobAPI
import JobStore

/// The native core of notifications that `/v1/notifications` (and the Agave dialect) call:
/// add (checked first; a refusal stores nothing), list, show, attempts, a forced test
/// delivery, secret rotation, delete. Its calls block (SQLite): never on an event loop.
public struct Notifier: Sendable {
    public let store: JobStore
    public let hosts: HostGuard
    let now: @Sendable () -> Date

    public init(store: JobStore, hosts: HostGuard = HostGuard(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.hosts = hosts
        self.now = now
    }

    /// Checks and stores a subscription; the answer holds its secret (shown this once).
    public func add(_ body: NotificationRequestDocument) throws -> SubscriptionRecord {
        try store.insertSubscription(try checked(body))
    }

    /// Checks the new wishes and replaces a subscription's with them (Agave's update); a refusal changes nothing.
    public func update(_ id: Int64, _ body: NotificationRequestDocument) throws -> SubscriptionRecord {
        _ = try store.subscription(id)
        return try store.updateSubscription(id, to: try checked(body), at: now())
    }

    func checked(_ body: NotificationRequestDocument) throws -> SubscriptionRecord {
        let request = try SubscriptionRequest(body, hosts: hosts)
        do {
            if let jobID = request.jobID { _ = try store.job(jobID) }
            if let clusterID = request.clusterID, clusterID != 0 { _ = try store.cluster(clusterID) }
        } catch JobStoreError.notFound(let kind, let id) {
            throw SubscriptionTargetError(kind: kind, id: id)
        }
        return try request.record(at: now())
    }

    public func list(offset: Int = 0, limit: Int = 1000) throws -> [SubscriptionRecord] { try store.subscriptions(offset: offset, limit: limit) }

    public func show(_ id: Int64) throws -> SubscriptionRecord { try store.subscription(id) }

    /// The subscription's attempts with their deliveries' webhook ids and events.
    public func attempts(_ id: Int64) throws -> [(AttemptRecord, DeliveryRecord, OutboxRecord)] {
        _ = try store.subscription(id)
        let deliveries = Dictionary(uniqueKeysWithValues: try store.deliveries(of: id).map { ($0.id!, $0) })
        return try store.attempts(of: id).compactMap { attempt in
            guard let delivery = deliveries[attempt.deliveryID], let event = try store.outboxEvent(delivery.eventID) else { return nil }
            return (attempt, delivery, event)
        }
    }

    /// Counts of the subscription's deliveries by state.
    public func counts(_ id: Int64) throws -> [DeliveryRecord.State: Int] {
        Dictionary(grouping: try store.deliveries(of: id), by: \.state).mapValues(\.count)
    }

    /// Queues a `test` event for the subscription alone (delivered even when disabled).
    public func test(_ id: Int64) throws -> DeliveryRecord { try store.testDelivery(of: id, at: now()) }

    /// A new secret; the answer holds it (shown this once).
    public func rotate(_ id: Int64) throws -> SubscriptionRecord { try store.rotateSecret(of: id, to: WebhookSigner.newSecret(), at: now()) }

    public func delete(_ id: Int64) throws -> SubscriptionRecord { try store.deleteSubscription(id) }
}
