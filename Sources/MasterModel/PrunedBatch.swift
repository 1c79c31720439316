/// What one batch of pruning the notification tables deleted.
public struct PrunedBatch: Sendable, Equatable {
    public var attempts: Int
    public var deliveries: Int
    public var events: Int

    public init(attempts: Int, deliveries: Int, events: Int) {
        (self.attempts, self.deliveries, self.events) = (attempts, deliveries, events)
    }

    /// Whether nothing was deleted: all that has ended before the cut-off is gone.
    public var isEmpty: Bool { attempts == 0 && deliveries == 0 && events == 0 }
}
