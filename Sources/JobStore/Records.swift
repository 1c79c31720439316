import Foundation
import GRDB
import JobModel

/// A stored job: a checked spec under a small integer id.
public struct JobRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "jobs"
    public var id: Int64?
    public var name: String
    public var spec: String
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, spec
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The spec, decoded.
    public func decodedSpec() throws -> JobSpec { try JSONDecoder().decode(JobSpec.self, from: Data(spec.utf8)) }
}

/// One run of a job.
public struct ExecutionRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "executions"
    public var id: Int64?
    public var jobID: Int64
    public var status: ExecutionStatus
    /// The job's spec with this run's variables.
    public var spec: String
    /// The execution this one recovers, if it is a recovery.
    public var recoverOf: Int64?
    /// `errors`, `pending` or `all` for a cleanup-only recovery.
    public var cleanup: String?
    public var failureReason: String?
    public var queued: Int
    public var inFlight: Int
    public var completed: Int
    public var failed: Int
    public var retried: Int
    public var slicerCursor: String
    public var createdAt: Date
    public var updatedAt: Date
    public var startedAt: Date?
    public var endedAt: Date?
    /// The API cluster it runs on; nil: the master's own directory's cluster.
    public var clusterID: Int64?

    enum CodingKeys: String, CodingKey {
        case id, status, spec, cleanup, queued, completed, failed, retried
        case jobID = "job_id"
        case clusterID = "cluster_id"
        case recoverOf = "recover_of"
        case failureReason = "failure_reason"
        case inFlight = "in_flight"
        case slicerCursor = "slicer_cursor"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case startedAt = "started_at"
        case endedAt = "ended_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var counts: SliceCounts {
        SliceCounts(queued: queued, inFlight: inFlight, completed: completed, failed: failed, retried: retried)
    }

    public var cursor: SlicerCursor {
        (try? JSONDecoder().decode(SlicerCursor.self, from: Data(slicerCursor.utf8))) ?? SlicerCursor()
    }
}

/// One slice of an execution.
public struct SliceRecord: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "slices"
    public var exID: Int64
    public var index: Int64
    public var state: SliceState
    public var input: String
    public var attempts: Int
    public var worker: String?
    public var exitCode: Int32?
    public var error: String?
    public var stderrTail: String?
    public var startedAt: Date?
    public var endedAt: Date?

    enum CodingKeys: String, CodingKey {
        case state, input, attempts, worker, error
        case exID = "ex_id"
        case index = "idx"
        case exitCode = "exit_code"
        case stderrTail = "stderr_tail"
        case startedAt = "started_at"
        case endedAt = "ended_at"
    }

    public func decodedInput() throws -> SliceInput { try JSONDecoder().decode(SliceInput.self, from: Data(input.utf8)) }
}

/// One line of an execution's history, as Agave's job history has them.
public struct HistoryRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "history"
    public var id: Int64?
    public var exID: Int64
    public var createdAt: Date
    public var status: ExecutionStatus
    public var description: String
    public var progress: Double?

    enum CodingKeys: String, CodingKey {
        case id, status, description, progress
        case exID = "ex_id"
        case createdAt = "created_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension ExecutionStatus: DatabaseValueConvertible {}
extension SliceState: DatabaseValueConvertible {}

/// How `GET /v1/ex` may be sorted: by id, or by when an execution was created or last updated.
public enum ExecutionSort: String, Sendable, CaseIterable {
    case id, created, updated

    var column: String {
        switch self {
        case .id: "id"
        case .created: "created_at"
        case .updated: "updated_at"
        }
    }
}
