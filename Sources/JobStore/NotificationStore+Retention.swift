import Foundation
import GRDB
import MasterModel

/// Retention of the notification tables: what has ended and is older than the cut-off goes, a
/// small batch per transaction.
extension NotificationStore {
    /// In one transaction, deletes up to `batch` attempts of ended deliveries (delivered, given
    /// up, cancelled) whose event was made before `cutoff` and none of whose attempts came after
    /// it; up to `batch` such deliveries with no attempt left; then up to `batch` fanned-out
    /// events made before `cutoff` with no delivery left. A pending delivery and its event
    /// always stay, and so does each subject's newest event: the next event's `seq` follows it.
    public func prune(before cutoff: Date, batch: Int = 500) throws -> PrunedBatch {
        let ended = """
            d.state != 'pending' AND o.created_at < :cutoff
            AND NOT EXISTS (SELECT 1 FROM attempts b WHERE b.delivery_id = d.id AND b.at >= :cutoff)
            """
        let arguments: StatementArguments = ["cutoff": cutoff, "batch": batch]
        return try pool.write { db in
            try db.execute(
                sql: """
                    DELETE FROM attempts WHERE id IN (
                      SELECT a.id FROM attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN outbox o ON o.id = d.event_id
                      WHERE \(ended) ORDER BY a.id LIMIT :batch)
                    """, arguments: arguments)
            let attempts = db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM deliveries WHERE id IN (
                      SELECT d.id FROM deliveries d JOIN outbox o ON o.id = d.event_id
                      WHERE \(ended) AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.delivery_id = d.id)
                      ORDER BY d.id LIMIT :batch)
                    """, arguments: arguments)
            let deliveries = db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM outbox WHERE id IN (
                      SELECT o.id FROM outbox o
                      WHERE o.fanned = 1 AND o.created_at < :cutoff
                        AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = o.id)
                        AND o.seq < (SELECT MAX(n.seq) FROM outbox n WHERE n.subject_kind = o.subject_kind AND n.subject_id = o.subject_id)
                      ORDER BY o.id LIMIT :batch)
                    """, arguments: arguments)
            return PrunedBatch(attempts: attempts, deliveries: deliveries, events: db.changesCount)
        }
    }
}
