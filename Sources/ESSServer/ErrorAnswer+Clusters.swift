import Foundation
import Hummingbird
import JobAPI
import Jobs

/// The words of the cluster controller's refusals.
extension ErrorAnswer {
    static func clusterRefusal(_ error: ClusterRequestError) -> String {
        error.field.isEmpty ? "The cluster request is refused: \(error.problem)." : "The cluster request is refused: `\(error.field)` \(error.problem)."
    }

    static func cluster(_ error: ClusterControllerError) -> (HTTPResponse.Status, APIErrorDocument) {
        switch error {
        case .refused(let id, let request, let status):
            let hint = request == "resize" ? "only an available or idle cluster that is not already resizing can be resized" : "try again later"
            return (.conflict, APIErrorDocument(code: "conflict", message: "Cannot \(request) cluster \(id): it is \(status.rawValue); \(hint)."))
        case .ownCluster(let request):
            return (.conflict, APIErrorDocument(
                code: "conflict", message: "Cannot \(request) cluster 0: it is the master's own directory's cluster; use `ess cluster` commands in that directory."))
        case .noSuchCluster(let id):
            return (.unprocessableContent, APIErrorDocument(
                code: "unprocessable", message: "There is no cluster \(id) to run the job on; `GET /v1/clusters` lists them.", field: "cluster_id"))
        case .overNodeLimit(let limit, let inUse, let asked):
            return (.conflict, APIErrorDocument(
                code: "conflict",
                message: "The master's API clusters may have \(limit) nodes together and have \(inUse); \(asked) more do not fit: terminate or shrink a cluster (ESS_API_MAX_NODES sets the limit)."))
        case .sandboxResize(let id):
            return (.conflict, APIErrorDocument(
                code: "conflict", message: "Cannot resize cluster \(id): it is a sandbox, which has exactly 1 node; make a production cluster for more."))
        case .notRunnable(let id, let status):
            return (.conflict, APIErrorDocument(
                code: "conflict", message: "Cluster \(id) is \(status.rawValue) and runs no jobs; run it on an available or idle cluster."))
        }
    }
}
