import ClusterModel
import ESSCore
import Foundation
import SSH

/// How an execution gets one connection per node: leased from the master's `WorkerConnections`
/// when one is kept, else made; given back when the execution lets its workers go, unless the
/// node has left the cluster meanwhile.
extension SSHWorkerSource {
    /// Leases one node's connection on the calling OS thread and makes the execution's folder on
    /// it. A kept connection must make the folder within the connect timeout; one that does not
    /// is closed and a new one made, once. A new connection makes the folder as before.
    func lease(_ node: Node, access: NodeAccess, scripts: WorkerScripts, slots: Int?) -> Result<(link: SSHWorkerLink, cpus: Int), WorkerSkip> {
        let key = key(of: node, access: access)
        var kept = connections.flatMap { $0.lease(key, waiting: $0.leaseWait) }
        while let mux = kept {
            do {
                let cpus = try Self.prepare(scripts, on: mux, knownCPUs: self.cpus.known(node.id), timeout: options.connectTimeout)
                return .success((link(node, mux: mux, key: key, scripts: scripts, slots: slots, cpus: cpus), cpus))
            } catch let skip as FolderRefusal {
                giveBack(mux, key: key)
                return .failure(WorkerSkip(node: node.id, reason: skip.reason(scripts)))
            } catch {
                // A kept connection that does not answer is closed; the next kept one, or a new one, is tried.
                mux.close()
                connections?.ended(key)
                kept = connections?.lease(key, waiting: 0)
            }
        }
        let connection: SSHConnection
        do {
            connection = try access.connect(node)
            connections?.made(key)
        } catch {
            connections?.ended(key, whileMaking: true)
            return .failure(WorkerSkip(node: node.id, reason: access.describe(error)))
        }
        do {
            let prepared = try connection.exec(scripts.prepare)
            guard prepared.exitCode == 0 else {
                connection.close()
                connections?.ended(key)
                let refusal = FolderRefusal(exitCode: prepared.exitCode, stderr: prepared.stderrText)
                return .failure(WorkerSkip(node: node.id, reason: refusal.reason(scripts)))
            }
            let cpus = Int(prepared.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 1
            let mux = try ChannelMux(connection: connection)
            return .success((link(node, mux: mux, key: key, scripts: scripts, slots: slots, cpus: cpus), cpus))
        } catch {
            connections?.ended(key)
            return .failure(WorkerSkip(node: node.id, reason: access.describe(error)))
        }
    }

    /// Everything `connections` tells nodes apart by: the cluster (its record's file), the
    /// node, where and as whom it is reached, its pinned host key and the key that logs in.
    func key(of node: Node, access: NodeAccess) -> String {
        [keyScope + node.id, access.target(for: node).description, node.hostKey?.fingerprint ?? "", access.keyFile ?? "agent"].joined(separator: "\n")
    }

    /// What every key of this cluster starts with.
    var keyScope: String { paths.stateFile + "\n" }

    /// The keys of the nodes the record has up now; none when it cannot be read.
    func liveKeys() -> Set<String> {
        guard let state = try? state(), let access = try? NodeAccess(state: state, paths: paths, options: options, agentSocket: agentSocket) else { return [] }
        return Set(Self.usable(state.nodes, in: state).map { key(of: $0, access: access) })
    }

    /// Keeps a connection an execution is done with, unless its node left the cluster;
    /// `returning`: its link announced it (`WorkerConnections.willReturn`).
    func giveBack(_ mux: ChannelMux, key: String, returning: Bool = false) {
        guard let connections else { return mux.close() }
        guard liveKeys().contains(key) else {
            mux.close()
            return connections.ended(key, returning: returning)
        }
        connections.put(mux, key: key, returning: returning)
    }

    /// Called at every sweep of `connections`: once the record changed, closes the kept
    /// connections of nodes it no longer has up.
    func closeConnectionsOfNodesGone() {
        let stamp = inventoryStamp
        let changed: Bool = lock.withLock {
            defer { checkedStamp = stamp }
            return checkedStamp != stamp
        }
        guard changed, let connections else { return }
        connections.keep(only: liveKeys(), under: keyScope)
    }

    private func link(_ node: Node, mux: ChannelMux, key: String, scripts: WorkerScripts, slots: Int?, cpus: Int) -> SSHWorkerLink {
        guard let connections else { return SSHWorkerLink(name: node.id, slots: slots ?? cpus, scripts: scripts, mux: mux) }
        // nil: the link closed its connection itself (it was not quiet).
        let giveBack: @Sendable (ChannelMux?) -> Void = { [weak self] mux in
            guard let mux else { return connections.ended(key, returning: true) }
            guard let self else {
                mux.close()
                return connections.ended(key, returning: true)
            }
            self.giveBack(mux, key: key, returning: true)
        }
        return SSHWorkerLink(
            name: node.id, slots: slots ?? cpus, scripts: scripts, mux: mux, giveBack: giveBack, willReturn: { connections.willReturn(key) })
    }

    /// Makes the folder over a kept connection and reads the node's cpus (only the folder when
    /// they are known: one program less for the node to start); throws `FolderRefusal` when the
    /// node would not make it, the connection's failure otherwise.
    static func prepare(_ scripts: WorkerScripts, on mux: ChannelMux, knownCPUs: Int?, timeout: Double) throws -> Int {
        let gathered = Gathered()
        let command = knownCPUs == nil ? scripts.prepare : "mkdir -p " + ShellQuote.quote(scripts.folder + "/out")
        mux.submit(ChannelMux.Command(command, stdout: { gathered.append($0) }, timeout: timeout)) { gathered.finish($0) }
        let outcome = gathered.wait()
        if let failure = outcome.failure { throw failure }
        guard outcome.exitCode == 0 else { throw FolderRefusal(exitCode: outcome.exitCode ?? 255, stderr: String(decoding: outcome.stderrTail, as: UTF8.self)) }
        if let knownCPUs { return knownCPUs }
        return Int(String(decoding: gathered.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 1
    }
}

/// A node that answered but would not make the execution's folder.
struct FolderRefusal: Error {
    let exitCode: Int32
    let stderr: String

    func reason(_ scripts: WorkerScripts) -> String {
        let why = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        return "could not make \(scripts.folder) (exit \(exitCode)\(why.isEmpty ? "" : ": " + why))"
    }
}
