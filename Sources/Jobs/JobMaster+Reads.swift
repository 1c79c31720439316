import Foundation
import JobModel
import JobStore
import MasterModel

/// Reads: jobs, executions, history, slices and outputs from the store; statistics from the
/// running controllers' snapshots (or the store once an execution has ended).
extension JobMaster {
    /// Jobs by id with each one's current execution (its newest that has not ended, else its
    /// newest), paged as Teraslice pages.
    public func jobs(from: Int = 0, size: Int = 100) throws -> [(job: Job, current: Execution?)] {
        try store.jobs(from: from, size: size).map { job in (job, try store.currentExecution(ofJob: job.id!)) }
    }

    /// A job with its current execution.
    public func job(_ jobID: Int64) throws -> (job: Job, current: Execution?) {
        try store.jobWithCurrent(jobID)
    }

    /// The newest stored job of that name, if any (names need not be unique).
    public func job(named name: String) throws -> Job? { try store.newestJob(named: name) }

    /// The job's current execution (its newest that has not ended, else its newest): the one
    /// the job's routes read and control; `JobMasterError.noExecution` when it has none.
    public func execution(ofJob jobID: Int64) throws -> Execution { try currentExecution(ofJob: jobID) }

    /// The id of the job's current execution; nil when it has none, or the job is gone.
    public func currentExecutionID(ofJob jobID: Int64) throws -> Int64? { try store.currentExecution(ofJob: jobID)?.id }

    /// How many workers an execution of `spec` on API cluster `clusterID` (nil: the master's
    /// own) uses: the spec's `workers`, else as many as its cluster's nodes it would connect to
    /// now (0 when there are none).
    public func workers(of spec: JobSpec, on clusterID: Int64?) -> Int {
        spec.workers ?? ((try? source.workerCount(for: spec, on: clusterID)) ?? 0)
    }

    public func execution(_ exID: Int64) throws -> Execution { try store.execution(exID) }

    /// Executions newest first unless `sort` and `descending` say otherwise, optionally only in
    /// some statuses, of one job, or updated at or after `since`.
    public func executions(
        status: [ExecutionStatus]? = nil, jobID: Int64? = nil, since: Date? = nil, sort: ExecutionSort = .id, descending: Bool = true,
        from: Int = 0, size: Int = 100
    ) throws -> [Execution] {
        try store.executions(status: status, jobID: jobID, since: since, sort: sort, descending: descending, from: from, size: size)
    }

    public func history(of exID: Int64, from: Int = 0, size: Int? = nil) throws -> [HistoryEntry] {
        _ = try store.execution(exID)
        return try store.history(of: exID, from: from, size: size)
    }

    /// Slices in the given states (every state when empty), by index after `after`.
    public func slices(of exID: Int64, in states: [SliceState] = [], after: Int64 = -1, offset: Int = 0, size: Int = 100) throws -> [ExecutionSlice] {
        _ = try store.execution(exID)
        return try store.slices(of: exID, in: states.isEmpty ? SliceState.allCases : states, after: after, offset: offset, limit: size)
    }

    /// Where a slice's committed output is; nil when the slice has none.
    public func output(of exID: Int64, slice: Int64) throws -> OutputSource? {
        _ = try store.execution(exID)
        return OutputFolder(root: outputRoot, exID: exID).source(of: slice, place: try store.outputPlace(of: exID, slice: slice))
    }

    /// Changes with every commit that changes jobs or executions, and whenever the clusters'
    /// records change (a job's `workers` is counted from them): an answer made from reads begun
    /// at revision `r` is current while the revision is still `r` (the routes' document cache).
    public var revision: UInt64 { store.revision &+ source.inventoryStamp &* 0x9E37_79B9_7F4A_7C15 }

    /// How many executions have a controller now.
    public var runningCount: Int { lock.withLock { running.count } }

    /// One execution's statistics: live from its controller while it runs, else as stored. The
    /// moment its slicer finished is kept only while it runs: once it has ended, its end stands
    /// for it (slicing was complete by then).
    public func statistics(of exID: Int64) throws -> ExecutionStatistics {
        if let entry = lock.withLock({ running[exID] }), let snapshot = entry.controller.snapshot {
            return Self.statistics(exID: exID, jobID: entry.jobID, name: entry.name, snapshot)
        }
        let record = try store.execution(exID)
        let name = (try? JSONDecoder().decode(JobSpec.self, from: Data(record.spec.utf8)).name) ?? ""
        let snapshot = ExecutionSnapshot(
            status: record.status, counts: record.counts, total: record.cursor.finished ? record.counts.made : nil,
            slicerFinished: record.cursor.finished, startedAt: record.startedAt,
            queuingCompleteAt: record.cursor.finished ? record.endedAt : nil)
        var statistics = Self.statistics(exID: exID, jobID: record.jobID, name: name, snapshot)
        statistics.endedAt = record.endedAt
        return statistics
    }

    /// Statistics of every running execution, by id.
    public func runningStatistics() -> [ExecutionStatistics] {
        let entries = lock.withLock { running.sorted { $0.key < $1.key } }
        return entries.compactMap { exID, entry in
            entry.controller.snapshot.map { Self.statistics(exID: exID, jobID: entry.jobID, name: entry.name, $0) }
                ?? (try? statistics(of: exID))
        }
    }

    /// Every node of the cluster (`WorkerSource.inventory`) and which running executions use it.
    public func clusterState() throws -> [NodeUse] {
        var uses: [String: NodeUse] = [:]
        for node in try source.inventory() {
            uses[node.name] = NodeUse(node: node, state: .idle, total: node.slots, busy: 0, active: [])
        }
        let entries = lock.withLock { running.sorted { $0.key < $1.key } }
        for (exID, entry) in entries {
            guard let snapshot = entry.controller.snapshot else { continue }
            for (name, slots) in snapshot.slots.sorted(by: { $0.key < $1.key }) {
                var use = uses[name] ?? NodeUse(node: WorkerNode(name: name, hostname: name, slots: slots), state: .idle, total: slots, busy: 0, active: [])
                if snapshot.lost.contains(name) {
                    if use.state == .idle { use.state = .lost }
                } else {
                    let busy = snapshot.busy[name] ?? 0
                    use.state = .connected
                    use.total = max(use.total, slots)
                    use.busy += busy
                    use.active.append(NodeUse.Assignment(exID: exID, jobID: entry.jobID, slices: busy))
                }
                uses[name] = use
            }
        }
        return uses.values.sorted { $0.node.name < $1.node.name }
    }

    static func statistics(exID: Int64, jobID: Int64, name: String, _ snapshot: ExecutionSnapshot) -> ExecutionStatistics {
        let live = snapshot.slots.keys.filter { !snapshot.lost.contains($0) }
        let counts = snapshot.counts
        let eta = snapshot.total.flatMap { total in
            snapshot.rate > 0 ? Double(max(0, total - counts.completed - counts.failed)) / snapshot.rate : nil
        }
        return ExecutionStatistics(
            exID: exID, jobID: jobID, name: name, status: snapshot.status, counts: counts, total: snapshot.total,
            workersJoined: live.count,
            workersActive: live.filter { (snapshot.busy[$0] ?? 0) > 0 }.count,
            workersAvailable: live.filter { (snapshot.busy[$0] ?? 0) < (snapshot.slots[$0] ?? 0) }.count,
            workersDisconnected: snapshot.lost.count, rate: snapshot.rate, etaSeconds: eta,
            startedAt: snapshot.startedAt, queuingCompleteAt: snapshot.queuingCompleteAt)
    }
}
