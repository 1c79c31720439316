import Foundation
import JobAPI
import JobStore
import MasterModel

/// The native core of notifications that `/v1/notifications` (and the Agave dialect) call:
/// add (checked first; a refusal stores nothing), list, show, attempts, a forced test
/// delivery, secret rotation, delete. Its calls block (SQLite): never on an event loop.
public struct Notifier: Sendable {
    let store: NotificationStore
    /// The jobs and clusters a subscription may name.
    let executions: ExecutionStore
    let clusters: ClusterStore
    public let hosts: HostGuard
    let now: @Sendable () -> Date

    public init(database: MasterDatabase, hosts: HostGuard = HostGuard(), now: @escaping @Sendable () -> Date = { Date() }) {
        store = NotificationStore(database)
        executions = ExecutionStore(database)
        clusters = ClusterStore(database)
        self.hosts = hosts
        self.now = now
    }

    /// Checks and stores a subscription; the answer holds its secret (shown this once).
    public func add(_ body: NotificationRequestDocument) throws -> Subscription {
        try store.insertSubscription(try checked(body))
    }

    /// Checks the new wishes and replaces a subscription's with them (Agave's update); a refusal changes nothing.
    public func update(_ id: Int64, _ body: NotificationRequestDocument) throws -> Subscription {
        _ = try store.subscription(id)
        return try store.updateSubscription(id, to: try checked(body), at: now())
    }

    func checked(_ body: NotificationRequestDocument) throws -> Subscription {
        let request = try SubscriptionRequest(body, hosts: hosts)
        do {
            if let jobID = request.jobID { _ = try executions.job(jobID) }
            if let clusterID = request.clusterID, clusterID != 0 { _ = try clusters.cluster(clusterID) }
        } catch StoreError.notFound(let kind, let id) {
            throw SubscriptionTargetError(kind: kind, id: id)
        }
        return try request.subscription(at: now())
    }

    public func list(offset: Int = 0, limit: Int = 1000) throws -> [Subscription] { try store.subscriptions(offset: offset, limit: limit) }

    public func show(_ id: Int64) throws -> Subscription { try store.subscription(id) }

    /// The subscription's attempts with their deliveries' webhook ids and events.
    public func attempts(_ id: Int64) throws -> [(DeliveryAttempt, Delivery, OutboxEvent)] {
        _ = try store.subscription(id)
        let deliveries = Dictionary(uniqueKeysWithValues: try store.deliveries(of: id).map { ($0.id!, $0) })
        return try store.attempts(of: id).compactMap { attempt in
            guard let delivery = deliveries[attempt.deliveryID], let event = try store.outboxEvent(delivery.eventID) else { return nil }
            return (attempt, delivery, event)
        }
    }

    /// Counts of the subscription's deliveries by state.
    public func counts(_ id: Int64) throws -> [Delivery.State: Int] {
        Dictionary(grouping: try store.deliveries(of: id), by: \.state).mapValues(\.count)
    }

    /// Queues a `test` event for the subscription alone (delivered even when disabled).
    public func test(_ id: Int64) throws -> Delivery { try store.testDelivery(of: id, at: now()) }

    /// A new secret; the answer holds it (shown this once).
    public func rotate(_ id: Int64) throws -> Subscription { try store.rotateSecret(of: id, to: WebhookSigner.newSecret(), at: now()) }

    public func delete(_ id: Int64) throws -> Subscription { try store.deleteSubscription(id) }
}
