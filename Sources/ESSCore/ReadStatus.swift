import ClusterModel
import Foundation
import SSH

/// `ess cluster status`: asks the provider for every node's state, then checks each live node over
/// SSH, all at once, each through its `NodeDriver`. Records what is durable and new (first host keys,
/// versions, addresses); live states are shown, not stored, so that a node that is merely down leaves
/// reservation.json byte-identical.
public struct ReadStatus: Sendable {
    public let context: ClusterContext

    public init(_ context: ClusterContext) {
        self.context = context
    }

    /// The whole cluster, or with `only` the nodes of that one reservation (the others summed up as last recorded).
    public func run(only reservationID: String? = nil) throws -> ClusterStatus {
        var state = try context.requireState()
        let provider = try context.provider(state.provider, state: state)
        if reservationID == nil {
            // Nodes a create launched without recording them are found by their launch's token, and recorded.
            state = try PendingLaunches(context: context).record(state, provider: provider, settle: false)
        }
        let reservations = state.reservations.filter { reservationID == nil || $0.id == reservationID }
        let custom = state.provider == .custom
        let described = try ProviderCall.run { try provider.describe(reservationIDs: reservations.map(\.id), requireAll: false) }
        let byID = Dictionary(described.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var unlisted: [ProviderInstance] = []
        if reservationID == nil {
            let listed = Set(state.nodes.map(\.id))
            unlisted = try ProviderCall.run { try provider.describe(clusterID: state.clusterID) }
                .filter { !listed.contains($0.id) && !$0.state.isFinal }
        }

        // The provider's view first (custom machines are not the provider's to describe).
        var rows: [(reservation: String, raw: String?, driver: NodeDriver)] = []
        for reservation in reservations {
            for node in reservation.nodes {
                var driver = NodeDriver(node: node)
                var raw: String?
                if !custom {
                    if let instance = byID[node.id] {
                        raw = instance.rawState
                        driver.observe(instance)
                    } else {
                        raw = "gone"
                        driver.handle(.providerReported(.terminated))
                    }
                }
                rows.append((reservation.id, raw, driver))
            }
        }
        // Then one check of every node that is up, all at once.
        let checked = try check(rows.map(\.driver), state: state)
        let statuses = zip(rows, checked).map { row, driver -> NodeStatus in
            var node = driver.node
            if let reading = driver.reading, reading.reachable { node.version = reading.version }
            return NodeStatus(reservationID: row.reservation, node: node, providerState: row.raw, reading: driver.reading)
        }
        try record(statuses)
        let fresh = (try? context.store.load()).flatMap { $0 } ?? state
        var types: [String: InstanceTypeInfo] = [:]
        for type in Set(statuses.map(\.node.type)) where !custom {
            types[type] = (try? provider.instanceType(type)) ?? nil
        }
        let others = fresh.reservations.filter { reservationID != nil && $0.id != reservationID }.map(ReservationSummary.init)
        return ClusterStatus(state: fresh, rows: statuses, unlisted: unlisted, types: types, others: others)
    }

    /// Asks each driver whether its node answers; the ones that are up get one SSH read.
    func check(_ drivers: [NodeDriver], state: ClusterState) throws -> [NodeDriver] {
        guard drivers.contains(where: { $0.state.isUp }) else {
            return drivers.map { driver in
                var driver = driver
                driver.handle(.checkRequested)
                return driver
            }
        }
        let root = (try? SyncSettings.load(directory: context.paths.workingDirectory))??.installRoot ?? SyncSettings.defaultInstallRoot
        let prober = CheckProber(reader: NodeProbe(access: try context.access(for: state), connector: context.connector, installRoot: root))
        return FanOut.map(drivers, parallel: context.parallel) { driver in
            var driver = driver
            driver.handle(.checkRequested, prober: prober)
            return driver
        }
    }

    /// Writes back first host-key pins, versions and addresses; never states.
    func record(_ rows: [NodeStatus]) throws {
        let byID = Dictionary(rows.map { ($0.node.id, $0.node) }, uniquingKeysWith: { first, _ in first })
        try context.store.update("status: record") { current in
            guard var updated = current else { return }
            for var node in updated.nodes {
                guard let seen = byID[node.id] else { continue }
                node.privateAddress = seen.privateAddress
                node.publicAddress = seen.publicAddress
                node.version = seen.version ?? node.version
                if node.hostKey == nil { node.hostKey = seen.hostKey }
                updated.update(node: node)
            }
            current = updated
        }
    }
}
