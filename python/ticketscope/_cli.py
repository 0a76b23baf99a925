"""Calls the `ticketscope` command line for the analyses that live in Swift (stop rules)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

from .errors import CLIError, RuleError


def binary() -> str:
    """The `ticketscope` executable: `$TICKETSCOPE_BIN`, else the one on PATH."""
    given = os.environ.get("TICKETSCOPE_BIN")
    if given:
        if not (os.path.isfile(given) and os.access(given, os.X_OK)):
            raise CLIError(f"TICKETSCOPE_BIN={given} is not an executable file")
        return given
    found = shutil.which("ticketscope")
    if found is None:
        raise CLIError("cannot find the ticketscope command line: set TICKETSCOPE_BIN to its path or put it on PATH "
                       "(build it with `swift build -c release`; it is .build/release/ticketscope)")
    return found


def _option_arguments(options: dict[str, Any]) -> list[str]:
    args: list[str] = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            args.append(flag)
        else:
            args += [flag, str(value)]
    return args


def _error_line(stderr: str, fallback: str) -> str:
    lines = [l.strip() for l in stderr.splitlines() if l.strip()]
    first = next((l for l in lines if l.startswith("Error:")), lines[0] if lines else fallback)
    return first.removeprefix("Error:").strip()


@dataclass(frozen=True)
class CheckResult:
    """What `ticketscope check --json` decided about a run's latest step."""
    #: True when a rule fired: stop pruning.
    stop: bool
    #: The clause that fired (e.g. `mean-lift>1.5`), or None.
    fired: str | None
    #: The rule's own measure at the latest step (the firing clause's, else the first clause's);
    #: None where the run lacks it.
    value: float | None
    #: The step judged (the one that fired, else the latest).
    step: int
    #: That step's sparsity.
    sparsity: float
    #: The rule as the CLI read it.
    rule: str
    #: The CLI's one-line verdict.
    message: str


def check(db: str, run: str, rule: str, options: dict[str, Any]) -> CheckResult:
    """Runs `ticketscope check --json` on run `run` of store `db`."""
    if not isinstance(rule, str) or not rule.strip():
        raise RuleError("the stop rule must be a non-empty string such as 'mean-jaccard>0.6' or 'onset'")
    exe = binary()
    argv = [exe, "check", "--db", db, "--run", run, "--rule", rule, "--json", *_option_arguments(options)]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    except OSError as e:
        raise CLIError(f"cannot run {exe}: {e}") from None
    if done.returncode == 2:
        raise RuleError(_error_line(done.stderr, f"malformed stop rule '{rule}'"))
    if done.returncode not in (0, 3):
        raise CLIError(f"ticketscope check failed (exit {done.returncode}): "
                       f"{_error_line(done.stderr, 'no message')}")
    try:
        out = json.loads(done.stdout)
        result = CheckResult(stop=bool(out["stop"]), fired=out["fired"], value=out["value"], step=int(out["step"]),
                             sparsity=float(out["sparsity"]), rule=str(out["rule"]), message=str(out["message"]))
    except (ValueError, KeyError, TypeError) as e:
        raise CLIError(f"ticketscope check printed unexpected JSON ({e}): {done.stdout[:200]!r}") from None
    if result.stop != (done.returncode == 3):
        raise CLIError(f"ticketscope check exited {done.returncode} but printed stop={result.stop}")
    return result
