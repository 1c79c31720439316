import Foundation

/// One entry of an execution's history, as Agave's job history has them
/// (`GET /v1/jobs/{id}/history`, `GET /v1/ex/{ex_id}/history`).
public struct HistoryDocument: Codable, Sendable, Equatable {
    public var created: String
    public var status: String
    public var description: String
    public var progress: Double?

    public init(created: String, status: String, description: String, progress: Double?) {
        self.created = created
        self.status = status
        self.description = description
        self.progress = progress
    }
}

/// One slice as the API shows it (`GET /v1/ex/{ex_id}/slices`, `GET /v1/jobs/{id}/errors`):
/// state, attempts, worker, exit code, the reason it failed and the tail of its stderr, with
/// Teraslice's slice fields (`slice_id`, `slicer_id`, `slicer_order`, `request`, `_created`,
/// `_updated`).
public struct SliceDocument: Codable, Sendable, Equatable {
    public var ex_id: String
    public var slice: Int64
    /// `<ex_id>-<slice>`: unique on the master, as Teraslice's slice ids are.
    public var slice_id: String
    /// 0: an execution has one slicer.
    public var slicer_id: Int
    /// The slice's number, in the order the slicer made them.
    public var slicer_order: Int64
    /// The slice's values as one JSON text (Teraslice's slice request).
    public var request: String
    public var state: String
    public var attempts: Int
    public var worker: String?
    public var exit_code: Int32?
    public var error: String?
    public var stderr: String?
    /// The slice's own values (`input`, or `start` and `end`).
    public var input: [String: String]
    public var started_at: String?
    public var ended_at: String?
    /// When its last attempt started (ess records no time a slice was made), and when it last
    /// changed: its end, else that start. Absent before it first starts.
    public var _created: String?
    public var _updated: String?

    public init(
        ex_id: String, slice: Int64, state: String, attempts: Int, worker: String?, exitCode: Int32?, error: String?,
        stderr: String?, input: [String: String], startedAt: String?, endedAt: String?
    ) {
        self.ex_id = ex_id
        self.slice = slice
        self.state = state
        self.attempts = attempts
        self.worker = worker
        exit_code = exitCode
        self.error = error
        self.stderr = stderr
        self.input = input
        started_at = startedAt
        ended_at = endedAt
        slice_id = "\(ex_id)-\(slice)"
        slicer_id = 0
        slicer_order = slice
        request = Self.request(input)
        _created = startedAt
        _updated = endedAt ?? startedAt
    }

    /// The values as one JSON object's text, keys sorted.
    static func request(_ input: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(input)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
