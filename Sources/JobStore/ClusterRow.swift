import Foundation
import GRDB
import MasterModel

/// An API cluster as a row of `clusters`.
struct ClusterRow: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "clusters"
    var value: APICluster

    init(_ value: APICluster) { self.value = value }

    init(row: Row) throws {
        value = APICluster(
            id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), type: try row.decode(forColumn: "type"),
            provider: try row.decode(forColumn: "provider"), instanceType: try row.decode(forColumn: "instance_type"),
            folder: try row.decode(forColumn: "folder"), status: try row.decode(forColumn: "status"),
            lifecycle: try row.decode(forColumn: "lifecycle"), createdAt: try row.decode(forColumn: "created_at"),
            updatedAt: try row.decode(forColumn: "updated_at"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = value.id
        container["name"] = value.name
        container["type"] = value.type
        container["provider"] = value.provider
        container["instance_type"] = value.instanceType
        container["folder"] = value.folder
        container["status"] = value.status
        container["lifecycle"] = value.lifecycle
        container["created_at"] = value.createdAt
        container["updated_at"] = value.updatedAt
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { value.id = inserted.rowID }
}
