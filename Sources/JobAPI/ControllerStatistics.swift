/// An execution's statistics with Teraslice's names (`GET /v1/jobs/{id}/controller`, alias
/// `/slicer`; one entry per running execution in `GET /v1/cluster/controllers`), plus ess's own
/// (`total`, `in_flight`, `retried`, `rate`, `eta_seconds`).
public struct ControllerStatistics: Codable, Sendable, Equatable {
    public var ex_id: String
    public var job_id: String
    public var name: String
    public var workers_available: Int
    public var workers_active: Int
    public var workers_joined: Int
    public var workers_reconnected: Int
    public var workers_disconnected: Int
    /// Whole seconds it has run: from its start to its end, or to now while it runs; 0 before
    /// it starts.
    public var job_duration: Int
    /// Slices completed.
    public var processed: Int
    /// Slices failed beyond their retries.
    public var failed: Int
    /// Slices made and waiting for a worker.
    public var queued: Int
    public var in_flight: Int
    public var retried: Int
    /// Every slice the execution will have; nil until the slicer has made them all.
    public var total: Int?
    public var slicers: Int
    public var subslices: Int
    public var slice_range_expansion: Int
    public var subslice_by_key: Int
    /// Slices completed per second over the last seconds; 0 when idle.
    public var rate: Double
    public var eta_seconds: Double?
    public var started: String?
    public var queuing_complete: String?

    public init(
        ex_id: String, job_id: String, name: String, workersAvailable: Int, workersActive: Int, workersJoined: Int,
        workersDisconnected: Int, jobDuration: Int, processed: Int, failed: Int, queued: Int, inFlight: Int, retried: Int, total: Int?,
        rate: Double, etaSeconds: Double?, started: String?, queuingComplete: String?
    ) {
        self.ex_id = ex_id
        self.job_id = job_id
        self.name = name
        workers_available = workersAvailable
        workers_active = workersActive
        workers_joined = workersJoined
        workers_reconnected = 0
        workers_disconnected = workersDisconnected
        job_duration = jobDuration
        self.processed = processed
        self.failed = failed
        self.queued = queued
        in_flight = inFlight
        self.retried = retried
        self.total = total
        slicers = TerasliceTerms.slicers
        subslices = 0
        slice_range_expansion = 0
        subslice_by_key = 0
        self.rate = rate
        eta_seconds = etaSeconds
        self.started = started
        queuing_complete = queuingComplete
    }
}
