import Foundation

/// What an API cluster is made of: its provider and instance type.
public struct ClusterSpec: Sendable, Equatable {
    public var provider: String
    public var instanceType: String

    public init(provider: String, instanceType: String) {
        self.provider = provider
        self.instanceType = instanceType
    }
}

/// One node of a cluster folder, as last recorded there.
public struct ClusterNode: Sendable, Equatable {
    public var id: String
    public var reservationID: String
    /// The address SSH uses, when known.
    public var address: String?
    /// The node's provider-neutral state (`reachable`, `running`, `terminated`, …).
    public var state: String
    /// It counts as one of the cluster's nodes (up, or still coming up).
    public var isLive: Bool

    public init(id: String, reservationID: String, address: String?, state: String, isLive: Bool) {
        self.id = id
        self.reservationID = reservationID
        self.address = address
        self.state = state
        self.isLive = isLive
    }
}

/// What a cluster folder's `.conf/reservation.json` says.
public struct ClusterFolderSummary: Sendable, Equatable {
    public var provider: String
    public var instanceType: String
    public var nodes: [ClusterNode]

    public init(provider: String, instanceType: String, nodes: [ClusterNode]) {
        self.provider = provider
        self.instanceType = instanceType
        self.nodes = nodes
    }
}

/// Makes and ends the nodes of a cluster in its folder. The real one runs ess's own cluster
/// verbs with the folder as their directory, so every `ess cluster` command works there too.
/// Its calls block (providers, SSH waits): the controller makes them on its own threads.
public protocol ClusterProvisioner: Sendable {
    /// Launches `nodes` nodes into the folder (made if missing) and waits until each answers
    /// SSH; throws when any does not.
    func provision(_ spec: ClusterSpec, nodes: Int, in folder: String) throws
    /// Grows (a new reservation) or shrinks (terminating nodes not named in `busy`) the folder's
    /// cluster towards `nodes`; returns how many live nodes it has afterwards.
    func resize(_ spec: ClusterSpec, to nodes: Int, sparing busy: Set<String>, in folder: String) throws -> Int
    /// Terminates every node of the folder's cluster.
    func terminate(in folder: String) throws
    /// The folder's cluster as last recorded; nil when it has none.
    func summary(of folder: String) -> ClusterFolderSummary?
    /// Notes in the folder that it is API cluster `id` of the master in `master`, now `status`
    /// (so `ess cluster status` there names it). Best effort.
    func note(status: String, clusterID: Int64, master: String, in folder: String)
}

/// The provisioner of a master that makes no clusters (in-process tests): every cluster it is
/// asked for ends in `error`.
public struct NoProvisioner: ClusterProvisioner {
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String { "this master makes no clusters (it was started without a provisioner)" }
    }

    public init() {}

    public func provision(_ spec: ClusterSpec, nodes: Int, in folder: String) throws { throw Unavailable() }
    public func resize(_ spec: ClusterSpec, to nodes: Int, sparing busy: Set<String>, in folder: String) throws -> Int { throw Unavailable() }
    public func terminate(in folder: String) throws {}
    public func summary(of folder: String) -> ClusterFolderSummary? { nil }
    public func note(status: String, clusterID: Int64, master: String, in folder: String) {}
}
