import ClusterModel
import Foundation
import GRDB
import JobModel

/// One event in the outbox: what changed (`job.running`, `cluster.available`, `test`), about
/// which subject (an execution, a cluster, or a subscription's test), its number among that
/// subject's events, and when. Written in the transaction of the change that caused it.
public struct OutboxRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "outbox"
    /// What an event is about.
    public enum Kind: String, Sendable, Codable {
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

    enum CodingKeys: String, CodingKey {
        case id, seq, event, fanned
        case subjectKind = "subject_kind"
        case subjectID = "subject_id"
        case jobID = "job_id"
        case createdAt = "created_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

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

    /// Adds an event for the subject, numbered after its last one, inside the caller's transaction.
    @discardableResult
    static func append(_ db: Database, kind: Kind, subject: Int64, event: String, jobID: Int64? = nil, at now: Date) throws -> OutboxRecord {
        let last = try Int64.fetchOne(
            db, sql: "SELECT MAX(seq) FROM outbox WHERE subject_kind = ? AND subject_id = ?", arguments: [kind.rawValue, subject]) ?? 0
        var record = OutboxRecord(id: nil, subjectKind: kind, subjectID: subject, seq: last + 1, event: event, jobID: jobID, createdAt: now, fanned: false)
        try record.insert(db)
        return record
    }
}
