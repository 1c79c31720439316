/// A delay schedule that doubles (or grows by `factor`) from `initial` up to `maximum`, with no
/// jitter so that it is the same run to run: the polling of `wait` and the locator's retries.
public struct ExponentialBackoff: Sendable, Equatable {
    public var initial: Double
    public var factor: Double
    public var maximum: Double

    public init(initial: Double, factor: Double = 2, maximum: Double) {
        self.initial = initial
        self.factor = factor
        self.maximum = maximum
    }

    /// The delay before retry number `attempt` (0 for the first retry).
    public func delay(after attempt: Int) -> Double {
        var delay = initial
        for _ in 0..<max(0, attempt) {
            delay *= factor
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }

    /// The delays whose sum stays within `budget` seconds; the last one is cut to fit.
    public func delays(within budget: Double) -> [Double] {
        var result: [Double] = []
        var spent = 0.0
        var attempt = 0
        while spent < budget {
            let next = min(delay(after: attempt), budget - spent)
            guard next > 0 else { break }
            result.append(next)
            spent += next
            attempt += 1
        }
        return result
    }

    /// `wait`'s polling: a quarter second, doubling, never more than five seconds apart.
    public static let polling = ExponentialBackoff(initial: 0.25, maximum: 5)
    /// The locator's retries of a master that is restarting: 0.1 s doubling, about 6 s in all.
    public static let restarting = ExponentialBackoff(initial: 0.1, maximum: 2)
}
