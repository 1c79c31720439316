import ClusterModel
import Foundation
import SSH

/// `ess cluster run COMMAND`: runs a command on the chosen nodes at once.
public struct RunOnNodes: Sendable {
    public let context: ClusterContext

    public init(_ context: ClusterContext) {
        self.context = context
    }

    /// Each node's output and exit code, in cluster order.
    ///
    /// With `lines`, output goes there line by line as it arrives instead of into the outcomes (whose stderr then
    /// holds only the last line, for the failure summary).
    public func run(_ command: String, nodes list: String?, lines: (any LineSink)? = nil) throws -> [NodeOutcome] {
        let targets = try FanOutTargets(context, list: list)
        lines?.begin(targets.nodes.map(\.id))
        return targets.engine("run", context).each(targets.nodes) { node, connection in
            let result = try lines.map { try NodeLineFeed(node: node.id, sink: $0).exec(command, on: connection) } ?? connection.exec(command)
            var outcome = NodeOutcome(nodeID: node.id, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr)
            if let signal = result.exitSignal { outcome.error = "killed by signal \(signal)" }
            return outcome
        }
    }
}
