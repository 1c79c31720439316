/// Why `CreateCluster` stopped after it asked the provider for nodes, as facts: what was
/// launched and recorded, and where.
public enum LaunchError: Error, Sendable, Equatable {
    /// The wait for SSH returned nothing (it was cut short).
    case sshWaitEnded
    /// The provider's launch answered with no instance.
    case nothingStarted
    /// The provider started `started` of the `asked` nodes; they are recorded as `reservation`.
    case fewerStarted(started: Int, asked: Int, reservation: String)
    /// Stopped on request before any launch: cluster `clusterID` (recorded in `stateFile`) has its
    /// key pair and security group, and none of the `asked` nodes.
    case interruptedBeforeLaunch(clusterID: String, stateFile: String, asked: Int)
    /// Stopped on request after `reservation` (its `nodes`) was launched and recorded in `stateFile`.
    case interruptedAfterLaunch(reservation: String, nodes: [String], stateFile: String)
}
