import ClusterModel

/// `ess cluster set local|cloud|custom`: this directory's provider.
public struct SetProvider: Sendable {
    public let context: ClusterContext

    public init(_ context: ClusterContext) {
        self.context = context
    }

    public func run(_ kind: ProviderKind) throws {
        try context.store.update("set \(kind.rawValue)") { current in
            if var state = current {
                guard state.provider == kind || !state.hasNodes else {
                    throw ClusterError.nodesRemain(nodes: state.nodes.count, existing: state.provider, asked: kind)
                }
                if state.provider != kind {
                    state.provider = kind
                    state.region = nil
                }
                current = state
            } else {
                current = ClusterState(provider: kind, clusterID: ResourceID.make("ess", digits: 8), user: context.store.defaultUser(kind))
            }
        }
    }
}
