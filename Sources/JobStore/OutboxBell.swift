import Foundation
import GRDB

/// Rings when a transaction that added outbox events commits, so the dispatcher wakes at once
/// rather than polling. A waiter sleeps until the next ring or its deadline.
public final class OutboxBell: TransactionObserver, @unchecked Sendable {
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var rings: UInt64 = 0
    /// Only touched on the store's writer.
    private var added = false

    public init() {}

    public func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        if case .insert(let table) = eventKind { return table == "outbox" || table == "deliveries" }
        return false
    }

    public func databaseDidChange(with event: DatabaseEvent) { added = true }

    public func databaseDidCommit(_ db: Database) {
        guard added else { return }
        added = false
        ring()
    }

    public func databaseDidRollback(_ db: Database) { added = false }

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
