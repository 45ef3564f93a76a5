"""One event reported many times becomes one record with many sources.

Several outlets (or one article, twice) tell the same air strike with different words,
days given relatively and different tolls. :func:`deduplicate` folds such events into one
representative that lists every other telling in ``Event.reports``::

    merged = deduplicate(store.events(EventQuery(since="2019-05-01")))

Two events are the same event (:func:`same_event`) when they have the same PLOVER type and
modality, their ACLED sub-types do not conflict, their date windows overlap or lie within
``window_days`` of each other, their places lie within ``max_km`` (two precise places,
geo_precision 1, that are different towns never match, however close), and their source
actors do not conflict. Events without a date or without a place can only match an event
of the same article.

Merging takes the connected components of that relation, joining the closest pairs first
and refusing a join that would put a contradiction inside one component (two precise
places, two sub-types, two countries, dates or points too far apart, conflicting actors):
A~B and B~C with A and C in two villages gives two events, not one. Every choice is a
fixed rule over the component, so the result does not depend on the input order, and
merging repeats until nothing more merges, so deduplicating twice changes nothing.
"""

from __future__ import annotations

import gc
import json
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import combinations, product
from typing import NamedTuple

from eventwire.errors import InputError
from eventwire.records import Actor, Event, EventDate, Place, Report

PROVENANCE = "events.dedup.v1"
EARTH_KM = 6371.0088

# Source actors conflict when they are of different kinds: the state, an armed non-state
# group, or anyone else (civilians, protesters, parties, NGOs...). 'Civilians' and
# 'protesters' for one march are the same crowd; 'the army' and 'rebels' are not.
STATE = frozenset({"GOV", "MIL", "COP", "JUD", "SPY"})
ARMED = frozenset({"REB", "MILITIA", "UAF", "INS", "CRM"})
BASIS_RANK = {"text": 0, "context": 1, "publication": 2}

Point = tuple[float, float, float]  # a place on a sphere of the Earth's radius, in km
Profile = tuple[frozenset[str], frozenset[str]]  # source actors' countries and kinds


class _Features(NamedTuple):
    """What matching reads from one event, computed once."""

    kind: tuple[str, str]  # PLOVER type, modality
    article: str
    subtype: str | None
    acled_type: str | None
    days: tuple[int, int] | None  # first and last day (ordinals) of the date window
    has_place: bool
    point: Point | None
    geonameid: int | None
    country: str | None
    precise: tuple[int | None, str] | None  # geonameid and folded name of a precision-1 place
    actors: Profile


class _Rule(NamedTuple):
    """The two limits, with the distance as the straight-line chord it allows."""

    window_days: int
    max_km: float
    chord: float

    @classmethod
    def of(cls, window_days: int, max_km: float) -> _Rule:
        if window_days < 0:
            raise ValueError(f"window_days must be 0 or more; got {window_days}")
        if not max_km >= 0:
            raise ValueError(f"max_km must be 0 or more; got {max_km}")
        arc = min(max_km, math.pi * EARTH_KM)
        return cls(window_days, max_km, 2 * EARTH_KM * math.sin(arc / (2 * EARTH_KM)))


def same_event(a: Event, b: Event, *, window_days: int = 3, max_km: float = 25.0) -> bool:
    """Whether ``a`` and ``b`` are two tellings of one event (the pairwise rule)."""
    return _match(_features(a), _features(b), _Rule.of(window_days, max_km))


def deduplicate(events: Iterable[Event], *, window_days: int = 3,
                max_km: float = 25.0) -> list[Event]:
    """Merge the events that tell one event; each merged event lists the others as reports.

    Returns the events sorted like the store (date, then event id; undated last). The
    representative of a group is its event with the most precise place, then date, then
    the smallest event id; it takes the most precise date, the smallest toll reported
    (the most conservative, as within one article), the union of actors and sources, the
    highest confidence, and one :class:`Report` per other member, reports the members
    already carried included (once each).
    """
    rule = _Rule.of(window_days, max_km)
    with _collector_paused():
        pool = _Pool(rule, events)
        fresh: set[int] | None = None  # the first pass looks at every pair
        while True:
            components = pool.components(fresh)
            if not components:
                return sorted(pool.events.values(), key=_store_order)
            # Only a merged event can match anything new: two events left alone by a pass
            # never match each other (a pair that matches never clashes on its own).
            fresh = {pool.add(_merge([pool.pop(uid) for uid in c])) for c in components}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector: merging makes many small tuples while every event
    is alive, and each collection walks all of them again (a third of the time for 100,000
    events); what is made here holds no reference cycles."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _store_order(event: Event) -> tuple:
    return (event.date.value is None, event.date.value or "", event.event_id)


