"""Progress display for long runs and the rejects report."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console


@contextmanager
def live_progress() -> Iterator[Callable]:
    """A status line (articles/s) on stderr, updated as the run reports."""
    console = Console(stderr=True)
    start = time.monotonic()
    with console.status("coding ...") as status:

        def show(report) -> None:
            rate = report.coded / max(1e-9, time.monotonic() - start)
            status.update(
                f"{report.read} read, {report.coded} coded ({rate:.1f}/s), "
                f"{report.skipped} skipped, {len(report.rejected)} rejected, {report.events} events"
            )

        yield show


def write_rejects(path: Path, rejected: list[tuple[str, str]]) -> None:
    """One JSON object per refused input: where it was and why."""
    with open(path, "w", encoding="utf-8") as out:
        for where, reason in rejected:
            out.write(json.dumps({"input": where, "reason": reason}, ensure_ascii=False) + "\n")


def write_stats(path: Path, report) -> None:
    """The run's counts and timings as one JSON object (used by bench/throughput.py)."""
    from dataclasses import asdict

    data = asdict(report)
    data["rejected"] = len(report.rejected)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
