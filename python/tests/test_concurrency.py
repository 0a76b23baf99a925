"""A Python writer and CLI readers at the same time (WAL: whole steps only), and the writer lease
of schema version 2 (one writer per run)."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import ticketscope as ts
from conftest import cli_json, run_cli

PACKAGE = str(Path(__file__).resolve().parents[1])
K, SIZE, STEPS = 4, 1_000_000, 16


def kept_at(step: int) -> int:
    return SIZE * (STEPS - step) // (STEPS + 1)


WRITER = textwrap.dedent(f"""
    import sys, time, numpy as np, ticketscope as ts
    K, SIZE, STEPS = {K}, {SIZE}, {STEPS}
    rng = np.random.default_rng(0)
    with ts.Store(sys.argv[1]) as store:
        run = store.run("live", layers=[("big", (SIZE // 1000, 1000)), ("small", (10,))], subnetworks=[f"s{{i}}" for i in range(K)])
        print("ready", flush=True)
        for step in range(STEPS):
            n = SIZE * (STEPS - step) // (STEPS + 1)
            masks = {{}}
            for i in range(K):
                big = np.zeros(SIZE, bool)
                big[rng.permutation(SIZE)[:n]] = True
                masks[f"s{{i}}"] = {{"big": big.reshape(SIZE // 1000, 1000), "small": np.ones(10, bool)}}
            run.log_step(masks)
            time.sleep(0.15)      # paced, so that even a slow reader sees several steps come in
""")


def spawn(script: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=PACKAGE + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, "-c", script, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_cli_reader_sees_only_whole_steps(tmp_path, cli):
    db = str(tmp_path / "live.sqlite")
    writer = spawn(WRITER, db)
    assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
    seen = set()
    try:
        while writer.poll() is None or not seen:
            done = subprocess.run([cli, "similarity", "--db", db, "--run", "live", "--json"], capture_output=True, text=True)
            if done.returncode != 0:
                assert "has no steps yet" in done.stderr, done.stderr     # before the first step only
                assert not seen
                continue
            import json
            out = json.loads(done.stdout)
            step = out["step"]
            # Every subnetwork's mask of the step is there, complete: exactly the weights it kept.
            assert out["ones"] == [kept_at(step) + 10] * K, (step, out["ones"])
            seen.add(step)
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0, writer.stderr.read()
    assert len(seen) >= 2, f"the reader saw only steps {sorted(seen)}: it never overlapped the writer"
    out = cli_json(cli, "inspect", "--db", db, "--run", "live")
    assert [s["index"] for s in out["steps"]] == list(range(STEPS))


def test_cli_import_is_refused_while_python_writes(tmp_path, cli):
    db = str(tmp_path / "r.sqlite")
    npz = tmp_path / "s.npz"
    np.savez(npz, **{"a/w": np.ones(4, bool), "b/w": np.zeros(4, bool)})
    with ts.Store(db) as store:
        run = store.run("held")
        run.log_step({"a": {"w": np.ones(4)}, "b": {"w": np.ones(4)}})
        done = run_cli(cli, "import", "--db", db, "--run", "held", str(npz), ok=(1,))
        assert f"run 'held' is being written by pid {os.getpid()} on {socket.gethostname()}" in done.stderr
        assert sqlite3.connect(db).execute("SELECT count(*) FROM step").fetchone()[0] == 1
        run.close()
        run_cli(cli, "import", "--db", db, "--run", "held", str(npz))
    assert sqlite3.connect(db).execute("SELECT count(*) FROM step").fetchone()[0] == 2


HOLDER = textwrap.dedent("""
    import sys, time, numpy as np, ticketscope as ts
    store = ts.Store(sys.argv[1])
    store.run("r").log_step({"a": {"w": np.ones(3)}})
    print("holding", flush=True)
    time.sleep(120)
""")


def test_one_writer_per_run_and_takeover_of_a_dead_one(tmp_path):
    db = str(tmp_path / "r.sqlite")
    holder = spawn(HOLDER, db)
    try:
        assert holder.stdout.readline().strip() == "holding", holder.stderr.read()
        with ts.Store(db) as store:
            run = store.run("r")
            with pytest.raises(ts.LeaseError, match=rf"run 'r' is being written by pid {holder.pid} on {socket.gethostname()} "
                                                    r"\(`python3? -c .*`, since .*\) — one writer per run") as e:
                run.log_step({"a": {"w": np.zeros(3)}})
            assert "\n" not in str(e.value)
            assert len(run.steps()) == 1
            holder.send_signal(signal.SIGKILL)       # dies holding the lease
            holder.wait()
            run.log_step({"a": {"w": np.zeros(3)}})
            con = sqlite3.connect(db)
            kind, detail = con.execute("SELECT kind, detail FROM event").fetchone()
            assert kind == "lease_takeover"
            assert detail.startswith(f"took over the lease of pid {holder.pid} on ") and detail.endswith("that process is no longer running")
            assert con.execute("SELECT pid FROM lease").fetchone()[0] == os.getpid()
        assert sqlite3.connect(db).execute("SELECT count(*) FROM lease").fetchone()[0] == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def lease_row(db, **values):
    row = dict(run_id=1, pid=os.getppid(), host=socket.gethostname(), command="ticketscope train", started_at="2026-01-01T00:00:00Z",
               heartbeat_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    row.update(values)
    con = sqlite3.connect(db)
    con.execute("INSERT INTO lease VALUES (:run_id, :pid, :host, :command, :started_at, :heartbeat_at)", row)
    con.commit()


def test_live_and_stale_leases(tmp_path):
    db = str(tmp_path / "r.sqlite")
    m = {"a": {"w": np.ones(3)}}
    with ts.Store(db) as store:
        store.run("r").log_step(m)
    lease_row(db)                                           # a live process on this host
    with ts.Store(db) as store:
        with pytest.raises(ts.LeaseError, match=r"written by pid \d+ on .* \(`ticketscope train`, since 2026-01-01T00:00:00Z\)"):
            store.run("r").log_step(m, step=0)
    sqlite3.connect(db).execute("DELETE FROM lease").connection.commit()
    lease_row(db, host="elsewhere")                          # another host, beating: live
    with ts.Store(db) as store:
        with pytest.raises(ts.LeaseError, match="on elsewhere"):
            store.run("r").log_step(m, step=0)
    sqlite3.connect(db).execute("DELETE FROM lease").connection.commit()
    lease_row(db, host="elsewhere", heartbeat_at="2026-01-01T00:00:00Z")   # silent for too long: stale
    with ts.Store(db) as store:
        store.run("r").log_step(m, step=0)
    detail = sqlite3.connect(db).execute("SELECT detail FROM event WHERE kind = 'lease_takeover'").fetchone()[0]
    assert "on elsewhere" in detail and "no heartbeat for" in detail


def test_heartbeat_and_lost_lease(tmp_path, monkeypatch):
    monkeypatch.setattr(ts._lease, "HEARTBEAT_SECONDS", 0.2)
    db = str(tmp_path / "r.sqlite")
    with ts.Store(db) as store:
        run = store.run("r")
        run.log_step({"a": {"w": np.ones(3)}})
        con = sqlite3.connect(db)
        first = con.execute("SELECT heartbeat_at FROM lease").fetchone()[0]
        deadline = time.time() + 5
        while con.execute("SELECT heartbeat_at FROM lease").fetchone()[0] == first and time.time() < deadline:
            time.sleep(0.2)
        assert con.execute("SELECT heartbeat_at FROM lease").fetchone()[0] != first, "the heartbeat never refreshed the lease"
        # Another writer takes the lease over (as after a long pause): this one stops writing.
        con.execute("UPDATE lease SET pid = 1, host = 'elsewhere', command = 'ticketscope import', started_at = '2026-01-01T00:00:00Z'")
        con.commit()
        with pytest.raises(ts.LeaseError, match=r"lost the write lease of run 'r' to pid 1 on elsewhere \(`ticketscope import`"):
            run.log_step({"a": {"w": np.zeros(3)}})
        assert len(run.steps()) == 1
    assert sqlite3.connect(db).execute("SELECT count(*) FROM lease").fetchone()[0] == 1   # not ours: left alone


def test_lease_released_at_exit(tmp_path):
    db = str(tmp_path / "r.sqlite")
    script = "import sys, numpy as np, ticketscope as ts\nts.Store(sys.argv[1]).run('r').log_step({'a': {'w': np.ones(3)}})\n"
    p = spawn(script, db)
    assert p.wait(timeout=60) == 0, p.stderr.read()
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM step").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM lease").fetchone()[0] == 0


CREATOR = textwrap.dedent("""
    import sys, time, numpy as np, ticketscope as ts
    while time.time() < float(sys.argv[3]):
        pass                                   # start together
    with ts.Store(sys.argv[1]) as store:
        store.run(sys.argv[2]).log_step({"a": {"w": np.ones(8)}, "b": {"w": np.zeros(8)}})
""")


def test_processes_creating_one_new_store_at_once(tmp_path):
    db = str(tmp_path / "new.sqlite")
    start = str(time.time() + 1.5)
    procs = [spawn(CREATOR, db, f"run{i}", start) for i in range(4)]
    for p in procs:
        assert p.wait(timeout=60) == 0, p.stderr.read()
    with ts.Store(db, readonly=True) as store:
        assert sorted(store.runs()) == [f"run{i}" for i in range(4)]
        assert all(len(store.run(f"run{i}").steps()) == 1 for i in range(4))


KILLED = textwrap.dedent("""
    import os, signal, sys, numpy as np, ticketscope as ts
    rng = np.random.default_rng(1)
    steps = [{f"s{i}": {"big": rng.random((1000, 1000)) < 0.5, "small": np.ones(10, bool)} for i in range(4)} for _ in range(4)]

    def write(path, handler=None):
        store = ts.Store(path)
        run = store.run("live")
        for s in steps[:3]:
            run.log_step(s)
        if handler:
            store._conn.set_progress_handler(handler, 10)
        run.log_step(steps[3])
        store.close()

    calls = [0]
    def count():
        calls[0] += 1
        return 0
    write(sys.argv[1] + ".scratch", count)          # how many progress calls the 4th step's transaction makes
    kill_at = max(1, int(calls[0] * float(sys.argv[2])))
    seen = [0]
    def die():                  # SIGKILL from inside SQLite, part-way through the 4th step's transaction
        seen[0] += 1
        if seen[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return 0
    write(sys.argv[1], die)
    print("not killed", flush=True)
""")


@pytest.mark.parametrize("when", [0.05, 0.5, 0.95])
def test_writer_killed_mid_step_leaves_whole_steps(tmp_path, cli, when):
    db = str(tmp_path / "killed.sqlite")
    writer = spawn(KILLED, db, str(when))
    writer.wait(timeout=60)
    assert writer.returncode == -signal.SIGKILL, (writer.returncode, writer.stdout.read(), writer.stderr.read())
    out = cli_json(cli, "verify", "--db", db)
    assert out["problems"] == 0, out                # a stale lease is a note, not damage
    con = sqlite3.connect(db, timeout=10)
    assert con.execute("SELECT count(*) FROM step").fetchone()[0] == 3
    assert con.execute("SELECT count(*) FROM mask").fetchone()[0] == 3 * 4 * 2
    with ts.Store(db) as store:
        run = store.run("live")
        assert run.log_step(run.masks(), step=2).index == 2           # the last whole step, recognised
        assert run.log_step(run.masks(0)).index == 3
    assert con.execute("SELECT kind FROM event").fetchall() == [("lease_takeover",)]
