"""The ticketscope CLI reads what Python wrote, and Python reads what the CLI wrote."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

import ticketscope as ts
from conftest import LAYERS, SUBNETWORKS, cli_json, jaccard, random_step, run_cli


def test_cli_similarity_equals_numpy(tmp_path, cli):
    rng = np.random.default_rng(10)
    # Correlated masks: each subnetwork keeps a shared core plus its own weights.
    core = random_step(rng, 0.3, subnetworks=["core"])["core"]
    steps = []
    for density in (0.6, 0.4, 0.25):
        own = random_step(rng, density)
        steps.append({s: {n: core[n] | own[s][n] for n, _ in LAYERS} for s in SUBNETWORKS})
    db = str(tmp_path / "r.sqlite")
    with ts.Store(db) as store:
        run = store.run("sim")
        for m in steps:
            run.log_step(m)
    for k, m in enumerate(steps):
        out = cli_json(cli, "similarity", "--db", db, "--run", "sim", "--step", str(k))
        assert out["subnetworks"] == SUBNETWORKS
        flat = {s: np.concatenate([m[s][n].reshape(-1) for n, _ in LAYERS]) for s in SUBNETWORKS}
        want = [[jaccard(flat[a], flat[b]) for b in SUBNETWORKS] for a in SUBNETWORKS]
        np.testing.assert_allclose(out["matrix"], want, rtol=1e-12)
        assert out["ones"] == [int(flat[s].sum()) for s in SUBNETWORKS]
        params = sum(int(np.prod(s)) for _, s in LAYERS)
        assert out["parameters"] == params
        assert out["sparsity"] == pytest.approx(np.mean([1 - flat[s].sum() / params for s in SUBNETWORKS]), rel=1e-15)
    for name, _ in LAYERS:
        out = cli_json(cli, "similarity", "--db", db, "--run", "sim", "--layer", name)
        want = [[jaccard(steps[-1][a][name], steps[-1][b][name]) for b in SUBNETWORKS] for a in SUBNETWORKS]
        np.testing.assert_allclose(out["matrix"], want, rtol=1e-12)


def test_check_calls_the_cli(tmp_path, ticketscope_env):
    rng = np.random.default_rng(11)
    with ts.Store(tmp_path / "r.sqlite") as store:
        run = store.run("chk")
        for d in (0.8, 0.5, 0.3):
            run.log_step(random_step(rng, d))
        flat = {s: np.concatenate([a.reshape(-1) for a in run.masks()[s].values()]) for s in SUBNETWORKS}
        mean = np.mean([jaccard(flat[a], flat[b]) for i, a in enumerate(SUBNETWORKS) for b in SUBNETWORKS[i + 1:]])
        go = run.check(f"mean-jaccard>{mean + 0.01:.4f}")
        # The value is the rule's own measure at the latest step, fired or not.
        assert (go.stop, go.fired, go.step) == (False, None, 2) and go.value == pytest.approx(mean, rel=1e-12)
        stop = run.check(f"mean-jaccard<{mean + 0.01:.4f},max-jaccard>0.99")
        assert stop.stop and stop.fired.startswith("mean-jaccard<") and stop.value == pytest.approx(mean, rel=1e-12)
        assert stop.sparsity == pytest.approx(run.steps()[-1].sparsity)
        onset = run.check("onset", evidence=8, min_size=0.05, measure="corrected")
        assert not onset.stop and onset.value is not None   # three steps of random masks: no onset
        with pytest.raises(ts.RuleError, match="malformed stop rule 'mean-jacard>0.5'") as e:
            run.check("mean-jacard>0.5")
        assert "\n" not in str(e.value)
        with pytest.raises(ts.CLIError, match="exit 64"):
            run.check("onset", no_such_option=1)


def test_check_without_a_binary(tmp_path, monkeypatch):
    monkeypatch.delenv("TICKETSCOPE_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with ts.Store(tmp_path / "r.sqlite") as store:
        run = store.run("x")
        run.log_step({"a": {"w": np.ones(3)}, "b": {"w": np.ones(3)}})
        with pytest.raises(ts.CLIError, match="cannot find the ticketscope command line: set TICKETSCOPE_BIN"):
            run.check("onset")
        monkeypatch.setenv("TICKETSCOPE_BIN", str(tmp_path / "nope"))
        with pytest.raises(ts.CLIError, match="is not an executable file"):
            run.check("onset")


def test_python_reads_and_extends_a_cli_import(tmp_path, cli):
    rng = np.random.default_rng(12)
    first = random_step(rng, 0.7)
    npz = tmp_path / "step0.npz"
    np.savez(npz, **{f"{s}/{n}": first[s][n] for s in SUBNETWORKS for n, _ in LAYERS})
    db = str(tmp_path / "r.sqlite")
    run_cli(cli, "import", "--db", db, "--run", "mixed", str(npz))
    second = random_step(rng, 0.4)
    with ts.Store(db) as store:
        run = store.run("mixed")
        assert run.layers == [ts.Layer(n, s) for n, s in LAYERS] and run.subnetworks == SUBNETWORKS
        back = run.masks(0)
        for s in SUBNETWORKS:
            for n, _ in LAYERS:
                np.testing.assert_array_equal(back[s][n], first[s][n])
        assert run.log_step(first, step=0) == run.steps()[0]     # the CLI's step, recognised as the same
        run.log_step(second)
    out = cli_json(cli, "inspect", "--db", db, "--run", "mixed")
    assert [s["sparsity"] for s in out["steps"]] == pytest.approx([st.sparsity for st in ts.Store(db, readonly=True).run("mixed").steps()])
    # The CLI appends after Python's step and Python reads it back.
    npz2 = tmp_path / "step2.npz"
    third = random_step(rng, 0.2)
    np.savez(npz2, **{f"{s}/{n}": third[s][n] for s in SUBNETWORKS for n, _ in LAYERS})
    run_cli(cli, "import", "--db", db, "--run", "mixed", str(npz2))
    with ts.Store(db, readonly=True) as store:
        back = store.run("mixed").masks(2)
    for s in SUBNETWORKS:
        for n, _ in LAYERS:
            np.testing.assert_array_equal(back[s][n], third[s][n])


def test_cli_and_python_create_the_same_schema(tmp_path, cli):
    py = tmp_path / "py.sqlite"
    ts.Store(py).close()
    npz = tmp_path / "one.npz"
    np.savez(npz, **{"a/w": np.ones(3, bool)})
    made = tmp_path / "cli.sqlite"
    run_cli(cli, "import", "--db", str(made), "--run", "x", str(npz))

    def schema(path):
        con = sqlite3.connect(path)
        master = sorted((t, n, " ".join((sql or "").split())) for t, n, sql in
                        con.execute("SELECT type, name, sql FROM sqlite_master"))
        return (master, con.execute("PRAGMA user_version").fetchone()[0],
                con.execute("SELECT identifier FROM grdb_migrations ORDER BY identifier").fetchall())
    mine, theirs = schema(py), schema(made)
    assert mine[1:] == theirs[1:]
    missing = [e for e in theirs[0] if e not in mine[0]]
    extra = [e for e in mine[0] if e not in theirs[0]]
    assert not missing and not extra, f"schema drift: the CLI has {missing}, Python has {extra}"


def test_cli_verify_finds_python_stores_whole(tmp_path, cli):
    rng = np.random.default_rng(13)
    db = str(tmp_path / "r.sqlite")
    with ts.Store(db) as store:
        run = store.run("v", layers=LAYERS, subnetworks=SUBNETWORKS)
        for k, d in enumerate((0.9, 0.6, 0.3)):
            run.log_step(random_step(rng, d), metrics={"cat": {"balanced_accuracy": d}, None: {"params": 1000 * d}})
        run.log_step(random_step(rng, 0.5), step=1, replace=True, metrics={"dog": {"recall": 0.5}}, split="test")
        empty = store.run("empty-layers")
        empty.log_step({"a": {"none": np.zeros((0, 4)), "scalar": np.array(1.0)}, "b": {"none": np.zeros((0, 4)), "scalar": np.array(0)}})
    out = cli_json(cli, "verify", "--db", db)
    assert out["problems"] == 0, out
    assert sorted(r["name"] for r in out["runs"]) == ["empty-layers", "v"]
