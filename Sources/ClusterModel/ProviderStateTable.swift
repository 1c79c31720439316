/// Maps a provider's raw state names onto `NodeState`, one table per provider.
public struct ProviderStateTable: Sendable {
    private let table: [String: NodeState]

    public init(_ table: [String: NodeState]) {
        self.table = table
    }

    /// The neutral state for a raw one; an unknown raw state is `pending`, never `running`,
    /// so that an unexpected value can never make us send commands to a node.
    public func state(for raw: String) -> NodeState {
        table[raw.lowercased()] ?? .pending
    }

    /// EC2's instance-state names.
    public static let ec2 = ProviderStateTable([
        "pending": .pending, "running": .running, "shutting-down": .terminating,
        "terminated": .terminated, "stopping": .stopping, "stopped": .stopped,
    ])

    /// The local provider's process states.
    public static let local = ProviderStateTable([
        "starting": .pending, "listening": .running, "stopping": .stopping, "stopped": .stopped,
        "dead": .failed, "terminating": .terminating, "terminated": .terminated,
    ])
}
