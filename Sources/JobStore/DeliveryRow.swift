import Foundation
import GRDB
import MasterModel

/// A delivery as a row of `deliveries`.
struct DeliveryRow: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "deliveries"
    var value: Delivery

    init(_ value: Delivery) { self.value = value }

    init(row: Row) throws {
        value = Delivery(
            id: try row.decode(forColumn: "id"), subscriptionID: try row.decode(forColumn: "subscription_id"),
            eventID: try row.decode(forColumn: "event_id"), lane: try row.decode(forColumn: "lane"), state: try row.decode(forColumn: "state"),
            attempts: try row.decode(forColumn: "attempts"), nextAt: try row.decode(forColumn: "next_at"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = value.id
        container["subscription_id"] = value.subscriptionID
        container["event_id"] = value.eventID
        container["lane"] = value.lane
        container["state"] = value.state
        container["attempts"] = value.attempts
        container["next_at"] = value.nextAt
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { value.id = inserted.rowID }
}

extension Delivery.State: DatabaseValueConvertible {}
