"""`step=` makes logging idempotent; `replace=True` is the only way to change a stored step."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

import ticketscope as ts
from conftest import random_step


@pytest.fixture
def store(tmp_path):
    with ts.Store(tmp_path / "r.sqlite") as s:
        yield s


def counts(store):
    con = sqlite3.connect(store.path)
    return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("step", "mask", "metric", "event"))


def test_same_step_again_is_a_no_op(store):
    rng = np.random.default_rng(4)
    masks = [random_step(rng, d) for d in (0.8, 0.6)]
    run = store.run("i")
    first = [run.log_step(m, step=k, metrics={"cat": {"balanced_accuracy": 0.5 + k / 10}}) for k, m in enumerate(masks)]
    before = counts(store)
    again = [run.log_step(m, step=k, metrics={"cat": {"balanced_accuracy": 0.5 + k / 10}}) for k, m in enumerate(masks)]
    assert again == first and counts(store) == before
    # A restarted script logging the same steps from a new process finds them stored.
    run.close()
    with ts.Store(store.path) as other:
        assert other.run("i").log_step(masks[1], step=1) == first[1]


def test_same_masks_add_new_metrics_only(store):
    m = random_step(np.random.default_rng(5), 0.5)
    run = store.run("i")
    run.log_step(m, step=0, metrics={"cat": {"balanced_accuracy": 0.7}})
    run.log_step(m, step=0, metrics={"dog": {"balanced_accuracy": 0.6}}, split="test")
    con = sqlite3.connect(store.path)
    assert con.execute("SELECT count(*) FROM metric").fetchone()[0] == 2
    with pytest.raises(ts.StepError, match=r"already has validation balanced_accuracy = 0\.7 for 'cat'.*replace=True"):
        run.log_step(m, step=0, metrics={"cat": {"balanced_accuracy": 0.8}})
    run.log_step(m, step=0, metrics={"cat": {"balanced_accuracy": 0.8}}, replace=True)
    assert con.execute("SELECT value FROM metric WHERE subnetwork_idx = 0").fetchone()[0] == 0.8
    assert con.execute("SELECT count(*) FROM step").fetchone()[0] == 1


def test_different_masks_need_replace(store):
    rng = np.random.default_rng(6)
    a, b = random_step(rng, 0.7), random_step(rng, 0.3)
    run = store.run("r")
    run.log_step(a, step=0, metrics={"cat": {"loss": 1.0}})
    run.log_step(a, step=1)
    before = counts(store)
    with pytest.raises(ts.StepError, match="step 0 of run 'r' is stored with different masks; pass replace=True"):
        run.log_step(b, step=0)
    assert counts(store) == before
    replaced = run.log_step(b, step=0, replace=True)
    assert replaced.index == 0 and replaced.sparsity == pytest.approx(run.steps()[0].sparsity)
    back = run.masks(0)
    for s in b:
        for layer in b[s]:
            np.testing.assert_array_equal(back[s][layer], b[s][layer])
    con = sqlite3.connect(store.path)
    assert con.execute("SELECT count(*) FROM metric").fetchone()[0] == 0   # the old step's metrics went with it
    assert con.execute("SELECT kind, step_idx, detail FROM event").fetchall() == [
        ("replace", 0, "masks of step 0 replaced; 1 metric values dropped")]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert [s.index for s in run.steps()] == [0, 1]


def test_step_indices(store):
    m = random_step(np.random.default_rng(7), 0.5)
    run = store.run("g")
    with pytest.raises(ts.StepError, match="step 2 would leave a gap: run 'g' has no steps; the first is 0"):
        run.log_step(m, step=2)
    assert store.runs() == []                       # the failed first step created nothing
    run.log_step(m)
    with pytest.raises(ts.StepError, match="step 5 would leave a gap: run 'g' has steps 0…0; the next is 1"):
        run.log_step(m, step=5)
    with pytest.raises(ts.StepError, match="replace=True needs step="):
        run.log_step(m, replace=True)
    for bad in (-1, 1.5, "1", True):
        with pytest.raises(ts.StepError):
            run.log_step(m, step=bad)
    assert run.log_step(m, step=np.int64(1)).index == 1
    with pytest.raises(ts.StepError, match="run 'g' has no step 7"):
        run.masks(7)
