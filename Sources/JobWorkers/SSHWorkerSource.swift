import ClusterModel
import ESSCore
import Foundation
import JobModel
import Jobs
import Providers
import SSH

/// The directory's cluster as workers: its nodes from `.conf/reservation.json`, reached as every
/// `ess cluster` verb reaches them (`NodeAccess`: the cluster's key, host keys pinned).
///
/// `connect` leases one connection per chosen node, in parallel on OS threads (one the master
/// kept, `WorkerConnections`, else a new one), prepares the execution's folder on each
/// (`WorkerScripts`) and hands back one `SSHWorkerLink` per node that answered; the nodes that did
/// not are skipped, their reasons kept in `skipped`. The cpus each node reports are kept
/// (`NodeCPUs`), so that `inventory` knows every node's slots. Without `connections` every
/// connection is made for its execution and closed with it.
public final class SSHWorkerSource: WorkerSource, @unchecked Sendable {
    public let paths: ESSPaths
    private let store: ReservationStore
    let agentSocket: String?
    let options: SSHOptions
    let connections: WorkerConnections?
    let cpus = NodeCPUs()
    let lock = NSLock()
    private var lastSkipped: [WorkerSkip] = []
    /// The record as last read, with the stamp of the file it was read from. Guarded by `lock`.
    private var loaded: (stamp: UInt64, state: ClusterState?)?
    /// The record's stamp when the kept connections were last checked against it. Guarded by `lock`.
    var checkedStamp: UInt64?
    /// Where the next small execution starts looking for nodes. Guarded by `lock`.
    var rotation = 0

    public convenience init(directory: String, environment: [String: String], connections: WorkerConnections? = nil) {
        self.init(directory: directory, environment: environment, options: SSHOptions(connectTimeout: 5, commandTimeout: 30), connections: connections)
    }

    /// `options` bounds the connect and the folder's preparation on each node; `environment` gives
    /// the folders (`ESS_AWS_DIR`), the ssh-agent (`SSH_AUTH_SOCK`) and the local user (`USER`);
    /// `connections`, the master's, keeps connections between executions (nil: none kept).
    public init(directory: String, environment: [String: String], options: SSHOptions, connections: WorkerConnections? = nil) {
        paths = ESSPaths(workingDirectory: directory, environment: environment)
        let localUser = LocalProvider.currentUser(fallback: environment["USER"])
        store = ReservationStore(paths: paths, defaultUser: { $0.defaultLoginUser(localUser: localUser) })
        self.options = options
        self.connections = connections
        agentSocket = environment["SSH_AUTH_SOCK"]
        connections?.watch { [weak self] in self?.closeConnectionsOfNodesGone() }
    }

    /// The nodes the last `connect` could not use, and why.
    public var skipped: [WorkerSkip] { lock.withLock { lastSkipped } }

    /// The usable nodes, each with its cpus as slots: known from an execution's connection, else
    /// probed over SSH once (in parallel, bounded by the connect timeout); 1 for a node that has
    /// never answered.
    public func inventory() throws -> [WorkerNode] {
        guard let state = try state() else { return [] }
        let nodes = Self.usable(state.nodes, in: state)
        let known = cpus.cpus(of: nodes) { try NodeAccess(state: state, paths: paths, options: options, agentSocket: agentSocket) }
        return nodes.map { node in WorkerNode(name: node.id, hostname: state.address(of: node) ?? "", slots: known[node.id] ?? 1) }
    }

    /// The nodes `connect` would lease for `spec`, counted from the record (no connection made);
    /// 0 when there is no cluster or the spec's reservation is not in it. `clusterID` is not
    /// this source's to read: it is one folder's cluster.
    public func workerCount(for spec: JobSpec, on clusterID: Int64?) throws -> Int {
        guard let state = try state() else { return 0 }
        return (try? Self.leased(of: Self.chosen(spec, in: state).count, for: spec)) ?? 0
    }

    /// The record file's identity (inode, size, modification time): it changes whenever the
    /// record is written again (`AtomicFile` renames a new file into place).
    public var inventoryStamp: UInt64 {
        var info = stat()
        guard stat(paths.stateFile, &info) == 0 else { return 0 }
        var hasher = Hasher()
        for part in [Int(info.st_ino), Int(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec] { hasher.combine(part) }
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }

    public func connect(exID: Int64, spec: JobSpec) throws -> [any WorkerLink] {
        guard let state = try state() else { throw WorkerSourceError.noCluster(stateFile: paths.stateFile) }
        let all = try Self.chosen(spec, in: state)
        guard !all.isEmpty else { throw WorkerSourceError.noNodes(reservation: spec.reservation) }
        let access = try NodeAccess(state: state, paths: paths, options: options, agentSocket: agentSocket)
        let installRoot = (try? SyncSettings.load(directory: paths.workingDirectory))??.installRoot ?? SyncSettings.defaultInstallRoot
        let scripts = WorkerScripts(exID: exID, installRoot: installRoot)
        let slots = spec.slots
        // The nodes in the order to try them; as many as the execution leases at first, then
        // one more for each that could not be used.
        var order = ranked(all, for: spec, access: access)
        let wanted = Self.leased(of: all.count, for: spec)
        var links: [SSHWorkerLink] = []
        var skips: [WorkerSkip] = []
        while links.count < wanted, !order.isEmpty {
            let round = Array(order.prefix(wanted - links.count))
            order.removeFirst(round.count)
            let results = FanOut.map(round, parallel: 64) { node in
                self.lease(node, access: access, scripts: scripts, slots: slots, needsCurl: spec.usesS3)
            }
            for result in results {
                switch result {
                case .success(let opened):
                    cpus.learn(opened.link.name, cpus: opened.cpus)
                    links.append(opened.link)
                case .failure(let skip):
                    skips.append(skip)
                }
            }
        }
        let rank = Dictionary(all.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        links.sort { rank[$0.name, default: 0] < rank[$1.name, default: 0] }
        skips.sort { rank[$0.node, default: 0] < rank[$1.node, default: 0] }
        lock.withLock { lastSkipped = skips }
        guard !links.isEmpty else { throw WorkerSourceError.noneConnected(skips) }
        return links
    }

    /// The record, read again only when its file changed.
    func state() throws -> ClusterState? {
        let stamp = inventoryStamp
        if let loaded = lock.withLock({ loaded }), loaded.stamp == stamp, stamp != 0 { return loaded.state }
        let state = try store.load()
        lock.withLock { loaded = (stamp, state) }
        return state
    }

    /// The nodes an execution of `spec` uses: its reservation's (the whole cluster's without
    /// one) that are up, at most its `workers`.
    static func chosen(_ spec: JobSpec, in state: ClusterState) throws -> [Node] {
        var nodes = state.nodes
        if let id = spec.reservation {
            guard let reservation = state.reservation(id) else {
                throw WorkerSourceError.noSuchReservation(id, known: state.reservations.map(\.id))
            }
            nodes = reservation.nodes
        }
        nodes = usable(nodes, in: state)
        if let count = spec.workers { nodes = Array(nodes.prefix(count)) }
        return nodes
    }

    /// Nodes that are up and have an address to reach.
    static func usable(_ nodes: [Node], in state: ClusterState) -> [Node] {
        nodes.filter { $0.state.isUp && state.address(of: $0) != nil }
    }
}
