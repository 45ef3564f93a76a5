"""Readable terminal output of events (a Rich table)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table

from eventwire.records import Event


def _actors(event: Event) -> str:
    src = ", ".join(a.name for a in event.source_actors) or "?"
    tgt = ", ".join(a.name for a in event.target_actors)
    return f"{src} -> {tgt}" if tgt else src


def _place(event: Event) -> str:
    p = event.place
    if p is None:
        return ""
    where = p.name if p.text in (p.name, "") else f"{p.text} ({p.name})"
    if p.admin1 and p.admin1 != p.name:
        where += f", {p.admin1}"
    return f"{where}, {p.country or ''} [gp{p.geo_precision}]"


def _type(event: Event) -> str:
    plover = event.type + (f"/{event.mode}" if event.mode else "")
    acled = event.acled_sub_event_type
    return f"{plover}\n{acled}" if acled else plover


def events_table(events: Iterable[Event], *, title: str | None = None) -> Table:
    """A table with one row per event: date, place, type, actors, fatalities, source."""
    table = Table(title=title, show_lines=True, expand=False)
    for col in ("date", "place", "type", "actors", "dead", "reported by"):
        table.add_column(col, overflow="fold")
    for e in events:
        date = (e.date.value or "?") + f" (tp{e.date.precision})"
        dead = "" if e.fatalities is None else f"{e.fatalities.best} {' '.join(e.fatalities.victims)}"
        modality = "" if e.modality == "asserted" else f"\n[{e.modality}]"
        table.add_row(date, _place(e), _type(e) + modality, _actors(e), dead, "; ".join(e.reported_by))
    return table


def print_events(events: Iterable[Event], *, title: str | None = None, console: Console | None = None) -> int:
    """Print the table; returns how many events were shown."""
    rows = list(events)
    if console is None:
        console = Console()
        if not console.is_terminal:  # piped or captured: do not squeeze to 80 columns
            console = Console(width=160)
    console.print(events_table(rows, title=title))
    return len(rows)


def print_metrics(report, *, console: Console | None = None) -> None:
    """An evaluation report as a two-column table."""
    table = Table(title=f"eventwire eval {report.suite} {report.path}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in report.metrics.items():
        table.add_row(name, f"{value:.3f}" if isinstance(value, float) else str(value))
    (console or Console()).print(table)
    for note in report.notes:
        (console or Console()).print(note)
