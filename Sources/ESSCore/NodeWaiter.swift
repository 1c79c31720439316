import ClusterModel
import Foundation
import SSH

/// How one node's wait for SSH ended.
public struct WaitOutcome: Sendable {
    public var nodeID: String
    public var hostKey: PinnedHostKey?
    /// nil when the node answered.
    public var failure: String?
    public var seconds: Double
}

/// Waits until nodes answer SSH, each on its own thread with its own deadline, so one slow
/// node never holds up the rest. Refused connections and timeouts are retried (the node may
/// still be booting); a wrong key, user or host key ends that node's wait at once.
public struct NodeWaiter: Sendable {
    public let access: NodeAccess
    public let timeout: TimeInterval
    public let parallel: Int

    public init(access: NodeAccess, timeout: TimeInterval, parallel: Int = 64) {
        self.access = access
        self.timeout = timeout
        self.parallel = parallel
    }

    /// `progress` is called (from any thread, serialised) after each node's wait ends.
    public func wait(for nodes: [Node], progress: @escaping @Sendable (WaitOutcome) -> Void) -> [WaitOutcome] {
        let access = self.access, timeout = self.timeout
        let serial = NSLock()
        return FanOut.map(nodes, parallel: parallel) { node in
            let outcome = Self.waitOne(node, access: access, timeout: timeout)
            serial.withLock { progress(outcome) }
            return outcome
        }
    }

    static func waitOne(_ node: Node, access: NodeAccess, timeout: TimeInterval) -> WaitOutcome {
        let start = Date()
        let deadline = start.addingTimeInterval(timeout)
        var pause = 0.05
        var last = "no attempt was made"
        while true {
            do {
                let connection = try access.connect(node)
                let key = PinnedHostKey(connection.hostKey)
                connection.close()
                return WaitOutcome(nodeID: node.id, hostKey: key, failure: nil, seconds: Date().timeIntervalSince(start))
            } catch let error as SSHError where error.isTransient {
                last = access.describe(error)
            } catch {
                return WaitOutcome(nodeID: node.id, hostKey: nil, failure: access.describe(error), seconds: Date().timeIntervalSince(start))
            }
            if Date().addingTimeInterval(pause) >= deadline {
                return WaitOutcome(
                    nodeID: node.id, hostKey: nil,
                    failure: "no SSH answer within \(Int(timeout)) s; last: \(last)", seconds: Date().timeIntervalSince(start))
            }
            Thread.sleep(forTimeInterval: pause)
            pause = min(pause * 2, 1.0)
        }
    }
}
