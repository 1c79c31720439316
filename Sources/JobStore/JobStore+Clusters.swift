import ClusterModel
import Foundation
import GRDB
import JobModel

/// The API clusters: stored beside the jobs (one database, one writer), each change one
/// transaction.
extension JobStore {
    /// Stores a new cluster; `folder` makes its folder's path from its id.
    public func insertCluster(_ record: ClusterRecord, folder: @Sendable (Int64) -> String) throws -> ClusterRecord {
        try pool.write { db in
            var record = record
            try record.insert(db)
            record.folder = folder(record.id!)
            try record.update(db)
            if let status = ClusterLifecycle.Status(rawValue: record.status) {
                try OutboxRecord.append(db, kind: .cluster, subject: record.id!, event: OutboxRecord.event(for: status), at: record.createdAt)
            }
            return record
        }
    }

    public func cluster(_ id: Int64) throws -> ClusterRecord {
        guard let record = try pool.read({ db in try ClusterRecord.fetchOne(db, key: id) }) else {
            throw JobStoreError.notFound(kind: "cluster", id: id)
        }
        return record
    }

    /// Clusters in the given statuses (all when nil) updated at or after `since`, sorted, paged.
    public func clusters(
        status: [ClusterLifecycle.Status]? = nil, since: Date? = nil, sort: ClusterSort = .id, descending: Bool = false, offset: Int = 0,
        limit: Int = 100
    ) throws -> [ClusterRecord] {
        try pool.read { db in
            var request = ClusterRecord.all()
            if let status { request = request.filter(status.map(\.rawValue).contains(Column("status"))) }
            if let since { request = request.filter(Column("updated_at") >= since) }
            let column = Column(sort.column)
            return try request.order(descending ? column.desc : column.asc, descending ? Column("id").desc : Column("id").asc)
                .limit(limit, offset: offset).fetchAll(db)
        }
    }

    /// Writes a cluster's new state, with an outbox event when its status changed.
    public func saveCluster(_ record: ClusterRecord) throws {
        try pool.write { db in
            let before = try String.fetchOne(db, sql: "SELECT status FROM clusters WHERE id = ?", arguments: [record.id])
            try record.update(db)
            if before != record.status, let id = record.id, let status = ClusterLifecycle.Status(rawValue: record.status) {
                try OutboxRecord.append(db, kind: .cluster, subject: id, event: OutboxRecord.event(for: status), at: record.updatedAt)
            }
        }
    }

    /// Unfinished executions on each API cluster (key nil: the master's own).
    public func runningJobCounts() throws -> [Int64?: Int] {
        let open = ExecutionStatus.allCases.filter { !$0.isTerminal }.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try pool.read { db in
            var counts: [Int64?: Int] = [:]
            let rows = try Row.fetchAll(db, sql: "SELECT cluster_id, COUNT(*) AS n FROM executions WHERE status IN (\(open)) GROUP BY cluster_id")
            for row in rows {
                let id: Int64? = row["cluster_id"]
                let count: Int = row["n"]
                counts[id] = count
            }
            return counts
        }
    }

    /// The workers (node names) running a slice of an execution on the cluster.
    public func busyWorkers(onCluster clusterID: Int64) throws -> Set<String> {
        try pool.read { db in
            let names = try String.fetchAll(db, sql: """
                SELECT DISTINCT s.worker FROM slices s JOIN executions e ON e.id = s.ex_id
                WHERE e.cluster_id = ? AND s.state = 'start' AND s.worker IS NOT NULL
                """, arguments: [clusterID])
            return Set(names)
        }
    }
}
