import ClusterModel

/// What a probe found: the lifecycle event it is, and the node's reading when it was a status check.
public struct ProbeResult: Sendable, Equatable {
    public var event: NodeEvent
    public var reading: NodeReading?

    public init(event: NodeEvent, reading: NodeReading?) {
        self.event = event
        self.reading = reading
    }
}

/// How a `NodeDriver` performs `probeSSH`: wait until the node answers (create, start), or check it once (status).
public protocol NodeProber: Sendable {
    func probe(_ node: Node) -> ProbeResult
}
