import AWSCore
import EC2
import Foundation
import TestSupport
import XCTest

/// The adaptive mode's rate limiter with the time passed in: no sleeping, no timing
/// assertions. The rates are pinned against botocore 1.43's own `ClientRateLimiter` fed the
/// same responses at the same times (a fake clock; computed once with Python).
final class AdaptiveRateLimiterTests: XCTestCase {
    /// (time, throttled, botocore's token bucket rate, botocore's measured rate, enabled).
    let botocore: [(Double, Bool, Double, Double, Bool)] = [
        (0.1, false, 0.5, 0, false), (0.2, false, 0.5, 0, false), (0.1 * 3, false, 0.5, 0, false), (0.4, false, 0.5, 0, false),
        (0.5, false, 0.5, 8.0, false), (0.1 * 6, false, 0.5, 8.0, false), (0.1 * 7, false, 0.5, 8.0, false), (0.8, false, 0.5, 8.0, false),
        (0.9, false, 0.5, 8.0, false), (1.0, false, 0.5, 9.6, false),
        (1.05, true, 6.72, 9.6, true), (1.2, false, 7.340375794517328, 9.6, true), (1.6, true, 4.704, 6.720000000000001, true),
        (2.0, false, 5.811415489345972, 2.944, true), (3.0, false, 2.7775999999999996, 1.3887999999999998, true),
        (5.0, false, 1.3555199999999998, 0.6777599999999999, true), (10.0, false, 0.591104, 0.295552, true),
    ]

    func testRatesFollowBotocoreResponseByResponse() {
        var limiter = AdaptiveRateLimiter(now: 0)
        for (time, throttled, rate, measured, enabled) in botocore {
            limiter.record(throttled: throttled, now: time)
            XCTAssertEqual(limiter.fillRate, rate, accuracy: 1e-9, "rate at \(time)")
            XCTAssertEqual(limiter.measuredRate, measured, accuracy: 1e-9, "measured at \(time)")
            XCTAssertEqual(limiter.enabled, enabled, "enabled at \(time)")
        }
    }

    func testNothingWaitsBeforeTheFirstThrottle() {
        var limiter = AdaptiveRateLimiter(now: 0)
        for step in 0..<50 {
            let now = Double(step) * 0.01
            limiter.record(throttled: false, now: now)
            XCTAssertEqual(limiter.reserve(now: now), 0)
        }
        XCTAssertFalse(limiter.enabled)
    }

    /// After a throttle at a measured 9.6 requests/s the bucket fills at 6.72/s: callers that
    /// arrive together queue one token-time apart; time refills the bucket.
    func testAfterAThrottleCallersQueueAtTheCutRate() {
        var limiter = AdaptiveRateLimiter(now: 0)
        for (time, throttled, _, _, _) in botocore.prefix(11) { limiter.record(throttled: throttled, now: time) }
        XCTAssertTrue(limiter.enabled)
        // The bucket filled at the floor rate (0.5/s) from the first response at 0.1 s: 0.475 tokens.
        XCTAssertEqual(limiter.capacity, 0.475, accuracy: 1e-9)
        XCTAssertEqual(limiter.reserve(now: 1.05), 0.525 / 6.72, accuracy: 1e-12)
        XCTAssertEqual(limiter.reserve(now: 1.05), 1.525 / 6.72, accuracy: 1e-12)
        XCTAssertEqual(limiter.reserve(now: 1.05), 2.525 / 6.72, accuracy: 1e-12)
        // Once the 2.525 tokens owed are paid, the next caller waits one token-time.
        XCTAssertEqual(limiter.reserve(now: 1.05 + 2.525 / 6.72), 1 / 6.72, accuracy: 1e-9)
    }

    /// Repeated throttles drive the rate down to the floor, 0.5 requests/s, never below.
    func testRateNeverFallsBelowTheFloor() {
        var limiter = AdaptiveRateLimiter(now: 0)
        var now = 0.0
        for _ in 0..<100 {
            now += 0.5
            limiter.record(throttled: true, now: now)
            XCTAssertGreaterThanOrEqual(limiter.fillRate, AdaptiveRateLimiter.minimumRate)
        }
        XCTAssertEqual(limiter.fillRate, AdaptiveRateLimiter.minimumRate)
        XCTAssertEqual(limiter.reserve(now: now), 0, "the bucket holds one token at most")
        XCTAssertEqual(limiter.reserve(now: now), 1 / AdaptiveRateLimiter.minimumRate, accuracy: 1e-9)
    }

    /// The shared limiter reads its injected clock; `timeScale` runs that clock faster and
    /// shortens every wait by the same factor.
    func testSharedLimiterUsesTheInjectedClockAndScale() {
        let clock = ManualClock()
        let shared = SharedRateLimiter(clock: { clock.now().timeIntervalSince1970 })
        XCTAssertEqual(shared.delayBeforeSending(timeScale: 1), 0)
        shared.record(throttled: true, timeScale: 1)
        XCTAssertEqual(shared.state?.fillRate, AdaptiveRateLimiter.minimumRate, "no measured rate yet: the floor")
        XCTAssertEqual(shared.delayBeforeSending(timeScale: 1), 2, accuracy: 1e-9, "one token at 0.5/s")
        XCTAssertEqual(shared.delayBeforeSending(timeScale: 1), 4, accuracy: 1e-9, "queued behind the first")

        let scaled = SharedRateLimiter(clock: { clock.now().timeIntervalSince1970 })
        scaled.record(throttled: true, timeScale: 0.05)
        XCTAssertEqual(scaled.delayBeforeSending(timeScale: 0.05), 0.1, accuracy: 1e-9)
        clock.advance(0.1)
        XCTAssertEqual(scaled.delayBeforeSending(timeScale: 0.05), 0.1, accuracy: 1e-4, "the owed token was paid by the wait")
    }
}
