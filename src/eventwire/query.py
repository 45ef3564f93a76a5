"""Which events to read: one filter shared by the store, the exporters, the CLI and the API.

An ``EventQuery`` names the wanted events by date range, country, first-level division,
type, actor and bounding box. The store turns it into SQL (bound parameters only); code
that already holds events in memory uses ``EventQuery.matches``, which gives the same
answer for any one event::

    query = EventQuery(since="2018-09-01", country="SYR", type="ASSAULT")
    for event in store.events(query):
        ...
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from eventwire.records import Event


@dataclass(frozen=True)
class BBox:
    """A longitude/latitude box: west, south, east, north (degrees, WGS 84)."""

    west: float
    south: float
    east: float
    north: float

    def __post_init__(self) -> None:
        if not (-180.0 <= self.west <= 180.0 and -180.0 <= self.east <= 180.0):
            raise ValueError(f"bounding box longitudes must lie in [-180, 180]: {self}")
        if not (-90.0 <= self.south <= self.north <= 90.0):
            raise ValueError(f"bounding box needs -90 <= south <= north <= 90: {self}")
        if self.west > self.east:
            raise ValueError(f"bounding box needs west <= east (no antimeridian boxes): {self}")

    @classmethod
    def parse(cls, text: str) -> BBox:
        """``"west,south,east,north"`` as typed on a command line or in a URL."""
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 4:
            raise ValueError(f"bounding box must be west,south,east,north; got {text!r}")
        try:
            west, south, east, north = (float(p) for p in parts)
        except ValueError:
            raise ValueError(f"bounding box must be four numbers; got {text!r}") from None
        return cls(west, south, east, north)

    def contains(self, lon: float | None, lat: float | None) -> bool:
        if lon is None or lat is None:
            return False
        return self.west <= lon <= self.east and self.south <= lat <= self.north


@dataclass(frozen=True)
class EventQuery:
    """Filters on stored events; every filter left as None matches everything.

    - ``since``/``until``: inclusive ``YYYY-MM-DD`` bounds on the coded day (``date.value``);
      an undated event matches neither.
    - ``country``: ISO 3166 alpha-3 code of the event's place.
    - ``admin1``: the place's first-level division name, compared case-insensitively.
    - ``type``: a PLOVER type (``ASSAULT``), an ACLED event type (``Battles``) or an ACLED
      sub-event type (``Air/drone strike``), compared case-insensitively.
    - ``actor``: words looked for, case-insensitively, in the text, name, country code or
      sector of any source or target actor (``RUS``, ``Hezbollah``, ``MIL``).
    - ``bbox``: the event's point lies in the box.
    - ``article_id``: only events coded from this article.
    - ``limit``/``offset``: a page of the result, in the store's order (date, then id).
    """

    since: str | None = None
    until: str | None = None
    country: str | None = None
    admin1: str | None = None
    type: str | None = None
    actor: str | None = None
    bbox: BBox | None = None
    article_id: str | None = None
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise ValueError(f"{name} must be a date YYYY-MM-DD; got {value!r}") from None
        if self.country is not None and not (len(self.country) == 3 and self.country.isalpha()):
            raise ValueError(f"country must be an ISO 3166 alpha-3 code; got {self.country!r}")
        if self.limit is not None and self.limit < 0:
            raise ValueError(f"limit must be 0 or more; got {self.limit}")
        if self.offset < 0:
            raise ValueError(f"offset must be 0 or more; got {self.offset}")

    def filters(self) -> dict[str, Any]:
        """The filters that are set (paging left out), for messages and cache keys."""
        skip = {"limit", "offset"}
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in skip and getattr(self, f.name) is not None
        }

    def matches(self, event: Event) -> bool:
        """Whether ``event`` passes every filter (paging is not a filter)."""
        if self.article_id is not None and event.article_id != self.article_id:
            return False
        day = event.date.value
        if self.since is not None and (day is None or day < self.since):
            return False
        if self.until is not None and (day is None or day > self.until):
            return False
        place = event.place
        if self.country is not None and (
            place is None or (place.country or "").upper() != self.country.upper()
        ):
            return False
        if self.admin1 is not None and (
            place is None or (place.admin1 or "").casefold() != self.admin1.casefold()
        ):
            return False
        if self.type is not None:
            wanted = self.type.casefold()
            names = (event.type, event.acled_event_type, event.acled_sub_event_type)
            if not any(n is not None and n.casefold() == wanted for n in names):
                return False
        if self.actor is not None and not _actor_matches(event, self.actor):
            return False
        if self.bbox is not None and (
            place is None or not self.bbox.contains(place.lon, place.lat)
        ):
            return False
        return True


def _actor_matches(event: Event, words: str) -> bool:
    wanted = words.casefold()
    for actor in (*event.source_actors, *event.target_actors):
        for value in (actor.text, actor.name, actor.country, actor.sector):
            if value and wanted in value.casefold():
                return True
    return False
