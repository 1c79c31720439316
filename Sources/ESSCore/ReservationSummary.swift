import ClusterModel

/// One reservation in one line, from reservation.json alone: how many nodes, of which type, and
/// how many were reachable when last recorded.
public struct ReservationSummary: Sendable, Equatable {
    public var id: String
    public var type: String
    public var nodes: Int
    public var reachable: Int

    public init(_ reservation: Reservation) {
        id = reservation.id
        type = reservation.type
        nodes = reservation.nodes.count
        reachable = reservation.nodes.filter { $0.state == .reachable }.count
    }
}
