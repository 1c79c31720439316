import GRDB

/// The master's tables, as named migrations run once at start. A database that has migrations
/// this build does not know was written by a newer ess and is refused.
enum JobStoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: jobs, executions, slices, history") { db in
            try db.execute(sql: """
                CREATE TABLE jobs (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  name TEXT NOT NULL,
                  spec TEXT NOT NULL,
                  created_at TEXT NOT NULL,
                  updated_at TEXT NOT NULL
                );
                CREATE TABLE executions (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                  status TEXT NOT NULL,
                  spec TEXT NOT NULL,
                  recover_of INTEGER,
                  cleanup TEXT,
                  failure_reason TEXT,
                  queued INTEGER NOT NULL DEFAULT 0,
                  in_flight INTEGER NOT NULL DEFAULT 0,
                  completed INTEGER NOT NULL DEFAULT 0,
                  failed INTEGER NOT NULL DEFAULT 0,
                  retried INTEGER NOT NULL DEFAULT 0,
                  slicer_cursor TEXT NOT NULL,
                  created_at TEXT NOT NULL,
                  updated_at TEXT NOT NULL,
                  started_at TEXT,
                  ended_at TEXT
                );
                CREATE INDEX executions_by_job ON executions(job_id, id);
                CREATE INDEX executions_by_status ON executions(status, id);
                CREATE TABLE slices (
                  ex_id INTEGER NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
                  idx INTEGER NOT NULL,
                  state TEXT NOT NULL,
                  input TEXT NOT NULL,
                  attempts INTEGER NOT NULL DEFAULT 0,
                  worker TEXT,
                  exit_code INTEGER,
                  error TEXT,
                  stderr_tail TEXT,
                  started_at TEXT,
                  ended_at TEXT,
                  PRIMARY KEY (ex_id, idx)
                ) WITHOUT ROWID;
                CREATE INDEX slices_by_state ON slices(ex_id, state, idx);
                CREATE TABLE history (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  ex_id INTEGER NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
                  created_at TEXT NOT NULL,
                  status TEXT NOT NULL,
                  description TEXT NOT NULL,
                  progress DOUBLE
                );
                CREATE INDEX history_by_execution ON history(ex_id, id);
                """)
        }
        migrator.registerMigration("v2: clusters, executions.cluster_id") { db in
            try db.execute(sql: """
                CREATE TABLE clusters (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  name TEXT NOT NULL,
                  type TEXT NOT NULL,
                  provider TEXT NOT NULL,
                  instance_type TEXT NOT NULL,
                  folder TEXT NOT NULL,
                  status TEXT NOT NULL,
                  lifecycle TEXT NOT NULL,
                  created_at TEXT NOT NULL,
                  updated_at TEXT NOT NULL
                );
                CREATE INDEX clusters_by_status ON clusters(status, id);
                ALTER TABLE executions ADD COLUMN cluster_id INTEGER;
                """)
        }
        migrator.registerMigration("v3: outbox, subscriptions, deliveries, attempts") { db in
            try db.execute(sql: NotificationSchema.v3)
        }
        migrator.registerMigration("v4: subscriptions.ex_id, jobs by name") { db in
            try db.execute(sql: """
                ALTER TABLE subscriptions ADD COLUMN ex_id INTEGER;
                CREATE INDEX jobs_by_name ON jobs(name, id);
                """)
        }
        migrator.registerMigration("v5: deliveries by event, attempts by delivery") { db in
            try db.execute(sql: NotificationSchema.v5)
        }
        migrator.registerMigration("v6: slices.output_segment, output_offset, output_length") { db in
            try db.execute(sql: """
                ALTER TABLE slices ADD COLUMN output_segment TEXT;
                ALTER TABLE slices ADD COLUMN output_offset INTEGER;
                ALTER TABLE slices ADD COLUMN output_length INTEGER;
                """)
        }
        return migrator
    }
}
