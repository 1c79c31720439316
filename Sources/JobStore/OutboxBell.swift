import Foundation

/// Rings when a transaction that added outbox events or deliveries commits, so the dispatcher
/// wakes at once rather than polling. A waiter sleeps until the next ring or its deadline.
public final class OutboxBell: @unchecked Sendable {
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var rings: UInt64 = 0

    init() {}

    /// Wakes every waiter.
    public func ring() {
        condition.lock()
        rings &+= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The count of rings so far, to pass to `wait(after:until:)`.
    public var count: UInt64 { condition.withLock { rings } }

    /// Waits until a ring after `seen`, or `deadline`.
    public func wait(after seen: UInt64, until deadline: Date) {
        condition.lock()
        defer { condition.unlock() }
        while rings == seen, condition.wait(until: deadline) {}
    }
}
