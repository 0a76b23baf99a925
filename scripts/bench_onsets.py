#!/usr/bin/env python3
"""Onset detection on the labelled corpus: TicketScope's detector against ruptures and kneed.

Usage: python3 scripts/bench_onsets.py [--bin .build/release/ticketscope] [--corpus FILE]
Installs nothing itself: `pip install ruptures kneed` first (they are used here only).

For every curve of the corpus (Tests/DiagnosticsTests/Fixtures/onset-corpus.json; planted curves
from scripts/corpus/make_onset_corpus.py and real runs with the onset a reader marks) each method
reports the first changed step on the whole curve (offline) and the first prefix on which it finds
one (online, as a stop rule would). A detection counts when it is within one step of the mark and
bends the same way; a false alarm is any onset on a smooth curve; the online delay is the steps
after the marked onset at which the method first fires on the steps so far (a firing before the
mark is an early alarm; never firing is left out of the median and counted).

Anchors, all reading the same axis as ours (sparsity, or -log10(1 - sparsity) for shrinking steps):
  ruptures Pelt and Binseg with the continuous piecewise-linear cost (model "clinear"), penalty
  c * sigma^2 * log(n) with sigma from the median absolute second difference; c = 3 (BIC-like) and
  the smallest c on a grid that gives no false alarm on the smooth curves (tuned on this corpus).
  kneed's Kneedle (S = 1) with the curve shape (convex/concave, increasing/decreasing) chosen by
  the sign of the quadratic term and of the overall slope.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import warnings

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--bin", default=os.path.join(here, "..", ".build", "release", "ticketscope"))
parser.add_argument("--corpus", default=os.path.join(here, "..", "Tests", "DiagnosticsTests", "Fixtures", "onset-corpus.json"))
args = parser.parse_args()

try:
    import kneed
    import ruptures as rpt
except ImportError:
    sys.exit("bench_onsets: needs ruptures and kneed (pip install ruptures kneed)")

curves = json.load(open(args.corpus))["curves"]


def axis(x):
    x = np.asarray(x, float)
    u = -np.log10(np.clip(1 - x, 1e-12, None))

    def unevenness(v):
        d = np.diff(v)
        d = d[d >= 0.5 * np.median(d)]
        return np.std(d) / np.mean(d)
    return u if len(x) >= 3 and unevenness(u) < unevenness(x) else x


def bend(u, y, k):
    """Direction of the slope change at index k (first changed step)."""
    if k < 1 or k > len(y) - 1:
        return None
    a = np.polyfit(u[:k], y[:k], 1)[0] if k >= 2 else (y[k] - y[k - 1]) / (u[k] - u[k - 1])
    b = np.polyfit(u[k - 1:], y[k - 1:], 1)[0] if len(y) - k >= 1 else 0
    return "rise" if b > a else "fall"


def sigma(y):
    """Noise level from the median absolute second difference, floored at 1 % of the range (as ours)."""
    d2 = np.diff(y, 2)
    floor = max(0.01 * (np.max(y) - np.min(y)), 1e-9)
    return max(1.4826 * np.median(np.abs(d2)) / math.sqrt(6), floor) if len(d2) else floor


def ruptures_detector(kind, c):
    def detect(u, y):
        y = np.asarray(y, float)
        if len(y) < 4:
            return None
        # clinear regresses on the sample index; resample onto the axis grid by passing u as the time column.
        signal = np.c_[y, u]
        pen = c * sigma(y) ** 2 * math.log(len(y))
        algo = (rpt.Pelt if kind == "pelt" else rpt.Binseg)(model="clinear", min_size=2, jump=1).fit(signal)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bkps = algo.predict(pen=pen)
        bkps = [b for b in bkps if b < len(y)]
        if not bkps:
            return None
        k = bkps[0]
        return k, bend(u, y, k)
    return detect


def kneedle(u, y):
    y = np.asarray(y, float)
    if len(y) < 4:
        return None
    quad = np.polyfit(u, y, 2)[0]
    shape = "convex" if quad > 0 else "concave"
    direction = "increasing" if y[-1] > y[0] else "decreasing"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        k = kneed.KneeLocator(u, y, S=1.0, curve=shape, direction=direction).knee
    if k is None:
        return None
    i = int(np.argmin(np.abs(u - k)))
    return (i + 1 if i + 1 < len(y) else i), bend(u, y, i + 1 if i + 1 < len(y) else i)


def tally(results):
    """Rates from (curve, offline (index, direction) or None, online firing index or None) triples."""
    hits = planted = alarms = smooth = early = never = real_hits = real = 0
    delays, real_delays = [], []
    for c, found, fired_at in results:
        if c["onset"] is None:
            smooth += 1
            alarms += found is not None
            continue
        ok = found is not None and abs(found[0] - c["onset"]) <= 1 and found[1] == c["direction"]
        if c["kind"] == "real":
            real += 1
            real_hits += ok
        else:
            planted += 1
            hits += ok
        if fired_at is None:
            never += 1
        else:
            d = fired_at - c["onset"]
            (real_delays if c["kind"] == "real" else delays).append(d)
            early += d < 0
    med = lambda v: float(np.median(v)) if v else None
    return dict(planted=f"{hits}/{planted} ({100 * hits / planted:.1f} %)", real=f"{real_hits}/{real}",
                false_alarms=f"{alarms}/{smooth}", median_delay=med(delays), median_delay_real=med(real_delays),
                early=early, never=never)


def evaluate(detect):
    """An anchor run offline on every curve and online on the prefixes of curves with a mark."""
    def online(c):
        if c["onset"] is None:
            return None
        return next((t - 1 for t in range(4, len(c["y"]) + 1) if detect(axis(c["x"][:t]), c["y"][:t]) is not None), None)
    return tally((c, detect(axis(c["x"]), c["y"]), online(c)) for c in curves)


def ours():
    out = subprocess.check_output([args.bin, "bench", "onsets", "--corpus", args.corpus])
    by_id = {r["id"]: r for r in json.loads(out)}
    return tally((c, None if by_id[c["id"]]["index"] is None else (by_id[c["id"]]["index"], by_id[c["id"]]["direction"]),
                  by_id[c["id"]]["online_fired_at"]) for c in curves)


def tuned(kind):
    """The smallest penalty factor on a grid with no false alarm, else the one with the fewest."""
    best = None
    for c in (10, 30, 100, 300, 1000, 3000, 10000):
        det = ruptures_detector(kind, c)
        alarms = sum(det(axis(x["x"]), x["y"]) is not None for x in curves if x["onset"] is None)
        if best is None or alarms < best[0]:
            best = (alarms, c, det)
        if alarms == 0:
            break
    return best[1], best[2]


rows = [("TicketScope (defaults)", ours())]
for kind in ("pelt", "binseg"):
    rows.append((f"ruptures {kind}, clinear, c=3", evaluate(ruptures_detector(kind, 3))))
    c, det = tuned(kind)
    if det:
        rows.append((f"ruptures {kind}, clinear, c={c} (tuned for fewest false alarms)", evaluate(det)))
rows.append(("kneed Kneedle, S=1", evaluate(kneedle)))
print("| method | planted found (±1 step, right direction) | real curves found | false alarms (smooth) | median online delay, planted | median online delay, real | early alarms | never fired |")
print("|---|---|---|---|---|---|---|---|")
for name, r in rows:
    print(f"| {name} | {r['planted']} | {r['real']} | {r['false_alarms']} | {r['median_delay']} | {r['median_delay_real']} | {r['early']} | {r['never']} |")
