import Foundation
import GRDB
import JobModel
import MasterModel

/// An execution as a row of `executions`.
struct ExecutionRow: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "executions"
    var value: Execution

    init(_ value: Execution) { self.value = value }

    init(row: Row) throws {
        value = Execution(
            id: try row.decode(forColumn: "id"), jobID: try row.decode(forColumn: "job_id"), status: try row.decode(forColumn: "status"),
            spec: try row.decode(forColumn: "spec"), recoverOf: try row.decode(forColumn: "recover_of"),
            cleanup: try row.decode(forColumn: "cleanup"), failureReason: try row.decode(forColumn: "failure_reason"),
            queued: try row.decode(forColumn: "queued"), inFlight: try row.decode(forColumn: "in_flight"),
            completed: try row.decode(forColumn: "completed"), failed: try row.decode(forColumn: "failed"),
            retried: try row.decode(forColumn: "retried"), slicerCursor: try row.decode(forColumn: "slicer_cursor"),
            createdAt: try row.decode(forColumn: "created_at"), updatedAt: try row.decode(forColumn: "updated_at"),
            startedAt: try row.decode(forColumn: "started_at"), endedAt: try row.decode(forColumn: "ended_at"),
            clusterID: try row.decode(forColumn: "cluster_id"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = value.id
        container["job_id"] = value.jobID
        container["status"] = value.status
        container["spec"] = value.spec
        container["recover_of"] = value.recoverOf
        container["cleanup"] = value.cleanup
        container["failure_reason"] = value.failureReason
        container["queued"] = value.queued
        container["in_flight"] = value.inFlight
        container["completed"] = value.completed
        container["failed"] = value.failed
        container["retried"] = value.retried
        container["slicer_cursor"] = value.slicerCursor
        container["created_at"] = value.createdAt
        container["updated_at"] = value.updatedAt
        container["started_at"] = value.startedAt
        container["ended_at"] = value.endedAt
        container["cluster_id"] = value.clusterID
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { value.id = inserted.rowID }
}

extension ExecutionStatus: DatabaseValueConvertible {}
extension SliceState: DatabaseValueConvertible {}
