import Foundation
import GRDB
import JobModel

/// The master's store: jobs, executions, slices and history in SQLite (`.conf/ess.db`, WAL, one
/// writer, many readers). The master is its only writer. Every change that must be seen
/// together is one transaction; no SQL lives outside this target.
public final class JobStore: Sendable {
    public let path: String
    let pool: DatabasePool
    /// Rings when outbox events or deliveries are committed (the notification dispatcher waits on it).
    public let outboxBell = OutboxBell()
    /// Grows with every commit that changes jobs or executions (for the master's read cache).
    public let revision = StoreRevision()

    /// Opens (or makes) the database and brings its schema up to date; refuses one written by a
    /// newer ess, and a file that is not a database.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        let migrator = JobStoreSchema.migrator
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let unknown = try pool.read { db in try migrator.appliedIdentifiers(db).subtracting(migrator.migrations) }
            guard unknown.isEmpty else { throw JobStoreError.newerSchema(path: path, unknown: unknown.sorted()) }
            try migrator.migrate(pool)
            pool.add(transactionObserver: outboxBell, extent: .databaseLifetime)
            pool.add(transactionObserver: revision, extent: .databaseLifetime)
        } catch let error as JobStoreError {
            throw error
        } catch {
            throw JobStoreError.unusable(path: path, reason: "\(error)")
        }
    }

    /// Closes the database: the master's last step, once nothing uses the store any more.
    public func close() {
        try? pool.close()
    }

    /// Stores a job and, when `start`, its first execution (pending, on API cluster `clusterID`,
    /// nil: the master's own) with its first history line, in one transaction.
    /// `subscriptions` (the spec's `notifications`) are stored for the job in the same transaction.
    public func submit(
        _ spec: JobSpec, start: Bool, clusterID: Int64? = nil, subscriptions: [SubscriptionRecord] = [], at now: Date
    ) throws -> (job: JobRecord, execution: ExecutionRecord?) {
        let text = try Self.encode(spec)
        return try pool.write { db in
            var job = JobRecord(id: nil, name: spec.name, spec: text, createdAt: now, updatedAt: now)
            try job.insert(db)
            for var subscription in subscriptions {
                subscription.jobID = job.id
                try subscription.insert(db)
            }
            let execution = start ? try Self.insertExecution(db, jobID: job.id!, spec: text, recoverOf: nil, cleanup: nil, clusterID: clusterID, at: now) : nil
            return (job, execution)
        }
    }

    /// A new execution of a stored job, with run-time `variables` over the job's, on API cluster
    /// `clusterID` (nil: the master's own); refused while another execution of the job is not terminal.
    /// `subscriptions` are stored for that execution alone, in the same transaction.
    public func newExecution(
        jobID: Int64, variables: [String: String], recoverOf: Int64? = nil, cleanup: String? = nil, clusterID: Int64? = nil,
        subscriptions: [SubscriptionRecord] = [], at now: Date
    ) throws -> ExecutionRecord {
        try pool.write { db in
            guard let job = try JobRecord.fetchOne(db, key: jobID) else { throw JobStoreError.notFound(kind: "job", id: jobID) }
            if let active = try Self.activeExecution(db, jobID: jobID) {
                throw JobStoreError.conflict("job \(jobID) already has execution \(active.id ?? 0), which is \(active.status.rawValue)")
            }
            var spec = try job.decodedSpec()
            spec.variables.merge(variables) { _, given in given }
            let execution = try Self.insertExecution(db, jobID: jobID, spec: try Self.encode(spec), recoverOf: recoverOf, cleanup: cleanup, clusterID: clusterID, at: now)
            for var subscription in subscriptions {
                (subscription.jobID, subscription.exID) = (jobID, execution.id)
                try subscription.insert(db)
            }
            return execution
        }
    }

    /// Stores one batch of an execution's changes in one transaction.
    public func apply(_ write: ExecutionWrite, at now: Date) throws {
        guard !write.isEmpty else { return }
        try pool.write { db in
            guard var execution = try ExecutionRecord.fetchOne(db, key: write.exID) else {
                throw JobStoreError.notFound(kind: "execution", id: write.exID)
            }
            if let status = write.status, status != execution.status {
                execution.status = status
                try OutboxRecord.append(db, kind: .execution, subject: write.exID, event: OutboxRecord.event(for: status), jobID: execution.jobID, at: now)
                if status.group == .active, execution.startedAt == nil { execution.startedAt = now }
                if status.isTerminal { execution.endedAt = now }
            }
            if let reason = write.failureReason { execution.failureReason = reason }
            if let counts = write.counts {
                (execution.queued, execution.inFlight, execution.completed, execution.failed, execution.retried) =
                    (counts.queued, counts.inFlight, counts.completed, counts.failed, counts.retried)
            }
            if let cursor = write.cursor { execution.slicerCursor = try Self.encode(cursor) }
            execution.updatedAt = now
            try execution.update(db)
            for line in write.history {
                if line.description.hasPrefix("Worker "), line.description.contains(" lost: ") {
                    try OutboxRecord.append(db, kind: .execution, subject: write.exID, event: OutboxRecord.workerLost, jobID: execution.jobID, at: line.at)
                }
                var record = HistoryRecord(id: nil, exID: write.exID, createdAt: line.at, status: line.status, description: line.description, progress: line.progress)
                try record.insert(db)
            }
            let insert = try db.cachedStatement(sql: "INSERT INTO slices (ex_id, idx, state, input, attempts) VALUES (?, ?, 'pending', ?, 0)")
            for slice in write.newSlices {
                try insert.execute(arguments: [write.exID, slice.index, try Self.encode(slice)])
            }
            let update = try db.cachedStatement(sql: """
                UPDATE slices SET state = ?, attempts = ?, worker = ?, exit_code = ?, error = ?, stderr_tail = ?,
                  started_at = CASE WHEN ? = 'start' THEN ? ELSE started_at END,
                  ended_at = CASE WHEN ? IN ('completed', 'error') THEN ? ELSE ended_at END
                WHERE ex_id = ? AND idx = ?
                """)
            for change in write.sliceChanges {
                if change.state == .error {
                    try OutboxRecord.append(db, kind: .execution, subject: write.exID, event: OutboxRecord.sliceFailed, jobID: execution.jobID, at: change.at)
                }
                let state = change.state.rawValue
                try update.execute(arguments: [
                    state, change.attempts, change.worker, change.exitCode, change.error, change.stderrTail,
                    state, change.at, state, change.at, write.exID, change.index,
                ])
            }
        }
    }

    /// A recovery of a terminal execution, in one transaction: a new execution of the same job
    /// and spec whose slices are the old one's unfinished ones (by `cleanup`: `errors` only
    /// the failed ones, `pending` only those never finished, `all` or nil both), queued again
    /// under the same indices. Without `cleanup` it goes on slicing from where the old one
    /// stopped; with it, it replays that set and ends (Teraslice's semantics).
    public func newRecovery(of exID: Int64, cleanup: RecoveryCleanup?, at now: Date) throws -> ExecutionRecord {
        try pool.write { db in
            guard let old = try ExecutionRecord.fetchOne(db, key: exID) else { throw JobStoreError.notFound(kind: "execution", id: exID) }
            guard old.status.isTerminal else {
                throw JobStoreError.conflict("execution \(exID) is \(old.status.rawValue); only a finished execution can be recovered (stop it first)")
            }
            if let active = try Self.activeExecution(db, jobID: old.jobID) {
                throw JobStoreError.conflict("job \(old.jobID) already has execution \(active.id ?? 0), which is \(active.status.rawValue)")
            }
            var execution = try Self.insertExecution(db, jobID: old.jobID, spec: old.spec, recoverOf: exID, cleanup: cleanup?.rawValue, clusterID: old.clusterID, at: now)
            var cursor = old.cursor
            if cleanup != nil { cursor.finished = true }
            execution.slicerCursor = try Self.encode(cursor)
            try execution.update(db)
            let states = (cleanup ?? .all).states.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            try db.execute(
                sql: """
                    INSERT INTO slices (ex_id, idx, state, input, attempts)
                    SELECT ?, idx, 'pending', input, 0 FROM slices WHERE ex_id = ? AND state IN (\(states))
                    """,
                arguments: [execution.id!, exID])
            return execution
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
            guard try JobRecord.fetchOne(db, key: id) != nil else { throw JobStoreError.notFound(kind: "job", id: id) }
            if let active = try Self.activeExecution(db, jobID: id) {
                throw JobStoreError.conflict("job \(id) has execution \(active.id ?? 0), which is \(active.status.rawValue); stop it first")
            }
            _ = try JobRecord.deleteOne(db, key: id)
        }
    }

    static func insertExecution(_ db: Database, jobID: Int64, spec: String, recoverOf: Int64?, cleanup: String?, clusterID: Int64?, at now: Date) throws -> ExecutionRecord {
        var execution = ExecutionRecord(
            id: nil, jobID: jobID, status: .pending, spec: spec, recoverOf: recoverOf, cleanup: cleanup, failureReason: nil,
            queued: 0, inFlight: 0, completed: 0, failed: 0, retried: 0, slicerCursor: try encode(SlicerCursor()),
            createdAt: now, updatedAt: now, startedAt: nil, endedAt: nil, clusterID: clusterID)
        try execution.insert(db)
        try OutboxRecord.append(db, kind: .execution, subject: execution.id!, event: OutboxRecord.event(for: ExecutionStatus.pending), jobID: jobID, at: now)
        var line = HistoryRecord(id: nil, exID: execution.id!, createdAt: now, status: .pending, description: ExecutionStatus.pending.meaning, progress: nil)
        try line.insert(db)
        return execution
    }

    static func activeExecution(_ db: Database, jobID: Int64) throws -> ExecutionRecord? {
        let terminal = ExecutionStatus.allCases.filter(\.isTerminal).map(\.rawValue)
        return try ExecutionRecord.filter(Column("job_id") == jobID && !terminal.contains(Column("status"))).order(Column("id").desc).fetchOne(db)
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
