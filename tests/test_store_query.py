"""Tests for EventQuery turned into SQL by the store, and for reading and editing one event,
on SQLite and PostgreSQL alike.

The property: for any stored events and any query, the store returns exactly
``[e for e in all_events if query.matches(e)]`` in store order, paged by limit and offset.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_store import emptied, make_article, make_event

from eventwire.errors import StoreError
from eventwire.query import BBox, EventQuery
from eventwire.records import Actor, Event, Place
from eventwire.store import Store, open_store

# Small vocabularies, so that filters often hit; mixed case, non-ASCII letters whose case
# folding is not ASCII lowering (ß, ſ, K the kelvin sign), and LIKE's own characters.
WORDS = ["Gunmen", "GUNMEN", "gun", "Straße", "STRASSE", "ſyr", "Kurd", "kurd", "100%",
         "a_b", "a/b", "", "Ünïcode", "MIL", "mil", "CVL"]  # fmt: skip
TYPES = ["ASSAULT", "assault", "PROTEST", "Battles", "Air/drone strike", "Straße", "STRASSE"]
ADMIN1 = ["Idlib", "IDLIB", "Aleppo", "", "Straße", "strasse", "Ñuñoa"]
COUNTRIES = ["SYR", "syr", "IRQ", "ſyr"]
GRID = [-10.0, 0.0, 35.5, 35.93, 36.0, 36.63, 40.0]
IDS = st.text("aB-1_é", min_size=1, max_size=4)


def actors() -> st.SearchStrategy[Actor]:
    maybe = st.one_of(st.none(), st.sampled_from(WORDS))
    return st.builds(Actor, text=st.sampled_from(WORDS), name=st.sampled_from(WORDS),
                     country=maybe, sector=maybe)  # fmt: skip


def places() -> st.SearchStrategy[Place | None]:
    coordinate = st.one_of(st.none(), st.sampled_from(GRID))
    place = st.builds(Place, name=st.just("Idlib"), text=st.just("Idlib"), lat=coordinate,
                      lon=coordinate, country=st.one_of(st.none(), st.sampled_from(COUNTRIES)),
                      admin1=st.one_of(st.none(), st.sampled_from(ADMIN1)))  # fmt: skip
    return st.one_of(st.none(), place)


DAYS = st.one_of(st.none(), st.sampled_from(["2018-09-01", "2018-09-05", "2018-09-08"]))


@st.composite
def stored_events(draw: st.DrawFn) -> list[Event]:
    """Events of up to three articles, with assorted types, places, dates and actors."""
    ids = draw(st.lists(IDS, max_size=8, unique=True))
    out = []
    for event_id in ids:
        base = make_event(draw(st.sampled_from(["a", "B", "a-1"])), date=draw(DAYS))
        out.append(replace(
            base, event_id=event_id, type=draw(st.sampled_from(TYPES)),
            acled_event_type=draw(st.one_of(st.none(), st.sampled_from(TYPES))),
            acled_sub_event_type=draw(st.one_of(st.none(), st.sampled_from(TYPES))),
            place=draw(places()), source_actors=tuple(draw(st.lists(actors(), max_size=2))),
            target_actors=tuple(draw(st.lists(actors(), max_size=2))),
        ))  # fmt: skip
    return out


@st.composite
def queries(draw: st.DrawFn) -> EventQuery:
    """Any combination of filters and paging, drawn from the vocabularies above."""
    def maybe(values: st.SearchStrategy) -> object:  # noqa: ANN401
        return draw(st.one_of(st.none(), values))

    lon, lat = sorted(draw(st.lists(st.sampled_from(GRID), min_size=2, max_size=2))), sorted(
        draw(st.lists(st.sampled_from(GRID), min_size=2, max_size=2)))  # fmt: skip
    bbox = BBox(lon[0], lat[0], lon[1], lat[1]) if draw(st.booleans()) else None
    return EventQuery(
        since=maybe(DAYS), until=maybe(DAYS), country=maybe(st.sampled_from(COUNTRIES)),
        admin1=maybe(st.sampled_from(ADMIN1)), type=maybe(st.sampled_from(TYPES)),
        actor=maybe(st.sampled_from(WORDS + ["UN", "s", "%", "_", "/"])), bbox=bbox,
        article_id=maybe(st.sampled_from(["a", "B", "a-1"])),
        limit=maybe(st.integers(0, 5)), offset=draw(st.integers(0, 3)),
    )  # fmt: skip


def save_all(store: Store, events: list[Event]) -> list[Event]:
    """Save ``events`` under their articles; all of them in store order."""
    by_article: dict[str, list[Event]] = defaultdict(list)
    for ev in events:
        by_article[ev.article_id].append(ev)
    for article_id, evs in by_article.items():
        store.save(make_article(article_id), evs, pipeline="p")
    return sorted(events, key=lambda e: (e.date.value is None, e.date.value or "", e.event_id))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(events=stored_events(), wanted=st.lists(queries(), min_size=1, max_size=6))
def test_sql_answers_as_matches_does(store: Store, events, wanted) -> None:
    ordered = save_all(emptied(store), events)
    for query in wanted:
        matching = [e for e in ordered if query.matches(e)]
        end = None if query.limit is None else query.offset + query.limit
        assert list(store.events(query)) == matching[query.offset:end], query
        assert store.count(query) == len(matching), query


@pytest.fixture
def store(store_url: str) -> Store:
    with open_store(store_url) as opened:
        yield opened


def test_query_and_old_keywords_combine(store: Store) -> None:
    save_all(store, [make_event("a", 0, date="2018-09-10", country="IRQ"),
                     make_event("a", 1, type="PROTEST"), make_event("b", 0)])  # fmt: skip
    ids = lambda *q, **kw: [e.event_id for e in store.events(*q, **kw)]  # noqa: E731
    assert ids(EventQuery(country="syr"), type="protest") == ["a-e1"]
    assert ids(EventQuery(type="Violence against civilians"), limit=1, offset=1) == ["b-e0"]
    assert ids(country=None, since=None) == ids() == ["a-e1", "b-e0", "a-e0"]
    assert ids(EventQuery(actor="unidentified"), article_id="b") == ["b-e0"]
    assert store.count(EventQuery(limit=1)) == 3 and store.count(country="IRQ") == 1


def test_invalid_filter_is_a_store_error_at_the_call(store: Store) -> None:
    with pytest.raises(StoreError, match="since must be a date"):
        store.events(since="last week")
    with pytest.raises(TypeError, match="unknown filter colour"):
        store.count(colour="red")


def test_one_event_read_replaced_and_deleted(store: Store) -> None:
    first, second = make_event(n=0), make_event(n=1)
    store.save(make_article(), [first, second], pipeline="p")
    assert store.event("a1-e1") == second and store.event("nope") is None
    moved = replace(second, place=replace(second.place, lat=1.0, lon=2.0, admin1="Hama"),
                    source_actors=(Actor(text="Police", name="Police", sector="COP"),))
    store.replace_event(moved)
    assert store.event("a1-e1") == moved
    assert [e.event_id for e in store.events(admin1="hama", actor="police")] == ["a1-e1"]
    assert [e.event_id for e in store.events(bbox=BBox(1.5, 0.5, 2.5, 1.5))] == ["a1-e1"]
    assert list(store.events(actor="gunmen")) == [first]
    assert store.delete_event("a1-e0") is True and store.delete_event("a1-e0") is False
    assert list(store.events()) == [moved]
    assert store.counts() == {"articles": 1, "events": 1, "rejections": 0}


def test_replacing_a_missing_or_foreign_event_is_refused(store: Store) -> None:
    store.save(make_article("a"), [make_event("a")], pipeline="p")
    with pytest.raises(StoreError, match="cannot replace event b-e0: no such event"):
        store.replace_event(make_event("b"))
    foreign = replace(make_event("b"), event_id="a-e0")
    with pytest.raises(StoreError, match="belongs to article a, not b"):
        store.replace_event(foreign)
    assert list(store.events()) == [make_event("a")]


def test_recoding_replaces_actor_rows_too(store: Store) -> None:
    store.save(make_article(), [make_event()], pipeline="p1")
    recoded = replace(make_event(), source_actors=(Actor(text="Rebels", name="Rebels"),))
    store.save(make_article(), [recoded], pipeline="p2")
    assert list(store.events(actor="rebels")) == [recoded]
    assert list(store.events(actor="gunmen")) == []


def test_articles_come_in_code_point_order(store: Store) -> None:
    for article_id in ("a", "B", "é", "1"):
        store.save(make_article(article_id), [], pipeline="p")
    assert [a.article_id for a in store.articles()] == ["1", "B", "a", "é"]
