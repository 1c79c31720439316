import ClusterModel
import Foundation

/// What `terminate` did.
public struct TerminateOutcome: Sendable {
    public var terminated: [String]
    /// Ids still alive when the wait ended.
    public var stillAlive: [String]
    public var deletedKey: Bool
    public var deletedGroup: Bool
    /// Instances tagged with the cluster that reservation.json does not list (kept).
    public var unlisted: [String]
}

/// `ess cluster terminate [--all]`: terminates every node of the cluster, each through its
/// `NodeDriver`, and waits until they are gone. Plain: keeps the key files and security group, and
/// the cluster's identity, so a later `create` reuses them. `all`: then deletes the security group,
/// key pair and key files, and forgets the cluster.
public struct TerminateCluster: Sendable {
    public let context: ClusterContext

    public init(_ context: ClusterContext) {
        self.context = context
    }

    /// What `run` would act on, for the confirmation the CLI asks.
    public func plan() throws -> ClusterState? {
        try context.store.load()
    }

    /// `only`: terminate just these nodes (a shrinking API cluster), keeping everything else.
    public func run(all: Bool, only: Set<String>? = nil, waitTimeout: TimeInterval = 600) throws -> TerminateOutcome {
        guard var state = try context.store.load() else {
            return TerminateOutcome(terminated: [], stillAlive: [], deletedKey: false, deletedGroup: false, unlisted: [])
        }
        let provider = try context.provider(state.provider, state: state)
        if only == nil {
            // Nodes a create launched without recording them (it was killed, or lost the answer) are
            // found by their launch's token and recorded first, so that they end with the rest.
            state = try PendingLaunches(context: context).record(state, provider: provider, settle: true)
        }
        let recorder = NodeRecorder(store: context.store)
        var drivers = state.nodes.filter { $0.state != .terminated && only?.contains($0.id) ?? true }.map(NodeDriver.init)
        let ids = drivers.map(\.node.id)

        var stillAlive: [String] = []
        if !ids.isEmpty {
            context.sink.note("terminating \(ids.count) node\(ids.count == 1 ? "" : "s")…")
            // The provider first: one that refuses (custom machines are not ess's) leaves the file as it was.
            try ProviderCall.run { try provider.terminate(instanceIDs: ids) }
            for index in drivers.indices { drivers[index].handle(.terminateRequested) }
            try recorder.record(drivers, purpose: "terminate: mark nodes")
            stillAlive = try ProviderCall.run { try provider.waitUntilTerminated(instanceIDs: ids, timeout: waitTimeout) }
        }
        // Drop what is gone; keep anything still alive so that nothing is ever lost track of.
        for index in drivers.indices where !stillAlive.contains(drivers[index].node.id) {
            drivers[index].handle(.providerReported(.terminated))
        }
        try recorder.record(drivers, purpose: "terminate: record", dropGone: true)
        if context.cancellation.isCancelled {
            throw TerminateError.interrupted(requested: ids.count, stillAlive: stillAlive.count, all: all)
        }
        guard stillAlive.isEmpty else {
            throw TerminateError.notTerminatedInTime(nodes: stillAlive)
        }
        var outcome = TerminateOutcome(terminated: ids, stillAlive: [], deletedKey: false, deletedGroup: false, unlisted: [])
        guard all, only == nil else { return outcome }

        // Anything else tagged with the cluster (a reservation forgotten with `remove`) would
        // lose its key and group: keep them, and say so.
        let unlisted = try ProviderCall.run { try provider.describe(clusterID: state.clusterID) }.filter { !$0.state.isFinal }
        if !unlisted.isEmpty {
            outcome.unlisted = unlisted.map(\.id)
            throw TerminateError.unlistedNodes(nodes: outcome.unlisted, clusterID: state.clusterID, reservations: Set(unlisted.map(\.reservationID)).sorted())
        }
        if let group = state.securityGroup {
            do {
                try ProviderCall.run { try provider.deleteSecurityGroup(name: group, clusterID: state.clusterID) }
            } catch where context.cancellation.isCancelled {
                throw TerminateError.interruptedDeletingGroup(clusterID: state.clusterID)
            }
            outcome.deletedGroup = true
        }
        if let keyName = state.keyName {
            try ProviderCall.run { try provider.deleteKeyPair(name: keyName, clusterID: state.clusterID) }
            // Only a key ess made (in its own keys folder) is deleted; a hand-named pem is the user's.
            if state.pem == nil || state.pem == context.paths.keyFile(keyName) {
                try context.keys.deleteKey(named: keyName)
                outcome.deletedKey = true
            }
        }
        try context.store.update("terminate --all: forget the cluster") { current in current = nil }
        try? context.registry.forget(state.clusterID)
        try? FileManager.default.removeItem(atPath: context.paths.knownHostsFile)
        return outcome
    }
}
