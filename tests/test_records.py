"""Tests for eventwire.records: events survive to_dict/from_dict and a JSON round trip."""

import json
from dataclasses import FrozenInstanceError, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.records import (
    MODALITIES,
    Actor,
    Event,
    EventDate,
    Evidence,
    Fatalities,
    Place,
    Report,
)

SECTORS = ("GOV", "MIL", "COP", "REB", "CVL", "PRO", "IGO", "NGO", None)
COUNTRIES = ("SYR", "NGA", "MLI", "COD", "GHA", "UKR", None)
CODES = ("ASSAULT", "PROTEST", "CONSULT", "COERCE", "AGREE", "REQUEST")
VICTIMS = ("civilians", "soldiers", "children")
STEPS = ("clean.boilerplate.v1", "events.detect.v1", "events.assemble.v1")

words = st.text(max_size=12)
optional_words = st.none() | words
offsets = st.integers(min_value=-1, max_value=100_000)
iso_days = st.dates().map(lambda d: d.isoformat())


@st.composite
def actors(draw):
    return Actor(
        text=draw(words),
        name=draw(words),
        country=draw(st.sampled_from(COUNTRIES)),
        sector=draw(st.sampled_from(SECTORS)),
        inter=draw(st.none() | st.integers(1, 8)),
        start=draw(offsets),
        end=draw(offsets),
    )


@st.composite
def places(draw):
    return Place(
        name=draw(words),
        text=draw(words),
        geonameid=draw(st.none() | st.integers(-(2**53), 2**53)),
        lat=draw(st.none() | st.floats(-90, 90, allow_nan=False)),
        lon=draw(st.none() | st.floats(-180, 180, allow_nan=False)),
        country=draw(st.sampled_from(COUNTRIES)),
        admin1=draw(optional_words),
        admin2=draw(optional_words),
        geo_precision=draw(st.integers(1, 3)),
        feature=draw(st.sampled_from((None, "PPL", "PPLA", "ADM1", "PCLI"))),
        start=draw(offsets),
        end=draw(offsets),
    )


@st.composite
def event_dates(draw):
    return EventDate(
        value=draw(st.none() | iso_days),
        precision=draw(st.integers(1, 3)),
        text=draw(words),
        start=draw(offsets),
        end=draw(offsets),
    )


@st.composite
def fatalities(draw):
    low = draw(st.integers(0, 10_000))
    best = draw(st.integers(low, low + 1_000))
    return Fatalities(
        best=best,
        low=low,
        high=draw(st.integers(best, best + 1_000)),
        victims=tuple(draw(st.lists(st.sampled_from(VICTIMS), max_size=3))),
        text=draw(words),
        start=draw(offsets),
        end=draw(offsets),
    )


@st.composite
def evidences(draw):
    start = draw(st.integers(0, 10_000))
    sentence = draw(words)
    return Evidence(
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        trigger=draw(words),
        trigger_start=draw(offsets),
        trigger_end=draw(offsets),
    )


@st.composite
def events(draw):
    return Event(
        event_id="e" + draw(st.text("0123456789abcdef", min_size=16, max_size=16)),
        article_id=draw(words),
        type=draw(st.sampled_from(CODES)),
        mode=draw(st.sampled_from((None, "aerial", "demo", "multilateral"))),
        acled_event_type=draw(st.sampled_from((None, "Battles", "Protests"))),
        acled_sub_event_type=draw(st.sampled_from((None, "Armed clash", "Peaceful protest"))),
        cameo=draw(st.sampled_from((None, "190", "141", "044"))),
        source_actors=tuple(draw(st.lists(actors(), max_size=2))),
        target_actors=tuple(draw(st.lists(actors(), max_size=2))),
        place=draw(st.none() | places()),
        date=draw(event_dates()),
        fatalities=draw(st.none() | fatalities()),
        reported_by=tuple(draw(st.lists(words, max_size=3))),
        modality=draw(st.sampled_from(MODALITIES)),
        evidence=draw(evidences()),
        confidence=draw(st.floats(0.0, 1.0, allow_nan=False)),
        provenance=tuple(draw(st.lists(st.sampled_from(STEPS), max_size=3))),
        url=draw(st.none() | st.just("https://news.example.org/story/1")),
        source_name=draw(optional_words),
    )


@settings(max_examples=50)
@given(events())
def test_dict_round_trip(event):
    assert Event.from_dict(event.to_dict()) == event


def _plain(value) -> bool:
    """Only what JSON has: dicts with str keys, lists, str, numbers, booleans, None."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


@settings(max_examples=50)
@given(events())
def test_json_round_trip(event):
    data = event.to_dict()
    assert _plain(data)
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    assert Event.from_dict(json.loads(text)) == event


def _sample_event() -> Event:
    return Event(
        event_id="e0123456789abcdef",
        article_id="a1",
        type="ASSAULT",
        mode="aerial",
        acled_event_type="Explosions/Remote violence",
        acled_sub_event_type="Air/drone strike",
        cameo="195",
        source_actors=(Actor(text="warplanes", name="Military Forces of Syria", country="SYR",
                             sector="MIL", inter=1, start=0, end=9),),
        target_actors=(),
        place=Place(name="Saraqib", text="Saraqib", geonameid=164816, lat=35.86, lon=36.8,
                    country="SYR", geo_precision=1, feature="PPL", start=24, end=31),
        date=EventDate("2021-03-07", 1, "on Sunday", 32, 41),
        fatalities=Fatalities(4, 4, 4, ("civilians",), "killing four civilians", 43, 65),
        reported_by=("rescuers",),
        modality="asserted",
        evidence=Evidence("Warplanes struck Saraqib on Sunday, killing four civilians.", 0, 66,
                          "struck", 10, 16),
        confidence=0.8,
        provenance=("events.detect.v1",),
    )


def test_to_dict_uses_lists_for_tuples():
    data = _sample_event().to_dict()
    assert isinstance(data["source_actors"], list)
    assert isinstance(data["fatalities"]["victims"], list)
    assert data["place"]["geonameid"] == 164816


def test_from_dict_ignores_unknown_keys():
    event = _sample_event()
    data = {**event.to_dict(), "added_in_a_later_version": 1}
    assert Event.from_dict(data) == event


def test_from_dict_without_optional_parts():
    event = replace(_sample_event(), place=None, fatalities=None, source_actors=(), reported_by=())
    assert Event.from_dict(event.to_dict()) == event


def test_merged_reports_round_trip():
    report = Report(
        article_id="a2",
        event_id="e2",
        evidence=Evidence("Jets hit Saraqib on Sunday.", 10, 37, "hit", 15, 18),
        url="https://other.example.net/2",
        source_name="Other Wire",
        reported_by=("activists",),
    )
    event = replace(_sample_event(), reports=(report,))
    data = json.loads(json.dumps(event.to_dict()))
    assert data["reports"][0]["evidence"]["trigger"] == "hit"
    assert Event.from_dict(data) == event


def test_records_are_frozen():
    with pytest.raises(FrozenInstanceError):
        _sample_event().modality = "negated"  # type: ignore[misc]
