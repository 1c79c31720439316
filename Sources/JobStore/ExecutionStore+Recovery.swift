import Foundation
import GRDB
import JobModel
import MasterModel

/// Recovering a finished execution.
extension ExecutionStore {
    /// A recovery of a terminal execution, in one transaction: a new execution of the same job
    /// and spec whose slices are the old one's unfinished ones (by `cleanup`: `errors` only
    /// the failed ones, `pending` only those never finished, `all` or nil both), queued again
    /// under the same indices. Without `cleanup` it goes on slicing from where the old one
    /// stopped; with it, it replays that set and ends (Teraslice's semantics).
    public func newRecovery(of exID: Int64, cleanup: RecoveryCleanup?, at now: Date) throws -> Execution {
        try pool.write { db in
            guard let old = try ExecutionRow.fetchOne(db, key: exID)?.value else { throw StoreError.notFound(kind: "execution", id: exID) }
            guard old.status.isTerminal else {
                throw StoreError.conflict("execution \(exID) is \(old.status.rawValue); only a finished execution can be recovered (stop it first)")
            }
            if let active = try Self.activeExecution(db, jobID: old.jobID) {
                throw StoreError.conflict("job \(old.jobID) already has execution \(active.id ?? 0), which is \(active.status.rawValue)")
            }
            var row = ExecutionRow(try Self.insertExecution(
                db, jobID: old.jobID, spec: old.spec, recoverOf: exID, cleanup: cleanup?.rawValue, clusterID: old.clusterID, at: now))
            var cursor = old.cursor
            if cleanup != nil { cursor.finished = true }
            row.value.slicerCursor = try SortedJSON.text(cursor)
            try row.update(db)
            let states = (cleanup ?? .all).states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            try db.execute(
                sql: """
                    INSERT INTO slices (ex_id, idx, state, input, attempts)
                    SELECT ?, idx, 'pending', input, 0 FROM slices WHERE ex_id = ? AND state IN (\(states))
                    """,
                arguments: [row.value.id!, exID])
            return row.value
        }
    }
}
