import Foundation
import JobModel
import JobStore
import MasterModel
import Platform

/// The master's native core: every route calls it. It keeps jobs and executions in the
/// `ExecutionStore` and runs one `ExecutionController` per running execution, each on its own OS
/// thread; it takes up the unfinished executions of a restarted master (`boot`) and ends every
/// one as `terminated` (or `stopped`) when it shuts down. Calls arrive from many threads; no lock
/// is held across I/O. Its calls block (SQLite, waiting for a controller): never call them on an
/// event loop.
public final class JobMaster: @unchecked Sendable {
    /// Jobs, executions, slices and history.
    let store: ExecutionStore
    /// The API clusters a job may name.
    let clusterStore: ClusterStore
    let source: any WorkerSource
    /// Where slice outputs go: `<outputRoot>/<ex_id>/<slice>.out`.
    public let outputRoot: String
    /// The master's directory: relative input paths are taken from it.
    public let directory: String
    /// The API clusters (`/v1/clusters`).
    public let clusters: ClusterController
    let batchSize: Int
    let flushDelay: TimeInterval
    /// The object store S3 jobs use.
    let objectStores: ObjectStoreSource
    let now: @Sendable () -> Date

    struct Running {
        let controller: ExecutionController
        let jobID: Int64
        let name: String
        let ended: Latch
    }

    let lock = NSLock()
    var running: [Int64: Running] = [:]
    var closed = false

    public init(
        database: MasterDatabase, source: any WorkerSource, outputRoot: String, directory: String, batchSize: Int = 1000,
        flushDelay: TimeInterval = 0.05, now: @escaping @Sendable () -> Date = { Date() }, clusters: ClusterController? = nil,
        objectStores: ObjectStoreSource = .none
    ) {
        self.objectStores = objectStores
        self.clusters = clusters ?? ClusterController(database: database, directory: directory, provisioner: NoProvisioner(), now: now)
        store = ExecutionStore(database)
        clusterStore = ClusterStore(database)
        self.source = source
        self.outputRoot = outputRoot
        self.directory = directory
        self.batchSize = batchSize
        self.flushDelay = flushDelay
        self.now = now
    }

