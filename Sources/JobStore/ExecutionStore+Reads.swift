import Foundation
import GRDB
import JobModel
import MasterModel

/// Reads: from any thread, alongside the writer (WAL).
extension ExecutionStore {
    public func job(_ id: Int64) throws -> Job {
        guard let job = try pool.read({ db in try JobRow.fetchOne(db, key: id)?.value }) else { throw StoreError.notFound(kind: "job", id: id) }
        return job
    }

    /// Jobs by id, paged as Teraslice pages (`from`, `size`).
    public func jobs(from: Int = 0, size: Int = 100) throws -> [Job] {
        try pool.read { db in try JobRow.order(Column("id")).limit(size, offset: from).fetchAll(db).map(\.value) }
    }

    /// The newest job of that name, if any.
    public func newestJob(named name: String) throws -> Job? {
        try pool.read { db in try JobRow.filter(Column("name") == name).order(Column("id").desc).fetchOne(db)?.value }
    }

    public func execution(_ id: Int64) throws -> Execution {
        guard let execution = try pool.read({ db in try ExecutionRow.fetchOne(db, key: id)?.value }) else {
            throw StoreError.notFound(kind: "execution", id: id)
        }
        return execution
    }

    /// A job and its current execution in one read, with cached statements: the API's most
    /// asked question (`GET /v1/jobs/{id}`, polled by every client that waits on a job).
    public func jobWithCurrent(_ id: Int64) throws -> (job: Job, current: Execution?) {
        try pool.read { db in
            guard let job = try JobRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM jobs WHERE id = ?"), arguments: [id]) else {
                throw StoreError.notFound(kind: "job", id: id)
            }
            return (job.value, try Self.currentExecution(db, jobID: id))
        }
    }

    /// A job's current execution: the newest that has not ended, else the newest (nil when it
    /// has none). Only executions run side by side (`SideBySide.allowed`) make the two differ.
    public func currentExecution(ofJob jobID: Int64) throws -> Execution? {
        try pool.read { db in try Self.currentExecution(db, jobID: jobID) }
    }

    /// One statement, two index probes: the job's newest open execution among the few open
    /// ones (`executions_by_status`), else its newest (`executions_by_job`).
    static func currentExecution(_ db: Database, jobID: Int64) throws -> Execution? {
        let open = ExecutionStatus.allCases.filter { !$0.isTerminal }.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let sql = """
            SELECT * FROM executions WHERE id = COALESCE(
              (SELECT id FROM executions WHERE status IN (\(open)) AND job_id = ?1 ORDER BY id DESC LIMIT 1),
              (SELECT MAX(id) FROM executions WHERE job_id = ?1))
            """
        return try ExecutionRow.fetchOne(db.cachedStatement(sql: sql), arguments: [jobID])?.value
    }

    /// A job's newest execution, if it has one.
    public func latestExecution(ofJob jobID: Int64) throws -> Execution? {
        try pool.read { db in try ExecutionRow.filter(Column("job_id") == jobID).order(Column("id").desc).fetchOne(db)?.value }
    }

    /// Executions, newest first unless `sort` and `descending` say otherwise, optionally only
    /// in some statuses, of one job, or updated at or after `since`.
    public func executions(
        status: [ExecutionStatus]? = nil, jobID: Int64? = nil, since: Date? = nil, sort: ExecutionSort = .id, descending: Bool = true,
        from: Int = 0, size: Int = 100
    ) throws -> [Execution] {
        try pool.read { db in
            var request = ExecutionRow.all()
            if let status { request = request.filter(status.map(\.rawValue).contains(Column("status"))) }
            if let jobID { request = request.filter(Column("job_id") == jobID) }
            if let since { request = request.filter(Column("updated_at") >= since) }
            let column = Column(sort.column)
            return try request.order(descending ? column.desc : column.asc, descending ? Column("id").desc : Column("id").asc)
                .limit(size, offset: from).fetchAll(db).map(\.value)
        }
    }

    /// A job's executions, oldest first.
    public func executions(ofJob jobID: Int64) throws -> [Execution] {
        try pool.read { db in try ExecutionRow.filter(Column("job_id") == jobID).order(Column("id")).fetchAll(db).map(\.value) }
    }

    /// The executions a restarted master must take up again.
    public func unfinishedExecutions() throws -> [Execution] {
        let open = ExecutionStatus.allCases.filter { !$0.isTerminal }.map(\.rawValue)
        return try pool.read { db in try ExecutionRow.filter(open.contains(Column("status"))).order(Column("id")).fetchAll(db).map(\.value) }
    }

    /// An execution's history, oldest first: `size` entries from the `from`th (all when nil).
    public func history(of exID: Int64, from: Int = 0, size: Int? = nil) throws -> [HistoryEntry] {
        try pool.read { db in
            try HistoryRow.filter(Column("ex_id") == exID).order(Column("id")).limit(size ?? -1, offset: from).fetchAll(db).map(\.value)
        }
    }

    /// Slices of an execution in the given states, in index order after `index`, at most
    /// `limit`, skipping the first `offset` of them.
    public func slices(
        of exID: Int64, in states: [SliceState], after index: Int64 = -1, offset: Int = 0, limit: Int = 1000
    ) throws -> [ExecutionSlice] {
        try pool.read { db in
            try SliceRow
                .filter(Column("ex_id") == exID && states.map(\.rawValue).contains(Column("state")) && Column("idx") > index)
                .order(Column("idx")).limit(limit, offset: offset).fetchAll(db).map(\.value)
        }
    }

    /// Where a completed slice's output was appended; nil when the slice has no such place (it
    /// did not complete, its execution keeps no output, or an older master wrote it as a file).
    public func outputPlace(of exID: Int64, slice index: Int64) throws -> OutputPlace? {
        try pool.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT output_segment, output_offset, output_length FROM slices WHERE ex_id = ? AND idx = ? AND state = 'completed'",
                arguments: [exID, index])
            guard let row, let segment: String = row["output_segment"] else { return nil }
            return OutputPlace(segment: segment, offset: row["output_offset"] ?? 0, length: row["output_length"] ?? 0)
        }
    }

    /// How many slices of an execution are in each state.
    public func sliceCounts(of exID: Int64) throws -> [SliceState: Int] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM slices WHERE ex_id = ? GROUP BY state", arguments: [exID])
            var counts: [SliceState: Int] = [:]
            for row in rows {
                if let state = SliceState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }
}

extension ExecutionSort {
    var column: String {
        switch self {
        case .id: "id"
        case .created: "created_at"
        case .updated: "updated_at"
        }
    }
}