# -- features and the pairwise rule ---------------------------------------------------


def _features(event: Event) -> _Features:
    place = event.place
    if place is None:
        where: tuple = (False, None, None, None, None)
    else:
        located = place.lat is not None and place.lon is not None
        point = _point(place.lat, place.lon) if located else None
        name = _fold(place.name or place.text)
        precise = (place.geonameid, name) if place.geo_precision <= 1 else None
        where = (True, point, place.geonameid, place.country, precise)
    actors = _actor_profile(event.source_actors) if event.source_actors else _NO_ACTORS
    return _Features((event.type, event.modality), event.article_id, event.acled_sub_event_type,
                     event.acled_event_type, _days(event), *where, actors)


_NO_ACTORS: Profile = (frozenset(), frozenset())


def _days(event: Event) -> tuple[int, int] | None:
    when = event.date
    if when.value is None:
        return None
    try:
        return _window(when.start or when.value, when.end or when.value)
    except ValueError:
        reason = f"date window {when.start!r}..{when.end!r} is not YYYY-MM-DD"
        raise InputError(event.event_id, reason) from None


@lru_cache(maxsize=8192)
def _window(start: str, end: str) -> tuple[int, int]:
    first, last = date.fromisoformat(start).toordinal(), date.fromisoformat(end).toordinal()
    return (first, last) if first <= last else (last, first)


@lru_cache(maxsize=65536)
def _point(lat: float, lon: float) -> Point:
    """Where a latitude and longitude lie in space: straight-line distances between such
    points cost no trigonometry and are never more than the distance along the surface."""
    phi, lam = math.radians(lat), math.radians(lon)
    return (EARTH_KM * math.cos(phi) * math.cos(lam), EARTH_KM * math.cos(phi) * math.sin(lam),
            EARTH_KM * math.sin(phi))


def _chord(a: Point, b: Point) -> float:
    return math.sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    chord = _chord(_point(*a), _point(*b))
    return 2 * EARTH_KM * math.asin(min(1.0, chord / (2 * EARTH_KM)))


@lru_cache(maxsize=8192)
def _fold(name: str) -> str:
    """A name compared without case and accents ('Sarmīn' is 'sarmin')."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.casefold().replace("-", " ").split())


def _actor_profile(actors: tuple[Actor, ...]) -> Profile:
    countries = frozenset(a.country for a in actors if a.country)
    kinds = frozenset(_actor_kind(a.sector) for a in actors if a.sector)
    return countries, kinds


def _actor_kind(sector: str) -> str:
    return "state" if sector in STATE else "armed" if sector in ARMED else "other"


def _match(a: _Features, b: _Features, rule: _Rule) -> bool:
    if a.kind != b.kind or _differ(a.subtype, b.subtype) or _differ(a.acled_type, b.acled_type):
        return False
    same_article = a.article == b.article
    da, db = a.days, b.days
    if da is None or db is None:
        if not same_article:
            return False
    elif max(da[0], db[0]) - min(da[1], db[1]) > rule.window_days:  # the gap between windows
        return False
    return _places_match(a, b, same_article, rule) and not _actors_clash(a.actors, b.actors)


def _differ(x: object, y: object) -> bool:
    return x is not None and y is not None and x != y


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Days between two windows (0 or less when they overlap)."""
    return max(a[0], b[0]) - min(a[1], b[1])


def _places_match(a: _Features, b: _Features, same_article: bool, rule: _Rule) -> bool:
    if not a.has_place or not b.has_place:
        return same_article
    if _differ(a.country, b.country) or _distinct_places(a.precise, b.precise):
        return False
    if a.point is not None and b.point is not None:
        return _chord(a.point, b.point) <= rule.chord
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    return same_article


def _distinct_places(a: tuple[int | None, str] | None, b: tuple[int | None, str] | None) -> bool:
    """Two precise places that are not the same town (different ids, else different names)."""
    if a is None or b is None:
        return False
    if a[0] is not None and b[0] is not None:
        return a[0] != b[0]
    return a[1] != b[1]


