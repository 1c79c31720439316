import Foundation
import Hummingbird
import JobAPI
import JobModel
import Jobs
import MasterModel

/// Xplenty's field table: ess statuses in Xplenty's words, executions as Xplenty jobs, stored
/// jobs as packages. Mapping only; every fact comes from the master.
enum XplentyFields {
    /// ess has one user: every resource's `owner_id`.
    static let ownerID: Int64 = 1

    static let statuses: [ExecutionStatus: String] = [
        .pending: "idle", .initializing: "pending", .running: "running", .failing: "running", .paused: "running",
        .stopping: "stopping", .completed: "completed", .stopped: "stopped", .failed: "failed", .terminated: "failed",
    ]

    /// Xplenty's job statuses that no ess status maps to: a list filtered by one is empty.
    static let unmappedStatuses: Set = ["pending_stoppage"]

    /// The ess statuses an Xplenty status word covers (`all`: nil, every one).
    static func statuses(named word: String) throws -> [ExecutionStatus]? {
        if word == "all" { return nil }
        let covered = statuses.filter { $0.value == word }.map(\.key).sorted { $0.rawValue < $1.rawValue }
        guard !covered.isEmpty || unmappedStatuses.contains(word) else {
            let known = Set(statuses.values).union(unmappedStatuses).sorted().joined(separator: ", ")
            throw RouteError.badQuery(name: "status", problem: "`\(word.prefix(40))` is not a job status; expected all, \(known)")
        }
        return covered
    }

    /// Times as Xplenty writes them: ISO 8601 in UTC to the second.
    static func date(_ date: Date) -> String { date.formatted(.iso8601) }

    static func job(_ execution: Execution, _ stats: ExecutionStatistics, place: XplentyPlace, now: Date) throws -> XplentyJobDocument {
        let spec = try JSONDecoder().decode(JobSpec.self, from: Data(execution.spec.utf8))
        let exID = execution.id ?? 0
        let ended = execution.status.isTerminal ? execution.endedAt ?? execution.updatedAt : nil
        let runtime = execution.startedAt.map { max(0, Int((ended ?? now).timeIntervalSince($0))) } ?? 0
        var outputs: [XplentyJobDocument.Output] = []
        if spec.output != .none {
            outputs.append(XplentyJobDocument.Output(
                id: exID, name: "slices", records_count: stats.counts.completed, progress: stats.progress, created_at: date(execution.createdAt),
                updated_at: date(execution.updatedAt), url: place.origin + "/v1/ex/\(exID)/slices"))
        }
        return XplentyJobDocument(
            id: exID, status: statuses[execution.status] ?? execution.status.rawValue, variables: spec.variables, owner_id: ownerID,
            progress: stats.progress, outputs: outputs, created_at: date(execution.createdAt), updated_at: date(execution.updatedAt),
            started_at: execution.startedAt.map(date), completed_at: ended.map(date),
            failed_at: execution.status == .failed || execution.status == .terminated ? ended.map(date) : nil,
            cluster_id: execution.clusterID ?? ClusterView.ownID, package_id: execution.jobID, errors: execution.failureReason, runtime_in_seconds: runtime,
            url: place.base + "/jobs/\(exID)")
    }

    static func package(_ job: Job, place: XplentyPlace) throws -> XplentyPackageDocument {
        let spec = try job.decodedSpec()
        let id = job.id ?? 0
        return XplentyPackageDocument(
            id: id, name: job.name, description: spec.command, variables: spec.variables, owner_id: ownerID, created_at: date(job.createdAt),
            updated_at: date(job.updatedAt), url: place.base + "/packages/\(id)")
    }
}

/// Where a request reached the master: its origin (`https://host:port` when the master serves
/// TLS, else `http://…`) and the Xplenty account's API root (`…/{account}/api`), for the `url`
/// fields.
struct XplentyPlace: Sendable {
    let origin: String
    let base: String

    init(_ request: Request, _ context: BasicRequestContext, scheme: String) {
        origin = scheme + "://" + (request.head.authority ?? "127.0.0.1")
        base = origin + "/" + (context.parameters.get("account") ?? "ess") + "/api"
    }
}
