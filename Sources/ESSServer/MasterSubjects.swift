import Foundation
import JobAPI
import JobModel
import Jobs
import MasterModel
import Notifications

/// The master's answers to the notification dispatcher: an event's execution or cluster as
/// the API documents it, and the URL template variables (Agave's names) from it. Each event
/// speaks of its own execution, whichever of its job's runs it is.
public struct MasterSubjects: NotificationSubjects {
    let master: JobMaster
    /// Where the master listens: `${JOB_URL}` starts with its URL.
    let address: ListenAddress

    public init(master: JobMaster, address: ListenAddress) {
        self.master = master
        self.address = address
    }

    public func describe(_ event: OutboxEvent) -> SubjectFacts {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        switch event.subjectKind {
        case .execution:
            guard let execution = try? master.execution(event.subjectID), let stats = try? master.statistics(of: event.subjectID),
                let document = try? APIDocuments.execution(execution, stats, master: master, address: address)
            else { return SubjectFacts(document: nil, variables: ["JOB_ID": String(event.jobID ?? 0), "EXECUTION_ID": String(event.subjectID)]) }
            let cluster = execution.clusterID.map(String.init) ?? "0"
            var variables: [String: String] = ["JOB_ID": document.job_id, "EXECUTION_ID": document.ex_id, "UUID": document.ex_id]
            variables["JOB_NAME"] = document.name
            let named = String(event.event.dropFirst("job.".count))
            variables["JOB_STATUS"] = ExecutionStatus(rawValue: named) == nil ? execution.status.rawValue : named
            variables["JOB_URL"] = "\(address.url)/v1/ex/\(document.ex_id)"
            variables["JOB_SUBMIT_TIME"] = APIDate.string(execution.createdAt)
            variables["JOB_START_TIME"] = execution.startedAt.map(APIDate.string) ?? ""
            variables["JOB_END_TIME"] = execution.endedAt.map(APIDate.string) ?? ""
            variables["JOB_ERROR"] = execution.failureReason ?? ""
            variables["JOB_OUTPUT_PATH"] = OutputFolder(root: master.outputRoot, exID: event.subjectID).folder
            variables["JOB_OWNER"] = NSUserName()
            variables["OWNER"] = NSUserName()
            variables["JOB_SYSTEM"] = cluster
            variables["CLUSTER_ID"] = cluster
            return SubjectFacts(document: try? encoder.encode(document), variables: variables)
        case .cluster:
            guard let view = try? master.clusters.view(of: event.subjectID) else {
                return SubjectFacts(document: nil, variables: ["CLUSTER_ID": String(event.subjectID)])
            }
            let document = APIDocuments.cluster(view)
            let variables = [
                "CLUSTER_ID": String(view.id), "UUID": String(view.id), "CLUSTER_NAME": view.name, "CLUSTER_STATUS": (OutboxEvent.clusterStatus(of: event.event) ?? view.status).rawValue,
                "OWNER": NSUserName(),
            ]
            return SubjectFacts(document: try? encoder.encode(document), variables: variables)
        case .test:
            return SubjectFacts(document: nil, variables: [:])
        }
    }
}
