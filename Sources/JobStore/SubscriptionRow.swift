import Foundation
import GRDB
import MasterModel

/// A subscription as a row of `subscriptions`.
struct SubscriptionRow: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "subscriptions"
    var value: Subscription

    init(_ value: Subscription) { self.value = value }

    init(row: Row) throws {
        value = Subscription(
            url: try row.decode(forColumn: "url"), event: try row.decode(forColumn: "event"), jobID: try row.decode(forColumn: "job_id"),
            clusterID: try row.decode(forColumn: "cluster_id"), persistent: try row.decode(forColumn: "persistent"),
            policy: try row.decode(forColumn: "policy"), secret: try row.decode(forColumn: "secret"), at: try row.decode(forColumn: "created_at"))
        value.id = try row.decode(forColumn: "id")
        value.exID = try row.decode(forColumn: "ex_id")
        value.enabled = try row.decode(forColumn: "enabled")
        value.disabledReason = try row.decode(forColumn: "disabled_reason")
        value.updatedAt = try row.decode(forColumn: "updated_at")
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = value.id
        container["url"] = value.url
        container["event"] = value.event
        container["job_id"] = value.jobID
        container["ex_id"] = value.exID
        container["cluster_id"] = value.clusterID
        container["persistent"] = value.persistent
        container["policy"] = value.policy
        container["secret"] = value.secret
        container["enabled"] = value.enabled
        container["disabled_reason"] = value.disabledReason
        container["created_at"] = value.createdAt
        container["updated_at"] = value.updatedAt
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { value.id = inserted.rowID }
}
