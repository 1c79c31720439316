import Foundation

/// Limits failed authentications per client address with a token bucket: `burst` failures at
/// once, then one more every `1 / perSecond` seconds. While an address's bucket is empty,
/// its wrong or missing tokens are answered 429 with the seconds to wait (the right token
/// still passes: the limit holds back floods, not the client that holds the token).
///
/// Times come in as arguments (seconds on any monotonic clock), so tests drive it directly.
/// At most `capacity` addresses are remembered: full buckets are forgotten first, then the
/// longest untouched.
final class FailureLimiter: Sendable {
    struct Bucket: Equatable {
        var tokens: Double
        var updated: Double
    }

    let burst: Double
    let perSecond: Double
    let capacity: Int
    private let lock = NSLock()
    nonisolated(unsafe) private var buckets: [String: Bucket] = [:]

    init(burst: Int = 10, perSecond: Double = 1, capacity: Int = 10_000) {
        self.burst = Double(burst)
        self.perSecond = perSecond
        self.capacity = capacity
    }

    /// Seconds `address` must wait before it may try again; nil when it may try now.
    func retryAfter(_ address: String, now: Double) -> Int? {
        lock.withLock {
            guard let bucket = buckets[address].map({ refilled($0, now: now) }), bucket.tokens < 1 else { return nil }
            return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
        }
    }

    /// Records one failed authentication from `address`.
    func failed(_ address: String, now: Double) {
        lock.withLock {
            var bucket = buckets[address].map { refilled($0, now: now) } ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = max(0, bucket.tokens - 1)
            buckets[address] = bucket
            if buckets.count > capacity { forget(now: now) }
        }
    }

    /// How many addresses are remembered.
    var count: Int { lock.withLock { buckets.count } }

    private func refilled(_ bucket: Bucket, now: Double) -> Bucket {
        let elapsed = max(0, now - bucket.updated)
        return Bucket(tokens: min(burst, bucket.tokens + elapsed * perSecond), updated: max(now, bucket.updated))
    }

    /// Called with the lock held, when over capacity.
    private func forget(now: Double) {
        buckets = buckets.filter { refilled($0.value, now: now).tokens < burst }
        while buckets.count > capacity, let oldest = buckets.min(by: { $0.value.updated < $1.value.updated }) {
            buckets.removeValue(forKey: oldest.key)
        }
    }
}
