import ClusterModel
import Foundation
import JobModel

/// One event in the outbox: what changed (`job.running`, `cluster.available`, `test`), about
/// which subject (an execution, a cluster, or a subscription's test), its number among that
/// subject's events, and when. Written in the transaction of the change that caused it.
public struct OutboxEvent: Sendable, Equatable {
    /// What an event is about.
    public enum Kind: String, Sendable {
        case execution, cluster, test
    }

    public var id: Int64?
    public var subjectKind: Kind
    public var subjectID: Int64
    public var seq: Int64
    public var event: String
    /// The execution's job, for job events.
    public var jobID: Int64?
    public var createdAt: Date
    public var fanned: Bool

    public init(id: Int64?, subjectKind: Kind, subjectID: Int64, seq: Int64, event: String, jobID: Int64?, createdAt: Date, fanned: Bool) {
        (self.id, self.subjectKind, self.subjectID, self.seq, self.event, self.jobID, self.createdAt, self.fanned) =
            (id, subjectKind, subjectID, seq, event, jobID, createdAt, fanned)
    }

    /// A slice failed beyond its retries.
    public static let sliceFailed = "job.slice_failed"
    /// A worker was lost (the execution's `Worker NAME lost: …` history note).
    public static let workerLost = "job.worker_lost"

    /// A job event's name for an execution status: `job.` and the native status.
    public static func event(for status: ExecutionStatus) -> String { "job.\(status.rawValue)" }

    /// A cluster event's name for a lifecycle status (Xplenty's words where it has them).
    public static func event(for status: ClusterLifecycle.Status) -> String {
        switch status {
        case .pending: "cluster.requested"
        case .idle: "cluster.idled"
        default: "cluster.\(status.rawValue)"
        }
    }

    /// The lifecycle status a cluster event names (nil for another event).
    public static func clusterStatus(of event: String) -> ClusterLifecycle.Status? {
        ClusterLifecycle.Status.allCases.first { self.event(for: $0) == event }
    }
}
