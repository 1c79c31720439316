import ClusterModel

/// One row of `ess cluster status`.
public struct NodeStatus: Sendable {
    public var reservationID: String
    public var node: Node
    /// The provider's own state name (`running`, `listening`, …), when it was asked.
    public var providerState: String?
    public var reading: NodeReading?
}

/// Everything `ess cluster status` shows.
public struct ClusterStatus: Sendable {
    public var state: ClusterState
    public var rows: [NodeStatus]
    /// Live instances tagged with the cluster that reservation.json does not list.
    public var unlisted: [ProviderInstance]
    /// What the provider says of each instance type in the cluster (cpus and memory).
    public var types: [String: InstanceTypeInfo] = [:]
    /// Reservations this status did not look at (`create --add` reads only its own), as last recorded.
    public var others: [ReservationSummary] = []

    public var unreachable: [NodeStatus] { rows.filter { $0.reading?.reachable != true } }
}
