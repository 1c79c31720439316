/// The notification tables: the outbox (one row per status change, written in the transaction
/// of the change, numbered per subject), the subscriptions, one delivery per event and
/// subscription, and every attempt of a delivery.
enum NotificationSchema {
    static let v3 = """
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          subject_kind TEXT NOT NULL,
          subject_id INTEGER NOT NULL,
          seq INTEGER NOT NULL,
          event TEXT NOT NULL,
          job_id INTEGER,
          created_at TEXT NOT NULL,
          fanned INTEGER NOT NULL DEFAULT 0,
          UNIQUE (subject_kind, subject_id, seq)
        );
        CREATE INDEX outbox_unfanned ON outbox(fanned, id);
        CREATE TABLE subscriptions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          url TEXT NOT NULL,
          event TEXT NOT NULL,
          job_id INTEGER,
          cluster_id INTEGER,
          persistent INTEGER NOT NULL,
          policy TEXT NOT NULL,
          secret TEXT NOT NULL,
          enabled INTEGER NOT NULL DEFAULT 1,
          disabled_reason TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE deliveries (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
          event_id INTEGER NOT NULL REFERENCES outbox(id),
          lane TEXT NOT NULL,
          state TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_at DOUBLE NOT NULL,
          UNIQUE (subscription_id, event_id)
        );
        CREATE INDEX deliveries_pending ON deliveries(state, lane, event_id);
        CREATE TABLE attempts (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
          subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
          at TEXT NOT NULL,
          url TEXT NOT NULL,
          status_code INTEGER,
          excerpt TEXT,
          error TEXT,
          duration_ms INTEGER NOT NULL
        );
        CREATE INDEX attempts_by_subscription ON attempts(subscription_id, id);
        """

    /// For pruning the ended: an event's deliveries, a delivery's attempts (also what deleting a
    /// delivery cascades through).
    static let v5 = """
        CREATE INDEX deliveries_by_event ON deliveries(event_id);
        CREATE INDEX attempts_by_delivery ON attempts(delivery_id, at);
        """
}
