import Foundation

/// Calls `tick` every `interval` seconds on its own thread until stopped, so a progress
/// line keeps moving while threads wait on nodes.
final class ProgressTicker: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false

    init(every interval: TimeInterval, _ tick: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            condition.lock()
            while !stopped {
                condition.unlock()
                tick()
                condition.lock()
                if !stopped { _ = condition.wait(until: Date().addingTimeInterval(interval)) }
            }
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    /// Stops the ticks and returns once the last one has finished.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
