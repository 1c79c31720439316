import Foundation
import JobAPI
import JobModel
import Jobs
import MasterModel

/// Agave's field table: ess statuses in Agave's words, executions as Agave jobs (the stored
/// job is the `appId`, variables are `parameters`), history lines as Agave's. Mapping only.
enum AgaveFields {
    static let statuses: [ExecutionStatus: String] = [
        .pending: "PENDING", .initializing: "STAGING_INPUTS", .running: "RUNNING", .failing: "RUNNING", .paused: "PAUSED",
        .stopping: "CLEANING_UP", .completed: "FINISHED", .stopped: "STOPPED", .failed: "FAILED", .terminated: "KILLED",
    ]
    /// The user the master runs as: every job's owner.
    static let owner = ProcessInfo.processInfo.userName

    static func status(_ status: ExecutionStatus) -> String { statuses[status] ?? status.rawValue.uppercased() }

    static func job(_ execution: Execution, _ stats: ExecutionStatistics) throws -> AgaveJobDocument {
        let spec = try JSONDecoder().decode(JobSpec.self, from: Data(execution.spec.utf8))
        let id = String(execution.id ?? 0)
        let links: [String: AgaveJobDocument.Link] = [
            "self": .init(href: "/jobs/v2/\(id)"), "history": .init(href: "/jobs/v2/\(id)/history"),
            "app": .init(href: "/v1/jobs/\(execution.jobID)"), "native": .init(href: "/v1/ex/\(id)"),
        ]
        return AgaveJobDocument(
            id: id, name: spec.name, owner: owner, appId: String(execution.jobID), executionSystem: String(execution.clusterID ?? ClusterView.ownID), nodeCount: spec.workers,
            processorsPerNode: spec.slots, retries: spec.retries, status: status(execution.status),
            message: execution.failureReason ?? execution.status.meaning, progress: stats.progress,
            submitTime: APIDate.string(execution.createdAt), startTime: execution.startedAt.map(APIDate.string),
            endTime: execution.endedAt.map(APIDate.string), lastUpdated: APIDate.string(execution.updatedAt),
            inputs: InputsDocument(spec.inputs), parameters: spec.variables, links: links)
    }

    static func history(_ line: HistoryEntry) -> AgaveHistoryDocument {
        AgaveHistoryDocument(status: status(line.status), created: APIDate.string(line.createdAt), description: line.description)
    }
}
