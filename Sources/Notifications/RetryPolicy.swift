import Foundation

/// How a failed delivery is tried again (Agave's policy): `NONE`, `IMMEDIATE`, `DELAYED`
/// (`retryDelay` before the first retry, then every `retryRate`), `EXPONENTIAL` (`retryDelay`
/// doubling, with jitter, never over `cap`); at most `retryLimit` retries. The default is
/// exponential: 8 retries from 1 s, capped at 10 minutes.
public struct RetryPolicy: Codable, Sendable, Equatable {
    public enum Strategy: String, Codable, Sendable, CaseIterable {
        case none = "NONE", immediate = "IMMEDIATE", delayed = "DELAYED", exponential = "EXPONENTIAL"
    }

    public static let limits = 0...1440
    public static let seconds = 0.0...86400.0
    public static let cap: Double = 600

    public var retryStrategy: Strategy
    public var retryLimit: Int
    public var retryDelay: Double
    public var retryRate: Double

    public static let standard = RetryPolicy(retryStrategy: .exponential, retryLimit: 8, retryDelay: 1, retryRate: 1)

    public init(retryStrategy: Strategy, retryLimit: Int, retryDelay: Double, retryRate: Double) {
        self.retryStrategy = retryStrategy
        self.retryLimit = retryLimit
        self.retryDelay = retryDelay
        self.retryRate = retryRate
    }

    /// The wait before retry number `retry` (1 for the first), or nil when no retry is left.
    /// `jitter` is a number in 0..<1 (random in the dispatcher, fixed in tests).
    public func wait(beforeRetry retry: Int, jitter: Double) -> Double? {
        guard retryStrategy != .none, retry >= 1, retry <= retryLimit else { return nil }
        switch retryStrategy {
        case .none: return nil
        case .immediate: return 0
        case .delayed: return retry == 1 ? retryDelay : retryRate
        case .exponential:
            let base = min(Self.cap, max(retryDelay, 0.001) * pow(2, Double(retry - 1)))
            return min(Self.cap, base * (0.8 + 0.4 * jitter))
        }
    }

    /// The first thing wrong with it, as a refusal.
    func check() throws {
        guard Self.limits.contains(retryLimit) else {
            throw SubscriptionError(field: "retryLimit", problem: "must be between 0 and \(Self.limits.upperBound), found \(retryLimit)")
        }
        for (name, value) in [("retryDelay", retryDelay), ("retryRate", retryRate)] where !Self.seconds.contains(value) || !value.isFinite {
            throw SubscriptionError(field: name, problem: "must be between 0 and 86400 seconds, found \(value)")
        }
    }
}
