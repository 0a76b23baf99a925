"""Checks metric values before they are stored, by the rules `ticketscope import-metrics` applies
(Sources/MaskImport/MetricNames.swift): known splits, finite numbers, fractions in [0, 1],
`params` not negative. The analyses look metrics up by name, so a known metric spelt another way
(`balanced-accuracy`, `bacc`) is refused with the name meant; other snake_case names are stored
as custom metrics (what `import-metrics --allow-custom` allows)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from .errors import MetricError

#: The splits a metric can belong to.
SPLITS = ("train", "validation", "test")
#: The metrics TicketScope knows (Swift's `MetricName.recorded`, in the same order; a Swift test
#: keeps them equal); the first five are fractions in [0, 1]. Speech runs also store `si_snri.<scene>`.
KNOWN = ("balanced_accuracy", "precision", "recall", "accuracy", "f1", "loss", "params", "psnr", "si_snri", "wsdr")
FRACTIONS = KNOWN[:5]
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
#: `si_snri.<scene>`: a speech run's SI-SNRi of one scene (Swift's `MetricName.sceneSISNRi`).
_SCENE = re.compile(r"si_snri\.\S+\Z")
_ALIASES = {"bacc": "balanced_accuracy", "balanced_acc": "balanced_accuracy", "bal_acc": "balanced_accuracy",
            "acc": "accuracy", "prec": "precision", "rec": "recall", "f1_score": "f1", "sisnri": "si_snri",
            "si_snr_i": "si_snri", "num_params": "params", "n_params": "params", "parameters": "params"}


def meant(name: str) -> str | None:
    """The known metric `name` is probably meant to be (as MetricName.meant(by:) in Swift)."""
    folded = "".join("_" if c in "- ." else c for c in name.lower())
    return folded if folded in KNOWN else _ALIASES.get(folded)


class MetricValue(NamedTuple):
    """One value to store; `subnetwork` None = the whole run (macro averages, `params`)."""
    subnetwork: str | None
    name: str
    value: float


def check_split(split: Any) -> str:
    """`split` if it is one of :data:`SPLITS`."""
    if split not in SPLITS:
        raise MetricError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    return str(split)


def _number(value: Any, *, where: str) -> float:
    if isinstance(value, (str, bytes, bool, np.bool_)):
        raise MetricError(f"{where} is {value!r}, not a number")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise MetricError(f"{where} is {value!r}, not a number") from None
    if not math.isfinite(x):
        raise MetricError(f"{where} is {x}; metric values must be finite")
    return x


def metric_values(metrics: Any, subnetworks: list[str]) -> list[MetricValue]:
    """The values of `{subnetwork: {name: value}}` (subnetwork None = run-level), checked against
    the run's subnetworks."""
    if metrics is None:
        return []
    if not isinstance(metrics, Mapping):
        raise MetricError("metrics must be a dict {subnetwork: {name: value}}")
    out: list[MetricValue] = []
    for sub, values in metrics.items():
        if sub is not None and sub not in subnetworks:
            raise MetricError(f"metrics for unknown subnetwork {sub!r} (subnetworks: {', '.join(subnetworks)})")
        if not isinstance(values, Mapping):
            raise MetricError(f"metrics of subnetwork {sub!r} must be a dict {{name: value}}")
        for name, value in values.items():
            if not isinstance(name, str):
                raise MetricError(f"metric name {name!r} is not a string")
            guess = meant(name) if name not in KNOWN and not _SCENE.match(name) else None
            if guess is not None:
                raise MetricError(f"unknown metric {name!r}; did you mean '{guess}'? (known: {', '.join(KNOWN)})")
            if not _NAME.match(name) and not _SCENE.match(name):
                raise MetricError(f"metric name {name!r} is not snake_case (known: {', '.join(KNOWN)})")
            where = f"metric '{name}' of {'the run' if sub is None else repr(sub)}"
            x = _number(value, where=where)
            if name in FRACTIONS and not 0 <= x <= 1:
                hint = f"; a percentage? give {x / 100:g}" if 1 < x <= 100 else ""
                raise MetricError(f"{where} is {x:g}, outside [0, 1]{hint}")
            if name == "params" and x < 0:
                raise MetricError(f"{where} is {x:g}, negative")
            out.append(MetricValue(sub, name, x))
    return out
