"""The founding example (../shared/seed): what an analyst codes from it, and what not."""

from __future__ import annotations

import math

import pytest

from eventwire.doc import RawArticle

KHAN_SHAYKHUN = 168325


@pytest.fixture(scope="module")
def doc(pipeline, seed_text):
    return pipeline(RawArticle(text=seed_text, published="2018-09-08", origin="seed"))


@pytest.fixture(scope="module")
def asserted(doc):
    return [e for e in doc.events if e.modality == "asserted"]


def _countries(actors):
    return {a.country for a in actors}


def _km(lat1, lon1, lat2, lon2):
    rad = math.radians
    dlat, dlon = rad(lat2 - lat1), rad(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rad(lat1)) * math.cos(rad(lat2)) * math.sin(dlon / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def test_air_strikes_by_russia_and_syria(asserted):
    strikes = [e for e in asserted if (e.type, e.mode, e.acled_sub_event_type) ==
               ("ASSAULT", "aerial", "Air/drone strike")
               and {"RUS", "SYR"} <= _countries(e.source_actors)]
    assert strikes
    lead = strikes[0]
    assert {a.sector for a in lead.source_actors} == {"MIL"}
    assert lead.date.value == "2018-09-08" and lead.date.precision == 1
    assert lead.place is not None and lead.place.admin1 in ("Idlib", "Hama")
    assert lead.reported_by


def test_barrel_bombs_on_khan_shaykhun(asserted):
    bombs = [e for e in asserted if e.type == "ASSAULT" and e.place
             and (e.place.geonameid == KHAN_SHAYKHUN
                  or _km(e.place.lat, e.place.lon, 35.44, 36.65) <= 5)]
    assert bombs
    assert any(a.country == "SYR" and a.sector == "MIL" for a in bombs[0].source_actors)
    assert "barrel bombs" in bombs[0].evidence.sentence
    assert bombs[0].reported_by


def test_three_civilians_killed_in_idlib_once(asserted):
    deaths = [e for e in asserted if e.fatalities]
    assert len(deaths) == 1
    toll = deaths[0]
    assert toll.fatalities.best == 3 and "civilians" in toll.fatalities.victims
    assert toll.place.admin1 == "Idlib" and toll.place.text == "Abdeen"
    assert toll.place.geo_precision in (2, 3)
    assert toll.reported_by == ("a civil defence source",)


def test_summit_request_and_rejection(asserted):
    summit = [e for e in asserted if e.type == "CONSULT"]
    assert len(summit) == 1
    assert _countries(summit[0].source_actors) == {"TUR", "IRN", "RUS"}
    assert summit[0].date.value == "2018-09-07"
    request = [e for e in asserted if e.type == "REQUEST"]
    reject = [e for e in asserted if e.type == "REJECT"]
    assert request and _countries(request[0].source_actors) == {"TUR"}
    assert reject and _countries(reject[0].source_actors) == {"RUS"}
    assert "ceasefire" in request[0].evidence.sentence


def test_no_agreement_and_nothing_from_the_appeal(doc, asserted):
    assert not [e for e in asserted if e.type == "AGREE"]
    assert "small favor" not in doc.text and "foreign agent" not in doc.text
    appeal = doc.text.find("United Nations fears")
    assert all(e.evidence.start < appeal for e in doc.events)
    assert not [e for e in asserted if "have helped Assad" in e.evidence.sentence]


def test_no_event_placed_in_tehran_moscow_or_ankara(doc):
    for e in doc.events:
        assert e.place is None or e.place.name not in ("Tehran", "Moscow", "Ankara")


def test_evidence_offsets_point_into_the_cleaned_text(doc):
    for e in doc.events:
        assert doc.text[e.evidence.start : e.evidence.end] == e.evidence.sentence
        ev = e.evidence
        assert doc.text[ev.trigger_start : ev.trigger_end] == ev.trigger
        if e.place is not None and e.place.start >= 0:
            assert doc.text[e.place.start : e.place.end] == e.place.text


def test_coding_twice_gives_the_same_events(pipeline, seed_text, doc):
    again = pipeline(RawArticle(text=seed_text, published="2018-09-08", origin="seed"))
    assert [e.to_dict() for e in again.events] == [e.to_dict() for e in doc.events]
