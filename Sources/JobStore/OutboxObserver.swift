import GRDB

/// Watches the writer for inserts into `outbox` and `deliveries`, and rings the bell when
/// their transaction commits.
final class OutboxObserver: TransactionObserver, @unchecked Sendable {
    let bell: OutboxBell
    /// Only touched on the store's writer.
    private var added = false

    init(bell: OutboxBell) { self.bell = bell }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        if case .insert(let table) = eventKind { return table == "outbox" || table == "deliveries" }
        return false
    }

    func databaseDidChange(with event: DatabaseEvent) { added = true }

    func databaseDidCommit(_ db: Database) {
        guard added else { return }
        added = false
        bell.ring()
    }

    func databaseDidRollback(_ db: Database) { added = false }
}
