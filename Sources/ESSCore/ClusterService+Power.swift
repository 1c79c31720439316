import ClusterModel
import Foundation

extension ClusterService {
    /// `ess cluster stop`: stops every node; they keep their disks, ids and (private) addresses.
    /// Returns the ids stopped.
    public func stop() throws -> [String] {
        let state = try requireState()
        let ids = try poweredNodes(state)
        let provider = try self.provider(state.provider, state: state)
        sink.note("stopping \(ids.count) node\(ids.count == 1 ? "" : "s")…")
        try provided { try provider.stop(instanceIDs: ids) }
        try mark(ids, .stopRequested, purpose: "stop: record")
        return ids
    }

    /// `ess cluster start`: starts stopped nodes, waits until they run (a public address may
    /// change) and answer SSH with the host keys pinned before. Returns node id → failure.
    public func start(waitTimeout: TimeInterval) throws -> [String: String] {
        let state = try requireState()
        let ids = try poweredNodes(state)
        let provider = try self.provider(state.provider, state: state)
        sink.note("starting \(ids.count) node\(ids.count == 1 ? "" : "s")…")
        try provided { try provider.start(instanceIDs: ids) }
        let nodes = try waitUntilRunning(state.nodes.filter { ids.contains($0.id) }, provider: provider, timeout: waitTimeout)
        let fresh = try requireState()
        var failures = try waitForSSH(fresh.nodes.filter { node in nodes.contains { $0.id == node.id && $0.state == .running } }, state: fresh, timeout: waitTimeout)
        failures.merge(notRunning(nodes)) { ssh, _ in ssh }
        return failures
    }

    /// The nodes stop and start act on; custom machines are not ess's to power.
    func poweredNodes(_ state: ClusterState) throws -> [String] {
        guard state.provider != .custom else {
            throw ESSError.usage("custom machines are yours, not ess's; stop and start them yourself")
        }
        let ids = state.nodes.filter { $0.state != .terminated }.map(\.id)
        guard !ids.isEmpty else {
            throw ESSError.usage("this cluster has no live nodes; `ess cluster create --number=3` starts some")
        }
        return ids
    }
}
