import ESSCore
import Foundation
import Platform

/// A clock that moves only when someone sleeps on it: waits and timeouts run without real sleeping.
final class ManualClock: WaitClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)
    private var slept: TimeInterval = 0

    func now() -> Date { lock.withLock { current } }

    func sleep(_ seconds: TimeInterval, cancellation: CancellationFlag) {
        lock.withLock {
            current += seconds
            slept += seconds
        }
    }

    /// Seconds slept on this clock, in total, by every thread.
    var totalSlept: TimeInterval { lock.withLock { slept } }
}
