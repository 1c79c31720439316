import Foundation
import JobModel

/// One run of a job, as stored: its status, its spec with this run's variables, its counts,
/// its slicer's cursor and its times.
public struct Execution: Sendable, Equatable {
    public var id: Int64?
    public var jobID: Int64
    public var status: ExecutionStatus
    /// The job's spec with this run's variables (JSON).
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
    /// The slicer's cursor (JSON).
    public var slicerCursor: String
    public var createdAt: Date
    public var updatedAt: Date
    public var startedAt: Date?
    public var endedAt: Date?
    /// The API cluster it runs on; nil: the master's own directory's cluster.
    public var clusterID: Int64?

    public init(
        id: Int64?, jobID: Int64, status: ExecutionStatus, spec: String, recoverOf: Int64?, cleanup: String?, failureReason: String?,
        queued: Int, inFlight: Int, completed: Int, failed: Int, retried: Int, slicerCursor: String, createdAt: Date, updatedAt: Date,
        startedAt: Date?, endedAt: Date?, clusterID: Int64?
    ) {
        (self.id, self.jobID, self.status, self.spec, self.recoverOf, self.cleanup, self.failureReason) =
            (id, jobID, status, spec, recoverOf, cleanup, failureReason)
        (self.queued, self.inFlight, self.completed, self.failed, self.retried) = (queued, inFlight, completed, failed, retried)
        (self.slicerCursor, self.createdAt, self.updatedAt, self.startedAt, self.endedAt, self.clusterID) =
            (slicerCursor, createdAt, updatedAt, startedAt, endedAt, clusterID)
    }

    public var counts: SliceCounts {
        SliceCounts(queued: queued, inFlight: inFlight, completed: completed, failed: failed, retried: retried)
    }

    public var cursor: SlicerCursor {
        (try? JSONDecoder().decode(SlicerCursor.self, from: Data(slicerCursor.utf8))) ?? SlicerCursor()
    }
}

/// How `GET /v1/ex` may be sorted: by id, or by when an execution was created or last updated.
public enum ExecutionSort: String, Sendable, CaseIterable {
    case id, created, updated
}
