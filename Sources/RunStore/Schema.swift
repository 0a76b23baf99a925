import GRDB

/// The store's schema: one migration per schema version. `PRAGMA user_version` holds the version,
/// so `sqlite3 runs.sqlite 'PRAGMA user_version'` tells which docs/schema.md applies.
enum Schema {
    /// The newest schema version this build reads and writes.
    static let version = 2

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    method TEXT NOT NULL,
                    model TEXT,
                    dataset TEXT,
                    partition TEXT,
                    config_json TEXT NOT NULL DEFAULT '{}',
                    seed INTEGER,
                    status TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    schema_version INTEGER NOT NULL
                );
                CREATE TABLE layer (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    idx INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    shape_json TEXT NOT NULL,
                    numel INTEGER NOT NULL,
                    depth INTEGER NOT NULL,
                    grp TEXT CHECK (grp IN ('shallow', 'middle', 'deep')),
                    PRIMARY KEY (run_id, idx),
                    UNIQUE (run_id, name)
                );
                CREATE TABLE subnetwork (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    idx INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    synset TEXT,
                    PRIMARY KEY (run_id, idx),
                    UNIQUE (run_id, name)
                );
                CREATE TABLE step (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    idx INTEGER NOT NULL,
                    phase TEXT NOT NULL,
                    target_sparsity REAL,
                    sparsity REAL NOT NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (run_id, idx)
                );
                CREATE TABLE mask (
                    run_id INTEGER NOT NULL,
                    step_idx INTEGER NOT NULL,
                    subnetwork_idx INTEGER NOT NULL,
                    layer_idx INTEGER NOT NULL,
                    bits BLOB NOT NULL,
                    ones INTEGER NOT NULL,
                    PRIMARY KEY (run_id, step_idx, subnetwork_idx, layer_idx),
                    FOREIGN KEY (run_id, step_idx) REFERENCES step(run_id, idx) ON DELETE CASCADE
                ) WITHOUT ROWID;
                CREATE TABLE metric (
                    run_id INTEGER NOT NULL,
                    step_idx INTEGER NOT NULL,
                    subnetwork_idx INTEGER,
                    split TEXT NOT NULL,
                    name TEXT NOT NULL,
                    value REAL NOT NULL,
                    FOREIGN KEY (run_id, step_idx) REFERENCES step(run_id, idx) ON DELETE CASCADE
                );
                CREATE UNIQUE INDEX metric_key ON metric(run_id, step_idx, IFNULL(subnetwork_idx, -1), split, name);
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    step_idx INTEGER,
                    kind TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    at TEXT NOT NULL
                );
                CREATE INDEX event_run ON event(run_id, step_idx);
                CREATE TABLE checkpoint (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    blob BLOB NOT NULL,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (run_id, name)
                );
                PRAGMA user_version = 1;
                """)
        }
        // GRDB runs this with foreign keys off and checks every foreign key before committing, so
        // the tables can be rebuilt (SQLite cannot add constraints to a table in place).
        m.registerMigration("v2") { db in try SchemaV2.migrate(db) }
        return m
    }
}
