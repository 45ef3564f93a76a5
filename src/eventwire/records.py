"""The output schema: typed, frozen records with evidence offsets.

Every record converts to and from plain JSON-compatible dicts with ``to_dict`` and
``from_dict``; the field names are the stable public contract (see docs/schema.md).
Offsets (``start``/``end``) are character offsets into the cleaned article text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

MODALITIES = ("asserted", "negated", "threatened", "hypothetical", "planned")


@dataclass(frozen=True)
class Span:
    """A stretch of the cleaned article text that a field was read from."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Evidence:
    """The sentence an event was read from, with its offsets in the cleaned text."""

    sentence: str
    start: int
    end: int
    trigger: str = ""
    trigger_start: int = -1
    trigger_end: int = -1


@dataclass(frozen=True)
class Actor:
    """One party to an event: who acted (source) or was acted upon (target).

    ``country`` is ISO 3166 alpha-3 (or ``None`` for international and unknown actors),
    ``sector`` a CAMEO/PLOVER agent code (GOV, MIL, REB, CVL, COP, PRO, IGO, ...), and
    ``inter`` the ACLED interaction code (1 state forces ... 8 external/other forces).
    """

    text: str
    name: str
    country: str | None = None
    sector: str | None = None
    inter: int | None = None
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Place:
    """Where an event happened, resolved to GeoNames where possible.

    ``geo_precision`` follows ACLED: 1 the town itself, 2 near a town or a small part of a
    region, 3 only a larger region is known.
    """

    name: str
    text: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    geo_precision: int = 3
    feature: str | None = None
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class EventDate:
    """When an event happened.

    ``value`` is the day coded (YYYY-MM-DD, or None when unknown); ``precision`` is ACLED's
    time_precision (1 the day, 2 the week, 3 the month); ``start``/``end`` the window the
    event lies in (the day itself, the week from ``value``, the month); ``text`` the words it
    was read from, at ``text_start``/``text_end`` in the cleaned text; ``basis`` how it was
    found: ``text`` (said in the event's sentence), ``context`` (taken from the event before
    it), ``publication`` (the article's date) or None (unknown).
    """

    value: str | None
    precision: int = 3
    text: str = ""
    text_start: int = -1
    text_end: int = -1
    start: str | None = None
    end: str | None = None
    basis: str | None = None

    def __post_init__(self) -> None:
        if self.value is not None and self.start is None:
            lo, hi = date_window(self.value, self.precision)
            object.__setattr__(self, "start", lo)
            object.__setattr__(self, "end", hi)
        if self.basis is None and self.value is not None:
            object.__setattr__(self, "basis", "text" if self.text_start >= 0 else "context")


def date_window(value: str, precision: int) -> tuple[str, str]:
    """The first and last day an ACLED-precision date covers."""
    from datetime import date, timedelta

    day = date.fromisoformat(value)
    if precision <= 1:
        return value, value
    if precision == 2:  # the Monday-to-Sunday week the day is in
        monday = day - timedelta(days=day.weekday())
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
    first = day.replace(day=1)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first.isoformat(), (nxt - timedelta(days=1)).isoformat()


@dataclass(frozen=True)
class Fatalities:
    """Reported deaths: best estimate with a low/high range and who the victims were."""

    best: int
    low: int
    high: int
    victims: tuple[str, ...] = ()
    text: str = ""
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Article:
    """One cleaned news article with its metadata."""

    article_id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source_name: str | None = None
    origin: str | None = None
    content_hash: str = ""
    language: str | None = None
    published_from: str | None = None


@dataclass(frozen=True)
class Report:
    """Another report of the same event: a duplicate merged into this one by deduplication.

    Each names the article and event it came from, the outlet and URL, and the evidence
    sentence in *that* article's cleaned text (offsets are into that article, not this one).
    """

    article_id: str
    event_id: str
    evidence: Evidence
    url: str | None = None
    source_name: str | None = None
    reported_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    """One coded event in PLOVER, ACLED and CAMEO terms at once, with its evidence."""

    event_id: str
    article_id: str
    type: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    cameo: str | None
    source_actors: tuple[Actor, ...]
    target_actors: tuple[Actor, ...]
    place: Place | None
    date: EventDate
    fatalities: Fatalities | None
    reported_by: tuple[str, ...]
    modality: str
    evidence: Evidence
    confidence: float
    provenance: tuple[str, ...] = field(default_factory=tuple)
    url: str | None = None
    source_name: str | None = None
    reports: tuple[Report, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The event as a JSON-compatible dict (lists for tuples)."""
        return _jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Rebuild an event from ``to_dict`` output."""
        values = dict(data)
        values["source_actors"] = tuple(Actor(**a) for a in data.get("source_actors") or ())
        values["target_actors"] = tuple(Actor(**a) for a in data.get("target_actors") or ())
        values["place"] = Place(**data["place"]) if data.get("place") else None
        values["date"] = EventDate(**data["date"])
        fat = data.get("fatalities")
        values["fatalities"] = (
            Fatalities(**{**fat, "victims": tuple(fat.get("victims") or ())}) if fat else None
        )
        values["reported_by"] = tuple(data.get("reported_by") or ())
        values["evidence"] = Evidence(**data["evidence"])
        values["provenance"] = tuple(data.get("provenance") or ())
        values["reports"] = tuple(
            Report(
                **{
                    **r,
                    "evidence": Evidence(**r["evidence"]),
                    "reported_by": tuple(r.get("reported_by") or ()),
                }
            )
            for r in data.get("reports") or ()
        )
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


def _jsonable(value: Any) -> Any:
    # A walk over the fields rather than dataclasses.asdict, which deep-copies every value
    # first: exports call this once per event.
    names = _FIELD_NAMES.get(type(value))
    if names is not None:
        return {name: _jsonable(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls))
    for cls in (Span, Evidence, Actor, Place, EventDate, Fatalities, Article, Report, Event)
}


def article_to_dict(article: Article) -> dict[str, Any]:
    """An article as a JSON-compatible dict."""
    return asdict(article)
