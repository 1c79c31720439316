import Foundation
import Platform

/// The time waits on nodes measure and sleep with; tests pass one they drive by hand.
public protocol WaitClock: Sendable {
    /// Now.
    func now() -> Date
    /// Sleeps `seconds`, or less when `cancellation` is raised meanwhile.
    func sleep(_ seconds: TimeInterval, cancellation: CancellationFlag)
}

/// The system's clock: real time, real sleeps.
public struct SystemClock: WaitClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(_ seconds: TimeInterval, cancellation: CancellationFlag) {
        cancellation.sleep(seconds)
    }
}
