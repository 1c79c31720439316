import AWSCore
import Foundation

/// The client's retry quota behind a lock: every call of one `S3Client` draws on it.
final class S3RetryQuota: @unchecked Sendable {
    private let lock = NSLock()
    private var quota = RetryQuota()

    func decide(_ policy: RetryPolicy, after error: Error, progress: inout RetryPolicy.Progress, unit: Double) -> RetryDecision {
        lock.withLock { policy.decide(after: error, progress: &progress, quota: &quota, unit: unit) }
    }

    func succeeded(retryCost: Int) {
        lock.withLock { quota.release(retryCost: retryCost) }
    }
}
