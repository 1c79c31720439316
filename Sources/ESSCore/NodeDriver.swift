import ClusterModel

/// Drives one node through its `NodeLifecycle`: feeds it events and performs every action it
/// returns (`probeSSH` → the prober, `pinHostKey` → pin on first use, `giveUp` → record the failure,
/// `forget` → mark the node gone). The only writer of a node's `state`; shared by create, start,
/// status, stop and terminate.
///
/// A `probeSSH` that arrives while the caller gives no prober (create records its launch before it
/// waits) stays due, and is performed by the next `handle` that brings one.
public struct NodeDriver: Sendable {
    public private(set) var node: Node
    /// Why the node was given up on, when it was.
    public private(set) var failure: String?
    /// The provider no longer has the node.
    public private(set) var gone = false
    /// What the last status check read.
    public private(set) var reading: NodeReading?
    private var life: NodeLifecycle
    private var probeDue = false

    public init(node: Node) {
        self.node = node
        life = NodeLifecycle(state: node.state)
    }

    /// A node the provider has just launched: requested, accepted, then as the provider reports it.
    public static func launched(_ instance: ProviderInstance) -> NodeDriver {
        var node = instance.node
        node.state = .requested
        var driver = NodeDriver(node: node)
        driver.handle(.launchAccepted)
        driver.handle(.providerReported(instance.state))
        return driver
    }

    public var state: NodeState { node.state }

    /// Feeds one event and performs what follows, probing with `prober` when a probe is due.
    public mutating func handle(_ event: NodeEvent, prober: (any NodeProber)? = nil) {
        perform(life.handle(event))
        if let prober { resume(with: prober) }
    }

    /// Performs a probe the lifecycle asked for earlier, if one is due.
    public mutating func resume(with prober: any NodeProber) {
        guard probeDue else { return }
        probeDue = false
        let result = prober.probe(node)
        if let reading = result.reading { self.reading = reading }
        handle(result.event, prober: prober)
    }

    /// What the provider says of the node: its addresses, then its state as an event.
    public mutating func observe(_ instance: ProviderInstance, prober: (any NodeProber)? = nil) {
        node.privateAddress = instance.privateAddress ?? node.privateAddress
        node.publicAddress = instance.publicAddress ?? node.publicAddress
        handle(.providerReported(instance.state), prober: prober)
    }

    private mutating func perform(_ action: NodeAction) {
        node.state = life.state
        switch action {
        case .none:
            break
        case .probeSSH:
            probeDue = true
        case .pinHostKey(let key):
            if node.hostKey == nil { node.hostKey = key }
        case .giveUp(let reason):
            failure = reason
            probeDue = false
        case .forget:
            gone = true
            probeDue = false
        }
    }
}
