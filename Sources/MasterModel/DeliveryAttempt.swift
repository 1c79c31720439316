import Foundation

/// One attempt at a delivery, as `ess notify attempts` lists it.
public struct DeliveryAttempt: Sendable, Equatable {
    public var id: Int64?
    public var deliveryID: Int64
    public var subscriptionID: Int64
    public var at: Date
    /// The URL after templating.
    public var url: String
    public var statusCode: Int?
    /// The start of the receiver's answer.
    public var excerpt: String?
    public var error: String?
    public var durationMs: Int

    /// A new attempt (no id until it is recorded).
    public init(deliveryID: Int64, subscriptionID: Int64, at: Date, url: String, statusCode: Int?, excerpt: String?, error: String?, durationMs: Int) {
        self.deliveryID = deliveryID
        self.subscriptionID = subscriptionID
        self.at = at
        self.url = url
        self.statusCode = statusCode
        self.excerpt = excerpt
        self.error = error
        self.durationMs = durationMs
    }
}
