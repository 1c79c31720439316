/// A directory's cluster that no master drives (made with `ess cluster create`) in the API's
/// words, from its nodes alone: it runs no lifecycle of its own, so this is what its nodes say.
extension ClusterLifecycle.Status {
    /// `terminated` with no live node, `error` when a node failed, `creating` while any is still
    /// coming up, `available` once every live node answers SSH (`reachable` of them).
    public static func of(nodes: [NodeState], reachable: Int) -> Self {
        let live = nodes.filter { !$0.isFinal }
        if live.isEmpty { return nodes.contains(.failed) ? .error : .terminated }
        if nodes.contains(.failed) { return .error }
        if live.contains(where: { $0 == .terminating || $0 == .stopping }) { return .terminating }
        if reachable >= live.count { return .available }
        return live.contains(where: { $0 == .requested || $0 == .pending || $0 == .running }) ? .creating : .error
    }
}
