import Foundation

/// One value handed from a task or thread to a thread that waits for it, at most so long: the
/// URL a server announces once it listens, the answer to a request served elsewhere.
public final class Handoff<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    public init() {}

    /// Hands `value` over, waking the waiting thread.
    public func set(_ value: Value) {
        condition.lock()
        self.value = value
        condition.broadcast()
        condition.unlock()
    }

    /// The value once handed over, or nil after `seconds`.
    public func wait(seconds: TimeInterval) -> Value? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while value == nil, condition.wait(until: deadline) {}
        return value
    }
}
