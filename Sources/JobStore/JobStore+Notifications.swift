import Foundation
import GRDB

/// Subscriptions, the outbox's fan-out into deliveries, and the record of every attempt; each
/// change one transaction.
extension JobStore {
    public func insertSubscription(_ record: SubscriptionRecord) throws -> SubscriptionRecord {
        try pool.write { db in
            var record = record
            try record.insert(db)
            return record
        }
    }

    public func subscription(_ id: Int64) throws -> SubscriptionRecord {
        guard let record = try pool.read({ db in try SubscriptionRecord.fetchOne(db, key: id) }) else {
            throw JobStoreError.notFound(kind: "notification", id: id)
        }
        return record
    }

    public func subscriptions(offset: Int = 0, limit: Int = 1000) throws -> [SubscriptionRecord] {
        try pool.read { db in try SubscriptionRecord.order(Column("id")).limit(limit, offset: offset).fetchAll(db) }
    }

    /// The enabled subscriptions, for matching events.
    public func enabledSubscriptions() throws -> [SubscriptionRecord] {
        try pool.read { db in try SubscriptionRecord.filter(Column("enabled") == true).order(Column("id")).fetchAll(db) }
    }

    /// Deletes a subscription with its deliveries and attempts.
    public func deleteSubscription(_ id: Int64) throws -> SubscriptionRecord {
        try pool.write { db in
            guard let record = try SubscriptionRecord.fetchOne(db, key: id) else { throw JobStoreError.notFound(kind: "notification", id: id) }
            _ = try SubscriptionRecord.deleteOne(db, key: id)
            return record
        }
    }

    /// Replaces what a subscription wants (URL, event, filter, persistence, policy) and enables
    /// it again; its secret, deliveries and attempts stay, and so does its execution while its
    /// job does.
    public func updateSubscription(_ id: Int64, to wanted: SubscriptionRecord, at now: Date) throws -> SubscriptionRecord {
        try pool.write { db in
            guard var record = try SubscriptionRecord.fetchOne(db, key: id) else { throw JobStoreError.notFound(kind: "notification", id: id) }
            if wanted.jobID != record.jobID || wanted.exID != nil { record.exID = wanted.exID }
            (record.url, record.event, record.jobID, record.clusterID) = (wanted.url, wanted.event, wanted.jobID, wanted.clusterID)
            (record.persistent, record.policy, record.enabled, record.disabledReason) = (wanted.persistent, wanted.policy, true, nil)
            record.updatedAt = now
            try record.update(db)
            return record
        }
    }

    /// Replaces a subscription's signing secret.
    public func rotateSecret(of id: Int64, to secret: String, at now: Date) throws -> SubscriptionRecord {
        try pool.write { db in
            guard var record = try SubscriptionRecord.fetchOne(db, key: id) else { throw JobStoreError.notFound(kind: "notification", id: id) }
            record.secret = secret
            record.updatedAt = now
            try record.update(db)
            return record
        }
    }

    /// Outbox events not yet turned into deliveries, oldest first.
    public func unfannedEvents(limit: Int = 500) throws -> [OutboxRecord] {
        try pool.read { db in try OutboxRecord.filter(Column("fanned") == false).order(Column("id")).limit(limit).fetchAll(db) }
    }

    public func outboxEvent(_ id: Int64) throws -> OutboxRecord? {
        try pool.read { db in try OutboxRecord.fetchOne(db, key: id) }
    }

    /// In one transaction: one pending delivery of `event` to each subscription named, the
    /// event marked as fanned out, and the one-shot ones among them disabled (they have fired).
    public func fanOut(_ event: OutboxRecord, to subscriptions: [SubscriptionRecord], at now: Date) throws {
        try pool.write { db in
            for subscription in subscriptions {
                guard let subID = subscription.id else { continue }
                let lane = "\(subID)/\(event.subjectKind.rawValue)/\(event.subjectID)"
                var delivery = DeliveryRecord(
                    id: nil, subscriptionID: subID, eventID: event.id!, lane: lane, state: .pending, attempts: 0, nextAt: now.timeIntervalSince1970)
                try delivery.insert(db, onConflict: .ignore)
                if !subscription.persistent {
                    try db.execute(
                        sql: "UPDATE subscriptions SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE id = ? AND enabled = 1",
                        arguments: ["fired once (not persistent) for \(event.event)", now, subID])
                }
            }
            try db.execute(sql: "UPDATE outbox SET fanned = 1 WHERE id = ?", arguments: [event.id])
        }
    }

