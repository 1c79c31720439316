import ClusterModel

/// Reads the node once (cpus, memory, disk, version); no answer is `sshUnanswered`, not a failure.
public struct CheckProber: NodeProber {
    public let reader: NodeProbe

    public init(reader: NodeProbe) {
        self.reader = reader
    }

    public func probe(_ node: Node) -> ProbeResult {
        let reading = reader.read(node)
        if reading.reachable, let key = reading.hostKey {
            return ProbeResult(event: .sshAnswered(hostKey: key), reading: reading)
        }
        return ProbeResult(event: .sshUnanswered(reason: reading.error ?? "no answer"), reading: reading)
    }
}
