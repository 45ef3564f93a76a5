"""PLOVER JSON: one event a line (JSON Lines), in the shape of POLECAT/PLOVER event records.

JSON Lines rather than one array, so that an export streams and any line can be read on
its own. Each record::

    {"id", "date", "date_precision", "date_start", "date_end",
     "event_type", "mode", "context": [...], "modality", "cameo",
     "acled_event_type", "acled_sub_event_type",
     "source": [actor...], "target": [actor...],
     "location": {name, text, country, admin1, admin2, lat, lon, geonameid, precision,
                  feature, start, end} | null,
     "fatalities": {best, low, high, victims} | null,
     "sources": [{article_id, event_id, url, source_name, reported_by,
                  evidence: {text, start, end, trigger, trigger_start, trigger_end}}, ...],
     "confidence", "provenance": [...]}

An actor is ``{name, text, country, sector, inter, start, end}`` (``sector`` is the PLOVER
agent: GOV, MIL, REB, CVL ...). ``context`` lists the PLOVER contexts the CAMEO code maps to
in the CAMEO-to-PLOVER crosswalk (empty when none). ``sources`` starts with the article
the event was coded from, followed by each duplicate report merged into it; evidence
offsets are into that source's cleaned text. ``read`` gives ``EventProjection`` records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from eventwire.errors import InputError
from eventwire.exports.base import EventProjection, exporter, json_line
from eventwire.records import Actor, Event, Evidence, Place, Report

# PLOVER contexts of the CAMEO codes eventwire codes, from the CAMEO-to-PLOVER crosswalk
# (PLOVER manual draft 0.8); a code not listed takes its parent's (1952 -> 195).
CONTEXTS = {
    "030": "diplomatic", "057": "diplomatic", "073": "humanitarian", "0871": "military",
    "127": "diplomatic", "138": "military", "154": "military", "163": "diplomatic",
    "1712": "human_security", "173": "legal", "175": "military", "190": "military",
    "192": "military", "193": "military", "194": "military", "195": "military",
    "2041": "cbrn",
}  # fmt: skip


def contexts(cameo: str | None) -> list[str]:
    """The PLOVER contexts of a CAMEO code, by its longest listed prefix."""
    code = cameo or ""
    while len(code) >= 3:
        if code in CONTEXTS:
            return [CONTEXTS[code]]
        code = code[:-1]
    return []


def read_plover_json(stream: TextIO) -> list[EventProjection]:
    """The projection of each record of a PLOVER JSON export."""
    found = []
    for number, line in enumerate(stream.read().split("\n"), start=1):
        if not line.strip():
            continue
        try:
            found.append(_projection(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"plover-json line {number}", f"not a PLOVER record: {exc}") from None
    return found


@exporter("plover-json", suffix=".jsonl", read=read_plover_json)
def render_plover_json(events: Iterable[Event], out: TextIO) -> int:
    """One PLOVER record per line (see the module docstring)."""
    count = 0
    for event in events:
        out.write(json_line(plover_record(event)))
        out.write("\n")
        count += 1
    return count


def plover_record(event: Event) -> dict[str, Any]:
    """One event as a PLOVER record."""
    fat = event.fatalities
    return {
        "id": event.event_id,
        "date": event.date.value,
        "date_precision": event.date.precision,
        "date_start": event.date.start,
        "date_end": event.date.end,
        "event_type": event.type,
        "mode": event.mode,
        "context": contexts(event.cameo),
        "modality": event.modality,
        "cameo": event.cameo,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "source": [_actor(a) for a in event.source_actors],
        "target": [_actor(a) for a in event.target_actors],
        "location": _location(event.place) if event.place else None,
        "fatalities": (
            {"best": fat.best, "low": fat.low, "high": fat.high, "victims": list(fat.victims)}
            if fat else None
        ),
        "sources": [_source(_own_report(event)), *(_source(r) for r in event.reports)],
        "confidence": event.confidence,
        "provenance": list(event.provenance),
    }


def _actor(actor: Actor) -> dict[str, Any]:
    return {
        "name": actor.name, "text": actor.text, "country": actor.country, "sector": actor.sector,
        "inter": actor.inter, "start": actor.start, "end": actor.end,
    }  # fmt: skip


def _location(place: Place) -> dict[str, Any]:
    return {
        "name": place.name, "text": place.text, "country": place.country,
        "admin1": place.admin1, "admin2": place.admin2, "lat": place.lat, "lon": place.lon,
        "geonameid": place.geonameid, "precision": place.geo_precision,
        "feature": place.feature, "start": place.start, "end": place.end,
    }  # fmt: skip


def _own_report(event: Event) -> Report:
    """The event's own article as the first of its sources."""
    return Report(
        article_id=event.article_id, event_id=event.event_id, evidence=event.evidence,
        url=event.url, source_name=event.source_name, reported_by=event.reported_by,
    )  # fmt: skip


def _source(report: Report) -> dict[str, Any]:
    return {
        "article_id": report.article_id,
        "event_id": report.event_id,
        "url": report.url,
        "source_name": report.source_name,
        "reported_by": list(report.reported_by),
        "evidence": _evidence(report.evidence),
    }


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {"text": evidence.sentence, "start": evidence.start, "end": evidence.end,
            "trigger": evidence.trigger, "trigger_start": evidence.trigger_start,
            "trigger_end": evidence.trigger_end}  # fmt: skip


def _projection(record: dict[str, Any]) -> EventProjection:
    place = record["location"] or {}
    fat = record["fatalities"]
    return EventProjection(
        event_id=record["id"],
        type=record["event_type"] or None,
        acled_event_type=record["acled_event_type"] or None,
        acled_sub_event_type=record["acled_sub_event_type"] or None,
        cameo=record["cameo"] or None,
        date=record["date"] or None,
        country=place.get("country") or None,
        admin1=place.get("admin1") or None,
        lat=place.get("lat"),
        lon=place.get("lon"),
        geo_precision=place.get("precision"),
        fatalities=fat["best"] if fat else 0,
        source_actors=tuple(a["name"] for a in record["source"] if a["name"]),
        target_actors=tuple(a["name"] for a in record["target"] if a["name"]),
    )
