"""What every export format shares: the registered ``Exporter``, one-line JSON, and the
``EventProjection`` that the lossy formats read back.

The lossless formats (``jsonl``, ``parquet``) read back whole ``Event`` records. The others
keep only part of an event; what they keep in common is the projection: event id, PLOVER
type, ACLED event and sub-event types, CAMEO code, day, place country (ISO alpha-3),
first-level division, latitude and longitude, ACLED geo precision, fatalities (best
estimate, 0 when none are reported, as ACLED codes it) and the names of the source and
target actors (empty names left out).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from eventwire.records import Event
from eventwire.registry import register

Writer = Callable[[Iterable[Event], Any], int]
Reader = Callable[[Any], list[Any]]


@dataclass(frozen=True)
class Exporter:
    """One export format: how to write events to a stream and, if it can, read them back.

    ``binary`` formats write to a binary stream, the others to a text stream (opened with
    ``newline=""``, UTF-8); ``lossless`` readers give back ``Event`` records, the others
    ``EventProjection`` records. Calling an exporter writes, so a plain function with the
    same signature registered by a plugin works in its place.
    """

    name: str
    write: Writer
    read: Reader | None = None
    binary: bool = False
    lossless: bool = False
    suffix: str = ""

    def __call__(self, events: Iterable[Event], out: Any) -> int:
        return self.write(events, out)


def exporter(name: str, *, suffix: str, read: Reader | None = None, binary: bool = False,
             lossless: bool = False) -> Callable[[Writer], Writer]:
    """Decorator: register the writer below as export format ``name`` (the writer itself is
    returned unchanged, so modules can still call it)."""

    def add(write: Writer) -> Writer:
        register("exporters", name)(
            Exporter(name, write, read=read, binary=binary, lossless=lossless, suffix=suffix)
        )
        return write

    return add


_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def json_line(data: object) -> str:
    """JSON on one line that stays one line for every reader: Unicode line separators inside
    strings are escaped too, not only newlines."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escaped in _LINE_BREAKS.items():
        text = text.replace(char, escaped)
    return text


@dataclass(frozen=True)
class EventProjection:
    """The part of an event that every lossy export format keeps (see the module docstring)."""

    event_id: str
    type: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    cameo: str | None
    date: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    fatalities: int
    source_actors: tuple[str, ...]
    target_actors: tuple[str, ...]

    @classmethod
    def of(cls, event: Event) -> EventProjection:
        """The projection of a full event."""
        place = event.place
        return cls(
            event_id=event.event_id,
            type=event.type or None,
            acled_event_type=event.acled_event_type or None,
            acled_sub_event_type=event.acled_sub_event_type or None,
            cameo=event.cameo or None,
            date=event.date.value or None,
            country=(place.country or None) if place else None,
            admin1=(place.admin1 or None) if place else None,
            lat=place.lat if place else None,
            lon=place.lon if place else None,
            geo_precision=place.geo_precision if place else None,
            fatalities=event.fatalities.best if event.fatalities else 0,
            source_actors=names(a.name for a in event.source_actors),
            target_actors=names(a.name for a in event.target_actors),
        )


def names(values: Iterable[str | None]) -> tuple[str, ...]:
    """Actor names as the projection keeps them: in order, empty ones left out."""
    return tuple(v for v in values if v)


def outlets(event: Event) -> list[str]:
    """The outlets of the event and of the reports merged into it, each once, in order."""
    found = (event.source_name, *(r.source_name for r in event.reports))
    return list(dict.fromkeys(name for name in found if name))


def blank(value: Any) -> Any:
    """An empty cell for None, else the value itself."""
    return "" if value is None else value


def optional(text: str) -> str | None:
    """A cell read back: None for an empty one."""
    return text if text else None


def optional_float(text: str) -> float | None:
    return float(text) if text else None


def optional_int(text: str) -> int | None:
    return int(text) if text else None
