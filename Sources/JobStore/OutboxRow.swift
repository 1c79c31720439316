import Foundation
import GRDB
import MasterModel

/// An outbox event as a row of `outbox`; `append` adds one inside the caller's transaction,
/// which is how every store writes an event with the change that caused it.
struct OutboxRow: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "outbox"
    var value: OutboxEvent

    init(_ value: OutboxEvent) { self.value = value }

    init(row: Row) throws {
        value = OutboxEvent(
            id: try row.decode(forColumn: "id"), subjectKind: try row.decode(forColumn: "subject_kind"),
            subjectID: try row.decode(forColumn: "subject_id"), seq: try row.decode(forColumn: "seq"), event: try row.decode(forColumn: "event"),
            jobID: try row.decode(forColumn: "job_id"), createdAt: try row.decode(forColumn: "created_at"),
            fanned: try row.decode(forColumn: "fanned"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = value.id
        container["subject_kind"] = value.subjectKind
        container["subject_id"] = value.subjectID
        container["seq"] = value.seq
        container["event"] = value.event
        container["job_id"] = value.jobID
        container["created_at"] = value.createdAt
        container["fanned"] = value.fanned
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { value.id = inserted.rowID }

    /// Adds an event for the subject, numbered after its last one, inside the caller's transaction.
    @discardableResult
    static func append(
        _ db: Database, kind: OutboxEvent.Kind, subject: Int64, event: String, jobID: Int64? = nil, at now: Date
    ) throws -> OutboxEvent {
        let last = try Int64.fetchOne(
            db, sql: "SELECT MAX(seq) FROM outbox WHERE subject_kind = ? AND subject_id = ?", arguments: [kind.rawValue, subject]) ?? 0
        var row = OutboxRow(OutboxEvent(id: nil, subjectKind: kind, subjectID: subject, seq: last + 1, event: event, jobID: jobID, createdAt: now, fanned: false))
        try row.insert(db)
        return row.value
    }
}

extension OutboxEvent.Kind: DatabaseValueConvertible {}
