import ClusterModel

/// Waits for SSH on the node's own deadline; a timeout and a refusal are different events.
public struct WaitProber: NodeProber {
    public let waiter: SSHWaiter

    public init(waiter: SSHWaiter) {
        self.waiter = waiter
    }

    public func probe(_ node: Node) -> ProbeResult {
        ProbeResult(event: waiter.wait(for: node).event, reading: nil)
    }
}
