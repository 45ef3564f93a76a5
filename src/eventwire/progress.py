"""Progress display for long runs and the rejects report."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console


@contextmanager
def live_progress(total: int | None = None) -> Iterator[Callable]:
    """A progress bar on stderr: articles done, articles/s and, when the total is known,
    the time left. Quiet when stderr is not a terminal."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    console = Console(stderr=True)
    start = time.monotonic()
    columns = [TextColumn("coding"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]:.1f} articles/s"), TimeElapsedColumn(),
               TimeRemainingColumn(), TextColumn("{task.fields[extra]}")]
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("coding", total=total, rate=0.0, extra="")

        def show(report) -> None:
            done = report.coded + report.skipped + len(report.rejected)
            rate = report.coded / max(1e-9, time.monotonic() - start)
            extra = f"{report.events} events, {len(report.rejected)} rejected"
            bar.update(task, completed=done, rate=rate, extra=extra)

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
