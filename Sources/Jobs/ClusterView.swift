import ClusterModel
import Foundation
import MasterModel

/// One cluster as the API shows it: its record, machine and what runs on it, as facts.
public struct ClusterView: Sendable, Equatable {
    /// The id of the master's own directory's cluster (not stored; listed first).
    public static let ownID: Int64 = 0

    public var id: Int64
    public var name: String
    public var type: String
    public var provider: String
    public var instanceType: String
    public var folder: String
    public var status: ClusterLifecycle.Status
    /// The nodes it has (or is being made with).
    public var nodeCount: Int
    public var terminateOnIdle: Bool
    public var timeToIdle: TimeInterval
    public var availableSince: Date?
    public var idleSince: Date?
    public var terminatedAt: Date?
    public var terminatedOnIdle: Bool
    public var errorReason: String?
    public var createdAt: Date?
    public var updatedAt: Date?
    public var runningJobs: Int
    /// Its nodes as its folder's reservation.json records them.
    public var nodes: [ClusterNode]

    /// The view of a stored API cluster.
    init(_ record: APICluster, life: ClusterLifecycle, runningJobs: Int, nodes: [ClusterNode]) {
        id = record.id ?? 0
        name = record.name
        type = record.type
        provider = record.provider
        instanceType = record.instanceType
        folder = record.folder
        status = life.status
        nodeCount = life.nodes
        terminateOnIdle = life.terminateOnIdle
        timeToIdle = life.timeToIdle
        availableSince = life.availableSince
        idleSince = life.idleSince
        terminatedAt = life.terminatedAt
        terminatedOnIdle = life.terminatedOnIdle
        errorReason = life.errorReason
        createdAt = record.createdAt
        updatedAt = record.updatedAt
        self.runningJobs = runningJobs
        self.nodes = nodes
    }

    /// The view of the master's own directory's cluster: `available` while jobs run on it,
    /// `idle` otherwise, `terminated` once none of its nodes is up.
    init(own directory: String, summary: ClusterFolderSummary, runningJobs: Int) {
        id = Self.ownID
        name = URL(fileURLWithPath: directory).lastPathComponent
        let live = summary.nodes.filter(\.isLive)
        type = live.count == 1 ? "sandbox" : "production"
        provider = summary.provider
        instanceType = summary.instanceType
        folder = directory
        status = live.isEmpty ? .terminated : runningJobs > 0 ? .available : .idle
        nodeCount = live.count
        terminateOnIdle = false
        timeToIdle = ClusterRequest.defaultTimeToIdle
        terminatedOnIdle = false
        self.runningJobs = runningJobs
        nodes = summary.nodes
    }
}

/// Why the cluster controller refused, as facts; the server words them.
public enum ClusterControllerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A request the cluster's status forbids (409).
    case refused(clusterID: Int64, request: String, status: ClusterLifecycle.Status)
    /// The master's own cluster is changed with `ess cluster` in its directory, not the API (409).
    case ownCluster(request: String)
    /// A job names a cluster that does not exist (422).
    case noSuchCluster(clusterID: Int64)
    /// A job names a cluster that cannot run jobs now (409).
    case notRunnable(clusterID: Int64, status: ClusterLifecycle.Status)
    /// More nodes than the master's API clusters may have together (409).
    case overNodeLimit(limit: Int, inUse: Int, asked: Int)
    /// A sandbox cluster has exactly one node: it is not resized (409).
    case sandboxResize(clusterID: Int64)
}

extension ClusterControllerError {
    /// Plain words, for an execution's failure reason.
    public var description: String {
        switch self {
        case .refused(let id, let request, let status): "cluster \(id) is \(status.rawValue) and cannot \(request)"
        case .ownCluster(let request): "the master's own cluster cannot \(request) through the API"
        case .noSuchCluster(let id): "there is no cluster \(id)"
        case .notRunnable(let id, let status): "cluster \(id) is \(status.rawValue) and runs no jobs"
        case .overNodeLimit(let limit, let inUse, let asked): "\(asked) more nodes would pass the master's limit of \(limit) (\(inUse) in use)"
        case .sandboxResize(let id): "cluster \(id) is a sandbox and has exactly 1 node"
        }
    }
}
