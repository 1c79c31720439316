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
    ///
    /// With `lines`, output goes there line by line as it arrives instead of into the outcomes (whose stderr then
    /// holds only the last line, for the failure summary).
    public func run(_ command: String, nodes list: String?, lines: (any LineSink)? = nil) throws -> [NodeOutcome] {
        let (state, nodes) = try fanOutTargets(list)
        lines?.begin(nodes.map(\.id))
        return try engine("run", for: state).each(nodes) { node, connection in
            let result = try lines.map { try NodeLineFeed(node: node.id, sink: $0).exec(command, on: connection) } ?? connection.exec(command)
            var outcome = NodeOutcome(nodeID: node.id, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr)
            if let signal = result.exitSignal { outcome.error = "killed by signal \(signal)" }
            return outcome
        }
    }
}
