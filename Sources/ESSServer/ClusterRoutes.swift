import Foundation
import Hummingbird
import JobAPI
import Jobs

/// `GET /v1` (the master itself) and `/v1/cluster`: running executions' statistics and the
/// state of every node.
struct ClusterRoutes: Sendable {
    let master: JobMaster
    let about: MasterDocument

    func add(to routes: RouteBuilder) {
        routes.add(.get, "/v1") { _, _ in Answer.json(about) }
        for name in ["controllers", "slicers"] {
            routes.add(.get, "/v1/cluster/\(name)") { _, _ in
                Answer.json(try await Blocking.run { master.runningStatistics() }.map { APIDocuments.statistics($0) })
            }
        }
        routes.add(.get, "/v1/cluster/state") { _, _ in
            let nodes = try await Blocking.run { try master.clusterState() }
            var state: [String: NodeStateDocument] = [:]
            for node in nodes { state[node.node.name] = APIDocuments.node(node, pid: about.pid) }
            return Answer.json(state)
        }
    }
}
