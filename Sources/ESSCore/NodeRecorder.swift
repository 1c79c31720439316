import ClusterModel

/// Writes what drivers learnt into reservation.json, in one locked update: each node's state and
/// addresses, its host key when none was pinned, and (with `dropGone`) no more node the provider has forgotten.
struct NodeRecorder {
    let store: ReservationStore

    func record(_ drivers: [NodeDriver], purpose: String, dropGone: Bool = false) throws {
        let byID = Dictionary(drivers.map { ($0.node.id, $0) }, uniquingKeysWith: { first, _ in first })
        try store.update(purpose) { current in
            guard var updated = current else { return }
            for var node in updated.nodes {
                guard let seen = byID[node.id]?.node else { continue }
                node.state = seen.state
                node.privateAddress = seen.privateAddress
                node.publicAddress = seen.publicAddress
                if node.hostKey == nil { node.hostKey = seen.hostKey }
                updated.update(node: node)
            }
            if dropGone {
                for index in updated.reservations.indices {
                    updated.reservations[index].nodes.removeAll { byID[$0.id]?.gone == true }
                }
                updated.reservations.removeAll { $0.nodes.isEmpty }
            }
            current = updated
        }
    }
}
