#!/usr/bin/env python3
"""Writes the planted onset corpus: Tests/DiagnosticsTests/Fixtures/onset-corpus.json.

Each curve has x (sparsity, increasing), y, and a label: the index of the first changed step
(`onset`, null for smooth curves that must never fire) and the direction of the change (`rise` =
the curve bends upward, `fall` = it bends downward). Kinds (docs/collapse.md):

  positives  turn    falling steadily, then rising (the paper's Fig. 2 signature)
             ramp    flat (slight drift), then a linear rise or fall
             jump    a level shift within one step on a drifting baseline
             fall    flat or gently falling, then a steep fall (INR, appendix C.7)
             plateau falling steadily, then flat
  negatives  linear, exp(-3x), x^2, the chance curve (1-s)/(1+s), a broad logistic, a gentle
             cubic, and the Jaccard of independent random masks (finite size) — smooth, must not fire

Shapes are planted along the axis on which the schedule's steps are even (sparsity, or
-log10(1 - sparsity) for shrinking steps); the chance curve and random masks follow sparsity itself.
Schedules: uniform sparsity steps, or shrinking ones (a fixed fraction of the kept weights per
step, as `prune_fraction`), 8-40 steps; noise sd 0, 0.005, 0.01, 0.02 (positives 0.005-0.02).
Every curve carries `baseline`, the chance level of its sparsities, as raw Jaccard curves do.
Real curves (scripts/corpus/real-curves.json: runs pruned past collapse, with the onset a careful
reader marks and why) are appended with kind `real`.
Deterministic (seeded): re-running rewrites the same file.
"""
import json
import os
import sys

import numpy as np

rng = np.random.default_rng(20261201)


def schedule(n, kind):
    if kind == "uniform":
        lo, hi = rng.uniform(0.05, 0.3), rng.uniform(0.85, 0.97)
        return np.linspace(lo, hi, n)
    hi = rng.uniform(0.93, 0.99)
    f = 1 - (1 - hi) ** (1 / n)          # fraction pruned per step so that step n reaches hi
    return 1 - (1 - f) ** np.arange(1, n + 1)


def position(x, sched):
    """0..1 along the axis on which the schedule's steps are even: sparsity for uniform steps,
    -log10(1 - sparsity) for shrinking ones (the axis the detector and the figures use)."""
    a = x if sched == "uniform" else -np.log10(1 - x)
    return (a - a[0]) / (a[-1] - a[0])


def positive(kind, x, sched, k):
    """Noise-free curve with its first changed step at index k (the knot is x[k-1])."""
    n = len(x)
    t = position(x, sched)
    tk = t[k - 1]
    after = np.clip(t - tk, 0, None)
    span_after = max(1 - tk, 1e-9)
    if kind == "turn":
        drop = rng.uniform(0.25, 0.45)
        rise = rng.uniform(0.15, 0.4)
        y = 0.9 - drop * np.minimum(t, tk) / max(tk, 1e-9) + (rise / span_after) * after
        # the falling slope continues as part of the before-regime only
        return y, "rise"
    if kind == "ramp":
        size = rng.uniform(0.15, 0.35) * rng.choice([-1, 1])
        drift = rng.uniform(-0.05, 0.05)
        y = 0.6 + drift * t + (size / span_after) * after
        return y, "rise" if size > 0 else "fall"
    if kind == "jump":
        size = rng.uniform(0.15, 0.35) * rng.choice([-1, 1])
        drift = rng.uniform(-0.15, 0.0)
        y = 0.6 + drift * t + size * (np.arange(n) >= k)
        return y, "rise" if size > 0 else "fall"
    if kind == "fall":
        size = rng.uniform(0.2, 0.45)
        drift = rng.uniform(-0.08, 0.0)
        y = 0.85 + drift * t - (size / span_after) * after
        return y, "fall"
    if kind == "plateau":
        drop = rng.uniform(0.25, 0.45)
        y = 0.9 - drop * np.minimum(t, tk) / max(tk, 1e-9)
        return y, "rise"
    raise ValueError(kind)


def smooth(kind, x, sched):
    t = position(x, sched)
    if kind == "linear":
        return 0.9 - rng.uniform(0.1, 0.6) * t
    if kind == "exp":
        return 0.2 + 0.7 * np.exp(-3 * t)
    if kind == "square":
        return 0.2 + 0.6 * t ** 2
    if kind == "chance":
        return (1 - x) / (1 + x)
    if kind == "logistic":
        return 0.2 + 0.6 / (1 + np.exp((t - 0.5) / 0.25))
    if kind == "cubic":
        return 0.5 + 0.3 * (t - 0.5) ** 3 - 0.1 * t
    if kind == "random-masks":
        # mean Jaccard of 4 independent random masks of density 1 - s over 20,000 weights
        out = []
        for s in x:
            m = rng.random((4, 20000)) >= s
            j = [np.sum(m[a] & m[b]) / max(np.sum(m[a] | m[b]), 1) for a in range(4) for b in range(a + 1, 4)]
            out.append(np.mean(j))
        return np.array(out)
    raise ValueError(kind)


def chance(x):
    """Mean Jaccard of independent random masks of equal density 1 - x: d / (2 - d)."""
    return [round(float(v), 6) for v in (1 - x) / (1 + x)]


curves = []
for n in (8, 12, 20, 40):
    for sched in ("uniform", "shrinking"):
        for kind in ("turn", "ramp", "jump", "fall", "plateau"):
            for sd in (0.005, 0.01, 0.02):
                for trial in range(6):
                    x = schedule(n, sched)
                    k = int(rng.integers(max(3, n // 4), n - 2))   # at least 2 points before the knot, 3 after it
                    y, direction = positive(kind, x, sched, k)
                    y = y + rng.normal(0, sd, n)
                    curves.append(dict(id=f"{kind}-{sched}-n{n}-sd{sd}-{trial}", kind=kind, schedule=sched, noise=sd,
                                       x=[round(v, 6) for v in x], y=[round(v, 6) for v in y], baseline=chance(x),
                                       onset=k, direction=direction))
        for kind in ("linear", "exp", "square", "chance", "logistic", "cubic", "random-masks"):
            for sd in (0.0, 0.005, 0.01):
                for trial in range(4 if sd else 1):
                    x = schedule(n, sched)
                    y = smooth(kind, x, sched) + (rng.normal(0, sd, n) if sd else 0)
                    curves.append(dict(id=f"{kind}-{sched}-n{n}-sd{sd}-{trial}", kind=kind, schedule=sched, noise=sd,
                                       x=[round(v, 6) for v in x], y=[round(float(v), 6) for v in y], baseline=chance(x),
                                       onset=None, direction=None))

here = os.path.dirname(os.path.abspath(__file__))
real = os.path.join(here, "real-curves.json")
if os.path.exists(real):
    with open(real) as f:
        for c in json.load(f)["curves"]:
            curves.append(dict(c, kind="real", noise=None))
out = os.path.join(here, "..", "..", "Tests", "DiagnosticsTests", "Fixtures", "onset-corpus.json")
out = sys.argv[1] if len(sys.argv) > 1 else out
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as f:
    json.dump({"generator": "scripts/corpus/make_onset_corpus.py", "curves": curves}, f, separators=(",", ":"))
pos = sum(c["onset"] is not None for c in curves)
print(f"wrote {out}: {len(curves)} curves ({pos} planted onsets, {len(curves) - pos} smooth)")
