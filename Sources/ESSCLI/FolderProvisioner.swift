import ClusterModel
import ESSCore
import Foundation
import Jobs
import Platform

/// The master's real `ClusterProvisioner`: each API cluster is a folder whose cluster is made,
/// grown, shrunk and ended by the same verbs as `ess cluster create/terminate`, run with that
/// folder as their directory, so its `.conf/reservation.json` serves every `ess cluster` command.
struct FolderProvisioner: ClusterProvisioner {
    /// Seconds each node may take to answer SSH.
    var waitTimeout: TimeInterval = 180

    func context(_ folder: String) throws -> ClusterContext {
        try PrivateFiles.makeDirectory(folder, mode: 0o755)
        return CommonOptions.context(
            directory: folder, verbose: false, lockTimeout: 30, credentials: nil, sink: SilentSink(), cancellation: nil)
    }

    func provision(_ spec: ClusterSpec, nodes: Int, in folder: String) throws {
        try worded { try launch(spec, nodes: nodes, add: false, in: folder) }
    }

    func resize(_ spec: ClusterSpec, to nodes: Int, sparing busy: Set<String>, in folder: String) throws -> Int {
        try worded { try change(spec, to: nodes, sparing: busy, in: folder) }
    }

    func change(_ spec: ClusterSpec, to nodes: Int, sparing busy: Set<String>, in folder: String) throws -> Int {
        let live = summary(of: folder)?.nodes.filter(\.isLive) ?? []
        if nodes > live.count {
            try launch(spec, nodes: nodes - live.count, add: !live.isEmpty, in: folder)
        } else if nodes < live.count {
            let spare = live.filter { !busy.contains($0.id) }.suffix(live.count - nodes).map(\.id)
            if !spare.isEmpty { _ = try TerminateCluster(try context(folder)).run(all: false, only: Set(spare)) }
        }
        return summary(of: folder)?.nodes.filter(\.isLive).count ?? 0
    }

    func terminate(in folder: String) throws {
        guard FileManager.default.fileExists(atPath: folder) else { return }
        try worded { _ = try TerminateCluster(try context(folder)).run(all: false) }
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
        let paths = ESSPaths(workingDirectory: folder, environment: ProcessInfo.processInfo.environment)
        try? APIClusterNote(id: clusterID, status: status, master: master).save(paths)
    }

    /// Errors in the CLI's words, for the cluster's `error_reason`.
    func worded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw ESSError(.failure, ErrorRenderer.message(for: error))
        }
    }

    func launch(_ spec: ClusterSpec, nodes: Int, add: Bool, in folder: String) throws {
        let outcome = try CreateCluster(try context(folder)).run(
            CreateRequest(
                number: nodes, type: spec.instanceType, add: add, provider: ProviderKind(userInput: spec.provider), wait: .ssh,
                waitTimeout: waitTimeout))
        guard outcome.failures.isEmpty else {
            let list = outcome.failures.keys.sorted().joined(separator: " ")
            throw ESSError(.unavailable, "\(outcome.failures.count) of \(outcome.nodeIDs.count) nodes did not answer SSH (\(list))")
        }
    }
}

/// Progress goes nowhere: the master's clusters report through their status.
struct SilentSink: ProgressSink {
    func note(_ line: String) {}
    func progress(_ line: String) {}
    func endProgress() {}
}
