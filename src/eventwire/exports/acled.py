"""ACLED CSV: the codebook's columns in its order, one row per event that has an ACLED type.

Events ACLED does not code (meetings, requests: no ``acled_event_type``) are left out.
``source`` names the outlet of the event and of every report merged into it by
deduplication, joined by "; " as ACLED does; ``tags`` carries what ACLED has no column for,
as ``key: value`` items joined by "; ": ``plover_type``, ``plover_mode`` and ``cameo``
first, then one ``reported_by`` item per attribution.

Rows end with CRLF (RFC 4180), so a field holding a carriage return or a newline is
quoted. Against spreadsheet formula injection, a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets an apostrophe in front (the OWASP advice);
so that the reader can take it off again, a cell that already starts with an apostrophe
gets one too. Numeric cells (a negative longitude) are never prefixed.

Read back (``read``) gives ``EventProjection`` records. What does not survive: actor names
containing "; " (``assoc_actor`` joins names with it) and country codes that are not ISO
3166 (``iso`` holds the ISO numeric code).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterable
from typing import Any, TextIO

from eventwire.errors import InputError
from eventwire.exports.base import (
    EventProjection,
    blank,
    exporter,
    optional,
    optional_float,
    optional_int,
    outlets,
)
from eventwire.exports.countries import country, iso3_from_numeric
from eventwire.records import Actor, Event
from eventwire.summary import notes

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_CODE_TAGS = ("plover_type", "plover_mode", "cameo")
SEPARATOR = "; "


def read_acled_csv(stream: TextIO) -> list[EventProjection]:
    """The projection of each row of an ACLED CSV written by ``render_acled_csv``."""
    reader = csv.DictReader(stream)
    if tuple(reader.fieldnames or ()) != ACLED_COLUMNS:
        raise InputError("acled-csv", "the header is not the ACLED codebook's columns")
    found = []
    for row in reader:
        if None in row or None in row.values():
            raise InputError(f"acled-csv line {reader.line_num}", "not as many cells as columns")
        found.append(_projection({k: unguard(v) for k, v in row.items()}))
    return found


@exporter("acled-csv", suffix=".csv", read=read_acled_csv)
def render_acled_csv(events: Iterable[Event], out: TextIO) -> int:
    """ACLED codebook columns, one row per event with an ACLED event type (others skipped)."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ACLED_COLUMNS)
    stamp = int(time.time())
    count = 0
    for event in events:
        if not event.acled_event_type:
            continue
        row = acled_row(event, stamp)
        writer.writerow([guard(row[column]) for column in ACLED_COLUMNS])
        count += 1
    return count


def guard(value: Any) -> Any:
    """A text cell made safe to open in a spreadsheet (see the module docstring)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def unguard(text: str) -> str:
    """The cell as it was before ``guard``."""
    return text[1:] if text.startswith("'") else text


def acled_row(event: Event, stamp: int) -> dict[str, Any]:
    """One event as ACLED codebook columns (empty strings where nothing is known)."""
    actor1, assoc1, inter1 = _actor_columns(event.source_actors)
    actor2, assoc2, inter2 = _actor_columns(event.target_actors)
    place = event.place
    found = country(place.country if place else None)
    day = event.date.value or ""
    return {
        "event_id_cnty": event.event_id,
        "event_date": day,
        "year": day[:4],
        "time_precision": event.date.precision,
        "disorder_type": DISORDER.get(event.acled_event_type or "", "Strategic developments"),
        "event_type": event.acled_event_type,
        "sub_event_type": event.acled_sub_event_type or "",
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": blank(inter1),
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": blank(inter2),
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": (
            "Civilian targeting" if any(a.sector == "CVL" for a in event.target_actors) else ""
        ),
        "iso": blank(found.numeric) if found else "",
        "region": "",
        "country": found.name if found else "",
        "admin1": (place.admin1 or "") if place else "",
        "admin2": (place.admin2 or "") if place else "",
        "admin3": "",
        "location": place.name if place else "",
        "latitude": blank(place.lat if place else None),
        "longitude": blank(place.lon if place else None),
        "geo_precision": blank(place.geo_precision if place else None),
        "source": SEPARATOR.join(outlets(event)),
        "source_scale": "",
        "notes": notes(event),
        "fatalities": event.fatalities.best if event.fatalities else 0,
        "tags": SEPARATOR.join(_tags(event)),
        "timestamp": stamp,
    }


def _tags(event: Event) -> list[str]:
    # The code tags come first: the reader stops at the first reported_by item, so an
    # attribution that happens to read "cameo: 190" cannot be taken for a code.
    codes = (("plover_type", event.type), ("plover_mode", event.mode), ("cameo", event.cameo))
    tags = [f"{key}: {value}" for key, value in codes if value]
    return tags + [f"reported_by: {who}" for who in event.reported_by]


def _code_tags(tags: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in tags.split(SEPARATOR) if tags else ():
        key, _, value = item.partition(": ")
        if key not in _CODE_TAGS:
            break
        found[key] = value
    return found


def _actor_columns(actors: tuple[Actor, ...]) -> tuple[str, str, int | None]:
    """The first actor's name, the others' names joined by "; ", the first's inter code.

    ACLED writes inter code 0 where there is no actor; an actor whose code is unknown
    gets None (a blank cell).
    """
    if not actors:
        return "", "", 0
    first, *others = actors
    return first.name, SEPARATOR.join(a.name for a in others), first.inter


def _interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED interaction: the two inter codes, lower first ("17"); one code with 0 ("10")."""
    codes = sorted(code for code in (inter1, inter2) if code)
    if not codes:
        return ""
    return str(codes[0] * 10 + (codes[1] if len(codes) > 1 else 0))


def _projection(row: dict[str, str]) -> EventProjection:
    codes = _code_tags(row["tags"])
    try:
        return EventProjection(
            event_id=row["event_id_cnty"],
            type=codes.get("plover_type") or None,
            acled_event_type=optional(row["event_type"]),
            acled_sub_event_type=optional(row["sub_event_type"]),
            cameo=codes.get("cameo") or None,
            date=optional(row["event_date"]),
            country=iso3_from_numeric(row["iso"]),
            admin1=optional(row["admin1"]),
            lat=optional_float(row["latitude"]),
            lon=optional_float(row["longitude"]),
            geo_precision=optional_int(row["geo_precision"]),
            fatalities=int(row["fatalities"] or 0),
            source_actors=_names(row["actor1"], row["assoc_actor_1"]),
            target_actors=_names(row["actor2"], row["assoc_actor_2"]),
        )
    except ValueError as exc:
        raise InputError(f"acled-csv row {row['event_id_cnty']!r}", str(exc)) from None


def _names(first: str, others: str) -> tuple[str, ...]:
    return tuple(n for n in (first, *(others.split(SEPARATOR) if others else ())) if n)
