"""Evaluation on public gold sets: ``eventwire eval SUITE PATH``.

Each suite is a function registered with ``@register("evals", NAME)`` that takes the gold
file or folder and keyword options and returns a :class:`Report` of named metrics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire import registry


@dataclass
class Report:
    """Named metrics of one evaluation run (``metrics`` is what ``--json`` prints)."""

    suite: str
    path: str
    metrics: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def run_suite(name: str, path: str | Path, **options: Any) -> Report:
    """Run the evaluation suite ``name`` on the gold data at ``path``."""
    suite = registry.get("evals", name)
    return suite(Path(path), **options)


def suites() -> list[str]:
    """The names of the registered suites."""
    return registry.names("evals")
