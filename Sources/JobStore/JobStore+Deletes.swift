import Foundation
import GRDB
import JobModel

/// Deleting one execution (the dialects' "delete a job": Agave's job is an ess execution).
extension JobStore {
    /// Deletes an execution with its slices and history; refused while it is not terminal.
    /// Its job stays, with its other executions.
    public func deleteExecution(_ id: Int64) throws {
        try pool.write { db in
            guard let execution = try ExecutionRecord.fetchOne(db, key: id) else { throw JobStoreError.notFound(kind: "execution", id: id) }
            guard execution.status.isTerminal else {
                throw JobStoreError.conflict("execution \(id) is \(execution.status.rawValue); stop it first")
            }
            _ = try ExecutionRecord.deleteOne(db, key: id)
        }
    }
}
