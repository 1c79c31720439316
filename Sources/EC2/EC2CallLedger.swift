import AWSCore
import Foundation

/// The client's shared mutable state: the retry quota and the per-action request counts,
/// behind one lock.
final class EC2CallLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var quota = RetryQuota()
    private var counts: [String: Int] = [:]

    func count(_ action: String) {
        lock.withLock { counts[action, default: 0] += 1 }
    }

    var callCounts: [String: Int] { lock.withLock { counts } }

    func resetCounts() {
        lock.withLock { counts = [:] }
    }

    var availableQuota: Int { lock.withLock { quota.available } }

    func decide(_ policy: RetryPolicy, after error: Error, progress: inout RetryPolicy.Progress, unit: Double) -> RetryDecision {
        lock.withLock { policy.decide(after: error, progress: &progress, quota: &quota, unit: unit) }
    }

    func succeeded(retryCost: Int) {
        lock.withLock { quota.release(retryCost: retryCost) }
    }
}
