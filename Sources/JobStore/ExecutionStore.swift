import Foundation
import GRDB
import JobModel
import MasterModel

/// Jobs and their executions, with each execution's slices and history: every change that
/// must be seen together is one transaction, with the outbox events it causes (and, for a job
/// or an execution stored with subscriptions, those too).
public struct ExecutionStore: Sendable {
    let database: MasterDatabase
    var pool: DatabasePool { database.pool }

    public init(_ database: MasterDatabase) { self.database = database }

    /// Grows with every commit that changes jobs or executions: an answer made from reads begun
    /// at revision `r` is current while the revision is still `r`.
    public var revision: UInt64 { database.revision.current }

    /// Stores a job and, when `start`, its first execution (pending, on API cluster `clusterID`,
    /// nil: the master's own) with its first history line, in one transaction.
    /// `subscriptions` (the spec's `notifications`) are stored for the job in the same transaction.
    public func submit(
        _ spec: JobSpec, start: Bool, clusterID: Int64? = nil, subscriptions: [Subscription] = [], at now: Date
    ) throws -> (job: Job, execution: Execution?) {
        let text = try SortedJSON.text(spec)
        return try pool.write { db in
            var job = JobRow(Job(id: nil, name: spec.name, spec: text, createdAt: now, updatedAt: now))
            try job.insert(db)
            for var subscription in subscriptions {
                subscription.jobID = job.value.id
                try NotificationStore.insert(subscription, db)
            }
            let execution = start ? try Self.insertExecution(db, jobID: job.value.id!, spec: text, recoverOf: nil, cleanup: nil, clusterID: clusterID, at: now) : nil
            return (job.value, execution)
        }
    }

    /// A new execution of a stored job, with run-time `variables` over the job's, on API cluster
    /// `clusterID` (nil: the master's own); while another execution of the job is not terminal it
    /// is refused or runs beside it, as `sideBySide` says. `subscriptions` are stored for that
    /// execution alone, in the same transaction.
    public func newExecution(
        jobID: Int64, variables: [String: String], sideBySide: SideBySide, recoverOf: Int64? = nil, cleanup: String? = nil,
        clusterID: Int64? = nil, subscriptions: [Subscription] = [], at now: Date
    ) throws -> Execution {
        try pool.write { db in
            guard let job = try JobRow.fetchOne(db, key: jobID)?.value else { throw StoreError.notFound(kind: "job", id: jobID) }
            if sideBySide == .refused, let active = try Self.activeExecution(db, jobID: jobID) {
                throw StoreError.conflict("job \(jobID) already has execution \(active.id ?? 0), which is \(active.status.rawValue)")
            }
            var spec = try job.decodedSpec()
            spec.variables.merge(variables) { _, given in given }
            let execution = try Self.insertExecution(
                db, jobID: jobID, spec: try SortedJSON.text(spec), recoverOf: recoverOf, cleanup: cleanup, clusterID: clusterID, at: now)
            for var subscription in subscriptions {
                (subscription.jobID, subscription.exID) = (jobID, execution.id)
                try NotificationStore.insert(subscription, db)
            }
            return execution
        }
    }

