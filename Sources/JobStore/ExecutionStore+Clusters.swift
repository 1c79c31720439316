import Foundation
import GRDB
import JobModel
import MasterModel

/// What runs on the API clusters, as the cluster controller asks it.
extension ExecutionStore {
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
