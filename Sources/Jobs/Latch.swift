import Foundation

/// Opens once; any number of threads wait for it, with or without a deadline.
final class Latch: @unchecked Sendable {
    private let condition = NSCondition()
    private var open = false

    func signal() {
        condition.lock()
        open = true
        condition.broadcast()
        condition.unlock()
    }

    /// True once open; false when `seconds` passed first (nil: wait as long as it takes).
    @discardableResult
    func wait(seconds: TimeInterval? = nil) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = seconds.map { Date().addingTimeInterval($0) }
        while !open {
            guard let deadline else {
                condition.wait()
                continue
            }
            if !condition.wait(until: deadline) { return open }
        }
        return true
    }
}
