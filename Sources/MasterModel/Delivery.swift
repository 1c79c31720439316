import Foundation

/// One event to deliver to one subscription: pending until delivered or given up.
public struct Delivery: Sendable, Equatable {
    /// Where a delivery is.
    public enum State: String, Sendable {
        case pending, delivered, failed, cancelled
    }

    public var id: Int64?
    public var subscriptionID: Int64
    public var eventID: Int64
    /// Deliveries of one lane (one subscription, one subject) go out in event order.
    public var lane: String
    public var state: State
    public var attempts: Int
    /// When it may next be tried, in seconds since 1970.
    public var nextAt: Double

    public init(id: Int64?, subscriptionID: Int64, eventID: Int64, lane: String, state: State, attempts: Int, nextAt: Double) {
        (self.id, self.subscriptionID, self.eventID, self.lane, self.state, self.attempts, self.nextAt) =
            (id, subscriptionID, eventID, lane, state, attempts, nextAt)
    }

    /// The Standard Webhooks message id: the same for every attempt of this delivery, across
    /// restarts of the master.
    public var webhookID: String { "msg_ess_\(eventID)_\(subscriptionID)" }
}
