import ClusterModel
import ESSCore
import Foundation
import JobModel
import SSH

/// How an execution gets one connection per node: leased from the master's `WorkerConnections`
/// when one is kept, else made; given back when the execution lets its workers go, unless the
/// node has left the cluster meanwhile.
extension SSHWorkerSource {
    /// Leases one node's connection on the calling OS thread. A kept one on a node whose cpus
    /// are known must have one of its runners answer a ping within the connect timeout (nothing
    /// starts on the node: the execution's folder is made by its first slice there,
    /// `WorkerScripts.enter`); without a runner to ask, it must make the folder in that time. One
    /// that does not answer is closed and the next tried, then a new one made. A new connection
    /// makes the folder and reads the node's cpus. With `needsCurl` (the execution reads or writes
    /// S3) each of these also checks that the node has `curl` (a warm runner runs the check instead
    /// of a ping); a node without it is refused (`WorkerScripts.noCurlReason`), its connection kept.
    func lease(_ node: Node, access: NodeAccess, scripts: WorkerScripts, slots: Int?, needsCurl: Bool = false) -> Result<(link: SSHWorkerLink, cpus: Int), WorkerSkip> {
        let key = key(of: node, access: access)
        var kept = connections.flatMap { $0.lease(key, waiting: $0.leaseWait) }
        while let session = kept {
            do {
                let known = self.cpus.known(node.id)
                let cpus: Int
                let request = needsCurl ? scripts.curlCheckRequest : RunnerErrand.ping
                switch known.flatMap({ session.runners(current: scripts.current, slots: slots ?? $0).answer(request, seconds: options.connectTimeout) }) {
                case .some(.some(0)):
                    cpus = known ?? 1
                case .some(.some(WorkerScripts.noCurlExit)):
                    throw PrepareRefusal(exitCode: WorkerScripts.noCurlExit, stderr: "")
                case .some:
                    throw SSHError(kind: .timeout, target: access.target(for: node).description, detail: "no answer from a kept connection", isTransient: true)
                case nil:
                    cpus = try Self.prepare(scripts, on: session.mux, knownCPUs: known, checkingCurl: needsCurl, timeout: options.connectTimeout)
                }
                return .success((link(node, session: session, key: key, scripts: scripts, slots: slots, cpus: cpus), cpus))
            } catch let skip as PrepareRefusal {
                giveBack(session, key: key)
                return .failure(WorkerSkip(node: node.id, reason: skip.reason(scripts)))
            } catch {
                // A kept connection that does not answer is closed; the next kept one, or a new one, is tried.
                session.close()
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
            let prepared = try connection.exec(scripts.prepare(checkingCurl: needsCurl))
            guard prepared.exitCode == 0 else {
                connection.close()
                connections?.ended(key)
                let refusal = PrepareRefusal(exitCode: prepared.exitCode, stderr: prepared.stderrText)
                return .failure(WorkerSkip(node: node.id, reason: refusal.reason(scripts)))
            }
            let cpus = Int(prepared.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 1
            let session = WorkerSession(mux: try ChannelMux(connection: connection), current: scripts.current)
            return .success((link(node, session: session, key: key, scripts: scripts, slots: slots, cpus: cpus), cpus))
        } catch {
            connections?.ended(key)
            return .failure(WorkerSkip(node: node.id, reason: access.describe(error)))
        }
    }

    /// The order to lease nodes in: as chosen, unless the execution leases fewer than all
    /// (`leased`): then those with a kept connection idle or on its way back first, then those
    /// with the fewest leased, from a place that moves with each execution so that small ones spread over the
    /// cluster.
    func ranked(_ nodes: [Node], for spec: JobSpec, access: NodeAccess) -> [Node] {
        guard Self.leased(of: nodes.count, for: spec) < nodes.count else { return nodes }
        let start = lock.withLock {
            defer { rotation &+= 1 }
            return rotation
        }
        let ready = connections?.pool.readyCounts ?? [:], live = connections?.pool.liveCounts ?? [:]
        let ranked = nodes.indices.map { offset -> (node: Node, rank: (Int, Int, Int)) in
            let node = nodes[(start + offset) % nodes.count]
            let key = key(of: node, access: access)
            let kept = ready[key] ?? 0
            return (node, (kept > 0 ? 0 : 1, (live[key] ?? 0) - kept, offset))
        }
        return ranked.sorted { $0.rank < $1.rank }.map(\.node)
    }

    /// How many of the `chosen` nodes an execution of `spec` leases: all, unless its spec says
    /// it has fewer slices (a list, a range) and names no `workers`: then one node per slice and
    /// one spare (a slice whose node is lost is retried on another). A node that cannot be used
    /// is replaced by the next in `ranked`.
    static func leased(of chosen: Int, for spec: JobSpec) -> Int {
        guard spec.workers == nil, let slices = spec.inputs.knownSliceCount else { return chosen }
        return min(chosen, max(1, slices + 1))
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
    func giveBack(_ session: WorkerSession, key: String, returning: Bool = false) {
        guard let connections else { return session.close() }
        guard liveKeys().contains(key) else {
            session.close()
            return connections.ended(key, returning: returning)
        }
        connections.put(session, key: key, returning: returning)
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

    private func link(_ node: Node, session: WorkerSession, key: String, scripts: WorkerScripts, slots: Int?, cpus: Int) -> SSHWorkerLink {
        guard let connections else { return SSHWorkerLink(name: node.id, slots: slots ?? cpus, scripts: scripts, session: session) }
        // nil: the link closed its connection itself (it was not quiet).
        let giveBack: @Sendable (WorkerSession?) -> Void = { [weak self] session in
            guard let session else { return connections.ended(key, returning: true) }
            guard let self else {
                session.close()
                return connections.ended(key, returning: true)
            }
            self.giveBack(session, key: key, returning: true)
        }
        return SSHWorkerLink(
            name: node.id, slots: slots ?? cpus, scripts: scripts, session: session, giveBack: giveBack, willReturn: { connections.willReturn(key) })
    }

    /// Makes the folder over a kept connection and reads the node's cpus (only the folder when
    /// they are known: one program less for the node to start), checking for `curl` first when
    /// `checkingCurl`; throws `PrepareRefusal` when the node would not make it or has no curl,
    /// the connection's failure otherwise.
    static func prepare(_ scripts: WorkerScripts, on mux: ChannelMux, knownCPUs: Int?, checkingCurl: Bool = false, timeout: Double) throws -> Int {
        let gathered = Gathered()
        let command = knownCPUs == nil ? scripts.prepare(checkingCurl: checkingCurl) : scripts.makeFolder(checkingCurl: checkingCurl)
        mux.submit(ChannelMux.Command(command, stdout: { gathered.append($0) }, timeout: timeout)) { gathered.finish($0) }
        let outcome = gathered.wait()
        if let failure = outcome.failure { throw failure }
        guard outcome.exitCode == 0 else { throw PrepareRefusal(exitCode: outcome.exitCode ?? 255, stderr: String(decoding: outcome.stderrTail, as: UTF8.self)) }
        if let knownCPUs { return knownCPUs }
        return Int(String(decoding: gathered.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 1
    }
}

/// A node that answered but would not make the execution's folder, or has no curl for an
/// execution that needs it (`WorkerScripts.noCurlExit`).
struct PrepareRefusal: Error {
    let exitCode: Int32
    let stderr: String

    func reason(_ scripts: WorkerScripts) -> String {
        if exitCode == WorkerScripts.noCurlExit { return WorkerScripts.noCurlReason }
        let why = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        return "could not make \(scripts.folder) (exit \(exitCode)\(why.isEmpty ? "" : ": " + why))"
    }
}
