import ClusterModel

/// What a probe found: the lifecycle event it is, and the node's reading when it was a status check.
public struct ProbeResult: Sendable, Equatable {
    public var event: NodeEvent
    public var reading: NodeReading?
}

/// How a `NodeDriver` performs `probeSSH`: wait until the node answers (create, start), or check it once (status).
public protocol NodeProber: Sendable {
    func probe(_ node: Node) -> ProbeResult
}

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

/// Reads the node once (cpus, memory, disk, version); no answer is `sshUnanswered`, not a failure.
public struct CheckProber: NodeProber {
    public let probe: NodeProbe

    public init(probe: NodeProbe) {
        self.probe = probe
    }

    public func probe(_ node: Node) -> ProbeResult {
        let reading = probe.read(node)
        if reading.reachable, let key = reading.hostKey {
            return ProbeResult(event: .sshAnswered(hostKey: key), reading: reading)
        }
        return ProbeResult(event: .sshUnanswered(reason: reading.error ?? "no answer"), reading: reading)
    }
}
