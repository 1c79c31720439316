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

extension ClusterService {
    /// What `terminate` would act on, for the confirmation prompt.
    public func terminatePlan() throws -> ClusterState? {
        try store.load()
    }

    /// Terminates every node of the cluster and waits until they are gone. Plain: keeps the key
    /// files and security group, and the cluster's identity, so a later `create` reuses them.
    /// `all`: then deletes the security group, key pair and key files, and forgets the cluster.
    public func terminate(all: Bool, waitTimeout: TimeInterval = 600) throws -> TerminateOutcome {
        guard let state = try store.load() else {
            return TerminateOutcome(terminated: [], stillAlive: [], deletedKey: false, deletedGroup: false, unlisted: [])
        }
        if state.provider == .custom {
            throw ESSError.usage("custom machines are yours, not ess's, and are never terminated by it; `ess cluster reset` forgets them")
        }
        let provider = try self.provider(state.provider, state: state)
        let ids = state.nodes.filter { $0.state != .terminated }.map(\.id)

        var stillAlive: [String] = []
        if !ids.isEmpty {
            try mark(ids, .terminateRequested, purpose: "terminate: mark nodes")
            sink.note("terminating \(ids.count) node\(ids.count == 1 ? "" : "s")…")
            try provided { try provider.terminate(instanceIDs: ids) }
            stillAlive = try provided { try provider.waitUntilTerminated(instanceIDs: ids, timeout: waitTimeout) }
        }
        // Drop what is gone; keep anything still alive so that nothing is ever lost track of.
        try store.update("terminate: record") { current in
            guard var updated = current else { return }
            for index in updated.reservations.indices {
                updated.reservations[index].nodes.removeAll { ids.contains($0.id) && !stillAlive.contains($0.id) }
            }
            updated.reservations.removeAll { $0.nodes.isEmpty }
            current = updated
        }
        if cancellation.isCancelled {
            let still = stillAlive.isEmpty ? "" : "; \(stillAlive.count) still shutting down stay in reservation.json"
            throw ESSError(
                .interrupted,
                "interrupted: termination was requested for \(ids.count) node(s)\(still); the key pair and security group were kept: "
                    + "run `ess cluster terminate\(all ? " --all" : "")` again to finish")
        }
        guard stillAlive.isEmpty else {
            throw ESSError(.unavailable, "\(stillAlive.count) node(s) were not terminated in time: \(stillAlive.joined(separator: " ")); they stay in reservation.json: run `ess cluster terminate` again")
        }
        var outcome = TerminateOutcome(terminated: ids, stillAlive: [], deletedKey: false, deletedGroup: false, unlisted: [])
        guard all else { return outcome }

        // Anything else tagged with the cluster (a reservation forgotten with `remove`) would
        // lose its key and group: keep them, and say so.
        let unlisted = try provided { try provider.describe(clusterID: state.clusterID) }.filter { !$0.state.isFinal }
        if !unlisted.isEmpty {
            outcome.unlisted = unlisted.map(\.id)
            let reservations = Set(unlisted.map(\.reservationID)).sorted().joined(separator: " ")
            throw ESSError.failure("\(unlisted.count) node(s) tagged with cluster \(state.clusterID) are not in reservation.json (reservation \(reservations)); the key and security group were kept for them: `ess cluster add \(reservations)` then `ess cluster terminate --all`")
        }
        if let group = state.securityGroup {
            do {
                try provided { try provider.deleteSecurityGroup(name: group, clusterID: state.clusterID) }
            } catch where cancellation.isCancelled {
                throw ESSError(
                    .interrupted,
                    "interrupted while deleting the security group of \(state.clusterID); its nodes are terminated: run `ess cluster terminate --all` again to finish")
            }
            outcome.deletedGroup = true
        }
        if let keyName = state.keyName {
            try provided { try provider.deleteKeyPair(name: keyName, clusterID: state.clusterID) }
            // Only a key ess made (in its own keys folder) is deleted; a hand-named pem is the user's.
            if state.pem == nil || state.pem == paths.keyFile(keyName) {
                try keys.deleteKey(named: keyName)
                outcome.deletedKey = true
            }
        }
        try store.update("terminate --all: forget the cluster") { current in current = nil }
        try? registry.forget(state.clusterID)
        try? FileManager.default.removeItem(atPath: paths.knownHostsFile)
        return outcome
    }

    /// Feeds one lifecycle event to these nodes and records their new states.
    func mark(_ ids: [String], _ event: NodeEvent, purpose: String) throws {
        try store.update(purpose) { current in
            guard var updated = current else { return }
            for var node in updated.nodes where ids.contains(node.id) {
                var life = NodeLifecycle(state: node.state)
                life.handle(event)
                node.state = life.state
                updated.update(node: node)
            }
            current = updated
        }
    }

    /// `ess cluster reset`: forgets the state file; keys and nodes are untouched.
    public func reset() throws -> ClusterState? {
        try store.update("reset") { current in
            let old = current
            current = nil
            return old
        }
    }

    /// `ess cluster set local|cloud|custom`: this directory's provider.
    public func setProvider(_ kind: ProviderKind) throws {
        try store.update("set \(kind.rawValue)") { current in
            if var state = current {
                guard state.provider == kind || !state.hasNodes else {
                    throw ESSError.usage("this directory's cluster has \(state.nodes.count) \(state.provider.rawValue) node(s); terminate them or run `ess cluster reset` before switching to \(kind.rawValue)")
                }
                if state.provider != kind {
                    state.provider = kind
                    state.region = nil
                }
                current = state
            } else {
                current = ClusterState(provider: kind, clusterID: ResourceID.make("ess", digits: 8), user: store.defaultUser(kind))
            }
        }
    }
}
