import ESSCore
import Foundation
import Platform
import TestSupport

/// The tests' clock as the core's `WaitClock`: a sleep moves it on at once.
extension ManualClock: @retroactive WaitClock {
    public func sleep(_ seconds: TimeInterval, cancellation: CancellationFlag) {
        advance(seconds)
    }
}
