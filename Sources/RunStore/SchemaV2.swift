import GRDB

/// Schema version 2 (docs/schema.md, "Changes from version 1"): run ids never reused
/// (AUTOINCREMENT), `run.config_hash`, CHECK constraints on the closed sets, mask and metric rows
/// referencing their subnetwork and layer, the `lease` and `run_cost` tables.
enum SchemaV2 {
    /// The tables of version 2, created empty.
    static let tables = """
        CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            method TEXT NOT NULL,
            model TEXT,
            dataset TEXT,
            partition TEXT,
            config_json TEXT NOT NULL DEFAULT '{}',
            seed INTEGER,
            status TEXT NOT NULL CHECK (status IN ('running','complete','stopped','failed','imported','interrupted')),
            created_at TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            config_hash TEXT
        );
        CREATE TABLE layer (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            name TEXT NOT NULL,
            shape_json TEXT NOT NULL,
            numel INTEGER NOT NULL CHECK (numel >= 0),
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
            phase TEXT NOT NULL CHECK (phase IN ('extract','retrain','final','imported')),
            target_sparsity REAL,
            sparsity REAL NOT NULL CHECK (sparsity BETWEEN 0 AND 1),
            created_at TEXT NOT NULL,
            PRIMARY KEY (run_id, idx)
        );
        CREATE TABLE mask (
            run_id INTEGER NOT NULL,
            step_idx INTEGER NOT NULL,
            subnetwork_idx INTEGER NOT NULL,
            layer_idx INTEGER NOT NULL,
            bits BLOB NOT NULL,
            ones INTEGER NOT NULL CHECK (ones >= 0),
            PRIMARY KEY (run_id, step_idx, subnetwork_idx, layer_idx),
            FOREIGN KEY (run_id, step_idx) REFERENCES step(run_id, idx) ON DELETE CASCADE,
            FOREIGN KEY (run_id, subnetwork_idx) REFERENCES subnetwork(run_id, idx) ON DELETE CASCADE,
            FOREIGN KEY (run_id, layer_idx) REFERENCES layer(run_id, idx) ON DELETE CASCADE
        ) WITHOUT ROWID;
        CREATE TABLE metric (
            run_id INTEGER NOT NULL,
            step_idx INTEGER NOT NULL,
            subnetwork_idx INTEGER,
            split TEXT NOT NULL CHECK (split IN ('train','validation','test')),
            name TEXT NOT NULL,
            value REAL NOT NULL,
            FOREIGN KEY (run_id, step_idx) REFERENCES step(run_id, idx) ON DELETE CASCADE,
            FOREIGN KEY (run_id, subnetwork_idx) REFERENCES subnetwork(run_id, idx) ON DELETE CASCADE
        );
        CREATE UNIQUE INDEX metric_key ON metric(run_id, step_idx, IFNULL(subnetwork_idx, -1), split, name);
        CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            step_idx INTEGER,
            kind TEXT NOT NULL CHECK (kind IN ('early_stop','collapse_onset','resume','error','interrupted','extend',
                                              'lease_takeover','import','delete','replace')),
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
        CREATE TABLE lease (
            run_id INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            command TEXT NOT NULL,
            started_at TEXT NOT NULL,
            heartbeat_at TEXT NOT NULL
        );
        CREATE TABLE run_cost (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            phase TEXT NOT NULL CHECK (phase IN ('extract','retrain','import')),
            wall_seconds REAL NOT NULL,
            examples INTEGER,
            updates INTEGER,
            threads INTEGER,
            cpu TEXT,
            PRIMARY KEY (run_id, phase)
        );
        """

    /// The v1 tables whose rows move to version 2 (in parent-before-child order), with the columns copied.
    static let copied: [(table: String, columns: String)] = [
        ("run", "id, name, method, model, dataset, partition, config_json, seed, status, created_at, schema_version"),
        ("layer", "run_id, idx, name, shape_json, numel, depth, grp"),
        ("subnetwork", "run_id, idx, name, synset"),
        ("step", "run_id, idx, phase, target_sparsity, sparsity, created_at"),
        ("mask", "run_id, step_idx, subnetwork_idx, layer_idx, bits, ones"),
        ("metric", "run_id, step_idx, subnetwork_idx, split, name, value"),
        ("event", "id, run_id, step_idx, kind, detail, at"),
        ("checkpoint", "run_id, name, blob, updated_at"),
    ]

    /// Rows a v1 store can hold whose parent is gone (v1 was often edited with foreign keys off, e.g.
    /// a run deleted with the sqlite3 shell). They belong to deleted runs or steps and would fail
    /// version 2's foreign keys, so the migration drops them.
    static let orphans = """
        DELETE FROM layer WHERE run_id NOT IN (SELECT id FROM run);
        DELETE FROM subnetwork WHERE run_id NOT IN (SELECT id FROM run);
        DELETE FROM step WHERE run_id NOT IN (SELECT id FROM run);
        DELETE FROM event WHERE run_id NOT IN (SELECT id FROM run);
        DELETE FROM checkpoint WHERE run_id NOT IN (SELECT id FROM run);
        DELETE FROM mask WHERE NOT EXISTS (SELECT 1 FROM step s WHERE s.run_id = mask.run_id AND s.idx = mask.step_idx)
            OR NOT EXISTS (SELECT 1 FROM subnetwork s WHERE s.run_id = mask.run_id AND s.idx = mask.subnetwork_idx)
            OR NOT EXISTS (SELECT 1 FROM layer l WHERE l.run_id = mask.run_id AND l.idx = mask.layer_idx);
        DELETE FROM metric WHERE NOT EXISTS (SELECT 1 FROM step s WHERE s.run_id = metric.run_id AND s.idx = metric.step_idx)
            OR (subnetwork_idx IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM subnetwork s WHERE s.run_id = metric.run_id AND s.idx = metric.subnetwork_idx));
        """

    /// Rebuilds every v1 table as its version-2 form, keeping all rows (GRDB runs it in one
    /// transaction with foreign keys off and checks them all before the commit).
    static func migrate(_ db: Database) throws {
        // The highest run id ever used, also by rows of runs deleted without their children, so
        // AUTOINCREMENT never hands it out again.
        let highest = try Int64.fetchOne(db, sql: """
            SELECT max(m) FROM (SELECT max(id) AS m FROM run UNION ALL SELECT max(run_id) FROM layer WHERE typeof(run_id) = 'integer'
                                UNION ALL SELECT max(run_id) FROM step WHERE typeof(run_id) = 'integer'
                                UNION ALL SELECT max(run_id) FROM event WHERE typeof(run_id) = 'integer')
            """) ?? 0
        try db.execute(sql: orphans)
        for (table, _) in copied { try db.execute(sql: "ALTER TABLE \(table) RENAME TO v1_\(table)") }
        // Renaming a table rewrites references to it in the others; the old indexes go with their tables.
        try db.execute(sql: "DROP INDEX IF EXISTS metric_key; DROP INDEX IF EXISTS event_run;")
        try db.execute(sql: tables)
        for (table, columns) in copied {
            try db.execute(sql: "INSERT INTO \(table) (\(columns)) SELECT \(columns) FROM v1_\(table)")
        }
        for (table, _) in copied.reversed() { try db.execute(sql: "DROP TABLE v1_\(table)") }
        try db.execute(sql: "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'run'", arguments: [highest])
        try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) SELECT 'run', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'run')",
                       arguments: [highest])
        try db.execute(sql: "PRAGMA user_version = 2")
    }
}
