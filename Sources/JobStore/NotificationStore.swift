import Foundation
import GRDB
import MasterModel

/// Subscriptions, the outbox's fan-out into deliveries, the record of every attempt, and the
/// retention of what has ended; each change one transaction.
public struct NotificationStore: Sendable {
    let database: MasterDatabase
    var pool: DatabasePool { database.pool }

    public init(_ database: MasterDatabase) { self.database = database }

    /// Rings when outbox events or deliveries are committed: the dispatcher waits on it.
    public var bell: OutboxBell { database.bell }

    public func insertSubscription(_ subscription: Subscription) throws -> Subscription {
        try pool.write { db in try Self.insert(subscription, db) }
    }

    public func subscription(_ id: Int64) throws -> Subscription {
        guard let subscription = try pool.read({ db in try SubscriptionRow.fetchOne(db, key: id)?.value }) else {
            throw StoreError.notFound(kind: "notification", id: id)
        }
        return subscription
    }

    public func subscriptions(offset: Int = 0, limit: Int = 1000) throws -> [Subscription] {
        try pool.read { db in try SubscriptionRow.order(Column("id")).limit(limit, offset: offset).fetchAll(db).map(\.value) }
    }

    /// The enabled subscriptions, for matching events.
    public func enabledSubscriptions() throws -> [Subscription] {
        try pool.read { db in try SubscriptionRow.filter(Column("enabled") == true).order(Column("id")).fetchAll(db).map(\.value) }
    }

    /// Deletes a subscription with its deliveries and attempts.
    public func deleteSubscription(_ id: Int64) throws -> Subscription {
        try pool.write { db in
            guard let subscription = try SubscriptionRow.fetchOne(db, key: id)?.value else { throw StoreError.notFound(kind: "notification", id: id) }
            _ = try SubscriptionRow.deleteOne(db, key: id)
            return subscription
        }
    }

    /// Replaces what a subscription wants (URL, event, filter, persistence, policy) and enables
    /// it again; its secret, deliveries and attempts stay, and so does its execution while its
    /// job does.
    public func updateSubscription(_ id: Int64, to wanted: Subscription, at now: Date) throws -> Subscription {
        try pool.write { db in
            guard var row = try SubscriptionRow.fetchOne(db, key: id) else { throw StoreError.notFound(kind: "notification", id: id) }
            if wanted.jobID != row.value.jobID || wanted.exID != nil { row.value.exID = wanted.exID }
            (row.value.url, row.value.event, row.value.jobID, row.value.clusterID) = (wanted.url, wanted.event, wanted.jobID, wanted.clusterID)
            (row.value.persistent, row.value.policy, row.value.enabled, row.value.disabledReason) = (wanted.persistent, wanted.policy, true, nil)
            row.value.updatedAt = now
            try row.update(db)
            return row.value
        }
    }

    /// Replaces a subscription's signing secret.
    public func rotateSecret(of id: Int64, to secret: String, at now: Date) throws -> Subscription {
        try pool.write { db in
            guard var row = try SubscriptionRow.fetchOne(db, key: id) else { throw StoreError.notFound(kind: "notification", id: id) }
            row.value.secret = secret
            row.value.updatedAt = now
            try row.update(db)
            return row.value
        }
    }

    /// Stores a subscription inside the caller's transaction (the executions store's, for a
    /// spec's `notifications`).
    @discardableResult
    static func insert(_ subscription: Subscription, _ db: Database) throws -> Subscription {
        var row = SubscriptionRow(subscription)
        try row.insert(db)
        return row.value
    }
}
