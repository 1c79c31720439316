import Foundation
import GRDB
import MasterModel

/// A history line as a row of `history`.
struct HistoryRow: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "history"
    var value: HistoryEntry

    init(_ value: HistoryEntry) { self.value = value }

    init(row: Row) throws {
        value = HistoryEntry(
            id: try row.decode(forColumn: "id"), exID: try row.decode(forColumn: "ex_id"), createdAt: try row.decode(forColumn: "created_at"),
            status: try row.decode(forColumn: "status"), description: try row.decode(forColumn: "description"),
            progress: try row.decode(forColumn: "progress"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = value.id
        container["ex_id"] = value.exID
        container["created_at"] = value.createdAt
        container["status"] = value.status
        container["description"] = value.description
        container["progress"] = value.progress
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { value.id = inserted.rowID }
}
