"""What Python writes is exactly the store format of docs/schema.md, and reads back bit for bit."""

from __future__ import annotations

import re
import sqlite3

import numpy as np
import pytest

import ticketscope as ts
from conftest import LAYERS, SUBNETWORKS, random_step


def reference_blob(kept: np.ndarray) -> bytes:
    """docs/schema.md's packing written out bit by bit with Python integers (independent of
    np.packbits): element j is bit j % 8 of byte j / 8, padded to whole 64-bit words."""
    flat = [bool(x) for x in kept.reshape(-1)]
    out = bytearray((len(flat) + 63) // 64 * 8)
    for j, bit in enumerate(flat):
        if bit:
            out[j // 8] |= 1 << (j % 8)
    return bytes(out)


SHAPES = [("scalar", ()), ("one", (1,)), ("w63", (63,)), ("w64", (64,)), ("w65", (65,)), ("empty", (0, 3)),
          ("conv", (7, 3, 5, 5)), ("big", (100_007,))]


@pytest.mark.parametrize("dtype", [bool, np.uint8, np.int64, np.float16, np.float32, np.float64])
def test_round_trip_is_bit_exact(tmp_path, dtype):
    rng = np.random.default_rng(1)
    given = {s: {name: (rng.random(shape) < 0.37).astype(dtype) * (3 if dtype is not bool else 1) for name, shape in SHAPES}
             for s in ["a", "b"]}
    with ts.Store(tmp_path / "r.sqlite") as store:
        run = store.run("rt")
        run.log_step(given)
        back = run.masks(0)
    assert list(back) == ["a", "b"]
    for s in given:
        assert list(back[s]) == [name for name, _ in SHAPES]
        for name, shape in SHAPES:
            assert back[s][name].dtype == np.bool_ and back[s][name].shape == shape
            np.testing.assert_array_equal(back[s][name], given[s][name] != 0)
    con = sqlite3.connect(tmp_path / "r.sqlite")
    rows = con.execute("SELECT s.name, l.name, m.bits, m.ones FROM mask m JOIN subnetwork s ON s.run_id = m.run_id "
                       "AND s.idx = m.subnetwork_idx JOIN layer l ON l.run_id = m.run_id AND l.idx = m.layer_idx").fetchall()
    assert len(rows) == 2 * len(SHAPES)
    for sub, layer, bits, ones in rows:
        kept = given[sub][layer] != 0
        assert bits == reference_blob(kept)
        assert ones == int(np.count_nonzero(kept))


def test_rows_follow_the_schema(tmp_path):
    rng = np.random.default_rng(2)
    steps = [random_step(rng, d) for d in (0.9, 0.5, 0.2)]
    with ts.Store(tmp_path / "r.sqlite") as store:
        run = store.run("s", config={"lr": 0.1, "prune": "global"})
        written = [run.log_step(m) for m in steps]
    con = sqlite3.connect(tmp_path / "r.sqlite")
    assert con.execute("PRAGMA user_version").fetchone()[0] == 2
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [r[0] for r in con.execute("SELECT identifier FROM grdb_migrations ORDER BY identifier")] == ["v1", "v2"]
    (rid, name, method, config, status, created, version, config_hash), = con.execute(
        "SELECT id, name, method, config_json, status, created_at, schema_version, config_hash FROM run").fetchall()
    assert (name, method, status, version, config_hash) == ("s", "imported", "imported", 2, None)
    assert config == '{"lr": 0.1, "prune": "global"}'
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\Z")
    assert stamp.match(created)
    layers = con.execute("SELECT idx, name, shape_json, numel, depth, grp FROM layer WHERE run_id = ? ORDER BY idx", (rid,)).fetchall()
    assert layers == [(i, n, "[" + ",".join(map(str, s)) + "]", int(np.prod(s)), i, None) for i, (n, s) in enumerate(LAYERS)]
    subs = con.execute("SELECT idx, name, synset FROM subnetwork WHERE run_id = ? ORDER BY idx", (rid,)).fetchall()
    assert subs == [(i, s, None) for i, s in enumerate(SUBNETWORKS)]
    params = sum(int(np.prod(s)) for _, s in LAYERS)
    stored = con.execute("SELECT idx, phase, target_sparsity, sparsity, created_at FROM step ORDER BY idx").fetchall()
    for k, (masks, row, step) in enumerate(zip(steps, stored, written)):
        expected = np.mean([1 - sum(np.count_nonzero(a) for a in masks[s].values()) / params for s in SUBNETWORKS])
        assert row[:3] == (k, "imported", None)
        assert row[3] == pytest.approx(expected, rel=1e-15)
        assert stamp.match(row[4])
        assert step == ts.Step(*row)
    assert con.execute("SELECT count(*) FROM lease").fetchone()[0] == 0   # released on close


def test_explicit_layers_and_groups(tmp_path):
    layers = [("a", (4, 4)), ("b", (3,), "deep"), ("c", [2, 2])]
    with ts.Store(tmp_path / "r.sqlite") as store:
        run = store.run("g", layers=layers, subnetworks=["x", "y"], method="imp-multi")
        assert run.layers == [ts.Layer("a", (4, 4)), ts.Layer("b", (3,), "deep"), ts.Layer("c", (2, 2))]
        masks = {s: {n: np.ones(shape, bool) for n, shape, *_ in layers} for s in ["y", "x"]}   # any dict order
        run.log_step(masks)
        assert list(run.masks()) == ["x", "y"]
    con = sqlite3.connect(tmp_path / "r.sqlite")
    assert con.execute("SELECT method FROM run").fetchone()[0] == "imp-multi"
    assert con.execute("SELECT group_concat(IFNULL(grp, '-'), ',') FROM (SELECT grp FROM layer ORDER BY idx)").fetchone()[0] == "-,deep,-"


def test_run_is_written_when_layers_and_subnetworks_are_known(tmp_path):
    with ts.Store(tmp_path / "r.sqlite") as store:
        store.run("later")                                   # nothing known yet: nothing written
        assert store.runs() == []
        store.run("now", layers=[("w", (2,))], subnetworks=["a"])
        assert store.runs() == ["now"]


def test_reopening_continues_the_run(tmp_path):
    rng = np.random.default_rng(3)
    first, second = random_step(rng, 0.8), random_step(rng, 0.4)
    with ts.Store(tmp_path / "r.sqlite") as store:
        store.run("c").log_step(first)
    with ts.Store(tmp_path / "r.sqlite") as store:
        run = store.run("c")
        assert run.layers == [ts.Layer(n, s) for n, s in LAYERS] and run.subnetworks == SUBNETWORKS
        assert run.log_step(second).index == 1
        back = run.masks(0)
    for s in SUBNETWORKS:
        for n, _ in LAYERS:
            np.testing.assert_array_equal(back[s][n], first[s][n])
    with ts.Store(tmp_path / "r.sqlite", readonly=True) as store:
        assert [st.index for st in store.run("c").steps()] == [0, 1]


def test_metrics_are_stored(tmp_path):
    with ts.Store(tmp_path / "r.sqlite") as store:
        run = store.run("m")
        run.log_step({"a": {"w": np.ones(4)}, "b": {"w": np.zeros(4)}},
                     metrics={"a": {"balanced_accuracy": 0.75, "loss": np.float32(1.5)}, None: {"params": 4, "top5_error": 12, "si_snri.cafe": 3.5}},
                     split="test")
    con = sqlite3.connect(tmp_path / "r.sqlite")
    rows = con.execute("SELECT step_idx, subnetwork_idx, split, name, value FROM metric ORDER BY IFNULL(subnetwork_idx, -1), name").fetchall()
    assert rows == [(0, None, "test", "params", 4.0), (0, None, "test", "si_snri.cafe", 3.5), (0, None, "test", "top5_error", 12.0),
                    (0, 0, "test", "balanced_accuracy", 0.75), (0, 0, "test", "loss", 1.5)]
