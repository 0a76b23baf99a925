#!/usr/bin/env python3
"""Extracts real similarity and quality curves from stores into scripts/corpus/real-curves.json,
with the onset a careful reader marks on each (scripts/corpus/real-marks.json: id → onset index,
direction, why). make_onset_corpus.py appends them to the corpus as kind `real`.

Usage: extract_real_curves.py TICKETSCOPE_BIN STORE:RUN[:imp] ...
  For a run with two or more subnetworks: the run-level mean Jaccard (with its chance curve as
  baseline), the run-level chance-corrected Jaccard, the mean quality, and each subnetwork's mean
  Jaccard and quality. For `:imp` (one subnetwork, IMP single): the run-level quality from SQLite.
"""
import json
import os
import sqlite3
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
marks = json.load(open(os.path.join(here, "real-marks.json")))
binary = sys.argv[1]
curves = []


def add(cid, x, y, baseline, schedule="shrinking"):
    pts = [(a, b, c) for a, b, c in zip(x, y, baseline or [None] * len(x)) if b is not None]
    m = marks.get(cid)
    if m is None:
        print(f"no mark for {cid}: left out", file=sys.stderr)
        return
    curves.append(dict(id=cid, schedule=schedule, x=[round(p[0], 6) for p in pts], y=[round(p[1], 6) for p in pts],
                       baseline=[round(p[2], 6) for p in pts] if baseline else None,
                       onset=m["onset"], direction=m["direction"], why=m["why"]))


for spec in sys.argv[2:]:
    parts = spec.split(":")
    store, run = parts[0], parts[1]
    if len(parts) > 2 and parts[2] == "imp":
        con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
        rows = con.execute("""SELECT s.sparsity, m.value FROM step s JOIN run r ON r.id = s.run_id
                              JOIN metric m ON m.run_id = s.run_id AND m.step_idx = s.idx
                              WHERE r.name = ? AND s.phase = 'extract' AND m.subnetwork_idx IS NULL
                              AND m.split = 'validation' AND m.name = 'balanced_accuracy' ORDER BY s.idx""", (run,)).fetchall()
        add(f"{run}/quality", [r[0] for r in rows], [r[1] for r in rows], None)
        continue
    raw = json.loads(subprocess.check_output([binary, "collapse", "--db", store, "--run", run, "--json"]))
    cor = json.loads(subprocess.check_output([binary, "collapse", "--db", store, "--run", run, "--json", "--measure", "corrected"]))
    x = raw["sparsity"]
    add(f"{run}/similarity", x, raw["run_similarity"], raw["run_chance"])
    add(f"{run}/corrected", x, cor["run_similarity"], None)
    subs = raw["subnetworks"]
    quality = [None if any(s["accuracy"][i] is None for s in subs) else sum(s["accuracy"][i] for s in subs) / len(subs) for i in range(len(x))]
    add(f"{run}/quality", x, quality, None)
    for s in subs:
        add(f"{run}/{s['name']}/similarity", x, s["similarity"], s["chance"])
        add(f"{run}/{s['name']}/quality", x, s["accuracy"], None)

with open(os.path.join(here, "real-curves.json"), "w") as f:
    json.dump(dict(generator="scripts/corpus/extract_real_curves.py", curves=curves), f, indent=1)
print(f"wrote {len(curves)} real curves")
