/// Why `TerminateCluster` did not finish, as facts: which nodes, which cluster, what was kept.
public enum TerminateError: Error, Sendable, Equatable {
    /// Stopped on request after termination was asked for `requested` nodes, `stillAlive` of which
    /// were still shutting down (and stay recorded); `all`: the run was to delete the cluster too.
    case interrupted(requested: Int, stillAlive: Int, all: Bool)
    /// These nodes were still alive when the wait ended; they stay recorded.
    case notTerminatedInTime(nodes: [String])
    /// Live instances tagged with `clusterID` that the cluster file does not list (in `reservations`);
    /// the key pair and security group were kept for them.
    case unlistedNodes(nodes: [String], clusterID: String, reservations: [String])
    /// Stopped on request while deleting the security group of `clusterID`; its nodes are terminated.
    case interruptedDeletingGroup(clusterID: String)
}
