"""scripts/check_notebooks.py: its tolerance for numbers and its per-notebook directive."""

from __future__ import annotations

import importlib.util

from conftest import REPO

spec = importlib.util.spec_from_file_location("check_notebooks", REPO / "scripts" / "check_notebooks.py")
checker = importlib.util.module_from_spec(spec)
spec.loader.exec_module(checker)
matches, settings = checker.matches, checker.settings

TABLE = "indoor      1.000    0.757      0.543\nmean off-diagonal Jaccard 0.619   chance level 0.279"


def test_exact_without_tolerance():
    assert matches(TABLE, TABLE, 0, 0)
    assert not matches(TABLE, TABLE.replace("0.757", "0.756"), 0, 0)


def test_numbers_within_tolerance():
    assert matches(TABLE, TABLE.replace("0.757", "0.750"), 2e-2, 0)          # 0.9% off
    assert not matches(TABLE, TABLE.replace("0.757", "0.737"), 2e-2, 0)      # 2.6% off
    assert matches(TABLE, TABLE.replace("0.279", "0.281"), 0, 2e-3)
    assert matches(TABLE, TABLE.replace("0.543    ", "0.5431   "), 2e-2, 0)   # alignment may move


def test_text_and_integers_stay_exact():
    assert not matches(TABLE, TABLE.replace("indoor", "outdoor"), 1, 1)
    assert not matches("step 5 fired", "step 6 fired", 1, 1)
    assert not matches("run byom: 6 pruning steps", "run byom: 7 pruning steps", 1, 1)
    assert not matches("0.5 0.6", "0.5", 1, 1)
    assert not matches("1.000 0.5", "1 0.5", 1, 1)                           # a decimal turned integer


def test_directive():
    text = "intro\n<!-- check_notebooks: requires=torch,ticketscope rtol=2e-2 atol=5e-3 -->\n"
    assert settings(text) == {"requires": ["torch", "ticketscope"], "rtol": 2e-2, "atol": 5e-3}
    assert settings("no directive") == {"requires": [], "rtol": 0.0, "atol": 0.0}
    notebook = (REPO / "notebooks-md" / "03-bring-your-own-masks.md").read_text()
    assert settings(notebook)["requires"] == ["torch", "ticketscope"]
