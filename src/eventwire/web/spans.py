"""Each field of an event with the stretch of article text it was read from.

The event page lists every coded field; clicking one highlights its span in the article.
Offsets are character offsets into the article's cleaned text, as in the records; a field
without a span (a date taken from the publication, an ontology code) gets ``start`` None.
Attributions (``reported_by``) carry no offsets in the record, so they are looked up as
written, in or after the evidence sentence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from eventwire.records import Actor, Event


@dataclass(frozen=True)
class FieldSpan:
    """One field of an event as shown on its page: label, value and source span."""

    field: str
    label: str
    value: str
    start: int | None = None
    end: int | None = None


def field_spans(event: Event, text: str) -> list[FieldSpan]:
    """Every field of ``event`` worth showing, in reading order, with spans into ``text``."""
    ev = event.evidence
    spans = [
        _span("evidence", "Evidence sentence", ev.sentence, ev.start, ev.end, text),
        _span("trigger", "Trigger", ev.trigger, ev.trigger_start, ev.trigger_end, text),
        FieldSpan("type", "PLOVER type", " / ".join(filter(None, (event.type, event.mode)))),
        FieldSpan("acled", "ACLED type", " / ".join(
            filter(None, (event.acled_event_type, event.acled_sub_event_type))) or "-"),
        FieldSpan("cameo", "CAMEO", event.cameo or "-"),
        FieldSpan("modality", "Modality", event.modality),
    ]
    spans += _actor_spans("source_actors", "Source actor", event.source_actors, text)
    spans += _actor_spans("target_actors", "Target actor", event.target_actors, text)
    spans += _place_spans(event, text)
    spans += _date_spans(event, text)
    spans += _fatality_spans(event, text)
    spans += _source_spans(event, text)
    return spans


def spans_as_dicts(event: Event, text: str) -> list[dict[str, Any]]:
    """``field_spans`` as JSON-compatible dicts."""
    return [asdict(s) for s in field_spans(event, text)]


def _span(field: str, label: str, value: str, start: int, end: int, text: str) -> FieldSpan:
    """A FieldSpan whose offsets are kept only when they lie inside ``text``."""
    if 0 <= start < end <= len(text):
        return FieldSpan(field, label, value, start, end)
    return FieldSpan(field, label, value)


def _actor_spans(field: str, label: str, actors: tuple[Actor, ...], text: str) -> list[FieldSpan]:
    out = []
    for n, actor in enumerate(actors):
        details = ", ".join(filter(None, (actor.country, actor.sector)))
        value = f"{actor.name} ({details})" if details else actor.name
        out.append(_span(f"{field}[{n}]", label, value, actor.start, actor.end, text))
    return out


def _place_spans(event: Event, text: str) -> list[FieldSpan]:
    place = event.place
    if place is None:
        return [FieldSpan("place", "Place", "-")]
    where = ", ".join(filter(None, (place.name, place.admin1, place.country)))
    coords = f" ({place.lat:.3f}, {place.lon:.3f})" if place.lat is not None and place.lon is not None else ""
    value = f"{where}{coords}, precision {place.geo_precision}"
    return [_span("place", "Place", value, place.start, place.end, text)]


def _date_spans(event: Event, text: str) -> list[FieldSpan]:
    date = event.date
    value = date.value or "unknown"
    if date.value and date.precision > 1:
        value += f" (window {date.start} to {date.end})"
    if date.basis:
        value += f", from {date.basis}"
    return [_span("date", "Date", value, date.text_start, date.text_end, text)]


def _fatality_spans(event: Event, text: str) -> list[FieldSpan]:
    fat = event.fatalities
    if fat is None:
        return [FieldSpan("fatalities", "Fatalities", "none reported")]
    value = f"{fat.best} (low {fat.low}, high {fat.high})"
    if fat.victims:
        value += ": " + ", ".join(fat.victims)
    return [_span("fatalities", "Fatalities", value, fat.start, fat.end, text)]


def _source_spans(event: Event, text: str) -> list[FieldSpan]:
    out = []
    for n, who in enumerate(event.reported_by):
        start = text.find(who, max(event.evidence.start, 0)) if who else -1
        if start < 0 and who:
            start = text.find(who)
        end = start + len(who) if start >= 0 else -1
        out.append(_span(f"reported_by[{n}]", "Reported by", who, start, end, text))
    return out
