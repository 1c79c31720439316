import Foundation

/// A launch asked of the provider whose nodes are not recorded yet: written to reservation.json
/// before the launch call, removed when its reservation is recorded. One left behind (the create
/// was killed, or lost the answer) is looked up by its token, so that `status` and `terminate`
/// find what it started even though no id of it was ever recorded.
public struct PendingLaunch: Codable, Sendable, Equatable {
    /// The launch's idempotency token (EC2's ClientToken; its instances carry it as `ess:launch`).
    public var token: String
    /// How many nodes it asked for.
    public var count: Int
    public var type: String
    /// When it was recorded, just before the call.
    public var startedAt: Date

    /// How long after its start a launch may take to show in the provider's listings (EC2's are
    /// eventually consistent): until then, finding none of its nodes proves nothing.
    public static let visibleWithin: TimeInterval = 15
    /// After this long no create can still be sending the launch (its retries end within 2
    /// minutes, the look for a lost answer within seconds more): a look that finds none of its
    /// nodes then is final, even for a command that does not wait (status, create).
    public static let abandonedAfter: TimeInterval = 600

    public init(token: String, count: Int, type: String, startedAt: Date) {
        self.token = token
        self.count = count
        self.type = type
        self.startedAt = startedAt
    }

    enum CodingKeys: String, CodingKey {
        case token, count, type
        case startedAt = "started_at"
    }

    /// What it started, as reservations: the instances found by its token, grouped by reservation.
    public func reservations(of found: [ProviderInstance]) -> [Reservation] {
        var ids: [String] = []
        for instance in found where !ids.contains(instance.reservationID) { ids.append(instance.reservationID) }
        return ids.map { id in
            let mine = found.filter { $0.reservationID == id }
            return Reservation(id: id, type: mine.first?.type ?? type, createdAt: mine.first?.launchedAt ?? startedAt, nodes: mine.map(\.node))
        }
    }
}