def _actors_clash(a: Profile, b: Profile) -> bool:
    """Known source countries, or known kinds of source actor, with nothing in common."""
    return (bool(a[0] and b[0] and a[0].isdisjoint(b[0]))
            or bool(a[1] and b[1] and a[1].isdisjoint(b[1])))


# -- the pool of events and its blocks -------------------------------------------------

# Cells of a grid in space are numbered x * _AXIS**2 + y * _AXIS + z (each shifted to be
# positive), so a neighbour is one addition away. _AROUND holds the 26 neighbours,
# _FORWARD the half of them that visits each unordered pair of cells once.
_AXIS = 2**32
_AROUND = [(dx * _AXIS + dy) * _AXIS + dz
           for dx, dy, dz in product((-1, 0, 1), repeat=3) if (dx, dy, dz) != (0, 0, 0)]
_FORWARD = [step for step in _AROUND if step > 0]


class _Pool:
    """The events being merged, each under a number, with the blocks that say which pairs
    may match: the same type and modality, and the same article, or close dates and the
    same GeoNames id (places without a point) or neighbouring cells of a grid in space.
    A block is a tuple for an article or a GeoNames id, a number for a cell (its layer in
    the high bits: type, modality, ACLED sub-type and date bucket). An event without a
    sub-type meets, cell by cell, the events of every sub-type of its layer's family."""

    def __init__(self, rule: _Rule, events: Iterable[Event]) -> None:
        self.rule = rule
        self.width = 2 * (rule.window_days + 1)  # most stretched day windows fit one bucket
        self.cell_km = max(rule.max_km, 0.01)  # a cell at least as wide as the chord allowed
        self.layers: dict[tuple, int] = {}
        self.family: dict[tuple, list[int]] = defaultdict(list)  # layers by kind and bucket
        self.named: list[bool] = []  # by layer: whether its events have a sub-type
        self.kin: list[tuple] = []  # by layer: its kind and bucket
        self.events: dict[int, Event] = {}
        self.feats: dict[int, _Features] = {}
        self.keys: dict[int, tuple] = {}
        self.index: dict = defaultdict(set)
        self.order: dict[int, tuple[str, str]] = {}
        given = list(events)
        # Events that share an id are ordered by their content, so that order never matters.
        self.by_content = len({e.event_id for e in given}) < len(given)
        for event in given:
            self.add(event)

    def add(self, event: Event) -> int:
        """Put an event in the pool; returns its number."""
        uid = len(self.order)
        f = _features(event)
        keys: list = [("a", f.kind, f.article)]
        if f.days is not None and f.has_place:
            # A window stretched by window_days shares a bucket with every window it matches.
            last = (f.days[1] + self.rule.window_days) // self.width
            for bucket in range(f.days[0] // self.width, last + 1):
                if f.geonameid is not None:
                    keys.append(("g", f.kind, bucket, f.geonameid, f.point is None))
                if f.point is not None:
                    layer = self._layer(f.kind, f.subtype, bucket)
                    keys.append((layer << 100) | self._cell(f.point))
        self.events[uid], self.feats[uid], self.keys[uid] = event, f, tuple(keys)
        content = json.dumps(event.to_dict(), sort_keys=True) if self.by_content else ""
        self.order[uid] = (event.event_id, content)
        for key in keys:
            self.index[key].add(uid)
        return uid

    def pop(self, uid: int) -> Event:
        """Take an event out of the pool."""
        for key in self.keys.pop(uid):
            self.index[key].discard(uid)
        del self.feats[uid]
        return self.events.pop(uid)

    def _layer(self, kind: tuple[str, str], subtype: str | None, bucket: int) -> int:
        layer = self.layers.get((kind, subtype, bucket))
        if layer is None:
            layer = self.layers[(kind, subtype, bucket)] = len(self.layers)
            self.family[(kind, bucket)].append(layer)
            self.named.append(subtype is not None)
            self.kin.append((kind, bucket))
        return layer

    def _partners(self, layer: int) -> list[int]:
        """The other layers of a layer's family whose events it may match: all of them for
        events without a sub-type, else the layer of those without one."""
        family = self.family[self.kin[layer]]
        if self.named[layer]:
            return [x for x in family if not self.named[x]]
        return [x for x in family if x != layer]

    def _cell(self, point: Point) -> int:
        size, shift = self.cell_km, _AXIS // 2
        x, y, z = (math.floor(point[0] / size) + shift, math.floor(point[1] / size) + shift,
                   math.floor(point[2] / size) + shift)
        return (x * _AXIS + y) * _AXIS + z

    def pairs(self, fresh: set[int] | None) -> Iterable[tuple[int, int]]:
        """Candidate pairs (a pair may come twice); with ``fresh``, those with a fresh event."""
        if fresh is not None:
            return ((u, v) for u in fresh for v in self._near(u) if v != u)
        found: list[tuple[int, int]] = []
        for key, group in self.index.items():
            if isinstance(key, int) or key[0] == "a":
                found.extend(combinations(group, 2))
            elif key[4]:  # a place without a point meets the other events at its id
                found.extend(combinations(group, 2))
                found.extend(product(group, self.index.get((*key[:4], False), ())))
        cells = [key for key in self.index if isinstance(key, int)]
        occupied = set(cells)
        for step in _FORWARD:
            for other in {cell + step for cell in cells} & occupied:
                found.extend(product(self.index[other - step], self.index[other]))
        wild = defaultdict(list)  # cells of the layers without a sub-type
        for cell in cells:
            if not self.named[cell >> 100]:
                wild[cell >> 100].append(cell)
        for layer, own in wild.items():
            for partner in self._partners(layer):
                for step in (0, *_AROUND):
                    shift = ((partner - layer) << 100) + step
                    for other in {cell + shift for cell in own} & occupied:
                        found.extend(product(self.index[other - shift], self.index[other]))
        return found

    def _near(self, uid: int) -> Iterable[int]:
        for key in self.keys[uid]:
            yield from self.index.get(key, ())
            if isinstance(key, int):
                for step in _AROUND:
                    yield from self.index.get(key + step, ())
                layer = key >> 100
                for partner in self._partners(layer):
                    for step in (0, *_AROUND):
                        yield from self.index.get(key + ((partner - layer) << 100) + step, ())
            elif key[0] == "g":
                yield from self.index.get((*key[:4], not key[4]), ())

    def components(self, fresh: set[int] | None) -> list[list[int]]:
        """Groups of two or more matching events, joined closest pair first, no join making
        a contradiction inside a group; members in the fixed order."""
        feats, order, rule = self.feats, self.order, self.rule
        edges = set()
        for u, v in self.pairs(fresh):
            a, b = feats[u], feats[v]
            if _match(a, b, rule):
                gap = _gap(a.days, b.days) if a.days and b.days else 0
                chord = _chord(a.point, b.point) if a.point and b.point else 0.0
                first, second = (u, v) if order[u] <= order[v] else (v, u)
                edges.add((max(gap, 0), chord, order[first], order[second], first, second))
        root: dict[int, int] = {}

        def find(i: int) -> int:
            while root.get(i, i) != i:
                root[i] = root.get(root[i], root[i])
                i = root[i]
            return i

        groups: dict[int, _Group] = {}
        for *_, u, v in sorted(edges):
            ru, rv = find(u), find(v)
            if ru == rv:
                continue
            gu = groups.get(ru) or _Group.of(ru, feats[ru])
            gv = groups.get(rv) or _Group.of(rv, feats[rv])
            if gu.clashes(gv, rule):
                continue
            if len(gu.members) < len(gv.members):
                ru, rv, gu, gv = rv, ru, gv, gu
            gu.absorb(gv)
            root[rv] = ru
            groups[ru] = gu
            groups.pop(rv, None)
        return [sorted(g.members, key=order.__getitem__) for g in groups.values()]


@dataclass
class _Group:
    """What a component holds that a join must not contradict."""

    members: list[int]
    precise: set[tuple[int | None, str]]
    points: set[Point]
    subtypes: set[str]
    acled_types: set[str]
    countries: set[str]
    actors: set[Profile]
    days: tuple[int, int] | None  # earliest window end, latest window start

    @classmethod
    def of(cls, index: int, f: _Features) -> _Group:
        return cls(
            members=[index],
            precise={f.precise} if f.precise else set(),
            points={f.point} if f.point else set(),
            subtypes={f.subtype} if f.subtype else set(),
            acled_types={f.acled_type} if f.acled_type else set(),
            countries={f.country} if f.country else set(),
            actors={f.actors},
            days=(f.days[1], f.days[0]) if f.days else None,
        )

    def clashes(self, other: _Group, rule: _Rule) -> bool:
        """Whether joining the two would put a contradiction inside one component."""
        if len(self.subtypes | other.subtypes) > 1 or len(self.acled_types | other.acled_types) > 1:
            return True
        if len(self.countries | other.countries) > 1:
            return True
        if self.days and other.days:
            earliest_end = min(self.days[0], other.days[0])
            if max(self.days[1], other.days[1]) - earliest_end > rule.window_days:
                return True
        if any(_distinct_places(a, b) for a in self.precise for b in other.precise):
            return True
        if any(_chord(a, b) > rule.chord for a in self.points for b in other.points):
            return True
        return any(_actors_clash(a, b) for a in self.actors for b in other.actors)

    def absorb(self, other: _Group) -> None:
        self.members += other.members
        self.precise |= other.precise
        self.points |= other.points
        self.subtypes |= other.subtypes
        self.acled_types |= other.acled_types
        self.countries |= other.countries
        self.actors |= other.actors
        if other.days:
            self.days = other.days if not self.days else (
                min(self.days[0], other.days[0]), max(self.days[1], other.days[1]))


# -- one merged event -------------------------------------------------------------------


def _place_rank(place: Place | None) -> tuple:
    if place is None:
        return (9, True, True)
    return (place.geo_precision, place.geonameid is None, place.lat is None)


def _date_rank(when: EventDate) -> tuple:
    if when.value is None:
        return (9, 0, 9)
    first, last = _window(when.start or when.value, when.end or when.value)  # checked when added
    return (when.precision, last - first, BASIS_RANK.get(when.basis or "", 3))


def _merge(members: list[Event]) -> Event:
    """One event from the members of a component, given in the fixed order (ties go to
    the earlier)."""
    by_place = sorted(range(len(members)),
                      key=lambda k: (_place_rank(members[k].place), _date_rank(members[k].date), k))
    ranked = [members[k] for k in by_place]
    rep = ranked[0]
    when = min(ranked, key=lambda e: _date_rank(e.date))
    coded = next((e for e in ranked if e.acled_sub_event_type), rep)
    tolls = [e for e in ranked if e.fatalities is not None]
    toll = min(tolls, key=lambda e: (e.fatalities.best, e.fatalities.low, e.fatalities.high),
               default=None)
    return replace(
        rep,
        mode=coded.mode,
        acled_event_type=coded.acled_event_type,
        acled_sub_event_type=coded.acled_sub_event_type,
        cameo=coded.cameo,
        date=_own(when.date, when, rep),
        fatalities=_own(toll.fatalities, toll, rep) if toll else None,
        source_actors=_union_actors(ranked, rep, "source_actors"),
        target_actors=_union_actors(ranked, rep, "target_actors"),
        reported_by=tuple(dict.fromkeys(s for e in ranked for s in e.reported_by)),
        confidence=max(e.confidence for e in ranked),
        provenance=tuple(dict.fromkeys((*rep.provenance, PROVENANCE))),
        reports=_reports(ranked, rep),
    )


def _own(value, source: Event, rep: Event):
    """A field taken from another article loses its offsets, which point into that article."""
    if source.article_id == rep.article_id:
        return value
    if isinstance(value, EventDate):
        return replace(value, text_start=-1, text_end=-1)
    return replace(value, start=-1, end=-1)


def _union_actors(ranked: list[Event], rep: Event, side: str) -> tuple[Actor, ...]:
    """Every actor once (by name, country and sector), the representative's first."""
    seen: dict[tuple, Actor] = {}
    for e in ranked:
        for actor in getattr(e, side):
            seen.setdefault((actor.name, actor.country, actor.sector), _own(actor, e, rep))
    return tuple(seen.values())


def _reports(ranked: list[Event], rep: Event) -> tuple[Report, ...]:
    """One report per merged event, those the members carried included, each once."""
    found: dict[str, Report] = {}
    for e in ranked:
        for report in e.reports:
            found.setdefault(report.event_id, report)
    for e in ranked[1:]:
        found.setdefault(e.event_id, Report(
            article_id=e.article_id, event_id=e.event_id, evidence=e.evidence,
            url=e.url, source_name=e.source_name, reported_by=e.reported_by,
        ))
    found.pop(rep.event_id, None)
    return tuple(sorted(found.values(), key=lambda r: (r.article_id, r.event_id)))
