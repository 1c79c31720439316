import ClusterModel
import Foundation

/// `ess cluster stop` and `start`: powers every live node off (they keep their disks, ids and
/// private addresses) or on again, each through its `NodeDriver`.
public struct PowerCluster: Sendable {
    public let context: ClusterContext

    public init(_ context: ClusterContext) {
        self.context = context
    }

    /// Stops every node; returns the ids stopped.
    public func stop() throws -> [String] {
        let (_, drivers, _) = try request("stopping", .stopRequested) { provider, ids in try provider.stop(instanceIDs: ids) }
        try NodeRecorder(store: context.store).record(drivers, purpose: "stop: record")
        return drivers.map(\.node.id)
    }

    /// Starts stopped nodes, waits until they run (a public address may change) and answer SSH with
    /// the host keys pinned before. Returns the cluster's status and node id → failure.
    public func start(waitTimeout: TimeInterval) throws -> (status: ClusterStatus, failures: [String: String]) {
        var (state, drivers, provider) = try request("starting", .startRequested) { provider, ids in try provider.start(instanceIDs: ids) }
        let bringUp = NodeBringUp(context: context, verb: "start")
        drivers = try bringUp.waitUntilRunning(drivers, provider: provider, timeout: waitTimeout)
        state = try context.requireState()
        drivers = try bringUp.waitForSSH(drivers, state: state, timeout: waitTimeout)
        return (try ReadStatus(context).run(), NodeBringUp.failures(drivers, expected: .reachable))
    }

    /// Asks the provider to power the live nodes (custom machines: it refuses, and nothing is written),
    /// then tells each node's driver it was asked.
    func request(
        _ doing: String, _ event: NodeEvent, _ call: (any Provider, [String]) throws -> Void
    ) throws -> (ClusterState, [NodeDriver], any Provider) {
        let state = try context.requireState()
        var drivers = try live(state)
        let ids = drivers.map(\.node.id)
        let provider = try context.provider(state.provider, state: state)
        context.sink.note("\(doing) \(ids.count) node\(ids.count == 1 ? "" : "s")…")
        try ProviderCall.run { try call(provider, ids) }
        for index in drivers.indices { drivers[index].handle(event) }
        return (state, drivers, provider)
    }

    /// The drivers of the nodes stop and start act on.
    func live(_ state: ClusterState) throws -> [NodeDriver] {
        let nodes = state.nodes.filter { $0.state != .terminated }
        guard !nodes.isEmpty else {
            throw ClusterError.noLiveNodes
        }
        return nodes.map(NodeDriver.init)
    }
}
