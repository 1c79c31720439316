/// The SDKs' retry quota: a token bucket shared by every call of one client. Transient and
/// connection retries draw on it, so a dead endpoint runs it dry and calls fail fast; a
/// throttle does not (EC2 answered: it is alive and asked for patience, which the throttle
/// budget and the rate limiter give).
public struct RetryQuota: Sendable, Equatable {
    public static let capacity = 500
    public static let retryCost = 5
    public static let timeoutCost = 10
    /// What a success without retries puts back.
    public static let successRefill = 1

    public private(set) var available: Int

    public init(available: Int = RetryQuota.capacity) {
        self.available = available
    }

    /// Takes `cost` tokens; false (and nothing taken) when there are not enough.
    public mutating func acquire(_ cost: Int) -> Bool {
        guard available >= cost else { return false }
        available -= cost
        return true
    }

    /// A success: gives back what its retries took, or one token when it needed none.
    public mutating func release(retryCost: Int) {
        available = min(Self.capacity, available + (retryCost > 0 ? retryCost : Self.successRefill))
    }
}
