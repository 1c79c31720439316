import Foundation
import GRDB
import MasterModel

/// The master's one database (`.conf/ess.db`): one `DatabasePool` (WAL: one writer, many
/// readers), its migrations run once when it opens, and the transaction observers that ring
/// the outbox bell and raise the revision. The stores over it (`ExecutionStore`, `ClusterStore`,
/// `NotificationStore`) hold every SQL statement and record; the master is its only writer.
public final class MasterDatabase: Sendable {
    public let path: String
    let pool: DatabasePool
    /// Rings when outbox events or deliveries are committed (the notification dispatcher waits on it).
    let bell = OutboxBell()
    /// Grows with every commit that changes jobs or executions (for the master's read cache).
    let revision = StoreRevision()

    /// Opens (or makes) the database and brings its schema up to date; refuses one written by a
    /// newer ess, and a file that is not a database.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        let migrator = JobStoreSchema.migrator
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let unknown = try pool.read { db in try migrator.appliedIdentifiers(db).subtracting(migrator.migrations) }
            guard unknown.isEmpty else { throw StoreError.newerSchema(path: path, unknown: unknown.sorted()) }
            try migrator.migrate(pool)
            pool.add(transactionObserver: OutboxObserver(bell: bell), extent: .databaseLifetime)
            pool.add(transactionObserver: revision, extent: .databaseLifetime)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unusable(path: path, reason: "\(error)")
        }
    }

    /// Closes the database: the master's last step, once nothing uses its stores any more.
    public func close() {
        try? pool.close()
    }
}
