import ClusterModel
import Foundation

/// `ess cluster add RID…` and `remove RID…`: adopts existing reservations with all their nodes,
/// or forgets them (their nodes keep running).
public struct AdoptReservations: Sendable {
    public let context: ClusterContext

    public init(_ context: ClusterContext) {
        self.context = context
    }

    /// `ess cluster add RID…`: adopts existing reservations with all their nodes.
    /// Returns the reservations added.
    public func adopt(_ reservationIDs: [String]) throws -> [Reservation] {
        let ids = try uniqueIDs(reservationIDs)
        let current = try context.store.load()
        if let current {
            let already = ids.filter { current.reservation($0) != nil }
            guard already.isEmpty else {
                throw ReservationError.alreadyInCluster(ids: already)
            }
        }
        let kind = current?.provider ?? .local
        let provider = try context.provider(kind, state: current)
        let instances = try ProviderCall.run { try provider.describe(reservationIDs: ids, requireAll: true) }
        let live = instances.filter { !$0.state.isFinal }
        let reservations = ids.map { id in
            let nodes = live.filter { $0.reservationID == id }
            return Reservation(id: id, type: nodes.first?.type ?? "unknown", createdAt: nodes.first?.launchedAt, nodes: nodes.map(\.node))
        }
        if let empty = reservations.first(where: { $0.nodes.isEmpty }) {
            throw ReservationError.noLiveNodes(reservation: empty.id, provider: kind)
        }
        try context.store.update("add \(ids.joined(separator: " "))") { state in
            var updated = state ?? ClusterState(
                provider: kind, clusterID: live.first?.clusterTag ?? ResourceID.make("ess", digits: 8),
                region: provider.region, keyName: live.first?.keyName, user: provider.defaultUser,
                securityGroup: live.first?.clusterTag)
            if updated.pem == nil, let keyName = updated.keyName, FileManager.default.fileExists(atPath: context.paths.keyFile(keyName)) {
                updated.pem = context.paths.keyFile(keyName)
            }
            for reservation in reservations {
                guard updated.reservation(reservation.id) == nil else {
                    throw ReservationError.alreadyInCluster(ids: [reservation.id])
                }
                updated.reservations.append(reservation)
            }
            state = updated
        }
        for instance in live where instance.keyName != nil && instance.keyName != current?.keyName && current?.keyName != nil {
            context.sink.note("warning: \(instance.id) was launched with key pair `\(instance.keyName ?? "")`, not this cluster's `\(current?.keyName ?? "")`; SSH to it will fail unless that key is authorised")
        }
        return reservations
    }

    /// `ess cluster remove RID…`: forgets reservations; their nodes keep running.
    public func forget(_ reservationIDs: [String]) throws -> [Reservation] {
        let ids = try uniqueIDs(reservationIDs)
        return try context.store.update("remove \(ids.joined(separator: " "))") { state in
            guard var updated = state else {
                throw ReservationError.noCluster(stateFile: context.paths.stateFile)
            }
            let unknown = ids.filter { updated.reservation($0) == nil }
            guard unknown.isEmpty else {
                throw ReservationError.notInCluster(ids: unknown, known: updated.reservations.map(\.id))
            }
            let removed = updated.reservations.filter { ids.contains($0.id) }
            updated.reservations.removeAll { ids.contains($0.id) }
            state = updated
            return removed
        }
    }

    func uniqueIDs(_ ids: [String]) throws -> [String] {
        var seen: [String] = []
        for id in ids {
            guard (try? ClusterStateValidator.requireName(id, field: "reservation")) != nil else {
                throw ReservationError.notAnID(id)
            }
            if !seen.contains(id) { seen.append(id) }
        }
        guard !seen.isEmpty else { throw ReservationError.noneNamed }
        return seen
    }
}