    /// Takes up every unfinished execution in the store (a restarted master: the controller
    /// requeues what was in flight and goes on). Returns the ids taken up; one that cannot be
    /// (its stored spec unreadable) does not keep the others from starting, and its error is
    /// thrown after them.
    @discardableResult
    public func boot() throws -> [Int64] {
        var taken: [Int64] = []
        var failure: (any Error)?
        for execution in try store.unfinishedExecutions() {
            guard let exID = execution.id else { continue }
            do {
                try launch(exID, jobID: execution.jobID)
                taken.append(exID)
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return taken
    }

    /// Sends `.shutdown` to every controller (each ends `terminated`, or `stopped` when it was
    /// stopping) and waits for their threads. Nothing new starts afterwards.
    public func shutdown() {
        clusters.stop()
        let all: [Running] = lock.withLock {
            closed = true
            return Array(running.values)
        }
        for entry in all { _ = entry.controller.request(.shutdown) }
        for entry in all { entry.ended.wait() }
    }

    /// Parses a spec, checks what needs the master's disk, stores the job and, when `start`,
    /// starts its first execution, on API cluster `clusterID` (nil: the master's own). A bad
    /// spec throws `JobSpecError`, a cluster that cannot run jobs `ClusterControllerError`; either
    /// stores nothing.
    public func submit(
        _ data: Data, variables: [String: String] = [:], start: Bool = true, clusterID: Int64? = nil, subscriptions: [Subscription] = []
    ) throws -> Submitted {
        let spec = try JobSpecParser.parse(data, overrides: variables)
        try SpecDiskCheck.check(spec, base: directory)
        try S3SpecCheck.check(spec, jobID: nil, stores: objectStores)
        if start { _ = try ClusterWorkerSource.runnable(clusterID, in: clusterStore) }
        try refuseWhenClosed()
        let stored = try store.submit(spec, start: start, clusterID: clusterID, subscriptions: subscriptions, at: now())
        let jobID = stored.job.id!
        guard let exID = stored.execution?.id else { return Submitted(jobID: jobID, exID: nil) }
        try launch(exID, jobID: jobID)
        return Submitted(jobID: jobID, exID: exID)
    }

    /// A new execution of a stored job with run-time variables over the job's, on API cluster
    /// `clusterID` (nil: the master's own); `subscriptions` follow that execution alone, stored
    /// with it. While another execution of the job has not ended, `sideBySide` decides: the
    /// native `_start` passes `.refused` (a `StoreError.conflict` naming the active one), the
    /// dialects `.allowed` (the new one runs beside it).
    public func start(
        jobID: Int64, variables: [String: String] = [:], clusterID: Int64? = nil, subscriptions: [Subscription] = [], sideBySide: SideBySide
    ) throws -> Submitted {
        for name in variables.keys { try JobSpecParser.checkVariableName(name, field: "variables.\(name)") }
        var spec = try store.job(jobID).decodedSpec()
        if spec.usesS3 {
            spec.variables.merge(variables) { _, new in new }
            try S3SpecCheck.check(spec, jobID: jobID, stores: objectStores)
        }
        _ = try ClusterWorkerSource.runnable(clusterID, in: clusterStore)
        try refuseWhenClosed()
        let execution = try store.newExecution(
            jobID: jobID, variables: variables, sideBySide: sideBySide, clusterID: clusterID, subscriptions: subscriptions, at: now())
        try launch(execution.id!, jobID: jobID)
        return Submitted(jobID: jobID, exID: execution.id)
    }

    /// A new execution replaying what a finished one did not complete (`cleanup`: only that
    /// set, then it ends). Refused while another execution of its job is active, as Teraslice
    /// refuses it.
    public func recover(exID: Int64, cleanup: RecoveryCleanup? = nil) throws -> Submitted {
        try refuseWhenClosed()
        let execution = try store.newRecovery(of: exID, cleanup: cleanup, at: now())
        try launch(execution.id!, jobID: execution.jobID)
        return Submitted(jobID: execution.jobID, exID: execution.id)
    }

    /// Recovers the job's current execution (refused while it is active).
    public func recover(jobID: Int64, cleanup: RecoveryCleanup? = nil) throws -> Submitted {
        try recover(exID: try currentExecution(ofJob: jobID).id!, cleanup: cleanup)
    }

    /// Pauses, resumes or stops a running execution. A stop waits (up to its timeout and a
    /// grace) until the execution has ended, so its answer is the final status.
    public func control(exID: Int64, _ request: ControlRequest) throws -> ControlReply {
        let entry = lock.withLock { running[exID] }
        guard let entry else {
            let status = try store.execution(exID).status
            return .refused(status)
        }
        let reply = entry.controller.request(request)
        guard case .stop(let timeout) = request, case .done = reply else { return reply }
        entry.ended.wait(seconds: max(0, timeout) + 15)
        return .done(try store.execution(exID).status)
    }

    /// Controls the job's current execution.
    public func control(jobID: Int64, _ request: ControlRequest) throws -> (exID: Int64, reply: ControlReply) {
        let exID = try currentExecution(ofJob: jobID).id!
        return (exID, try control(exID: exID, request))
    }

    /// Deletes a job with its executions and their outputs; refused unless every execution is
    /// terminal. Returns the job as it was.
    public func delete(jobID: Int64) throws -> Job {
        let job = try store.job(jobID)
        let executions = try store.executions(ofJob: jobID)
        try store.deleteJob(jobID)
        for execution in executions {
            guard let exID = execution.id else { continue }
            try? FileManager.default.removeItem(atPath: OutputFolder(root: outputRoot, exID: exID).folder)
        }
        return job
    }

    /// Deletes one execution with its slices, history and outputs; refused unless it has
    /// ended. Its job stays. Returns the execution as it was.
    public func delete(exID: Int64) throws -> Execution {
        let execution = try store.execution(exID)
        try store.deleteExecution(exID)
        try? FileManager.default.removeItem(atPath: OutputFolder(root: outputRoot, exID: exID).folder)
        return execution
    }

    /// The job's current execution: its newest that has not ended, else its newest (the two
    /// differ only while executions run side by side); `JobMasterError.noExecution` when it has none.
    func currentExecution(ofJob jobID: Int64) throws -> Execution {
        _ = try store.job(jobID)
        guard let execution = try store.currentExecution(ofJob: jobID) else { throw JobMasterError.noExecution(jobID: jobID) }
        return execution
    }

    func refuseWhenClosed() throws {
        if lock.withLock({ closed }) { throw JobMasterError.shuttingDown }
    }

    /// Starts a controller for the execution on its own thread.
    func launch(_ exID: Int64, jobID: Int64) throws {
        let controller = try ExecutionController(
            exID: exID, store: store, source: source, outputRoot: outputRoot, batchSize: batchSize, flushDelay: flushDelay,
            base: directory, objectStores: objectStores, now: now)
        let entry = Running(controller: controller, jobID: jobID, name: controller.spec.name, ended: Latch())
        lock.withLock { running[exID] = entry }
        let thread = Thread { [weak self] in
            ThreadRole.name("ess-ex-\(exID)")
            controller.run()
            self?.lock.withLock { self?.running[exID] = nil }
            entry.ended.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}
