/// A stored job, Teraslice-shaped (`GET /v1/jobs`, `GET /v1/jobs/{id}`): every field Teraslice's
/// job documents carry (`TerasliceTerms` for the ones no ess spec sets), the spec, the ids as
/// strings, and its current execution's id and status.
public struct JobDocument: Codable, Sendable, Equatable {
    public var job_id: String
    public var name: String
    public var lifecycle: String
    /// The slicer and the command as Teraslice's `_op` entries.
    public var operations: [OperationDocument]
    /// The spec's `workers`, else how many of its cluster's nodes an execution of it connects to.
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
    /// True while the job is stored; false only in the answer to its deletion.
    public var active: Bool
    public var spec: SpecDocument
    public var _context: String
    public var _created: String
    public var _updated: String
    /// Only in the answer to `DELETE /v1/jobs/{id}`: true, and when.
    public var _deleted: Bool?
    public var _deleted_on: String?
    /// The current execution (the newest that has not ended, else the newest): its id and status
    /// (nil when the job was only stored).
    public var ex_id: String?
    public var _status: String?

    public init(
        job_id: String, name: String, operations: [OperationDocument], workers: Int, spec: SpecDocument,
        created: String, updated: String, ex_id: String?, status: String?
    ) {
        self.job_id = job_id
        self.name = name
        lifecycle = "once"
        self.operations = operations
        self.workers = workers
        max_retries = spec.retries
        active = true
        self.spec = spec
        _context = "job"
        _created = created
        _updated = updated
        self.ex_id = ex_id
        _status = status
    }

    /// The job as its deletion answers it: no longer active, deleted at `now`.
    public func deleted(at now: String) -> JobDocument {
        var document = self
        document.active = false
        document._deleted = true
        document._deleted_on = now
        document._updated = now
        return document
    }
}

/// One Teraslice operation: `{"_op": "range_slicer", ...}` then `{"_op": "command", ...}`.
public struct OperationDocument: Codable, Sendable, Equatable {
    public var _op: String
    public var command: String?
    public var inputs: InputsDocument?

    public init(_op: String, command: String? = nil, inputs: InputsDocument? = nil) {
        self._op = _op
        self.command = command
        self.inputs = inputs
    }

    /// The two operations of a spec: its slicer (`files_slicer`, `range_slicer`, …) and its command.
    public static func of(_ spec: SpecDocument, kind: String) -> [OperationDocument] {
        [OperationDocument(_op: "\(kind)_slicer", inputs: spec.inputs), OperationDocument(_op: "command", command: spec.command)]
    }
}

/// The answer to `POST /v1/jobs`, `_start` and `_recover`.
public struct SubmitAnswer: Codable, Sendable, Equatable {
    public var job_id: String
    /// nil when the job was stored with `?start=false`.
    public var ex_id: String?

    public init(job_id: String, ex_id: String?) {
        self.job_id = job_id
        self.ex_id = ex_id
    }
}

/// The answer to `_stop`, `_pause` and `_resume`: the status after the request.
public struct ControlAnswer: Codable, Sendable, Equatable {
    public var job_id: String
    public var ex_id: String
    public var status: String

    public init(job_id: String, ex_id: String, status: String) {
        self.job_id = job_id
        self.ex_id = ex_id
        self.status = status
    }
}
