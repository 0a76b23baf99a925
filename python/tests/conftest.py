"""Shared fixtures: the `ticketscope` binary the CLI tests run, and small random masks."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]


def find_binary() -> str | None:
    """`$TICKETSCOPE_BIN`, else the debug build of this repository (what `swift build` makes)."""
    given = os.environ.get("TICKETSCOPE_BIN")
    if given:
        return given
    built = REPO / ".build" / "debug" / "ticketscope"
    return str(built) if built.is_file() else None


@pytest.fixture(scope="session")
def cli() -> str:
    """Path of the ticketscope binary; the test is skipped when there is none."""
    path = find_binary()
    if path is None:
        pytest.skip("no ticketscope binary: set TICKETSCOPE_BIN or run `swift build` (looked for .build/debug/ticketscope)")
    if not os.access(path, os.X_OK):
        pytest.fail(f"TICKETSCOPE_BIN={path} is not executable")
    return path


@pytest.fixture
def ticketscope_env(cli: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Points `Run.check` at the test binary."""
    monkeypatch.setenv("TICKETSCOPE_BIN", cli)
    return cli


def run_cli(cli: str, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    """Runs the CLI; fails the test with its stderr unless the exit code is in `ok`."""
    done = subprocess.run([cli, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode not in ok:
        pytest.fail(f"`ticketscope {' '.join(args)}` exited {done.returncode}: {done.stderr.strip()}")
    return done


def cli_json(cli: str, *args: str) -> dict:
    return json.loads(run_cli(cli, *args, "--json").stdout)


LAYERS = [("conv1.weight", (8, 3, 3, 3)), ("conv2.weight", (16, 8, 3, 3)), ("odd", (65,)), ("fc.weight", (10, 16))]
SUBNETWORKS = ["cat", "dog", "ship"]


def random_step(rng: np.random.Generator, density: float, layers=LAYERS, subnetworks=SUBNETWORKS) -> dict:
    """{subnetwork: {layer: bool array}} keeping each weight with probability `density`."""
    return {s: {name: rng.random(shape) < density for name, shape in layers} for s in subnetworks}


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """|A∩B| / |A∪B|, 1 for two empty masks (the CLI's convention)."""
    union = np.count_nonzero(a | b)
    return 1.0 if union == 0 else np.count_nonzero(a & b) / union
