import ClusterModel
import Foundation

/// The nodes a fan-out verb (run, put, get, sync) works on, and the engine that reaches them.
struct FanOutTargets {
    let state: ClusterState
    let nodes: [Node]
    let access: NodeAccess

    /// The cluster and the nodes `--nodes LIST` names (every node without it); checks the key.
    init(_ context: ClusterContext, list: String?) throws {
        state = try context.requireState()
        nodes = try NodeSelection.pick(list, from: state.nodes)
        guard !nodes.isEmpty else {
            throw ClusterError.noNodes
        }
        access = try context.access(for: state)
    }

    /// The engine for these nodes, its progress line labelled with the verb.
    func engine(_ label: String, _ context: ClusterContext) -> FanOutEngine {
        FanOutEngine(access: access, parallel: context.parallel, sink: context.sink, label: label)
    }
}
