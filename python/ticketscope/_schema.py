"""The store's schema, applied exactly as the ticketscope command line applies it.

The Swift CLI creates and upgrades a store with GRDB's migrator: migration "v1", then "v2", each
recorded in the `grdb_migrations` table, each ending with `PRAGMA user_version = N`. This module
runs the same SQL in the same order and records the same identifiers, so a store made here is
indistinguishable from one made by the CLI (python/tests/test_schema.py compares both), and each
side can open and extend what the other wrote. Sources/RunStore/Schema.swift is the reference;
docs/schema.md documents it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .errors import SchemaVersionError, StoreError

#: The newest schema version this package reads and writes.
VERSION = 2

_V1 = """\
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
"""

#: The tables of version 2, created empty (Sources/RunStore/SchemaV2.swift, `tables`).
_V2_TABLES = """\
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

#: The v1 tables whose rows move to version 2 (parents first), with the columns copied.
_V2_COPIED = (
    ("run", "id, name, method, model, dataset, partition, config_json, seed, status, created_at, schema_version"),
    ("layer", "run_id, idx, name, shape_json, numel, depth, grp"),
    ("subnetwork", "run_id, idx, name, synset"),
    ("step", "run_id, idx, phase, target_sparsity, sparsity, created_at"),
    ("mask", "run_id, step_idx, subnetwork_idx, layer_idx, bits, ones"),
    ("metric", "run_id, step_idx, subnetwork_idx, split, name, value"),
    ("event", "id, run_id, step_idx, kind, detail, at"),
    ("checkpoint", "run_id, name, blob, updated_at"),
)

#: Rows of a v1 store whose parent is gone (edited with foreign keys off); version 2's foreign
#: keys would refuse them, so the migration drops them.
_V2_ORPHANS = """\
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


Migration = Callable[[sqlite3.Connection], None]


def _script(script: str) -> Migration:
    def run(conn: sqlite3.Connection) -> None:
        for sql in statements(script):
            conn.execute(sql)
    return run


def _v2(conn: sqlite3.Connection) -> None:
    """Rebuilds every v1 table in its version-2 form, keeping all rows (as SchemaV2.migrate)."""
    # The highest run id ever used, also by rows of runs deleted without their children, so
    # AUTOINCREMENT never hands it out again.
    highest = conn.execute(
        "SELECT max(m) FROM (SELECT max(id) AS m FROM run UNION ALL SELECT max(run_id) FROM layer "
        "UNION ALL SELECT max(run_id) FROM step UNION ALL SELECT max(run_id) FROM event)").fetchone()[0] or 0
    _script(_V2_ORPHANS)(conn)
    for table, _ in _V2_COPIED:
        conn.execute(f"ALTER TABLE {table} RENAME TO v1_{table}")
    conn.execute("DROP INDEX IF EXISTS metric_key")
    conn.execute("DROP INDEX IF EXISTS event_run")
    _script(_V2_TABLES)(conn)
    for table, columns in _V2_COPIED:
        conn.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM v1_{table}")
    for table, _ in reversed(_V2_COPIED):
        conn.execute(f"DROP TABLE v1_{table}")
    conn.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'run'", (highest,))
    conn.execute("INSERT INTO sqlite_sequence (name, seq) SELECT 'run', ? "
                 "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'run')", (highest,))
    conn.execute("PRAGMA user_version = 2")


#: GRDB migration identifiers and what each does, in order; migration i leaves user_version i + 1.
MIGRATIONS: tuple[tuple[str, Migration], ...] = (("v1", _script(_V1)), ("v2", _v2))

_GRDB_TABLE = "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)"


def statements(script: str) -> list[str]:
    """Splits an SQL script into complete statements (sqlite3.complete_statement decides where
    one ends, so a ';' inside a string literal does not split)."""
    out: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]}")
    return out


def _apply(conn: sqlite3.Connection, identifier: str, migration: Migration) -> None:
    # As GRDB's default (deferred foreign-key checks): the caller has turned foreign keys off;
    # violations are looked for before the migration commits.
    migration(conn)
    bad = conn.execute("PRAGMA foreign_key_check").fetchone()
    if bad is not None:
        raise StoreError(f"migration {identifier} would leave a row of table '{bad[0]}' without its parent row")
    conn.execute("INSERT INTO grdb_migrations (identifier) VALUES (?)", (identifier,))


def _tables(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'")]
    return {n: tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{n}")')) for n in names}


def _expected_tables(upto: int) -> dict[str, tuple[str, ...]]:
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        mem.execute(_GRDB_TABLE)
        for identifier, migration in MIGRATIONS[:upto]:
            _apply(mem, identifier, migration)
        return _tables(mem)
    finally:
        mem.close()


def recognised_version(conn: sqlite3.Connection) -> int | None:
    """For a file whose `user_version` is 0: the newest schema version whose tables all exist in it
    with exactly their columns (tables a user added are ignored), as after
    `sqlite3 a .dump | sqlite3 b`; 0 if it holds no tables; None if it holds others only."""
    found = _tables(conn)
    for version in range(VERSION, 0, -1):
        if all(found.get(t) == cols for t, cols in _expected_tables(version).items()):
            return version
    return 0 if not found else None


def current_version(conn: sqlite3.Connection, path: str) -> int:
    """The schema version of the open store: `PRAGMA user_version`, or the recognised version of a
    store that lost it. Raises for a newer version and for files that are not TicketScope stores."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > VERSION:
        raise SchemaVersionError(
            f"{path} has schema version {version}; this ticketscope package reads versions up to {VERSION}: "
            "upgrade it (pip install --upgrade ./python)")
    if version == 0:
        recognised = recognised_version(conn)
        if recognised is None:
            raise StoreError(f"{path} is an SQLite file but not a TicketScope store (its tables are not TicketScope's)")
        return recognised
    return version


def migrate(conn: sqlite3.Connection, path: str, *, upto: int = VERSION) -> None:
    """Brings the store up to schema version `upto` by the missing migrations, all in one
    transaction (a failure leaves the file as it was), recording each in `grdb_migrations` as the
    CLI's migrator does; repairs a lost `user_version`. The connection must be in autocommit mode;
    foreign keys are back on when it returns."""
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = current_version(conn, path)  # re-read under the write lock
            stored = conn.execute("PRAGMA user_version").fetchone()[0]
            tracked = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'grdb_migrations'").fetchone() is not None
            if version > 0 and (stored == 0 or not tracked):
                # The tables are there but GRDB's record of them is not: record the migrations
                # that made them (as SchemaRecognition.markMigrated).
                conn.execute(_GRDB_TABLE.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
                conn.execute("DELETE FROM grdb_migrations")
                conn.executemany("INSERT INTO grdb_migrations (identifier) VALUES (?)",
                                 [(identifier,) for identifier, _ in MIGRATIONS[:version]])
                conn.execute(f"PRAGMA user_version = {version}")
            elif not tracked:
                conn.execute(_GRDB_TABLE)
            for identifier, migration in MIGRATIONS[version:upto]:
                _apply(conn, identifier, migration)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
