/// Where a node is in its life, in provider-neutral terms.
///
/// Each provider maps its own raw states onto these through one table
/// (see `ProviderStateTable`); `reachable` is ours alone: the node answered SSH.
public enum NodeState: String, Codable, Sendable, CaseIterable {
    case requested
    case pending
    case running
    case reachable
    case stopping
    case stopped
    case terminating
    case terminated
    case failed

    /// The node is gone for good, or never came.
    public var isFinal: Bool { self == .terminated || self == .failed }

    /// The node is up at the provider, whether or not SSH answered yet.
    public var isUp: Bool { self == .running || self == .reachable }
}
