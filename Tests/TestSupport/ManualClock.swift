import Foundation

/// A clock that moves only when told: a test's waits, timeouts, backoffs and rate limits run on it
/// without real sleeping, and every move is recorded. The one fake clock the tests use; a target
/// whose code takes a clock protocol conforms this to it (`ManualClock+WaitClock` in ESSCoreTests).
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var moves: [TimeInterval] = []

    public init(at start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = start
    }

    /// The clock's time.
    public func now() -> Date { lock.withLock { current } }

    /// Moves the clock on by `seconds`, as a sleep of that long would.
    public func advance(_ seconds: TimeInterval) {
        lock.withLock {
            moves.append(seconds)
            current += seconds
        }
    }

    /// Every move, in order (the sleeps of the code under test when it sleeps on this clock).
    public var sleeps: [TimeInterval] { lock.withLock { moves } }

    /// Seconds moved on, in total, by every thread.
    public var totalSlept: TimeInterval { sleeps.reduce(0, +) }
}
