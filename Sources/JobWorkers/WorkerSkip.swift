/// A node an execution could not use, and why, as facts.
public struct WorkerSkip: Error, Sendable, Equatable, CustomStringConvertible {
    /// The node's instance id.
    public var node: String
    public var reason: String

    public init(node: String, reason: String) {
        self.node = node
        self.reason = reason
    }

    public var description: String { "\(node): \(reason)" }
}

/// Why `SSHWorkerSource` has no worker to give, as facts.
public enum WorkerSourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The directory has no cluster (its reservation file does not exist).
    case noCluster(stateFile: String)
    /// The spec names a reservation the cluster does not have.
    case noSuchReservation(String, known: [String])
    /// No node is up (in the chosen reservation).
    case noNodes(reservation: String?)
    /// Every chosen node failed to connect or to prepare the execution's folder.
    case noneConnected([WorkerSkip])
    /// A worker could not list the files a glob matches.
    case listFailed(node: String, pattern: String, reason: String)

    public var description: String {
        switch self {
        case .noCluster(let file):
            return "no cluster in this directory (\(file) does not exist); create one with `ess cluster create --number=N`, then start the job again with `ess job start ID`"
        case .noSuchReservation(let id, let known):
            return "the cluster has no reservation \(id) (it has \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case .noNodes(let reservation):
            return reservation.map { "reservation \($0) has no node that is up" } ?? "the cluster has no node that is up"
        case .noneConnected(let skips):
            return "no worker could be connected: " + skips.map(\.description).joined(separator: "; ")
        case .listFailed(let node, let pattern, let reason):
            return "\(node) could not list \(pattern): \(reason)"
        }
    }
}
