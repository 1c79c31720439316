import Foundation

/// The AWS SDKs' adaptive retry mode's client-side rate limiter, as a value with the time
/// passed in (seconds on any monotonic clock): a token bucket whose fill rate follows CUBIC
/// (cut to 70% of the measured send rate at a throttle, then grown back along a cubic curve),
/// and which only starts limiting after the first throttle. Ported from botocore's
/// `retries/adaptive.py`, `bucket.py` and `throttling.py`, with the same constants.
///
/// `reserve` does not block: it takes a token (the bucket may go below zero) and says how long
/// the caller must wait before sending, so callers queue behind each other in order.
public struct AdaptiveRateLimiter: Sendable, Equatable {
    /// The bucket never fills slower than this (requests per second).
    public static let minimumRate = 0.5
    static let beta = 0.7
    static let scale = 0.4
    static let smoothing = 0.8
    static let bucketSeconds = 0.5
    static let maxRateAdjustScale = 2.0

    /// False until the first throttle: until then nothing waits.
    public private(set) var enabled = false
    /// Tokens per second.
    public private(set) var fillRate = 1.0
    public private(set) var capacity = 0.0
    private var maxCapacity = 1.0
    private var lastRefill: Double?
    /// CUBIC: the rate at the last throttle, the time to grow back to it, when it happened.
    private var lastMaxRate = 0.0
    private var timeToMax = 0.0
    private var lastThrottle: Double
    /// The measured send rate, smoothed over half-second buckets.
    public private(set) var measuredRate = 0.0
    private var lastBucket: Double
    private var countInBucket = 0.0

    public init(now: Double) {
        lastThrottle = now
        lastBucket = now.rounded(.down)
    }

    /// Takes a token; returns the seconds to wait before sending (0 when one was there, or
    /// while the limiter is not enabled).
    public mutating func reserve(now: Double) -> Double {
        guard enabled else { return 0 }
        refill(now: now)
        capacity -= 1
        return capacity >= 0 ? 0 : -capacity / fillRate
    }

    /// Every response, success or failure: a throttle cuts the rate and enables the limiter;
    /// anything else grows the rate back along the curve.
    public mutating func record(throttled: Bool, now: Double) {
        let measured = measure(now: now)
        let newRate: Double
        if throttled {
            let current = enabled ? min(measured, fillRate) : measured
            lastMaxRate = current
            timeToMax = Self.zeroPoint(lastMaxRate)
            lastThrottle = now
            newRate = current * Self.beta
            enabled = true
        } else {
            let dt = now - lastThrottle
            newRate = Self.scale * pow(dt - timeToMax, 3) + lastMaxRate
        }
        setRate(min(newRate, Self.maxRateAdjustScale * measured), now: now)
    }

    private static func zeroPoint(_ maxRate: Double) -> Double {
        cbrt(maxRate * (1 - beta) / scale)
    }

    private mutating func measure(now: Double) -> Double {
        let bucket = (now / Self.bucketSeconds).rounded(.down) * Self.bucketSeconds
        countInBucket += 1
        if bucket > lastBucket {
            let current = countInBucket / (bucket - lastBucket)
            measuredRate = current * Self.smoothing + measuredRate * (1 - Self.smoothing)
            countInBucket = 0
            lastBucket = bucket
        }
        return measuredRate
    }

    private mutating func setRate(_ rate: Double, now: Double) {
        refill(now: now)
        fillRate = max(rate, Self.minimumRate)
        maxCapacity = max(rate, 1)
        capacity = min(capacity, maxCapacity)
    }

    private mutating func refill(now: Double) {
        guard let last = lastRefill else {
            lastRefill = now
            return
        }
        capacity = min(maxCapacity, capacity + max(0, now - last) * fillRate)
        lastRefill = now
    }
}
