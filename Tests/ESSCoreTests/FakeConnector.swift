import ClusterModel
import ESSCore
import Foundation
import Platform

/// Answers SSH per node from a script (answers, refuses, never answers), counts every attempt,
/// and can raise a cancellation flag when a node is first knocked (Ctrl-C in the middle of a wait).
final class FakeConnector: NodeConnector, @unchecked Sendable {
    enum Behaviour {
        case answers
        case refuses(String)
        case silent
    }

    private let lock = NSLock()
    private var behaviours: [String: Behaviour] = [:]
    private var knocks: [String: Int] = [:]
    /// Raised on the first knock at any node, when set.
    var cancelOnKnock: (flag: CancellationFlag, id: String)?

    func set(_ id: String, _ behaviour: Behaviour) { lock.withLock { behaviours[id] = behaviour } }

    /// How often each node was contacted (waits and status checks alike).
    func contacts(_ id: String) -> Int { lock.withLock { knocks[id] ?? 0 } }

    static func key(_ id: String) -> PinnedHostKey {
        PinnedHostKey(type: "ssh-ed25519", base64: "AAAA" + id.filter(\.isNumber), fingerprint: "SHA256:" + id.filter(\.isNumber))
    }

    private func contact(_ node: Node) -> Behaviour {
        let behaviour = lock.withLock { () -> Behaviour in
            knocks[node.id, default: 0] += 1
            return behaviours[node.id] ?? .answers
        }
        if let cancel = cancelOnKnock, cancel.id == node.id { cancel.flag.cancel() }
        return behaviour
    }

    func knock(_ node: Node, access: NodeAccess) -> SSHKnock {
        switch contact(node) {
        case .answers: return .answered(Self.key(node.id))
        case .refuses(let reason): return .refused(reason)
        case .silent: return .unanswered("connection timed out")
        }
    }

    func read(_ node: Node, access: NodeAccess, command: String) -> NodeReading {
        var reading = NodeReading(nodeID: node.id, reachable: false)
        switch contact(node) {
        case .answers:
            reading.reachable = true
            reading.hostKey = Self.key(node.id)
            reading.cpus = 2
            reading.latencyMs = 1
        case .refuses(let reason):
            reading.error = reason
        case .silent:
            reading.error = "connection timed out"
        }
        return reading
    }
}
