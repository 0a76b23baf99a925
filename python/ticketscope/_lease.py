"""The per-run writer lease of schema version 2 (table `lease`): one writer per run.

A lease is taken inside the caller's `BEGIN IMMEDIATE` transaction. A live holder is refused with
one line naming it; a stale one (same host and its pid is gone, or no heartbeat for 60 s) is taken
over and an event of kind `lease_takeover` recorded. While held, a daemon thread refreshes
`heartbeat_at` every few seconds (every step transaction refreshes it too); `release` deletes the
row, and so does interpreter exit.
"""

from __future__ import annotations

import atexit
import os
import socket
import sqlite3
import sys
import threading
import weakref

from . import _time
from .errors import LeaseError

STALE_AFTER_SECONDS = 60.0
HEARTBEAT_SECONDS = 5.0

_held: "weakref.WeakSet[Lease]" = weakref.WeakSet()


def _command() -> str:
    # As the CLI records itself: the program's file name, then its arguments.
    python = os.path.basename(sys.executable) or "python"
    return " ".join([python] + [a for a in sys.argv if a]) if any(sys.argv) else f"{python} (interactive)"


def describe(pid: object, host: object, command: object, started_at: object) -> str:
    """A lease holder as the CLI names it: pid 12 on vm (`python3 train.py`, since …)."""
    return f"pid {pid} on {host} (`{command}`, since {started_at})"


def _staleness(pid: object, host: object, heartbeat_at: object, *, me: "Lease") -> str | None:
    """Why a lease row is abandoned, or None while its holder is live (as RunStore.staleness)."""
    if host == me.host and isinstance(pid, int) and (pid == me.pid or not _pid_alive(pid)):
        return "that process is no longer running"
    age = _time.age_seconds(heartbeat_at) if isinstance(heartbeat_at, str) else None
    if age is None:
        return f"its heartbeat '{heartbeat_at}' is not a time"
    return f"no heartbeat for {int(age)} s" if age > STALE_AFTER_SECONDS else None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


class Lease:
    """This process's lease on one run of one store file."""

    def __init__(self, path: str, run_id: int, run_name: str) -> None:
        self.path = path
        self.run_id = run_id
        self.run_name = run_name
        self.pid = os.getpid()
        self.host = socket.gethostname()
        self.command = _command()
        self.started_at = _time.now()
        self._gone = False   # taken over by another process, or released
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def acquire(cls, conn: sqlite3.Connection, path: str, run_id: int, run_name: str) -> "Lease":
        """Takes the lease of run `run_id`; `conn` must be inside `BEGIN IMMEDIATE`."""
        lease = cls(path, run_id, run_name)
        row = conn.execute("SELECT pid, host, command, started_at, heartbeat_at FROM lease WHERE run_id = ?",
                           (run_id,)).fetchone()
        if row is not None:
            pid, host, command, started_at, heartbeat_at = row
            holder = describe(pid, host, command, started_at)
            if any(h.run_id == run_id and h.path == path and h.pid == pid and h.started_at == started_at for h in _held):
                raise LeaseError(f"run '{run_name}' is already being written by another Run object of this process; "
                                 "close that one first")
            why = _staleness(pid, host, heartbeat_at, me=lease)
            if why is None:
                raise LeaseError(f"run '{run_name}' is being written by {holder} — one writer per run; wait for it or stop it")
            conn.execute("DELETE FROM lease WHERE run_id = ?", (run_id,))
            conn.execute("INSERT INTO event (run_id, step_idx, kind, detail, at) VALUES (?, NULL, 'lease_takeover', ?, ?)",
                         (run_id, f"took over the lease of {holder}: {why}", lease.started_at))
        conn.execute("INSERT INTO lease (run_id, pid, host, command, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)",
                     (run_id, lease.pid, lease.host, lease.command, lease.started_at, lease.started_at))
        return lease

    def start(self) -> None:
        """Starts the heartbeat (call after the transaction that took the lease committed)."""
        _held.add(self)
        self._thread = threading.Thread(target=self._beat, name=f"ticketscope-lease-{self.run_name}", daemon=True)
        self._thread.start()

    def _identity(self) -> tuple[int, int, str, str]:
        return (self.run_id, self.pid, self.host, self.started_at)

    _MINE = "run_id = ? AND pid = ? AND host = ? AND started_at = ?"

    def refresh(self, conn: sqlite3.Connection) -> None:
        """Inside a write transaction: checks the lease is still this process's and refreshes its
        heartbeat; raises :class:`LeaseError` if another process took it over."""
        if not self._gone:
            cur = conn.execute(f"UPDATE lease SET heartbeat_at = ? WHERE {self._MINE}", (_time.now(), *self._identity()))
            if cur.rowcount == 1:
                return
            self._gone = True
        row = conn.execute("SELECT pid, host, command, started_at FROM lease WHERE run_id = ?", (self.run_id,)).fetchone()
        to = f" to {describe(*row)}" if row else ""
        raise LeaseError(f"lost the write lease of run '{self.run_name}'{to}; stopping without writing "
                         "(open the run again to go on)")

    def _beat(self) -> None:
        try:
            conn = sqlite3.connect(self.path, timeout=2, isolation_level=None)
        except sqlite3.Error:
            return
        try:
            while not self._stop.wait(HEARTBEAT_SECONDS):
                try:
                    cur = conn.execute(f"UPDATE lease SET heartbeat_at = ? WHERE {self._MINE}",
                                       (_time.now(), *self._identity()))
                    if cur.rowcount == 0:
                        self._gone = True
                        return
                except sqlite3.Error:
                    continue   # busy for a moment: the next beat (or the next step) refreshes it
        finally:
            conn.close()

    def release(self) -> None:
        """Stops the heartbeat and deletes the lease row (if still this process's). Idempotent."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        _held.discard(self)
        if os.getpid() != self.pid or self._gone:
            return
        self._gone = True
        try:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            try:
                conn.execute(f"DELETE FROM lease WHERE {self._MINE}", self._identity())
            finally:
                conn.close()
        except sqlite3.Error:
            pass   # a stale row is taken over by the next writer


@atexit.register
def _release_all() -> None:
    for lease in list(_held):
        lease.release()
