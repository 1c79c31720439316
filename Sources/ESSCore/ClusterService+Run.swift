import ClusterModel
import Foundation
import SSH

extension ClusterService {
    /// The cluster and the nodes `--nodes LIST` names (every node without it).
    public func fanOutTargets(_ list: String?) throws -> (ClusterState, [Node]) {
        let state = try requireState()
        let nodes = try NodeSelection.pick(list, from: state.nodes)
        guard !nodes.isEmpty else {
            throw ESSError.failure("the cluster has no nodes; create some with `ess cluster create --add --number=1`")
        }
        return (state, nodes)
    }

    func engine(_ label: String, for state: ClusterState) throws -> FanOutEngine {
        FanOutEngine(access: try access(for: state), parallel: parallel, sink: sink, label: label)
    }

    /// Runs `command` on the chosen nodes at once; each node's output and exit code, in cluster order.
    public func run(_ command: String, nodes list: String?) throws -> [NodeOutcome] {
        let (state, nodes) = try fanOutTargets(list)
        return try engine("run", for: state).each(nodes) { node, connection in
            let result = try connection.exec(command)
            var outcome = NodeOutcome(nodeID: node.id, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr)
            if let signal = result.exitSignal { outcome.error = "killed by signal \(signal)" }
            return outcome
        }
    }
}
