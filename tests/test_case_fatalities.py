"""Accuracy floor for fatality counts on CASE 2021 task 2 snippets (issue 5).

The hand verdicts in ``tests/golden/case_fatalities.tsv`` (ids and figures only) cover the
50 snippets that ``scripts/check_case_fatalities.py`` samples; the snippets themselves are
read from ``../shared/gold/case2021-task2/``. A change may not lower the shares pinned here
(see docs/accuracy.md for how they were measured).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CASE_TSV = SHARED / "gold" / "case2021-task2" / "case2021_task2.tsv"
SCRIPT = REPO / "scripts" / "check_case_fatalities.py"
# Shares reached on the 50 hand-checked snippets; raise them when the reader improves.
FLOOR_BEST = 50 / 50
FLOOR_LOW = 50 / 50
FLOOR_HIGH = 50 / 50


@pytest.fixture(scope="module")
def check() -> ModuleType:
    """The check script, loaded as a module: it holds the sampling the verdicts follow."""
    spec = importlib.util.spec_from_file_location("check_case_fatalities", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def snippets(check):
    if not CASE_TSV.is_file():
        pytest.fail(f"CASE 2021 snippets are missing: {CASE_TSV} "
                    "(../shared must sit beside the repo)")
    return check.load_snippets(CASE_TSV)


def test_verdicts_cover_exactly_the_sample(check, snippets):
    sampled = [s.id for s in check.sample(snippets)]
    assert len(sampled) == check.SAMPLE_SIZE
    assert sorted(check.load_verdicts(), key=int) == sampled


def test_verdicts_are_ordered_figures(check):
    for sid, want in check.load_verdicts().items():
        assert 0 <= want.low <= want.best <= want.high, sid


def test_fatality_shares_stay_above_their_floors(check, snippets):
    counts = check.score(snippets, check.load_verdicts())
    n = counts["n"]
    assert n == check.SAMPLE_SIZE
    assert counts["best"] / n >= FLOOR_BEST, counts
    assert counts["low"] / n >= FLOOR_LOW, counts
    assert counts["high"] / n >= FLOOR_HIGH, counts