    /// Stores one batch of an execution's changes in one transaction. The row (and its `updated_at`)
    /// is written only when one of its fields changes, so a finished execution reads the same twice.
    public func apply(_ write: ExecutionWrite, at now: Date) throws {
        guard !write.isEmpty else { return }
        try pool.write { db in
            guard var row = try ExecutionRow.fetchOne(db, key: write.exID) else {
                throw StoreError.notFound(kind: "execution", id: write.exID)
            }
            let jobID = row.value.jobID
            let before = row.value
            if let status = write.status, status != row.value.status {
                row.value.status = status
                try OutboxRow.append(db, kind: .execution, subject: write.exID, event: OutboxEvent.event(for: status), jobID: jobID, at: now)
                if status.group == .active, row.value.startedAt == nil { row.value.startedAt = now }
                if status.isTerminal { row.value.endedAt = now }
            }
            if let reason = write.failureReason { row.value.failureReason = reason }
            if let counts = write.counts {
                (row.value.queued, row.value.inFlight, row.value.completed, row.value.failed, row.value.retried) =
                    (counts.queued, counts.inFlight, counts.completed, counts.failed, counts.retried)
            }
            if let cursor = write.cursor { row.value.slicerCursor = try SortedJSON.text(cursor) }
            if row.value != before {
                row.value.updatedAt = now
                try row.update(db)
            }
            for line in write.history {
                if line.description.hasPrefix("Worker "), line.description.contains(" lost: ") {
                    try OutboxRow.append(db, kind: .execution, subject: write.exID, event: OutboxEvent.workerLost, jobID: jobID, at: line.at)
                }
                var history = HistoryRow(HistoryEntry(
                    id: nil, exID: write.exID, createdAt: line.at, status: line.status, description: line.description, progress: line.progress))
                try history.insert(db)
            }
            let insert = try db.cachedStatement(sql: "INSERT INTO slices (ex_id, idx, state, input, attempts) VALUES (?, ?, 'pending', ?, 0)")
            for slice in write.newSlices {
                try insert.execute(arguments: [write.exID, slice.index, try SortedJSON.text(slice)])
            }
            let update = try db.cachedStatement(sql: """
                UPDATE slices SET state = ?, attempts = ?, worker = ?, exit_code = ?, error = ?, stderr_tail = ?,
                  output_segment = ?, output_offset = ?, output_length = ?,
                  started_at = CASE WHEN ? = 'start' THEN ? ELSE started_at END,
                  ended_at = CASE WHEN ? IN ('completed', 'error') THEN ? ELSE ended_at END
                WHERE ex_id = ? AND idx = ?
                """)
            for change in write.sliceChanges {
                if change.state == .error {
                    try OutboxRow.append(db, kind: .execution, subject: write.exID, event: OutboxEvent.sliceFailed, jobID: jobID, at: change.at)
                }
                let state = change.state.rawValue
                try update.execute(arguments: [
                    state, change.attempts, change.worker, change.exitCode, change.error, change.stderrTail,
                    change.output?.segment, change.output?.offset, change.output?.length,
                    state, change.at, state, change.at, write.exID, change.index,
                ])
            }
        }
    }

    /// A restarted master's first step for an execution: slices that were in flight when it
    /// died did not survive, so they are pending again (the attempt does not count).
    public func requeueInFlight(of exID: Int64, at now: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE slices SET state = 'pending', attempts = MAX(attempts - 1, 0) WHERE ex_id = ? AND state = 'start'",
                arguments: [exID])
        }
    }

    /// Deletes a job with its executions, slices and history; refused while any of its
    /// executions is not terminal.
    public func deleteJob(_ id: Int64) throws {
        try pool.write { db in
            guard try JobRow.fetchOne(db, key: id) != nil else { throw StoreError.notFound(kind: "job", id: id) }
            if let active = try Self.activeExecution(db, jobID: id) {
                throw StoreError.conflict("job \(id) has execution \(active.id ?? 0), which is \(active.status.rawValue); stop it first")
            }
            _ = try JobRow.deleteOne(db, key: id)
        }
    }

    /// Deletes an execution with its slices and history; refused while it is not terminal.
    /// Its job stays, with its other executions (the dialects' "delete a job": Agave's job is an
    /// ess execution).
    public func deleteExecution(_ id: Int64) throws {
        try pool.write { db in
            guard let execution = try ExecutionRow.fetchOne(db, key: id)?.value else { throw StoreError.notFound(kind: "execution", id: id) }
            guard execution.status.isTerminal else {
                throw StoreError.conflict("execution \(id) is \(execution.status.rawValue); stop it first")
            }
            _ = try ExecutionRow.deleteOne(db, key: id)
        }
    }

    static func insertExecution(
        _ db: Database, jobID: Int64, spec: String, recoverOf: Int64?, cleanup: String?, clusterID: Int64?, at now: Date
    ) throws -> Execution {
        var row = ExecutionRow(Execution(
            id: nil, jobID: jobID, status: .pending, spec: spec, recoverOf: recoverOf, cleanup: cleanup, failureReason: nil,
            queued: 0, inFlight: 0, completed: 0, failed: 0, retried: 0, slicerCursor: try SortedJSON.text(SlicerCursor()),
            createdAt: now, updatedAt: now, startedAt: nil, endedAt: nil, clusterID: clusterID))
        try row.insert(db)
        let exID = row.value.id!
        try OutboxRow.append(db, kind: .execution, subject: exID, event: OutboxEvent.event(for: ExecutionStatus.pending), jobID: jobID, at: now)
        var line = HistoryRow(HistoryEntry(id: nil, exID: exID, createdAt: now, status: .pending, description: ExecutionStatus.pending.meaning, progress: nil))
        try line.insert(db)
        return row.value
    }

    static func activeExecution(_ db: Database, jobID: Int64) throws -> Execution? {
        let terminal = ExecutionStatus.allCases.filter(\.isTerminal).map(\.rawValue)
        return try ExecutionRow.filter(Column("job_id") == jobID && !terminal.contains(Column("status"))).order(Column("id").desc).fetchOne(db)?.value
    }
}
