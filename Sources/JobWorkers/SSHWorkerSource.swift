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
/// `connect` opens one connection per chosen node, in parallel on OS threads, prepares the
/// execution's folder on each (`WorkerScripts`) and hands back one `SSHWorkerLink` per node that
/// answered; the nodes that did not are skipped, their reasons kept in `skipped`.
public final class SSHWorkerSource: WorkerSource, @unchecked Sendable {
    public let paths: ESSPaths
    private let store: ReservationStore
    private let options: SSHOptions
    private let agentSocket: String?
    private let lock = NSLock()
    private var lastSkipped: [WorkerSkip] = []

    public convenience init(directory: String, environment: [String: String]) {
        self.init(directory: directory, environment: environment, options: SSHOptions(connectTimeout: 5, commandTimeout: 30))
    }

    /// `options` bounds the connect and the folder's preparation on each node; `environment` gives
    /// the folders (`ESS_AWS_DIR`), the ssh-agent (`SSH_AUTH_SOCK`) and the local user (`USER`).
    public init(directory: String, environment: [String: String], options: SSHOptions) {
        paths = ESSPaths(workingDirectory: directory, environment: environment)
        let localUser = LocalProvider.currentUser(fallback: environment["USER"])
        store = ReservationStore(paths: paths, defaultUser: { $0.defaultLoginUser(localUser: localUser) })
        self.options = options
        agentSocket = environment["SSH_AUTH_SOCK"]
    }

    /// The nodes the last `connect` could not use, and why.
    public var skipped: [WorkerSkip] { lock.withLock { lastSkipped } }

    public func inventory() throws -> [WorkerNode] {
        guard let state = try store.load() else { return [] }
        return Self.usable(state.nodes, in: state).map { node in
            WorkerNode(name: node.id, hostname: state.address(of: node) ?? "", slots: 1)
        }
    }

    public func connect(exID: Int64, spec: JobSpec) throws -> [any WorkerLink] {
        guard let state = try store.load() else { throw WorkerSourceError.noCluster(stateFile: paths.stateFile) }
        var nodes = state.nodes
        if let id = spec.reservation {
            guard let reservation = state.reservation(id) else {
                throw WorkerSourceError.noSuchReservation(id, known: state.reservations.map(\.id))
            }
            nodes = reservation.nodes
        }
        nodes = Self.usable(nodes, in: state)
        if let count = spec.workers { nodes = Array(nodes.prefix(count)) }
        guard !nodes.isEmpty else { throw WorkerSourceError.noNodes(reservation: spec.reservation) }
        let access = try NodeAccess(state: state, paths: paths, options: options, agentSocket: agentSocket)
        let installRoot = (try? SyncSettings.load(directory: paths.workingDirectory))??.installRoot ?? SyncSettings.defaultInstallRoot
        let scripts = WorkerScripts(exID: exID, installRoot: installRoot)
        let slots = spec.slots
        let results = FanOut.map(nodes, parallel: 64) { node in
            Self.open(node, access: access, scripts: scripts, slots: slots)
        }
        let links = results.compactMap { try? $0.get() }
        let skips = results.compactMap { result -> WorkerSkip? in
            if case .failure(let skip) = result { return skip }
            return nil
        }
        lock.withLock { lastSkipped = skips }
        guard !links.isEmpty else { throw WorkerSourceError.noneConnected(skips) }
        return links
    }

    /// Nodes that are up and have an address to reach.
    static func usable(_ nodes: [Node], in state: ClusterState) -> [Node] {
        nodes.filter { $0.state.isUp && state.address(of: $0) != nil }
    }

    /// Connects to one node (on the calling OS thread), prepares the folder and takes its cpus.
    static func open(_ node: Node, access: NodeAccess, scripts: WorkerScripts, slots: Int?) -> Result<SSHWorkerLink, WorkerSkip> {
        do {
            let connection = try access.connect(node)
            let prepared = try connection.exec(scripts.prepare)
            guard prepared.exitCode == 0 else {
                connection.close()
                let why = prepared.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
                return .failure(WorkerSkip(node: node.id, reason: "could not make \(scripts.folder) (exit \(prepared.exitCode)\(why.isEmpty ? "" : ": " + why))"))
            }
            let cpus = Int(prepared.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 1
            let mux = try ChannelMux(connection: connection)
            return .success(SSHWorkerLink(name: node.id, slots: slots ?? cpus, scripts: scripts, mux: mux))
        } catch {
            return .failure(WorkerSkip(node: node.id, reason: access.describe(error)))
        }
    }
}
