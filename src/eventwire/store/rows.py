"""The table rows a record is stored as: one article row, one event row, its actor rows.

Besides the JSON ``record`` an event row holds copies of the fields that queries filter on,
folded the way ``EventQuery.matches`` compares them (``casefold`` for names and types,
``upper`` for the country) so that plain SQL equality and ``LIKE`` agree with it exactly.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime, timezone
from typing import Any

from eventwire.records import Actor, Article, Event

ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
ACTOR_FIELDS = ("text", "name", "country", "sector")


def article_row(article: Article, pipeline: str) -> dict[str, Any]:
    """The ``articles`` row of ``article`` coded by ``pipeline``, stamped now."""
    row = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    return {**row, "pipeline": pipeline, "coded_at": now()}


def event_row(ev: Event) -> dict[str, Any]:
    """The ``events`` row of ``ev``."""
    place = ev.place
    return {
        "event_id": ev.event_id,
        "article_id": ev.article_id,
        "type": ev.type,
        "mode": ev.mode,
        "acled_event_type": ev.acled_event_type,
        "acled_sub_event_type": ev.acled_sub_event_type,
        "cameo": ev.cameo,
        "date_value": ev.date.value,
        "date_precision": ev.date.precision,
        "country": place.country.upper() if place and place.country else None,
        "admin1": place.admin1 if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geo_precision": place.geo_precision if place else None,
        "fatalities_best": ev.fatalities.best if ev.fatalities else None,
        "modality": ev.modality,
        "confidence": ev.confidence,
        "record": json.dumps(ev.to_dict(), ensure_ascii=False, sort_keys=True),
        "type_key": _fold_name(ev.type),
        "acled_event_type_key": _fold_name(ev.acled_event_type),
        "acled_sub_event_type_key": _fold_name(ev.acled_sub_event_type),
        # EventQuery compares a place without admin1 as "", and an event without a place never.
        "admin1_key": (place.admin1 or "").casefold() if place else None,
    }


def actor_rows(ev: Event) -> list[dict[str, Any]]:
    """The ``event_actors`` rows of ``ev``: sources then targets, in record order."""
    return [
        {"event_id": ev.event_id, "role": role, "position": i, **_actor_values(actor)}
        for role, actors in (("source", ev.source_actors), ("target", ev.target_actors))
        for i, actor in enumerate(actors)
    ]


def _actor_values(actor: Actor) -> dict[str, str | None]:
    # An empty value never matches an actor filter, so it is stored as NULL.
    values = (getattr(actor, name) for name in ACTOR_FIELDS)
    return {name: v.casefold() if v else None for name, v in zip(ACTOR_FIELDS, values)}


def _fold_name(value: str | None) -> str | None:
    return value.casefold() if value is not None else None


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
