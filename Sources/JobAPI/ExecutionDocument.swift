/// One execution, Teraslice-shaped (`GET /v1/jobs/{id}/ex`, `GET /v1/ex/{ex_id}`): the job's
/// fields plus `_status`, `_has_errors`, `_failureReason`, `_slicer_stats`, `slicer_hostname`
/// and `slicer_port` (where its controller answers: the master's API), `_context` "ex", and
/// Xplenty's progress (0–1) and variables.
public struct ExecutionDocument: Codable, Sendable, Equatable {
    public var ex_id: String
    public var job_id: String
    public var name: String
    public var lifecycle: String
    public var operations: [OperationDocument]
    /// The spec's `workers`, else how many of its cluster's nodes it connects to.
    public var workers: Int
    public var slicers = TerasliceTerms.slicers
    /// The spec's `retries`.
    public var max_retries: Int
    public var assets = TerasliceTerms.assets
    public var analytics = TerasliceTerms.analytics
    public var autorecover = TerasliceTerms.autorecover
    public var stateful = TerasliceTerms.stateful
    public var probation_window = TerasliceTerms.probationWindow
    public var log_level = TerasliceTerms.logLevel
    /// True: ess keeps no inactive executions.
    public var active: Bool
    public var spec: SpecDocument
    /// The variables this execution ran with (the spec's, with `--var` overrides).
    public var variables: [String: String]
    public var _status: String
    public var _has_errors: Bool
    public var _failureReason: String?
    public var _slicer_stats: ControllerStatistics
    /// Completed (or failed for good) slices over all slices; 0 until the slicer has finished
    /// making slices, unless some are done.
    public var progress: Double
    /// The execution this one recovers, and which slices it replays (`errors`, `pending`, `all`).
    public var recovered_execution: String?
    public var recover_cleanup: String?
    /// Teraslice's name for `recover_cleanup`.
    public var recovered_slice_type: String?
    /// The master's host and API port: the execution controller is one of its threads.
    public var slicer_hostname: String
    public var slicer_port: Int
    public var teraslice_version: String
    public var _context: String
    public var _created: String
    public var _updated: String
    public var started_at: String?
    public var ended_at: String?
    /// The API cluster it runs on (`/v1/clusters/{id}`); absent: the master's own directory's.
    public var cluster_id: Int64?

    public init(
        ex_id: String, job_id: String, name: String, operations: [OperationDocument], workers: Int, spec: SpecDocument,
        variables: [String: String], status: String, hasErrors: Bool, failureReason: String?, stats: ControllerStatistics,
        progress: Double, recoveredExecution: String?, recoverCleanup: String?, slicer: (hostname: String, port: Int),
        created: String, updated: String, startedAt: String?, endedAt: String?, clusterID: Int64? = nil
    ) {
        self.ex_id = ex_id
        self.job_id = job_id
        self.name = name
        lifecycle = "once"
        self.operations = operations
        self.workers = workers
        max_retries = spec.retries
        active = true
        self.spec = spec
        self.variables = variables
        _status = status
        _has_errors = hasErrors
        _failureReason = failureReason
        _slicer_stats = stats
        self.progress = progress
        recovered_execution = recoveredExecution
        recover_cleanup = recoverCleanup
        recovered_slice_type = recoverCleanup
        (slicer_hostname, slicer_port) = slicer
        teraslice_version = "v" + TerasliceTerms.version
        _context = "ex"
        _created = created
        _updated = updated
        started_at = startedAt
        ended_at = endedAt
        cluster_id = clusterID
    }
}
