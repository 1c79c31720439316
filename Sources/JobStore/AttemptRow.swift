import Foundation
import GRDB
import MasterModel

/// A delivery attempt as a row of `attempts`.
struct AttemptRow: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "attempts"
    var value: DeliveryAttempt

    init(_ value: DeliveryAttempt) { self.value = value }

    init(row: Row) throws {
        value = DeliveryAttempt(
            deliveryID: try row.decode(forColumn: "delivery_id"), subscriptionID: try row.decode(forColumn: "subscription_id"),
            at: try row.decode(forColumn: "at"), url: try row.decode(forColumn: "url"), statusCode: try row.decode(forColumn: "status_code"),
            excerpt: try row.decode(forColumn: "excerpt"), error: try row.decode(forColumn: "error"),
            durationMs: try row.decode(forColumn: "duration_ms"))
        value.id = try row.decode(forColumn: "id")
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = value.id
        container["delivery_id"] = value.deliveryID
        container["subscription_id"] = value.subscriptionID
        container["at"] = value.at
        container["url"] = value.url
        container["status_code"] = value.statusCode
        container["excerpt"] = value.excerpt
        container["error"] = value.error
        container["duration_ms"] = value.durationMs
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { value.id = inserted.rowID }
}
