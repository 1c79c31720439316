import Foundation
import GRDB

/// A notification subscription as stored: where to send (a URL, maybe with `${…}` variables),
/// which events (a name or a wildcard), for which job or cluster, whether it keeps firing, its
/// retry policy (JSON) and its signing secret.
public struct SubscriptionRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "subscriptions"
    public var id: Int64?
    public var url: String
    public var event: String
    public var jobID: Int64?
    public var clusterID: Int64?
    public var persistent: Bool
    public var policy: String
    public var secret: String
    public var enabled: Bool
    public var disabledReason: String?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, url, event, persistent, policy, secret, enabled
        case jobID = "job_id"
        case clusterID = "cluster_id"
        case disabledReason = "disabled_reason"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        url: String, event: String, jobID: Int64?, clusterID: Int64?, persistent: Bool, policy: String, secret: String, at now: Date
    ) {
        self.url = url
        self.event = event
        self.jobID = jobID
        self.clusterID = clusterID
        self.persistent = persistent
        self.policy = policy
        self.secret = secret
        enabled = true
        createdAt = now
        updatedAt = now
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

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

/// One attempt at a delivery, as `ess notify attempts` lists it.
public struct AttemptRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "attempts"
    public var id: Int64?
    public var deliveryID: Int64
    public var subscriptionID: Int64
    public var at: Date
    /// The URL after templating.
    public var url: String
    public var statusCode: Int?
    /// The start of the receiver's answer.
    public var excerpt: String?
    public var error: String?
    public var durationMs: Int

    enum CodingKeys: String, CodingKey {
        case id, at, url, excerpt, error
        case deliveryID = "delivery_id"
        case subscriptionID = "subscription_id"
        case statusCode = "status_code"
        case durationMs = "duration_ms"
    }

    public init(deliveryID: Int64, subscriptionID: Int64, at: Date, url: String, statusCode: Int?, excerpt: String?, error: String?, durationMs: Int) {
        self.deliveryID = deliveryID
        self.subscriptionID = subscriptionID
        self.at = at
        self.url = url
        self.statusCode = statusCode
        self.excerpt = excerpt
        self.error = error
        self.durationMs = durationMs
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
