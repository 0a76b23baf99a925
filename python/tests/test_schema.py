"""Schema versions: a newer store is refused untouched, a version-1 store is upgraded as the CLI
upgrades it, a store that lost its user_version is recognised and repaired."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3

import numpy as np
import pytest

import ticketscope as ts
from conftest import LAYERS, REPO, SUBNETWORKS, cli_json, random_step, run_cli

V1_FIXTURE = REPO / "Tests" / "CLITests" / "Fixtures" / "v1-store.sqlite"   # written by the v1 binary


def digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "r.sqlite"
    with ts.Store(path) as store:
        store.run("x").log_step({"a": {"w": np.ones(3)}})
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 3")
    con.commit()
    con.close()
    before = digest(path)
    for readonly in (False, True):
        with pytest.raises(ts.SchemaVersionError, match=r"has schema version 3; this ticketscope package reads versions up to 2") as e:
            ts.Store(path, readonly=readonly)
        assert isinstance(e.value, ts.StoreError) and "\n" not in str(e.value)
    assert digest(path) == before


def test_version_1_store_is_upgraded(tmp_path, cli):
    path = tmp_path / "old.sqlite"
    rng = np.random.default_rng(20)
    steps = [random_step(rng, d) for d in (0.7, 0.3)]
    with ts.Store(path, _schema_version=1) as old:
        run = old.run("legacy")
        for m in steps:
            run.log_step(m, metrics={"dog": {"balanced_accuracy": 0.9}})
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'lease'").fetchone()[0] == 0
    con.close()
    with ts.Store(path, readonly=True) as ro:                 # reading does not upgrade
        assert ro.schema_version == 1 and ro.run("legacy").masks(1)["cat"]["odd"].shape == (65,)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1
    with ts.Store(path) as store:
        assert store.schema_version == 2
        run = store.run("legacy")
        back = [run.masks(k) for k in range(2)]
        run.log_step(random_step(rng, 0.1))
    for m, b in zip(steps, back):
        for s in SUBNETWORKS:
            for n, _ in LAYERS:
                np.testing.assert_array_equal(b[s][n], m[s][n])
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM metric").fetchone()[0] == 2
    assert [r[0] for r in con.execute("SELECT identifier FROM grdb_migrations ORDER BY 1")] == ["v1", "v2"]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    # The CLI agrees it is an ordinary version-2 store: same tables as one it makes itself.
    made = tmp_path / "fresh.sqlite"
    ts.Store(made).close()
    norm = lambda p: sorted((t, n, " ".join((s or "").split())) for t, n, s in sqlite3.connect(p).execute("SELECT type, name, sql FROM sqlite_master"))
    assert norm(path) == norm(made)
    out = cli_json(cli, "inspect", "--db", str(path), "--run", "legacy")
    assert len(out["steps"]) == 3


def test_lost_user_version_is_recognised_and_repaired(tmp_path, cli):
    path, copy = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    rng = np.random.default_rng(21)
    m = random_step(rng, 0.5)
    with ts.Store(path) as store:
        store.run("d").log_step(m)
    src = sqlite3.connect(path)
    dst = sqlite3.connect(copy)
    dst.executescript("\n".join(src.iterdump()))          # as `sqlite3 a .dump | sqlite3 b`: no user_version
    dst.close()
    assert sqlite3.connect(copy).execute("PRAGMA user_version").fetchone()[0] == 0
    with ts.Store(copy, readonly=True) as ro:
        assert ro.schema_version == 2
        np.testing.assert_array_equal(ro.run("d").masks(0)["dog"]["fc.weight"], m["dog"]["fc.weight"])
    with ts.Store(copy) as store:
        store.run("d").log_step(random_step(rng, 0.2))
    assert sqlite3.connect(copy).execute("PRAGMA user_version").fetchone()[0] == 2
    run_cli(cli, "similarity", "--db", str(copy), "--run", "d")


def test_readonly_never_changes_the_file(tmp_path):
    path = tmp_path / "r.sqlite"
    with ts.Store(path) as store:
        store.run("x").log_step({"a": {"w": np.ones(3)}})
    before = digest(path)
    with ts.Store(path, readonly=True) as ro:
        ro.run("x").masks()
        assert ro.runs() == ["x"]
    assert digest(path) == before


def master(path):
    return sorted((t, n, " ".join((s or "").split())) for t, n, s in
                  sqlite3.connect(path).execute("SELECT type, name, sql FROM sqlite_master"))


@pytest.mark.skipif(not V1_FIXTURE.is_file(), reason=f"no {V1_FIXTURE.relative_to(REPO)} (the schema-v2 change ships it)")
def test_store_written_by_the_v1_binary_is_upgraded(tmp_path, cli):
    path = tmp_path / "v1.sqlite"
    shutil.copy(V1_FIXTURE, path)
    with ts.Store(path, readonly=True) as ro:
        assert ro.schema_version == 1
        before = {name: [ro.run(name).masks(s.index) for s in ro.run(name).steps()] for name in ro.runs()}
        metrics = sqlite3.connect(path).execute("SELECT * FROM metric ORDER BY 1, 2, 3, 4, 5").fetchall()
    assert before
    with ts.Store(path) as store:
        for name, steps in before.items():
            run = store.run(name)
            for k, masks in enumerate(steps):
                after = run.masks(run.steps()[k].index)
                assert list(after) == list(masks)
                for sub in masks:
                    for layer in masks[sub]:
                        np.testing.assert_array_equal(after[sub][layer], masks[sub][layer])
            run.log_step(steps[-1], step=run.steps()[-1].index)   # the same masks: recognised, nothing written
    assert sqlite3.connect(path).execute("SELECT * FROM metric ORDER BY 1, 2, 3, 4, 5").fetchall() == metrics
    fresh = tmp_path / "fresh.sqlite"
    ts.Store(fresh).close()
    assert master(path) == master(fresh)
    assert cli_json(cli, "verify", "--db", str(path))["problems"] == 0
