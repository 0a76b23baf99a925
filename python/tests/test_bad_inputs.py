"""Bad input gets one clear line (a TicketScopeError) and leaves the store as it was."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

import ticketscope as ts


def good():
    return {"a": {"conv.weight": np.ones((2, 3)), "fc.weight": np.zeros(4)},
            "b": {"conv.weight": np.ones((2, 3)), "fc.weight": np.ones(4)}}


@pytest.fixture
def run(tmp_path):
    with ts.Store(tmp_path / "r.sqlite") as store:
        r = store.run("bad")
        r.log_step(good())
        yield r


def snapshot(path):
    con = sqlite3.connect(path)
    return [con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("run", "layer", "subnetwork", "step", "mask", "metric", "event")]


def one_line(excinfo):
    message = str(excinfo.value)
    assert message and "\n" not in message and isinstance(excinfo.value, ts.TicketScopeError)
    return message


def with_change(f):
    m = good()
    f(m)
    return m


MASK_CASES = [
    (lambda m: m["a"].update({"conv.weight": np.ones((3, 2))}), ts.MaskError, r"mask 'a/conv\.weight' has shape \(3, 2\); the run's layer has \(2, 3\)"),
    (lambda m: m["b"].update({"conv.wieght": m["b"].pop("conv.weight")}), ts.MaskError, r"subnetwork 'b': layers differ from the run's: missing 'conv\.weight'; unknown 'conv\.wieght'"),
    (lambda m: m.pop("b"), ts.MaskError, r"subnetworks differ from the run's: missing 'b'"),
    (lambda m: m.update({"c": m["a"]}), ts.MaskError, r"unknown 'c'"),
    (lambda m: m["a"].update({"fc.weight": np.array([0, np.nan, 1, 1])}), ts.MaskError, r"mask 'a/fc\.weight' has NaN entries"),
    (lambda m: m["a"].update({"fc.weight": np.ones(4, complex)}), ts.MaskError, r"dtype complex128"),
    (lambda m: m["a"].update({"fc.weight": np.array(["1", "0", "1", "1"])}), ts.MaskError, r"dtype <U1"),
    (lambda m: m["a"].update({"fc.weight": [[1, 2], [3]]}), ts.MaskError, r"is not an array"),
    (lambda m: m.update({"a": [1, 2]}), ts.MaskError, r"expected a dict \{layer: array\} or a torch\.nn\.Module, got list"),
    (lambda m: m.update({"a": {}}), ts.MaskError, r"subnetwork 'a' has no layers"),
]


@pytest.mark.parametrize("change,error,message", MASK_CASES)
def test_bad_masks(run, change, error, message):
    before = snapshot(run._store.path)
    with pytest.raises(error) as e:
        run.log_step(with_change(change))
    assert __import__("re").search(message, one_line(e)), str(e.value)
    assert snapshot(run._store.path) == before


@pytest.mark.parametrize("masks", [None, {}, [1], {"": {"w": np.ones(1)}}, {1: {"w": np.ones(1)}}])
def test_not_masks_at_all(run, masks):
    with pytest.raises(ts.MaskError) as e:
        run.log_step(masks)
    one_line(e)


METRIC_CASES = [
    ({"a": {"balanced_accuracy": 85.3}}, "validation", r"metric 'balanced_accuracy' of 'a' is 85\.3, outside \[0, 1\]; a percentage\? give 0\.853"),
    ({"a": {"recall": -0.1}}, "validation", r"outside \[0, 1\]$"),
    ({"a": {"f1": 1.5}}, "validation", r"metric 'f1' of 'a' is 1\.5, outside \[0, 1\]"),
    ({None: {"params": -3}}, "validation", r"metric 'params' of the run is -3, negative"),
    ({"a": {"bacc": 0.5}}, "validation", r"unknown metric 'bacc'; did you mean 'balanced_accuracy'\? \(known: balanced_accuracy, precision"),
    ({"a": {"Val Loss": 0.5}}, "validation", r"metric name 'Val Loss' is not snake_case"),
    ({None: {"si_snri.": 0.5}}, "validation", r"metric name 'si_snri\.' is not snake_case"),
    ({"a": {3: 0.5}}, "validation", r"metric name 3 is not a string"),
    ({"a": {"loss": float("nan")}}, "validation", r"metric 'loss' of 'a' is nan; metric values must be finite"),
    ({None: {"params": float("inf")}}, "validation", r"metric 'params' of the run is inf"),
    ({"a": {"balanced-accuracy": 0.5}}, "validation", r"unknown metric 'balanced-accuracy'; did you mean 'balanced_accuracy'\?"),
    ({"a": {"loss": "0.5"}}, "validation", r"is '0\.5', not a number"),
    ({"a": {"loss": True}}, "validation", r"is True, not a number"),
    ({"zebra": {"loss": 1.0}}, "validation", r"metrics for unknown subnetwork 'zebra' \(subnetworks: a, b\)"),
    ({"a": {"loss": 1.0}}, "valid", r"unknown split 'valid'; use one of train, validation, test"),
    ({"a": 0.5}, "validation", r"must be a dict"),
]


@pytest.mark.parametrize("metrics,split,message", METRIC_CASES)
def test_bad_metrics(run, metrics, split, message):
    before = snapshot(run._store.path)
    m = good()
    m["a"]["fc.weight"] = np.ones(4)      # a new step, so nothing is a no-op
    with pytest.raises(ts.MetricError) as e:
        run.log_step(m, metrics=metrics, split=split)
    assert __import__("re").search(message, one_line(e)), str(e.value)
    assert snapshot(run._store.path) == before


def test_bad_run_arguments(tmp_path):
    with ts.Store(tmp_path / "r.sqlite") as store:
        for kwargs, message in [
            (dict(layers=[("a", (2, -1))]), "negative dimension"),
            (dict(layers=[("a", (2,)), ("a", (3,))]), "layer 'a' is listed twice"),
            (dict(layers=[("a", "x")]), "give a tuple of non-negative integers"),
            (dict(layers=[("a", (2,), "top")]), "use one of shallow, middle, deep"),
            (dict(layers="a"), "non-empty list"),
            (dict(subnetworks=["x", "x"]), "subnetwork 'x' is listed twice"),
            (dict(method="magic"), "unknown method 'magic'"),
            (dict(config={"f": object()}), "config is not JSON-serialisable"),
            (dict(config={"x": float("nan")}), "config is not JSON-serialisable"),
        ]:
            with pytest.raises(ts.RunError, match=message) as e:
                store.run("x", **kwargs)
            one_line(e)
        with pytest.raises(ts.RunError):
            store.run("")
        assert store.runs() == []


def test_existing_run_must_match(run):
    store = run._store
    with pytest.raises(ts.RunError, match=r"layer 'fc\.weight' has shape \(5,\); run 'bad' stores \(4,\)"):
        store.run("bad", layers=[("conv.weight", (2, 3)), ("fc.weight", (5,))])
    with pytest.raises(ts.RunError, match="run 'bad' has no layer 'fc.wieght'"):
        store.run("bad", layers=[("conv.weight", (2, 3)), ("fc.wieght", (4,))])
    with pytest.raises(ts.RunError, match="has subnetworks a, b; given b, a"):
        store.run("bad", subnetworks=["b", "a"])
    with pytest.raises(ts.RunError, match="has method 'imported', not 'rtl'"):
        store.run("bad", method="rtl")
    assert store.run("bad", layers=[("conv.weight", (2, 3)), ("fc.weight", (4,))], subnetworks=["a", "b"]) is run


def test_closed_and_read_only(tmp_path, run):
    path = run._store.path
    run.close()
    with pytest.raises(ts.RunError, match="run 'bad' is closed"):
        run.log_step(good())
    run._store.close()
    with pytest.raises(ts.StoreError, match="is closed"):
        run._store.runs()
    with ts.Store(path, readonly=True) as ro:
        r = ro.run("bad")
        with pytest.raises(ts.StoreError, match="opened read-only"):
            r.log_step(good(), step=0)
        with pytest.raises(ts.RunError, match=r"no run named 'nope' .*\(runs: bad\)"):
            ro.run("nope")


def test_bad_files(tmp_path):
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database, just text" * 100)
    for f in (lambda: ts.Store(garbage), lambda: ts.Store(garbage, readonly=True)):
        with pytest.raises(ts.StoreError, match="is not an SQLite file") as e:
            f()
        one_line(e)
    assert garbage.read_bytes() == b"this is not a database, just text" * 100
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE photos (id INTEGER, path TEXT)")
    con.commit()
    with pytest.raises(ts.StoreError, match="not a TicketScope store") as e:
        ts.Store(other)
    with pytest.raises(ts.StoreError, match="does not exist"):
        ts.Store(tmp_path / "missing.sqlite", readonly=True)
    with pytest.raises(ts.StoreError, match="directory .* does not exist"):
        ts.Store(tmp_path / "no" / "such" / "dir.sqlite")
    with pytest.raises(ts.StoreError, match="is not a file"):
        ts.Store(tmp_path)
    assert not (tmp_path / "missing.sqlite").exists()


def test_corrupt_rows_are_reported(tmp_path):
    path = tmp_path / "r.sqlite"
    with ts.Store(path) as store:
        store.run("c").log_step(good())
    con = sqlite3.connect(path)
    con.execute("UPDATE mask SET bits = x'00' WHERE layer_idx = 1 AND subnetwork_idx = 1")
    con.commit()
    with ts.Store(path) as store:
        with pytest.raises(ts.StoreError, match=r"mask of layer 'fc\.weight' has 1 bytes, expected 8") as e:
            store.run("c").masks(0)
        one_line(e)
    con.execute("UPDATE mask SET bits = x'FF00000000000000' WHERE layer_idx = 1 AND subnetwork_idx = 1")
    con.commit()
    with ts.Store(path) as store:
        with pytest.raises(ts.StoreError, match="bits set past its last element"):
            store.run("c").masks(0)
    con.execute("PRAGMA ignore_check_constraints = ON")
    con.execute("UPDATE layer SET shape_json = 'garbage' WHERE idx = 0")
    con.commit()
    with ts.Store(path) as store:
        with pytest.raises(ts.StoreError, match="layer 'conv.weight' has shape 'garbage'"):
            store.run("c")
