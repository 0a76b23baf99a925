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

_V2 = """\
PRAGMA user_version = 2;
"""

#: GRDB migration identifiers and their SQL, in order; migration i leaves user_version i + 1.
MIGRATIONS: tuple[tuple[str, str], ...] = (("v1", _V1), ("v2", _V2))

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


def _apply(conn: sqlite3.Connection, identifier: str, script: str) -> None:
    # As GRDB's default (deferred foreign-key checks): the caller has turned foreign keys off;
    # violations are looked for before the migration commits.
    for sql in statements(script):
        conn.execute(sql)
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
        for identifier, script in MIGRATIONS[:upto]:
            _apply(mem, identifier, script)
        return _tables(mem)
    finally:
        mem.close()


def recognised_version(conn: sqlite3.Connection) -> int | None:
    """For a file whose `user_version` is 0: the schema version whose tables and columns it holds
    (as after `sqlite3 a .dump | sqlite3 b`), 0 if it holds no tables, or None if its tables are
    not TicketScope's."""
    found = _tables(conn)
    if not found:
        return 0
    for version in range(VERSION, 0, -1):
        if found == _expected_tables(version):
            return version
    return None


def current_version(conn: sqlite3.Connection, path: str) -> int:
    """The schema version of the open store: `PRAGMA user_version`, or the recognised version of a
    store that lost it. Raises for a newer version and for files that are not TicketScope stores."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
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
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'grdb_migrations'").fetchone() is None:
                conn.execute(_GRDB_TABLE)
            applied = {r[0] for r in conn.execute("SELECT identifier FROM grdb_migrations")}
            for identifier, _ in MIGRATIONS[:version]:   # tables present: record what made them
                if identifier not in applied:
                    conn.execute("INSERT INTO grdb_migrations (identifier) VALUES (?)", (identifier,))
            conn.execute(f"PRAGMA user_version = {version}")
            for identifier, script in MIGRATIONS[version:upto]:
                _apply(conn, identifier, script)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
