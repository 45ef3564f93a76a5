"""The geoparsing evaluations (eventwire.evaluate.geo): gold readers, metrics on known
answers from small hand-written files, and a quick run on each real gold set."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.doc import PlaceMention
from eventwire.errors import InputError
from eventwire.evaluate import run_suite
from eventwire.evaluate import eventloc as el
from eventwire.evaluate import geo as g
from eventwire.records import Place

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "eval"
GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"


def gold_file(*parts: str) -> Path:
    path = GOLD.joinpath(*parts)
    if not path.is_file():
        pytest.fail(f"gold file missing: {path} (../shared/gold must sit beside the repo)")
    return path


def mention(start: int, end: int, lat: float | None = None, lon: float | None = None,
            geonameid: int | None = None) -> PlaceMention:
    m = PlaceMention(text="x" * (end - start), start=start, end=end, how="test")
    if lat is not None:
        m.place = Place(name="x", text="x", geonameid=geonameid, lat=lat, lon=lon, start=start, end=end)
    return m


# --- reading the three schemas ------------------------------------------------------------

def test_reads_lgl_schema():
    schema, articles = g.read_geo_gold(FIXTURES / "geo_lgl.xml")
    assert schema == "lgl" and len(articles) == 1
    tops = articles[0].toponyms
    assert [t.text for t in tops] == ["Paris", "volunteers", "Lyon", "Seine"]
    assert [t.scored for t in tops] == [True, True, True, False]
    assert tops[0].geonameid == 2988507 and tops[0].feature == "PPLC"
    assert all(articles[0].text[t.start : t.end] == t.text for t in tops)


def test_reads_gwn_schema():
    schema, articles = g.read_geo_gold(FIXTURES / "geo_gwn.xml")
    tops = articles[0].toponyms
    assert schema == "gwn"
    assert [(t.text, t.scored, t.geonameid) for t in tops] == [
        ("Nairobi", True, 184745), ("French", False, None), ("Eldoret", True, None)]


def test_reads_geovirus_schema_with_one_based_offsets():
    schema, articles = g.read_geo_gold(FIXTURES / "geo_geovirus.xml")
    art = articles[0]
    assert schema == "geovirus"
    assert [art.text[t.start : t.end] for t in art.toponyms] == ["Manila", "Cebu"]
    assert all(t.geonameid is None for t in art.toponyms)


def test_rejects_files_that_are_not_gold(tmp_path):
    other = tmp_path / "other.xml"
    other.write_text("<articles><article><text>x</text></article></articles>", encoding="utf-8")
    with pytest.raises(InputError):
        g.read_geo_gold(other)
    with pytest.raises(InputError):
        g.read_geo_gold(tmp_path / "missing.xml")
    broken = tmp_path / "broken.xml"
    broken.write_text("<articles><article><text>x</text><locations><location><name>x</name>"
                      "<start>one</start></location></locations></article></articles>", encoding="utf-8")
    with pytest.raises(InputError):
        g.read_geo_gold(broken)
    with pytest.raises(InputError):
        g.geo(FIXTURES / "geo_lgl.xml", mode="sideways")


# --- metrics on known answers ------------------------------------------------------------

def test_distance_of_known_places():
    assert g.km(48.85341, 2.3488, 45.74846, 4.84671) == pytest.approx(392, abs=3)  # Paris-Lyon
    assert g.km(0, 0, 0, 180) == pytest.approx(g.KM_MAX, rel=0.002)


@given(st.lists(st.floats(0, g.KM_MAX), min_size=1, max_size=30))
def test_auc_lies_between_zero_and_one(errors):
    # ln(1 + 20039) / ln(20039) is a hair above 1, as in the published definition.
    assert 0.0 <= g.auc(errors) <= 1.00001


def test_auc_of_perfect_and_worst_answers():
    assert g.auc([0.0, 0.0, 0.0]) == 0.0
    assert g.auc([g.KM_MAX] * 4) == pytest.approx(1.0, abs=1e-5)
    # Sorted curve [0, ln(201)] by the trapezoidal rule over [0, 1].
    assert g.auc([200.0, 0.0]) == pytest.approx(math.log(201) / 2 / math.log(g.KM_MAX))


def test_matching_is_one_to_one_by_overlap():
    gold = [g.GoldToponym(0, 5, "Paris"), g.GoldToponym(10, 14, "Lyon"), g.GoldToponym(20, 24, "Nice")]
    wide, lyon = mention(0, 14), mention(10, 14)
    assert g.match(gold, [wide, lyon]) == [wide, lyon, None]


def test_unresolved_mentions_get_the_largest_error():
    gold = g.GoldToponym(0, 5, "Paris", lat=48.85, lon=2.35, geonameid=1)
    assert g.judge(gold, mention(0, 5)).error_km == g.KM_MAX
    assert not g.judge(gold, None).found


def test_mentions_on_unscored_gold_count_neither_way():
    art = g.GoldArticle("a", "x" * 40, (
        g.GoldToponym(0, 5, "Paris", lat=48.85, lon=2.35, geonameid=1),
        g.GoldToponym(10, 16, "French"),
    ))
    tally = g.GeoTally()
    tally.add_predicted(art, [mention(0, 5, 48.85, 2.35, 1), mention(10, 16, 46.0, 2.0), mention(30, 35)])
    got = tally.metrics(end_to_end=True)
    assert got["precision"] == 0.5 and got["recall"] == 1.0 and got["exact_id"] == 1.0


def test_adm1_gold_is_left_out_of_exact_id_no_adm1():
    city = g.GoldToponym(0, 5, "Paris", lat=48.85, lon=2.35, geonameid=2988507, feature="PPLC")
    region = g.GoldToponym(9, 16, "Brittany", lat=48.0, lon=-3.0, geonameid=3030293, feature="ADM1")
    judged = [g.judge(city, mention(0, 5, 48.85, 2.35, 2988507)), g.judge(region, mention(9, 16, 48.0, -3.0, -7))]
    got = g.geo_metrics(judged)
    assert got["exact_id"] == 0.5 and got["exact_id_no_adm1"] == 1.0 and got["acc_161km"] == 1.0


def test_lgl_end_to_end_on_known_answers(gazetteer_path):
    got = run_suite("geo", FIXTURES / "geo_lgl.xml").metrics
    # Paris exact; Lyon right but its gold moved 200 km; "volunteers" not a place; Seine unscored.
    assert got["n"] == 3 and got["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert got["precision"] == 1.0
    assert got["exact_id"] == 1.0 and got["exact_id_all"] == pytest.approx(2 / 3, abs=1e-3)
    assert got["acc_161km"] == 0.5 and got["acc_161km_all"] == pytest.approx(1 / 3, abs=1e-3)
    assert got["median_km"] == pytest.approx(100, abs=2) and got["mean_km"] == pytest.approx(100, abs=2)


def test_gwn_end_to_end_scores_only_toponyms_with_coordinates(gazetteer_path):
    got = g.geo(FIXTURES / "geo_gwn.xml").metrics
    assert got["schema"] == "gwn" and got["n"] == 2
    assert got["recall"] == 1.0 and got["exact_id"] == 1.0 and got["acc_161km"] == 1.0


def test_geovirus_gold_mentions_on_known_answers(gazetteer_path):
    got = g.geo(FIXTURES / "geo_geovirus.xml", mode="gold-mentions").metrics
    assert got["n"] == 2 and got["exact_id"] is None and "recall" not in got
    assert got["acc_161km"] == 0.5 and got["median_km"] == pytest.approx(100, abs=2)


# --- event locations ---------------------------------------------------------------------

def test_reads_only_accepted_records_with_a_verb():
    records, skipped = el.read_eventloc(FIXTURES / "geo_eventloc.jsonl")
    assert [r.record_id for r in records] == ["mosul", "arrest", "search"] and skipped == 1
    assert records[0].gold == frozenset({6}) and records[1].gold == frozenset()
    more, _ = el.read_eventloc(FIXTURES / "geo_eventloc.jsonl", with_unanswered=True)
    assert more[-1].record_id == "ra" and more[-1].gold == frozenset({8})


def test_eventloc_on_known_answers(gazetteer_path):
    report = el.eventloc(FIXTURES / "geo_eventloc.jsonl")
    got = report.metrics
    # Mosul (detected attack), no place for the arrest, Kandahar (verb eventwire does not detect).
    assert got["n"] == 3 and got["token_f1"] == 1.0 and got["exact_record"] == 1.0
    assert got["events_added"] == 1 and got["skipped_no_verb"] == 1
    assert el.eventloc(FIXTURES / "geo_eventloc.jsonl", mode="all", limit=10).metrics["n"] == 4
    assert el.eventloc(FIXTURES / "geo_eventloc.jsonl", limit=1).metrics["n"] == 1


# --- the real gold sets (quick) ----------------------------------------------------------

@pytest.mark.parametrize("name, mode", [
    ("lgl.xml", "end-to-end"), ("GWN.xml", "end-to-end"),
    ("lgl.xml", "gold-mentions"), ("GeoVirus.xml", "gold-mentions"),
])
def test_real_geo_gold_runs(gazetteer_path, name, mode):
    got = run_suite("geo", gold_file("geo", name), mode=mode, limit=3).metrics
    assert got["articles"] == 3 and got["n"] > 0 and got["failed"] == 0
    assert 0.0 <= got["acc_161km"] <= 1.0 and 0.0 <= got["auc"] <= 1.0


def test_real_eventloc_gold_runs(gazetteer_path):
    got = run_suite("eventloc", gold_file("event-location", "event_location.jsonl"), limit=3).metrics
    assert got["n"] == 3 and 0.0 <= got["token_f1"] <= 1.0
