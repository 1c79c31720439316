/// Maps a provider's raw state names onto `NodeState`; each provider owns its table
/// (`EC2Provider.stateTable`, `LocalProvider.stateTable`).
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
}
