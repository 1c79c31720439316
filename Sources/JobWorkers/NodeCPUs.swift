import ClusterModel
import ESSCore
import Foundation
import SSH

/// The cpus of a cluster's nodes as the master last learnt them: the slots an execution gets
/// on a node when its spec names none. Learnt from an execution's connection (its folder's
/// preparation prints them), or, for a node no execution has reached yet, by one probe over SSH
/// (`nproc`) the first time they are asked for. A node that does not answer its probe is not
/// probed again until a connection teaches its cpus; until then it has none known.
final class NodeCPUs: @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var known: [String: Int] = [:]
    /// Nodes probed without an answer. Guarded by `lock`.
    private var silent: Set<String> = []

    /// What a connection learnt of a node.
    func learn(_ nodeID: String, cpus: Int) {
        lock.withLock {
            known[nodeID] = cpus
            silent.remove(nodeID)
        }
    }

    /// The cpus of a node as last learnt; nil while unknown.
    func known(_ nodeID: String) -> Int? {
        lock.withLock { known[nodeID] }
    }

    /// The cpus of each node that has them known, probing (in parallel) those never probed.
    func cpus(of nodes: [Node], access: () throws -> NodeAccess) -> [String: Int] {
        let unasked = lock.withLock { nodes.filter { known[$0.id] == nil && !silent.contains($0.id) } }
        if !unasked.isEmpty, let access = try? access() {
            let answers = FanOut.map(unasked, parallel: 64) { node in Self.probe(node, access: access) }
            lock.withLock {
                for (node, cpus) in zip(unasked, answers) {
                    if let cpus { known[node.id] = cpus } else { silent.insert(node.id) }
                }
            }
        }
        let asked = Set(nodes.map(\.id))
        return lock.withLock { known.filter { asked.contains($0.key) } }
    }

    /// One connection, one command; nil when the node does not answer.
    static func probe(_ node: Node, access: NodeAccess) -> Int? {
        guard let connection = try? access.connect(node) else { return nil }
        defer { connection.close() }
        guard let answer = try? connection.exec(WorkerScripts.cpus), answer.exitCode == 0 else { return nil }
        return Int(answer.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)).map { max(1, $0) }
    }
}