    /// A forced delivery: a `test` event of the subscription and its delivery, in one transaction.
    public func testDelivery(of id: Int64, at now: Date) throws -> DeliveryRecord {
        try pool.write { db in
            guard try SubscriptionRecord.fetchOne(db, key: id) != nil else { throw JobStoreError.notFound(kind: "notification", id: id) }
            var event = try OutboxRecord.append(db, kind: .test, subject: id, event: "test", at: now)
            event.fanned = true
            try event.update(db)
            var delivery = DeliveryRecord(
                id: nil, subscriptionID: id, eventID: event.id!, lane: "\(id)/test/\(id)", state: .pending, attempts: 0,
                nextAt: now.timeIntervalSince1970)
            try delivery.insert(db)
            return delivery
        }
    }

    /// The first pending delivery of every lane (deliveries of a lane go in event order), whether due or not.
    public func laneHeads(limit: Int = 1000) throws -> [DeliveryRecord] {
        try pool.read { db in
            try DeliveryRecord.fetchAll(db, sql: """
                SELECT d.* FROM deliveries d
                WHERE d.state = 'pending'
                  AND d.event_id = (SELECT MIN(e.event_id) FROM deliveries e WHERE e.lane = d.lane AND e.state = 'pending')
                ORDER BY d.next_at, d.id LIMIT ?
                """, arguments: [limit])
        }
    }

    /// What one attempt needs: the delivery, its subscription and its event.
    public func deliveryContext(_ id: Int64) throws -> (DeliveryRecord, SubscriptionRecord, OutboxRecord)? {
        try pool.read { db in
            guard let delivery = try DeliveryRecord.fetchOne(db, key: id),
                let subscription = try SubscriptionRecord.fetchOne(db, key: delivery.subscriptionID),
                let event = try OutboxRecord.fetchOne(db, key: delivery.eventID)
            else { return nil }
            return (delivery, subscription, event)
        }
    }

    /// Records an attempt and where the delivery goes next, in one transaction: delivered,
    /// tried again at `retryAt`, given up, or (`disable`, a 410) given up with the
    /// subscription disabled and its other pending deliveries cancelled.
    public func recordAttempt(_ attempt: AttemptRecord, state: DeliveryRecord.State, retryAt: Date?, disable: String? = nil) throws {
        try pool.write { db in
            var attempt = attempt
            try attempt.insert(db)
            try db.execute(
                sql: "UPDATE deliveries SET attempts = attempts + 1, state = ?, next_at = COALESCE(?, next_at) WHERE id = ?",
                arguments: [state.rawValue, retryAt?.timeIntervalSince1970, attempt.deliveryID])
            if let disable {
                try db.execute(
                    sql: "UPDATE subscriptions SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE id = ?",
                    arguments: [disable, attempt.at, attempt.subscriptionID])
                try db.execute(
                    sql: "UPDATE deliveries SET state = 'cancelled' WHERE subscription_id = ? AND state = 'pending'",
                    arguments: [attempt.subscriptionID])
            }
        }
    }

    /// A subscription's attempts, oldest first.
    public func attempts(of subscriptionID: Int64, offset: Int = 0, limit: Int = 1000) throws -> [AttemptRecord] {
        try pool.read { db in
            try AttemptRecord.filter(Column("subscription_id") == subscriptionID).order(Column("id")).limit(limit, offset: offset).fetchAll(db)
        }
    }

    /// A subscription's deliveries, oldest first.
    public func deliveries(of subscriptionID: Int64) throws -> [DeliveryRecord] {
        try pool.read { db in try DeliveryRecord.filter(Column("subscription_id") == subscriptionID).order(Column("id")).fetchAll(db) }
    }
}
