"""`Store`: one TicketScope SQLite file, opened for logging (and reading) from Python."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from . import _schema
from .errors import StoreError, TicketScopeError

if TYPE_CHECKING:
    from .run import Run

_OPEN_RETRY_SECONDS = 10.0


def translate(e: sqlite3.Error, path: str) -> StoreError:
    """One clear line for an SQLite failure on the store at `path`."""
    msg = str(e)
    if "file is not a database" in msg or "malformed" in msg:
        return StoreError(f"{path} is not an SQLite file or is corrupt ({msg})")
    if "locked" in msg or "busy" in msg:
        return StoreError(f"{path} stayed locked by another process for more than 10 s ({msg})")
    if "unable to open" in msg:
        return StoreError(f"cannot open {path} ({msg})")
    if "readonly" in msg:
        return StoreError(f"{path} cannot be written ({msg})")
    return StoreError(f"{path}: SQLite error: {msg}")


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass   # SQLite already rolled back (e.g. after a disk-full error)


class Store:
    """A TicketScope store: one SQLite file holding runs, their layers and subnetworks, and every
    mask and metric of every sparsity step (docs/schema.md).

    ``Store(path)`` opens the file for writing, creating it (schema version 2, WAL mode) when missing
    and upgrading a version-1 store as the ``ticketscope`` CLI's writing commands do;
    ``Store(path, readonly=True)`` only reads and never changes the file. A store written by a newer
    TicketScope raises :class:`~ticketscope.SchemaVersionError`. Use it as a context manager, or call
    :meth:`close`, so that the runs' writer leases are released (they are also released at
    interpreter exit).
    """

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False, _schema_version: int = _schema.VERSION) -> None:
        self.path: str = os.fspath(path)
        self.readonly: bool = readonly
        self._lock = threading.RLock()
        self._runs: dict[str, Run] = {}   # one Run object per name; close() releases their leases
        self._conn: sqlite3.Connection | None = None
        self._conn, self.schema_version = self._open(_schema_version)

    # -- opening -------------------------------------------------------------------------------

    def _open(self, upto: int) -> tuple[sqlite3.Connection, int]:
        if self.readonly:
            if not os.path.isfile(self.path):
                raise StoreError(f"{self.path} does not exist")
        else:
            parent = os.path.dirname(os.path.abspath(self.path))
            if not os.path.isdir(parent):
                raise StoreError(f"cannot create {self.path}: the directory {parent} does not exist")
            if os.path.exists(self.path) and not os.path.isfile(self.path):
                raise StoreError(f"{self.path} is not a file")
        deadline = time.monotonic() + _OPEN_RETRY_SECONDS
        while True:
            conn = None
            try:
                conn = self._connect()
                return conn, self._prepare(conn, upto)
            except sqlite3.OperationalError as e:
                if conn is not None:
                    conn.close()
                # Switching a new file to WAL and creating the schema take locks SQLite's busy
                # handler does not wait for, so another process creating the same store makes us retry.
                if ("locked" in str(e) or "busy" in str(e)) and time.monotonic() < deadline:
                    time.sleep(0.02)
                    continue
                raise translate(e, self.path) from None
            except sqlite3.Error as e:
                if conn is not None:
                    conn.close()
                raise translate(e, self.path) from None
            except TicketScopeError:
                if conn is not None:
                    conn.close()
                raise

    def _connect(self) -> sqlite3.Connection:
        if self.readonly:
            uri = "file:" + urllib.parse.quote(os.path.abspath(self.path)) + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _prepare(self, conn: sqlite3.Connection, upto: int) -> int:
        version = _schema.current_version(conn, self.path)
        if self.readonly:
            if version == 0:
                raise StoreError(f"{self.path} holds no TicketScope tables")
            return version
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"cannot switch {self.path} to WAL mode (journal mode stays {mode})")
        stored = conn.execute("PRAGMA user_version").fetchone()[0]
        tracked = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'grdb_migrations'").fetchone() is not None
        if stored < upto or not tracked:
            _schema.migrate(conn, self.path, upto=upto)
        return max(version, upto)

    # -- runs ----------------------------------------------------------------------------------

    def run(self, name: str, *, layers: Sequence[Any] | None = None, subnetworks: Sequence[str] | None = None,
            method: str | None = None, config: Mapping[str, Any] | None = None) -> Run:
        """Creates or opens the run called `name`.

        - `layers`: the prunable tensors as ``(name, shape)`` (or ``(name, shape, group)`` with
          group ``"shallow"``, ``"middle"`` or ``"deep"``) in network order, shallowest first;
          omitted, they are taken from the first step logged (in its dict or module order).
        - `subnetworks`: the subnetwork names in order; omitted, the first step's keys.
        - `method`: ``"imported"`` (default for a new run), ``"rtl"``, ``"imp-single"`` or
          ``"imp-multi"`` (independent models).
        - `config`: a JSON-serialisable dict stored as the run's configuration.

        For an existing run, whatever is given must match what is stored (:class:`RunError`
        otherwise). Asking this store for the same name again returns the same :class:`Run`. A new run is written when both `layers` and `subnetworks` are known — here
        if both are given, else with its first step — in the same transaction as its writer lease.
        """
        from .run import Run
        self._require_open()
        known = self._runs.get(name) if isinstance(name, str) else None
        if known is not None and known._reusable():
            known._expect_arguments(layers, subnetworks, method, config)
            return known
        run = Run._open(self, name, layers=layers, subnetworks=subnetworks, method=method, config=config)
        self._runs[name] = run
        return run

    def runs(self) -> list[str]:
        """The names of the stored runs, oldest first."""
        with self._reading() as conn:
            return [r[0] for r in conn.execute("SELECT name FROM run ORDER BY id")]

    # -- transactions --------------------------------------------------------------------------

    def _require_open(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the store {self.path} is closed")
        return self._conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every query inside sees the same committed state."""
        with self._lock:
            conn = self._require_open()
            try:
                conn.execute("BEGIN")
                try:
                    yield conn
                finally:
                    conn.execute("COMMIT")
            except sqlite3.Error as e:
                raise translate(e, self.path) from None

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (`BEGIN IMMEDIATE`): all of it is stored, or none of it."""
        with self._lock:
            conn = self._require_open()
            if self.readonly:
                raise StoreError(f"the store {self.path} was opened read-only")
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise translate(e, self.path) from None
            try:
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as e:
                _rollback(conn)
                raise translate(e, self.path) from None
            except BaseException:
                _rollback(conn)
                raise

    # -- closing -------------------------------------------------------------------------------

    def close(self) -> None:
        """Releases the leases of this store's runs and closes the file. Idempotent."""
        with self._lock:
            for run in self._runs.values():
                run.close()
            self._runs.clear()
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r}{', readonly=True' if self.readonly else ''})"
