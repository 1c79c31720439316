import ClusterModel
import Foundation
import SSH

/// The production connector: real SSH sessions through libssh2.
public struct LibSSH2Connector: NodeConnector {
    public init() {}

    public func knock(_ node: Node, access: NodeAccess) -> SSHKnock {
        do {
            let connection = try access.connect(node)
            let key = PinnedHostKey(connection.hostKey)
            connection.close()
            return .answered(key)
        } catch let error as SSHError where error.isTransient {
            return .unanswered(access.describe(error))
        } catch {
            return .refused(access.describe(error))
        }
    }

    public func read(_ node: Node, access: NodeAccess, command: String) -> NodeReading {
        var reading = NodeReading(nodeID: node.id, reachable: false)
        let start = Date()
        do {
            let connection = try access.connect(node)
            defer { connection.close() }
            reading.hostKey = PinnedHostKey(connection.hostKey)
            let result = try connection.exec(command)
            reading.latencyMs = Int(Date().timeIntervalSince(start) * 1000)
            reading.reachable = true
            NodeProbe.apply(result.stdoutText, to: &reading)
        } catch {
            reading.error = access.describe(error)
        }
        return reading
    }
}
