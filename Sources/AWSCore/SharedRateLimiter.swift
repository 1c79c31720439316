import Foundation

/// One `AdaptiveRateLimiter` for every EC2 call of the process (`process`), behind a lock,
/// reading an injected clock (tests pass a fake one and assert on the delays it computes).
///
/// `timeScale` runs the limiter's clock faster: at 0.05, one real second is twenty of the
/// limiter's and every wait is a twentieth as long. `EC2Client` sets it from
/// `ESS_RETRY_BASE_SECONDS` (the backoff base over its default 1 s), so the knob that shrinks
/// backoffs in tests shrinks the limiter's waits with them, and the default is real time.
///
/// A wait that is handed out is owed: a caller that does not sleep it (a test's fake sleep)
/// leaves the debt to the next caller, so tests give each client a limiter of its own.
public final class SharedRateLimiter: @unchecked Sendable {
    /// The one every `EC2Client` uses unless given another.
    public static let process = SharedRateLimiter()

    private let lock = NSLock()
    private let clock: @Sendable () -> Double
    private var limiter: AdaptiveRateLimiter?

    /// `clock`: seconds on a monotonic clock (default: the system's uptime clock).
    public init(clock: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.clock = clock
    }

    /// Takes a token; returns the real seconds to wait before sending.
    public func delayBeforeSending(timeScale: Double) -> Double {
        let scale = Self.usable(timeScale)
        return lock.withLock {
            let now = clock() / scale
            var state = limiter ?? AdaptiveRateLimiter(now: now)
            let wait = state.reserve(now: now)
            limiter = state
            return wait * scale
        }
    }

    /// Every response (or failure) of a sent request.
    public func record(throttled: Bool, timeScale: Double) {
        let scale = Self.usable(timeScale)
        lock.withLock {
            let now = clock() / scale
            var state = limiter ?? AdaptiveRateLimiter(now: now)
            state.record(throttled: throttled, now: now)
            limiter = state
        }
    }

    /// The limiter's state, for tests and logs.
    public var state: AdaptiveRateLimiter? { lock.withLock { limiter } }

    private static func usable(_ scale: Double) -> Double {
        max(scale, 0.001)
    }
}
