import Foundation
import GRDB

/// A number that grows after every commit that changed a job or an execution. A document made
/// from reads begun at revision `r` is still current while the revision is `r`: the number is
/// raised after the commit, so a read that saw the old revision either saw the old rows or
/// newer ones, never older. Lets the master answer repeated reads without the store.
final class StoreRevision: TransactionObserver, @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var value: UInt64 = 0
    /// Only touched on the store's writer.
    private var changed = false

    init() {}

    var current: UInt64 { lock.withLock { value } }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        ["jobs", "executions"].contains(eventKind.tableName)
    }

    func databaseDidChange(with event: DatabaseEvent) { changed = true }

    func databaseDidCommit(_ db: Database) {
        guard changed else { return }
        changed = false
        lock.withLock { value &+= 1 }
    }

    func databaseDidRollback(_ db: Database) { changed = false }
}
