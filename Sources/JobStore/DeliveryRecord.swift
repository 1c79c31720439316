import Foundation
import GRDB

/// One event to deliver to one subscription: pending until delivered or given up.
public struct DeliveryRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "deliveries"
    /// Where a delivery is.
    public enum State: String, Sendable, Codable {
        case pending, delivered, failed, cancelled
    }

    public var id: Int64?
    public var subscriptionID: Int64
    public var eventID: Int64
    /// Deliveries of one lane (one subscription, one subject) go out in event order.
    public var lane: String
    public var state: State
    public var attempts: Int
    /// When it may next be tried, in seconds since 1970.
    public var nextAt: Double

    enum CodingKeys: String, CodingKey {
        case id, lane, state, attempts
        case subscriptionID = "subscription_id"
        case eventID = "event_id"
        case nextAt = "next_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The Standard Webhooks message id: the same for every attempt of this delivery, across
    /// restarts of the master.
    public var webhookID: String { "msg_ess_\(eventID)_\(subscriptionID)" }
}
