import ClusterModel
import Foundation

/// One row of `ess cluster status`.
public struct NodeStatus: Sendable {
    public var reservationID: String
    public var node: Node
    /// The provider's own state name (`running`, `listening`, …), when it was asked.
    public var providerState: String?
    public var reading: NodeReading?
}

/// Everything `ess cluster status` shows.
public struct ClusterStatus: Sendable {
    public var state: ClusterState
    public var rows: [NodeStatus]
    /// Live instances tagged with the cluster that reservation.json does not list.
    public var unlisted: [ProviderInstance]
    /// What the provider says of each instance type in the cluster (cpus and memory).
    public var types: [String: InstanceTypeInfo] = [:]

    public var unreachable: [NodeStatus] { rows.filter { $0.reading?.reachable != true } }
}

extension ClusterService {
    /// Asks the provider for every node's state, then reads each live node over SSH, all at
    /// once. Records what changed (states, first host keys, versions) in reservation.json.
    public func status() throws -> ClusterStatus {
        let state = try requireState()
        let provider = try self.provider(state.provider, state: state)
        let described = try provided {
            try provider.describe(reservationIDs: state.reservations.map(\.id), requireAll: false)
        }
        let byID = Dictionary(described.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let tagged = state.provider == .custom ? [] : try provided { try provider.describe(clusterID: state.clusterID) }
        let listed = Set(state.nodes.map(\.id))
        let unlisted = tagged.filter { !listed.contains($0.id) && !$0.state.isFinal }

        var rows: [NodeStatus] = []
        for reservation in state.reservations {
            for var node in reservation.nodes {
                var raw: String?
                if state.provider != .custom {
                    if let instance = byID[node.id] {
                        raw = instance.rawState
                        var life = NodeLifecycle(state: node.state)
                        life.handle(.providerReported(instance.state))
                        node.state = life.state
                        node.privateAddress = instance.privateAddress ?? node.privateAddress
                        node.publicAddress = instance.publicAddress ?? node.publicAddress
                    } else {
                        raw = "gone"
                        node.state = .terminated
                    }
                }
                rows.append(NodeStatus(reservationID: reservation.id, node: node, providerState: raw, reading: nil))
            }
        }

        let probeable = rows.indices.filter { rows[$0].node.state.isUp || state.provider == .custom }
        if !probeable.isEmpty {
            let access = try access(for: state)
            let root = (try? SyncSettings.load(directory: paths.workingDirectory))??.installRoot ?? SyncSettings.defaultInstallRoot
            let readings = NodeProbe(access: access, parallel: parallel, installRoot: root).read(probeable.map { rows[$0].node })
            for (index, reading) in zip(probeable, readings) {
                rows[index].reading = reading
                var life = NodeLifecycle(state: rows[index].node.state)
                if reading.reachable {
                    life.handle(.sshAnswered)
                    if rows[index].node.hostKey == nil { rows[index].node.hostKey = reading.hostKey }
                    rows[index].node.version = reading.version
                    rows[index].node.state = life.state
                } else if rows[index].node.state == .reachable {
                    rows[index].node.state = .running
                }
            }
        }
        try record(rows)
        let fresh = (try? store.load()).flatMap { $0 } ?? state
        var types: [String: InstanceTypeInfo] = [:]
        for type in Set(rows.map(\.node.type)) where state.provider != .custom {
            types[type] = (try? provider.instanceType(type)) ?? nil
        }
        return ClusterStatus(state: fresh, rows: rows, unlisted: unlisted, types: types)
    }

    /// Writes back what is durable and new: first host-key pins, versions and addresses.
    /// Live states are shown, not stored, so that a node that is merely down leaves
    /// reservation.json byte-identical.
    func record(_ rows: [NodeStatus]) throws {
        let byID = Dictionary(rows.map { ($0.node.id, $0.node) }, uniquingKeysWith: { first, _ in first })
        try store.update("status: record") { current in
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
