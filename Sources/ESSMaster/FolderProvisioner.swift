import ClusterModel
import ESSCore
import Foundation
import Jobs
import Platform

/// The master's real `ClusterProvisioner`: each API cluster is a folder whose cluster is made,
/// grown, shrunk and ended by the same verbs as `ess cluster create/terminate`, run with that
/// folder as their directory, so its `.conf/reservation.json` serves every `ess cluster` command.
struct FolderProvisioner: ClusterProvisioner {
    /// The verbs' context for a folder (the configuration's `ClusterSettings.folders`).
    let folders: @Sendable (_ folder: String) -> ClusterContext
    /// Seconds each node may take to answer SSH.
    var waitTimeout: TimeInterval = 180

    func context(_ folder: String) throws -> ClusterContext {
        try PrivateFiles.makeDirectory(folder, mode: 0o755)
        return folders(folder)
    }

    func provision(_ spec: ClusterSpec, nodes: Int, in folder: String) throws {
        let context = try context(folder)
        try worded(context) { try launch(spec, nodes: nodes, add: false, context) }
    }

    func resize(_ spec: ClusterSpec, to nodes: Int, sparing busy: Set<String>, in folder: String) throws -> Int {
        let context = try context(folder)
        return try worded(context) { try change(spec, to: nodes, sparing: busy, context) }
    }

    func change(_ spec: ClusterSpec, to nodes: Int, sparing busy: Set<String>, _ context: ClusterContext) throws -> Int {
        let folder = context.paths.workingDirectory
        let live = summary(of: folder)?.nodes.filter(\.isLive) ?? []
        if nodes > live.count {
            try launch(spec, nodes: nodes - live.count, add: !live.isEmpty, context)
        } else if nodes < live.count {
            let spare = live.filter { !busy.contains($0.id) }.suffix(live.count - nodes).map(\.id)
            if !spare.isEmpty { _ = try TerminateCluster(context).run(all: false, only: Set(spare)) }
        }
        return summary(of: folder)?.nodes.filter(\.isLive).count ?? 0
    }

    func terminate(in folder: String) throws {
        guard FileManager.default.fileExists(atPath: folder) else { return }
        let context = try context(folder)
        try worded(context) { _ = try TerminateCluster(context).run(all: false) }
    }

    func summary(of folder: String) -> ClusterFolderSummary? {
        guard FileManager.default.fileExists(atPath: folder), let context = try? context(folder), let state = try? context.store.load() else { return nil }
        let nodes = state.reservations.flatMap { reservation in
            reservation.nodes.map { node in
                let host = state.address(of: node)
                return ClusterNode(
                    id: node.id, reservationID: reservation.id, address: host.map { node.port == 22 ? $0 : "\($0):\(node.port)" },
                    state: node.state.rawValue, isLive: !node.state.isFinal && node.state != .terminating)
            }
        }
        return ClusterFolderSummary(provider: state.provider.rawValue, instanceType: state.reservations.first?.type ?? "", nodes: nodes)
    }

    func note(status: String, clusterID: Int64, master: String, in folder: String) {
        guard let context = try? context(folder) else { return }
        try? APIClusterNote(id: clusterID, status: status, master: master).save(context.paths)
    }

    /// Errors in the words the context gives them (the CLI's), for the cluster's `error_reason`.
    func worded<T>(_ context: ClusterContext, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw WordedFailure(reason: context.describeError(error))
        }
    }

    func launch(_ spec: ClusterSpec, nodes: Int, add: Bool, _ context: ClusterContext) throws {
        let outcome = try CreateCluster(context).run(
            CreateRequest(
                number: nodes, type: spec.instanceType, add: add, provider: ProviderKind(userInput: spec.provider), wait: .ssh,
                waitTimeout: waitTimeout))
        guard outcome.failures.isEmpty else {
            let list = outcome.failures.keys.sorted().joined(separator: " ")
            throw WordedFailure(reason: "\(outcome.failures.count) of \(outcome.nodeIDs.count) nodes did not answer SSH (\(list))")
        }
    }
}

