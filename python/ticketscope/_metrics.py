"""Checks metric values before they are stored, by the rules `ticketscope import-metrics` applies:
known splits, finite numbers, fractions in [0, 1] for the classification metrics, names in
snake_case (the analyses look metrics up by name: `balanced_accuracy`, `psnr`, `si_snri`, …)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from .errors import MetricError

#: The splits a metric can belong to.
SPLITS = ("train", "validation", "test")
#: Metrics that are fractions and must lie in [0, 1].
FRACTIONS = ("balanced_accuracy", "precision", "recall")
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


class MetricValue(NamedTuple):
    """One value to store; `subnetwork` None = the whole run (macro averages, `params`)."""
    subnetwork: str | None
    name: str
    value: float


def check_split(split: Any) -> str:
    """`split` if it is one of :data:`SPLITS`."""
    if split not in SPLITS:
        raise MetricError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    return split


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
            if not isinstance(name, str) or not _NAME.match(name):
                hint = f" (did you mean '{name.lower().replace('-', '_').replace(' ', '_')}'?)" if isinstance(name, str) else ""
                raise MetricError(f"metric name {name!r} is not snake_case{hint}")
            where = f"metric '{name}' of {'the run' if sub is None else repr(sub)}"
            x = _number(value, where=where)
            if name in FRACTIONS and not 0 <= x <= 1:
                raise MetricError(f"{where} is {x}, outside [0, 1] (give a fraction, not a percentage)")
            out.append(MetricValue(sub, name, x))
    return out
