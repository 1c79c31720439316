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
    public func run(_ command: String, nodes list: String?) throws -> [NodeOutcome] {
        let targets = try FanOutTargets(context, list: list)
        return targets.engine("run", context).each(targets.nodes) { node, connection in
            let result = try connection.exec(command)
            var outcome = NodeOutcome(nodeID: node.id, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr)
            if let signal = result.exitSignal { outcome.error = "killed by signal \(signal)" }
            return outcome
        }
    }
}
