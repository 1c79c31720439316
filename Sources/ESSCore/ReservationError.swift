import ClusterModel

/// Why reservations cannot be adopted into, or forgotten by, this directory's cluster, as facts.
public enum ReservationError: Error, Sendable, Equatable {
    /// `text` is not shaped like a reservation id.
    case notAnID(String)
    /// No reservation id was given.
    case noneNamed
    /// These reservations are in the cluster already.
    case alreadyInCluster(ids: [String])
    /// The reservation has no live node left at the provider.
    case noLiveNodes(reservation: String, provider: ProviderKind)
    /// These reservations are not in the cluster, which has `known`.
    case notInCluster(ids: [String], known: [String])
    /// There is no cluster to forget reservations from: `stateFile` does not exist.
    case noCluster(stateFile: String)
}
