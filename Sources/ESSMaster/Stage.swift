import Foundation

/// A step of the master's shutdown that the next one waits for: the dispatcher stops only once
/// the executions have ended, the store closes only once the dispatcher has stopped. Waiting
/// ignores task cancellation on purpose: when the service group is cancelled (the server could not
/// bind its port, say), every service is cancelled at once, and the order must hold all the same.
final class Stage: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// The step has ended; whoever waits goes on.
    func finish() {
        let resumed: [CheckedContinuation<Void, Never>] = lock.withLock {
            done = true
            defer { waiting = [] }
            return waiting
        }
        for continuation in resumed { continuation.resume() }
    }

    /// Returns once `finish()` was called.
    func wait() async {
        await withCheckedContinuation { continuation in
            let now: Bool = lock.withLock {
                if done { return true }
                waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
}
