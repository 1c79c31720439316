import Foundation
import GRDB
import MasterModel

/// The outbox's fan-out into deliveries, the lanes' heads, and the record of every attempt.
extension NotificationStore {
    /// Outbox events not yet turned into deliveries, oldest first.
    public func unfannedEvents(limit: Int = 500) throws -> [OutboxEvent] {
        try pool.read { db in try OutboxRow.filter(Column("fanned") == false).order(Column("id")).limit(limit).fetchAll(db).map(\.value) }
    }

    public func outboxEvent(_ id: Int64) throws -> OutboxEvent? {
        try pool.read { db in try OutboxRow.fetchOne(db, key: id)?.value }
    }

    /// In one transaction: one pending delivery of `event` to each subscription named, the
    /// event marked as fanned out, and the one-shot ones among them disabled (they have fired).
    public func fanOut(_ event: OutboxEvent, to subscriptions: [Subscription], at now: Date) throws {
        try pool.write { db in
            for subscription in subscriptions {
                guard let subID = subscription.id else { continue }
                let lane = "\(subID)/\(event.subjectKind.rawValue)/\(event.subjectID)"
                var delivery = DeliveryRow(Delivery(
                    id: nil, subscriptionID: subID, eventID: event.id!, lane: lane, state: .pending, attempts: 0, nextAt: now.timeIntervalSince1970))
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
    public func testDelivery(of id: Int64, at now: Date) throws -> Delivery {
        try pool.write { db in
            guard try SubscriptionRow.fetchOne(db, key: id) != nil else { throw StoreError.notFound(kind: "notification", id: id) }
            var event = OutboxRow(try OutboxRow.append(db, kind: .test, subject: id, event: "test", at: now))
            event.value.fanned = true
            try event.update(db)
            var delivery = DeliveryRow(Delivery(
                id: nil, subscriptionID: id, eventID: event.value.id!, lane: "\(id)/test/\(id)", state: .pending, attempts: 0,
                nextAt: now.timeIntervalSince1970))
            try delivery.insert(db)
            return delivery.value
        }
    }

    /// The first pending delivery of every lane (deliveries of a lane go in event order), whether due or not.
    public func laneHeads(limit: Int = 1000) throws -> [Delivery] {
        try pool.read { db in
            try DeliveryRow.fetchAll(db, sql: """
                SELECT d.* FROM deliveries d
                WHERE d.state = 'pending'
                  AND d.event_id = (SELECT MIN(e.event_id) FROM deliveries e WHERE e.lane = d.lane AND e.state = 'pending')
                ORDER BY d.next_at, d.id LIMIT ?
                """, arguments: [limit]).map(\.value)
        }
    }

    /// What one attempt needs: the delivery, its subscription and its event.
    public func deliveryContext(_ id: Int64) throws -> (Delivery, Subscription, OutboxEvent)? {
        try pool.read { db in
            guard let delivery = try DeliveryRow.fetchOne(db, key: id)?.value,
                let subscription = try SubscriptionRow.fetchOne(db, key: delivery.subscriptionID)?.value,
                let event = try OutboxRow.fetchOne(db, key: delivery.eventID)?.value
            else { return nil }
            return (delivery, subscription, event)
        }
    }

    /// Records an attempt and where the delivery goes next, in one transaction: delivered,
    /// tried again at `retryAt`, given up, or (`disable`, a 410) given up with the
    /// subscription disabled and its other pending deliveries cancelled.
    public func recordAttempt(_ attempt: DeliveryAttempt, state: Delivery.State, retryAt: Date?, disable: String? = nil) throws {
        try pool.write { db in
            var row = AttemptRow(attempt)
            try row.insert(db)
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
    public func attempts(of subscriptionID: Int64, offset: Int = 0, limit: Int = 1000) throws -> [DeliveryAttempt] {
        try pool.read { db in
            try AttemptRow.filter(Column("subscription_id") == subscriptionID).order(Column("id")).limit(limit, offset: offset).fetchAll(db).map(\.value)
        }
    }

    /// A subscription's deliveries, oldest first.
    public func deliveries(of subscriptionID: Int64) throws -> [Delivery] {
        try pool.read { db in try DeliveryRow.filter(Column("subscription_id") == subscriptionID).order(Column("id")).fetchAll(db).map(\.value) }
    }
}
