import ClusterModel

/// `ess cluster reset`: forgets this directory's cluster file; keys and nodes are untouched.
public struct ResetCluster: Sendable {
    public let context: ClusterContext

    public init(_ context: ClusterContext) {
        self.context = context
    }

    /// What `run` would forget, for the confirmation the CLI asks.
    public func plan() throws -> ClusterState? {
        try context.store.load()
    }

    /// Removes reservation.json; returns the cluster it held.
    @discardableResult
    public func run() throws -> ClusterState? {
        try context.store.update("reset") { current in
            let old = current
            current = nil
            return old
        }
    }
}
