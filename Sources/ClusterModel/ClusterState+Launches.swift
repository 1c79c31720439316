import Foundation

/// Launches: asked for, then recorded as reservations.
extension ClusterState {
    /// Records that a launch is about to be asked for, before the call, so that its nodes can be
    /// found by its token whatever happens to the caller afterwards.
    public mutating func begin(_ launch: PendingLaunch) {
        if !launches.contains(where: { $0.token == launch.token }) { launches.append(launch) }
    }

    /// Records what the launch with this token started: new reservations are appended, nodes a
    /// known reservation lacks are added to it, and no node is recorded twice. The pending launch
    /// is forgotten once `settled` (its answer came, or the look for it is final) or once every
    /// node it asked for is recorded.
    public mutating func record(_ found: [Reservation], launch token: String, settled: Bool) {
        for reservation in found {
            let known = Set(nodes.map(\.id))
            let fresh = reservation.nodes.filter { !known.contains($0.id) }
            if let index = reservations.firstIndex(where: { $0.id == reservation.id }) {
                reservations[index].nodes += fresh
            } else if !fresh.isEmpty {
                var added = reservation
                added.nodes = fresh
                reservations.append(added)
            }
        }
        guard let index = launches.firstIndex(where: { $0.token == token }) else { return }
        if settled || found.reduce(0, { $0 + $1.nodes.count }) >= launches[index].count {
            launches.remove(at: index)
        }
    }
}
