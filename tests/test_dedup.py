"""Deduplication: one event told many times becomes one event with all its sources.

Hand-built events test the pairwise rule and the merged fields; Hypothesis checks the
properties (idempotent, order-independent, no two precise places merged, nothing lost,
the smallest toll kept); short article sets coded by the real pipeline check the counts
(tests/fixtures/stories: each file says how many events its articles tell).
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.dedup import deduplicate, distance_km, same_event
from eventwire.errors import InputError
from eventwire.records import Actor, Event, EventDate, Evidence, Fatalities, Place, Report

STORIES = Path(__file__).parent / "fixtures" / "stories"

# Two real villages in Idlib about 8 km apart, a third 50 km away, and coarser places.
SARMIN = Place("Sarmin", "Sarmin", 164782, 35.90403, 36.72501, "SYR", "Idlib", geo_precision=1)
SARAQIB = Place("Saraqib", "Saraqib", 164816, 35.86447, 36.80591, "SYR", "Idlib", geo_precision=1)
FAR = Place("Kafranbel", "Kafranbel", 168661, 35.61376, 36.56449, "SYR", "Idlib", geo_precision=1)
NEAR_SARMIN = replace(SARMIN, text="near Sarmin", geo_precision=2)
BETWEEN = Place("Idlib countryside", "between the towns", None, 35.8900, 36.7550, "SYR", "Idlib",
                geo_precision=2)
SARMIN_NO_ID = replace(SARMIN, geonameid=None, name="Sarmīn")
SARMIN_NO_POINT = replace(SARMIN, lat=None, lon=None, geo_precision=2)

STATE = Actor("the army", "Military Forces of Syria", "SYR", "MIL")
RUSSIA = Actor("Russian jets", "Military Forces of Russia", "RUS", "MIL")
REBELS = Actor("rebels", "Rebels (Syria)", "SYR", "REB")
CIVILIANS = Actor("residents", "Civilians (Syria)", "SYR", "CVL")
PROTESTERS = Actor("protesters", "Protesters (Syria)", "SYR", "PRO")


def event(event_id: str = "e1", article_id: str = "a1", *, day: str | None = "2019-06-15",
          precision: int = 1, place: Place | None = SARMIN,
          subtype: str | None = "Air/drone strike", type: str = "ASSAULT",
          modality: str = "asserted", actors: tuple[Actor, ...] = (), dead: int | None = None,
          confidence: float = 0.5, reports: tuple[Report, ...] = ()) -> Event:
    """An event built by hand; only what deduplication reads can be set."""
    return Event(
        event_id=event_id, article_id=article_id, type=type, mode=None,
        acled_event_type="Explosions/Remote violence" if subtype == "Air/drone strike" else None,
        acled_sub_event_type=subtype, cameo=None, source_actors=actors, target_actors=(),
        place=place,
        date=EventDate(day, precision, "Saturday", 10, 18, basis="text" if day else None),
        fatalities=None if dead is None else Fatalities(dead, dead, dead, "dead", start=30, end=36),
        reported_by=(f"source of {event_id}",), modality=modality,
        evidence=Evidence(f"The sentence of {event_id}.", 0, 20), confidence=confidence,
        provenance=("events.assemble.v1",), url=f"https://example.org/{article_id}",
        source_name=f"outlet {article_id}", reports=reports,
    )


# -- the pairwise rule --------------------------------------------------------------------


def test_same_strike_in_two_articles_matches():
    assert same_event(event("e1", "a1"), event("e2", "a2", day="2019-06-16"))


def test_two_villages_8_km_apart_never_match():
    assert distance_km((SARMIN.lat, SARMIN.lon), (SARAQIB.lat, SARAQIB.lon)) < 10
    assert not same_event(event("e1", "a1"), event("e2", "a2", place=SARAQIB))
    assert not same_event(event("e1", "a1"), event("e2", "a2", place=SARAQIB), max_km=1000)


def test_precise_places_without_ids_compare_by_name():
    assert same_event(event("e1", "a1"), event("e2", "a2", place=SARMIN_NO_ID))
    other = replace(SARMIN_NO_ID, name="Binnish")
    assert not same_event(event("e1", "a1"), event("e2", "a2", place=other))


def test_distance_limit():
    assert same_event(event("e1", "a1"), event("e2", "a2", place=BETWEEN))
    assert not same_event(event("e1", "a1", place=NEAR_SARMIN), event("e2", "a2", place=FAR))
    assert same_event(event("e1", "a1", place=NEAR_SARMIN), event("e2", "a2", place=FAR), max_km=60)
    assert not same_event(event("e1", "a1"), event("e2", "a2", place=BETWEEN), max_km=3)


def test_a_place_without_a_point_matches_its_own_id():
    assert same_event(event("e1", "a1"), event("e2", "a2", place=SARMIN_NO_POINT))
    assert not same_event(event("e1", "a1", place=SARAQIB),
                          event("e2", "a2", place=SARMIN_NO_POINT))


def test_type_sub_type_and_modality():
    strike = event("e1", "a1")
    assert not same_event(strike, event("e2", "a2", subtype="Shelling/artillery/missile attack"))
    assert same_event(strike, event("e2", "a2", subtype=None))
    assert not same_event(strike, event("e2", "a2", type="PROTEST", subtype=None))
    assert not same_event(strike, event("e2", "a2", modality="threatened"))


def test_dates_within_the_window():
    strike = event("e1", "a1")
    assert same_event(strike, event("e2", "a2", day="2019-06-18"))
    assert not same_event(strike, event("e2", "a2", day="2019-06-19"))
    assert same_event(strike, event("e2", "a2", day="2019-06-19"), window_days=4)
    assert not same_event(strike, event("e2", "a2", day="2019-06-22"))  # a week apart
    # "last week": the Monday-to-Sunday week 2019-06-03..09 lies within 3 days of the 12th
    last_week = event("e2", "a2", day="2019-06-05", precision=2)
    assert same_event(event("e1", "a1", day="2019-06-12"), last_week)


def test_undated_or_placeless_events_match_only_in_their_article():
    undated = event("e2", "a1", day=None)
    assert same_event(event("e1", "a1"), undated)
    assert not same_event(event("e1", "a2"), undated)
    placeless = event("e3", "a1", place=None)
    assert same_event(event("e1", "a1"), placeless)
    assert not same_event(event("e1", "a2"), placeless)


def test_source_actors_must_not_conflict():
    assert not same_event(event("e1", "a1", actors=(STATE,)), event("e2", "a2", actors=(REBELS,)))
    assert not same_event(event("e1", "a1", actors=(STATE,)), event("e2", "a2", actors=(RUSSIA,)))
    assert same_event(event("e1", "a1", actors=(STATE,)), event("e2", "a2"))
    assert same_event(event("e1", "a1", actors=(STATE, RUSSIA)),
                      event("e2", "a2", actors=(RUSSIA,)))
    march = dict(type="PROTEST", subtype="Peaceful protest")
    assert same_event(event("e1", "a1", actors=(CIVILIANS,), **march),
                      event("e2", "a2", actors=(PROTESTERS,), **march))


def test_rule_is_symmetric_and_checks_its_limits():
    a, b = event("e1", "a1", day=None), event("e2", "a1", place=BETWEEN)
    assert same_event(a, b) == same_event(b, a)
    with pytest.raises(ValueError, match="window_days"):
        same_event(a, b, window_days=-1)
    with pytest.raises(ValueError, match="max_km"):
        deduplicate([a, b], max_km=-5)


def test_a_malformed_date_window_names_the_event():
    bad = event("e9", "a1")
    bad = replace(bad, date=replace(bad.date, start="15/06/2019"))
    with pytest.raises(InputError, match="e9"):
        deduplicate([bad, event("e1", "a2")])


# -- merging --------------------------------------------------------------------------------


def test_merged_event_takes_the_most_precise_fields_and_smallest_toll():
    merged = deduplicate([
        event("e3", "a3", place=BETWEEN, dead=5, actors=(STATE, RUSSIA)),
        event("e1", "a1", day="2019-06-12", precision=2, confidence=0.4),
        event("e4", "a1", day="2019-06-14", place=None, dead=6),  # joins through its article
        event("e2", "a2", place=NEAR_SARMIN, dead=7, actors=(STATE,), confidence=0.9),
    ])
    assert len(merged) == 1
    (one,) = merged
    assert one.event_id == "e1" and one.place == SARMIN  # the most precise place
    assert one.date.value == "2019-06-15" and one.date.precision == 1
    assert one.date.text_start == -1  # read from another article: no offsets into this one
    assert one.fatalities.best == 5 and one.fatalities.start == -1
    assert [a.country for a in one.source_actors] == ["SYR", "RUS"]
    assert one.confidence == 0.9
    assert [r.event_id for r in one.reports] == ["e4", "e2", "e3"]  # by article, then id
    assert [r.source_name for r in one.reports] == ["outlet a1", "outlet a2", "outlet a3"]
    assert one.reported_by[0] == "source of e1" and len(one.reported_by) == 4
    assert one.provenance[-1] == "events.dedup.v1"


def test_a_known_sub_type_fills_an_unknown_one():
    merged = deduplicate([event("e1", "a1", subtype=None), event("e2", "a2")])
    assert len(merged) == 1 and merged[0].acled_sub_event_type == "Air/drone strike"


def test_a_bridge_does_not_join_two_villages():
    """Sarmin ~ between ~ Saraqib, but Sarmin and Saraqib are two events: the report from
    between the towns (3 km from Sarmin, 5 km from Saraqib) joins the nearer one."""
    merged = deduplicate([event("e1", "a1"), event("e2", "a2", place=BETWEEN, day="2019-06-16"),
                          event("e3", "a3", place=SARAQIB)])
    assert len(merged) == 2
    by_place = {e.place.name: e for e in merged}
    assert [r.event_id for r in by_place["Sarmin"].reports] == ["e2"]
    assert by_place["Saraqib"].reports == ()


def test_dates_too_far_apart_stay_apart_through_a_chain():
    days = ["2019-06-10", "2019-06-12", "2019-06-14"]  # 10~12 and 12~14, but 10 and 14 are 4 apart
    merged = deduplicate([event(f"e{k}", f"a{k}", day=d) for k, d in enumerate(days)])
    assert len(merged) == 2


def test_reports_of_merged_inputs_are_flattened_once():
    first = deduplicate([event("e1", "a1"), event("e2", "a2")])
    second = deduplicate([event("e3", "a3"), event("e2", "a2")])  # e2 twice, in both
    (one,) = deduplicate([*first, *second])
    assert one.event_id == "e1"
    assert [r.event_id for r in one.reports] == ["e2", "e3"]


def test_an_event_given_twice_is_one_event():
    e = event("e1", "a1")
    (one,) = deduplicate([e, e])
    assert one.reports == () and one.event_id == "e1"


def test_output_is_in_store_order():
    events = [event("e5", "a5", day=None, place=None), event("e2", "a2", day="2019-06-20"),
              event("e1", "a1", place=SARAQIB), event("e3", "a3", day="2019-06-01")]
    assert [e.event_id for e in deduplicate(events)] == ["e3", "e1", "e2", "e5"]


def test_nothing_to_merge_returns_the_events_unchanged():
    events = [event("e1", "a1"), event("e2", "a2", place=SARAQIB)]
    assert deduplicate(events) == events
    assert deduplicate([]) == []


# -- properties -----------------------------------------------------------------------------

PLACES = [SARMIN, SARAQIB, FAR, NEAR_SARMIN, BETWEEN, SARMIN_NO_ID, SARMIN_NO_POINT, None,
          Place("Reyhanli", "Reyhanli", 301112, 36.2689, 36.5672, "TUR", "Hatay", geo_precision=1)]
KINDS = [("ASSAULT", "Air/drone strike"), ("ASSAULT", "Shelling/artillery/missile attack"),
         ("ASSAULT", None), ("PROTEST", "Peaceful protest")]
ACTORS = [(), (STATE,), (RUSSIA,), (REBELS,), (STATE, RUSSIA), (CIVILIANS,)]


@st.composite
def event_lists(draw, max_size: int = 14) -> list[Event]:
    n = draw(st.integers(0, max_size))
    out = []
    for k in range(n):
        kind = draw(st.sampled_from(KINDS))
        offset = draw(st.one_of(st.none(), st.integers(0, 9)))
        out.append(event(
            f"e{k:03d}", f"a{draw(st.integers(0, 4))}",
            day=None if offset is None else str(date(2019, 6, 10) + timedelta(days=offset)),
            precision=draw(st.sampled_from((1, 1, 1, 2))), place=draw(st.sampled_from(PLACES)),
            type=kind[0], subtype=kind[1],
            modality=draw(st.sampled_from(("asserted",) * 4 + ("negated",))),
            actors=draw(st.sampled_from(ACTORS)),
            dead=draw(st.one_of(st.none(), st.integers(0, 12))),
            confidence=draw(st.sampled_from((0.3, 0.5, 0.8))),
        ))
    return out


PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def members(merged: Event, given: dict[str, Event]) -> list[Event]:
    return [given[merged.event_id], *(given[r.event_id] for r in merged.reports)]


@PROPERTY
@given(event_lists(), st.randoms(use_true_random=False))
def test_idempotent_and_order_independent(events, rng):
    once = deduplicate(events)
    assert deduplicate(once) == once
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert deduplicate(shuffled) == once


@PROPERTY
@given(event_lists())
def test_merged_groups_keep_every_report_and_never_join_two_towns(events):
    """Nothing is lost (representatives and reports are the events given); no group holds
    two precise places, two types, modalities or sub-types; the toll is the smallest any
    member reported (never more than any of them, unknown only when no member knew one);
    the date is the most precise any member had."""
    given_ = {e.event_id: e for e in events}
    merged = deduplicate(events)
    ids = [e.event_id for e in merged] + [r.event_id for e in merged for r in e.reports]
    assert sorted(ids) == sorted(given_)
    for one in merged:
        group = members(one, given_)
        precise = {(e.place.lat, e.place.lon) for e in group
                   if e.place and e.place.geo_precision == 1}
        assert len(precise) <= 1, [e.place.name for e in group if e.place]
        assert len({e.type for e in group}) == 1 and len({e.modality for e in group}) == 1
        assert len({e.acled_sub_event_type for e in group} - {None}) <= 1
        tolls = [e.fatalities.best for e in group if e.fatalities]
        assert (one.fatalities.best if one.fatalities else None) == (min(tolls) if tolls else None)
        dated = [e.date.precision for e in group if e.date.value]
        assert (one.date.value is None) == (not dated)
        assert not dated or one.date.precision == min(dated)


# -- stories coded by the real pipeline ----------------------------------------------------


def story_files() -> list[Path]:
    files = sorted(STORIES.glob("*.json"))
    assert len(files) >= 7, f"story fixtures missing in {STORIES}"
    return files


@pytest.mark.parametrize("path", story_files(), ids=lambda p: p.stem)
def test_story(path, pipeline):
    from eventwire.api import code_articles
    from eventwire.doc import RawArticle

    story = json.loads(path.read_text(encoding="utf-8"))
    raws = [RawArticle(text=a["text"], title=a.get("title"), url=a.get("url"),
                       published=a.get("published"), source_name=a.get("source_name"),
                       article_id=a["id"], origin=str(path))
            for a in story["articles"]]
    events = []
    for outcome in code_articles(raws, pipeline=pipeline):
        assert outcome.error is None, outcome.error
        events += outcome.doc.events
    # Only the story's own kind of event is counted: a passing remark may be coded too.
    told = [e for e in events if e.acled_sub_event_type == story["expect_sub_event_type"]]
    assert {e.article_id for e in told} == {r.article_id for r in raws}, "an article lost its event"
    merged = deduplicate(told)
    found = [(e.article_id, e.place and e.place.name) for e in merged]
    assert len(merged) == story["expect_events"], found
    assert all(e.place is not None for e in merged), "a story test needs places resolved"
    if story["expect_events"] == 1:
        (one,) = merged
        sources = {one.article_id, *(r.article_id for r in one.reports)}
        assert sources == {a["id"] for a in story["articles"]}
        if "expect_fatalities" in story:
            assert one.fatalities is not None and one.fatalities.best == story["expect_fatalities"]


# -- scale ----------------------------------------------------------------------------------


def synthetic(n: int, seed: int = 7) -> list[Event]:
    """n events in 3,000 places over two years, a third of them told two or three times."""
    rng = random.Random(seed)
    places = [Place(f"v{k}", f"v{k}", k, 33 + rng.random() * 4, 36 + rng.random() * 4, "SYR",
                    geo_precision=rng.choice((1, 1, 2))) for k in range(3000)]
    kinds = KINDS + [("COERCE", None)]
    out: list[Event] = []
    while len(out) < n:
        kind, place, day = rng.choice(kinds), rng.choice(places), rng.randrange(730)
        for _ in range(rng.choice((1, 1, 2, 3))):
            k = len(out)
            when = (date(2018, 1, 1) + timedelta(days=day + rng.choice((0, 0, 1)))).isoformat()
            out.append(event(f"e{k:07d}", f"a{k}", day=when, place=place, type=kind[0],
                             subtype=kind[1], dead=rng.choice((None, 1, 3))))
    return out[:n]


def test_blocking_keeps_the_pair_checks_near_linear(monkeypatch):
    """Blocking by type, date bucket and grid cell: 10,000 dense events need far fewer pair
    checks than the 50 million of all pairs (speed itself is measured outside the tests)."""
    from eventwire import dedup

    calls = 0
    real_match = dedup._match

    def counting_match(*args, **kwargs):
        nonlocal calls
        calls += 1
        return real_match(*args, **kwargs)

    monkeypatch.setattr(dedup, "_match", counting_match)
    events = synthetic(10_000)
    merged = deduplicate(events)
    assert len(merged) + sum(len(e.reports) for e in merged) == len(events)
    assert len(merged) < len(events) * 0.8
    assert calls < 40 * len(events), f"{calls} pair checks for {len(events)} events"
