import Foundation
import GRDB

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
