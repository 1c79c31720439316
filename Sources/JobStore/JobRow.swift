import Foundation
import GRDB
import MasterModel

/// A job as a row of `jobs`.
struct JobRow: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "jobs"
    var value: Job

    init(_ value: Job) { self.value = value }

    init(row: Row) throws {
        value = Job(
            id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), spec: try row.decode(forColumn: "spec"),
            createdAt: try row.decode(forColumn: "created_at"), updatedAt: try row.decode(forColumn: "updated_at"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = value.id
        container["name"] = value.name
        container["spec"] = value.spec
        container["created_at"] = value.createdAt
        container["updated_at"] = value.updatedAt
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { value.id = inserted.rowID }
}
