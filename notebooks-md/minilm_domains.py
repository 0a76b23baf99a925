#!/usr/bin/env python3
"""Per-layer and per-depth Jaccard of the two calibration domains' masks of notebook 05, from the store, via
`ticketscope similarity --json` (one call per step and layer), as tables and two figures.

Usage: minilm_domains.py DB RUN FIGURE_DIR
"""
import json
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

KINDS = [("attention.self.query", "query"), ("attention.self.key", "key"), ("attention.self.value", "value"),
         ("attention.output.dense", "attn out"), ("intermediate.dense", "MLP in"), ("output.dense", "MLP out")]


def ts(*args):
    return json.loads(subprocess.run(["ticketscope", *args, "--json"], check=True, capture_output=True, text=True).stdout)


def main():
    db, run, figures = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    figures.mkdir(parents=True, exist_ok=True)
    info = ts("inspect", "--db", db, "--run", run)
    steps = [(s["index"], s["target_sparsity"]) for s in info["steps"]]
    layers = [l["name"] for l in info["layers"]]

    def kind(name):
        rest = re.sub(r"^encoder\.layer\.\d+\.", "", name).removesuffix(".weight")
        return next(label for key, label in KINDS if rest == key)

    depth = {name: int(re.search(r"layer\.(\d+)\.", name).group(1)) for name in layers}
    table = {}  # (step, layer) -> (jaccard, chance)
    for step, _ in steps:
        for name in layers:
            j = ts("similarity", "--db", db, "--run", run, "--step", str(step), "--layer", name)
            table[step, name] = (j["matrix"][0][1], j["chance_matrix"][0][1])
    glob = {step: ts("similarity", "--db", db, "--run", run, "--step", str(step)) for step, _ in steps}

    half = next(step for step, s in steps if abs(s - 0.5) < 1e-9)
    labels = [label for _, label in KINDS]
    print("Jaccard(code, prose) per layer at 50 % sparsity (chance 0.333):")
    print(f"{'block':>5}  " + "  ".join(f"{l:>8}" for l in labels))
    for d in range(6):
        row = [table[half, n][0] for l in labels for n in layers if depth[n] == d and kind(n) == l]
        print(f"{d:>5}  " + "  ".join(f"{v:8.3f}" for v in row))
    print("\nGlobal Jaccard and its chance level, and the mean over the six blocks by layer kind, per sparsity:")
    print(f"{'sparsity':>8}  {'global':>7}  {'chance':>6}  " + "  ".join(f"{l:>8}" for l in labels))
    for step, s in steps:
        per_kind = [sum(table[step, n][0] for n in layers if kind(n) == l) / 6 for l in labels]
        print(f"{s:8.2f}  {glob[step]['mean_jaccard']:7.3f}  {glob[step]['chance_matrix'][0][1]:6.3f}  " + "  ".join(f"{v:8.3f}" for v in per_kind))

    fig, ax = plt.subplots(figsize=(6.4, 3.2), dpi=120)
    grid = [[table[half, n][0] for n in layers if depth[n] == d and kind(n) == l][0] for l in labels for d in range(6)]
    image = ax.imshow([[grid[li * 6 + d] for d in range(6)] for li in range(len(labels))], cmap="viridis", aspect="auto")
    ax.set_xticks(range(6), [f"block {d}" for d in range(6)]); ax.set_yticks(range(len(labels)), labels)
    for li in range(len(labels)):
        for d in range(6):
            ax.text(d, li, f"{grid[li * 6 + d]:.2f}", ha="center", va="center", color="white", fontsize=7)
    fig.colorbar(image, ax=ax, label="Jaccard(code, prose)")
    ax.set_title("MiniLM-L6, Wanda 50 %: where the two domains' masks differ")
    fig.tight_layout(); fig.savefig(figures / "minilm-layers.png", metadata={"Software": None}); plt.close(fig)

    fig, ax = plt.subplots(figsize=(6.4, 3.4), dpi=120)
    xs = [s for _, s in steps]
    for l in labels:
        ax.plot(xs, [sum(table[step, n][0] for n in layers if kind(n) == l) / 6 for step, _ in steps], marker="o", label=l)
    ax.plot(xs, [glob[step]["mean_jaccard"] for step, _ in steps], color="black", lw=2, label="global")
    ax.plot(xs, [glob[step]["chance_matrix"][0][1] for step, _ in steps], color="gray", ls="--", label="chance")
    ax.set_xlabel("sparsity"); ax.set_ylabel("Jaccard(code, prose)"); ax.set_ylim(0, 1); ax.legend(fontsize=7, ncol=2)
    ax.set_title("Domain masks across sparsity (mean over the six blocks)")
    fig.tight_layout(); fig.savefig(figures / "minilm-sweep.png", metadata={"Software": None}); plt.close(fig)


if __name__ == "__main__":
    main()
