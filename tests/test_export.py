"""Tests for eventwire.export: each format's columns and values on hand-built events.

Round trips with generated events are in test_export_roundtrip.py, the command in
test_export_cli.py.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.export import ACLED_COLUMNS, CAMEO_COLUMNS, export, formats
from eventwire.exports.cameo import escape, quad_class, unescape
from eventwire.records import Actor, Event, EventDate, Evidence, Fatalities, Place, Report


def actor(name: str, inter: int | None, sector: str | None = None) -> Actor:
    return Actor(text=name, name=name, sector=sector, inter=inter)


def make_event(
    n: int = 0,
    *,
    sources: tuple[Actor, ...] = (),
    targets: tuple[Actor, ...] = (),
    acled: str | None = "Battles",
    place: Place | None = None,
    fatalities: Fatalities | None = None,
) -> Event:
    """An event built by hand; only what an exporter reads needs to vary."""
    return Event(
        event_id=f"e{n}",
        article_id="a1",
        type="FIGHT",
        mode="conventional",
        acled_event_type=acled,
        acled_sub_event_type="Armed clash" if acled else None,
        cameo="190",
        source_actors=sources,
        target_actors=targets,
        place=place,
        date=EventDate(value="2018-09-08", precision=1, text="Saturday"),
        fatalities=fatalities,
        reported_by=("Example News", "Wire Ünïcode"),
        modality="asserted",
        evidence=Evidence(sentence=f"Fighting broke out, sentence {n}.", start=0, end=30),
        confidence=0.7,
        provenance=("events.v1",),
        url="https://news.example/a1",
        source_name="Example News",
    )


IDLIB = Place(name="Idlib", text="Idlib", geonameid=169388, lat=35.93, lon=36.63,
              country="SYR", admin1="Idlib", admin2="Idlib District", geo_precision=1)  # fmt: skip
ARMY = actor("Military Forces of Syria", 1, "MIL")
REBELS = actor("Rebels", 2, "REB")
VILLAGERS = actor("Civilians (Syria)", 7, "CVL")


def rows(events: list[Event]) -> tuple[list[str], list[dict[str, str]]]:
    out = io.StringIO()
    written = export(events, "acled-csv", out)
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    table = list(reader)
    assert written == len(table)
    return list(reader.fieldnames or []), table


def test_formats_are_registered() -> None:
    built_in = {"jsonl", "acled-csv", "plover-json", "cameo-tsv", "geojson", "parquet"}
    assert built_in <= set(formats())
    with pytest.raises(KeyError, match="acled-csv"):
        export([], "no-such-format", io.StringIO())


@given(st.lists(st.integers(0, 1000), unique=True, max_size=5), st.booleans())
def test_jsonl_round_trip(ns: list[int], located: bool) -> None:
    events = [make_event(n, sources=(ARMY,), targets=(VILLAGERS, REBELS),
                         place=IDLIB if located else None,
                         fatalities=Fatalities(best=2, low=1, high=4, victims=("soldiers",)))
              for n in ns]  # fmt: skip
    out = io.StringIO()
    assert export(events, "jsonl", out) == len(events)
    lines = out.getvalue().splitlines()
    assert [Event.from_dict(json.loads(line)) for line in lines] == events


def test_acled_csv_columns_and_values() -> None:
    event = make_event(sources=(VILLAGERS, REBELS), targets=(ARMY,), place=IDLIB,
                       fatalities=Fatalities(best=5, low=4, high=6))  # fmt: skip
    header, table = rows([event, make_event(1, acled=None)])
    assert header == list(ACLED_COLUMNS)
    assert len(table) == 1  # the event without an ACLED type is skipped
    row = table[0]
    assert row["event_id_cnty"] == "e0"
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2018-09-08", "2018", "1")
    assert [row[c] for c in ("actor1", "assoc_actor_1", "inter1")] == [
        "Civilians (Syria)", "Rebels", "7",
    ]  # fmt: skip
    assert [row[c] for c in ("actor2", "assoc_actor_2", "inter2")] == [
        "Military Forces of Syria", "", "1",
    ]  # fmt: skip
    assert row["interaction"] == "17"
    assert row["civilian_targeting"] == ""  # civilians are the source here, not the target
    assert row["disorder_type"] == "Political violence"
    assert (row["iso"], row["country"], row["location"]) == ("760", "Syria", "Idlib")
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("35.93", "36.63", "1")
    assert row["fatalities"] == "5"
    assert row["notes"].startswith("On 8 September 2018, Civilians (Syria) and Rebels ")
    assert row["notes"].endswith("5 people killed. Reported by Example News; Wire Ünïcode.")
    assert row["tags"] == ("plover_type: FIGHT; plover_mode: conventional; cameo: 190; "
                           "reported_by: Example News; reported_by: Wire Ünïcode")
    assert row["source"] == "Example News"
    assert int(row["timestamp"]) > 1_500_000_000


@pytest.mark.parametrize(
    ("sources", "targets", "interaction", "civilian"),
    [
        ((ARMY,), (VILLAGERS,), "17", "Civilian targeting"),
        ((ARMY,), (), "10", ""),
        ((REBELS, ARMY), (REBELS, VILLAGERS), "22", "Civilian targeting"),
        ((), (), "", ""),
    ],
)
def test_acled_interaction_and_civilian_targeting(
    sources: tuple[Actor, ...], targets: tuple[Actor, ...], interaction: str, civilian: str
) -> None:
    _, [row] = rows([make_event(sources=sources, targets=targets)])
    assert row["interaction"] == interaction
    assert row["civilian_targeting"] == civilian


def test_acled_disorder_types_and_blanks() -> None:
    kinds = ["Protests", "Riots", "Strategic developments", "Explosions/Remote violence"]
    _, table = rows([make_event(n, acled=kind) for n, kind in enumerate(kinds)])
    assert [r["disorder_type"] for r in table] == [
        "Demonstrations", "Demonstrations", "Strategic developments", "Political violence",
    ]  # fmt: skip
    unplaced = table[0]
    assert (unplaced["iso"], unplaced["country"], unplaced["latitude"]) == ("", "", "")
    assert (unplaced["fatalities"], unplaced["inter2"]) == ("0", "0")


def test_geojson_points_in_lon_lat_order() -> None:
    events = [make_event(0, place=IDLIB, sources=(ARMY,), targets=(REBELS,)),
              make_event(1),  # no place: skipped
              make_event(2, place=Place(name="Somewhere", text="there")),  # no coordinates
              make_event(3, place=IDLIB, fatalities=Fatalities(best=1, low=1, high=1))]  # fmt: skip
    out = io.StringIO()
    assert export(events, "geojson", out) == 2
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    point = {"type": "Point", "coordinates": [36.63, 35.93]}  # [lon, lat]
    assert [f["geometry"] for f in features] == [point, point]
    props = features[0]["properties"]
    assert props["event_id"] == "e0" and props["place"] == "Idlib" and props["date"] == "2018-09-08"
    assert props["source_actors"] == ["Military Forces of Syria"]
    assert props["target_actors"] == ["Rebels"]
    assert props["evidence"] == "Fighting broke out, sentence 0."
    assert features[1]["properties"]["fatalities"] == 1


def test_geojson_with_no_events_is_valid() -> None:
    out = io.StringIO()
    assert export(iter([]), "geojson", out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def _report(n: int, outlet: str | None) -> Report:
    sentence = f"Another outlet told it, {n}."
    return Report(
        article_id=f"a{n}", event_id=f"r{n}", url=f"https://other.example/{n}",
        source_name=outlet, reported_by=("a witness",),
        evidence=Evidence(sentence=sentence, start=40, end=40 + len(sentence)),
    )  # fmt: skip


MERGED = replace(
    make_event(7, sources=(ARMY,), targets=(VILLAGERS,), place=IDLIB,
               fatalities=Fatalities(best=3, low=3, high=5, victims=("civilians",))),
    cameo="1952",
    reports=(_report(1, "Other Radio"), _report(2, "Example News"), _report(3, None)),
)  # fmt: skip


def test_acled_source_names_every_outlet_once() -> None:
    _, [row] = rows([MERGED])
    assert row["source"] == "Example News; Other Radio"


def test_acled_cells_that_look_like_formulas_are_quoted() -> None:
    hostile = replace(make_event(sources=(actor("=HYPERLINK(1)", 2), actor("@sum", 3))),
                      source_name="'quoted", reported_by=())  # fmt: skip
    out = io.StringIO()
    export([hostile], "acled-csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["actor1"] == "'=HYPERLINK(1)" and row["assoc_actor_1"] == "'@sum"
    assert row["source"] == "''quoted"
    assert not row["notes"].startswith(("=", "+", "-", "@"))
    with_coords = replace(hostile, place=replace(IDLIB, lon=-36.63))
    out = io.StringIO()
    export([with_coords], "acled-csv", out)
    assert next(csv.DictReader(io.StringIO(out.getvalue())))["longitude"] == "-36.63"


def test_plover_record_fields() -> None:
    out = io.StringIO()
    assert export([MERGED, make_event(8)], "plover-json", out) == 2
    lines = out.getvalue().split("\n")
    assert lines[-1] == "" and len(lines) == 3
    record = json.loads(lines[0])
    assert (record["id"], record["date"], record["event_type"], record["mode"]) == (
        "e7", "2018-09-08", "FIGHT", "conventional")
    assert record["cameo"] == "1952" and record["context"] == ["military"]
    army = "Military Forces of Syria"
    assert record["source"] == [{"name": army, "text": army, "country": None, "sector": "MIL",
                                 "inter": 1, "start": -1, "end": -1}]  # fmt: skip
    assert [a["sector"] for a in record["target"]] == ["CVL"]
    location = record["location"]
    assert (location["name"], location["country"], location["admin1"], location["geonameid"],
            location["precision"], location["lat"], location["lon"]) == (
        "Idlib", "SYR", "Idlib", 169388, 1, 35.93, 36.63)  # fmt: skip
    assert record["fatalities"] == {"best": 3, "low": 3, "high": 5, "victims": ["civilians"]}
    first, *others = record["sources"]
    assert (first["article_id"], first["url"], first["evidence"]["text"]) == (
        "a1", "https://news.example/a1", "Fighting broke out, sentence 7.")
    assert [s["source_name"] for s in others] == ["Other Radio", "Example News", None]
    assert others[0]["evidence"] == {"text": "Another outlet told it, 1.", "start": 40, "end": 66,
                                     "trigger": "", "trigger_start": -1, "trigger_end": -1}
    unplaced = json.loads(lines[1])
    assert unplaced["location"] is None and unplaced["context"] == ["military"]  # CAMEO 190


@pytest.mark.parametrize(("cameo", "quad"), [("0256", 1), ("057", 1), ("073", 2), ("112", 3),
                                             ("138", 3), ("141", 4), ("1952", 4), (None, None)])
def test_quad_class_from_the_root_code(cameo: str | None, quad: int | None) -> None:
    assert quad_class(cameo) == quad


def test_cameo_tsv_gdelt_columns() -> None:
    opening = Evidence("At the start.", 0, 13)
    messy = replace(MERGED, url="https://x.example/a\tb\nc", evidence=opening)
    out = io.StringIO()
    later = replace(make_event(9), evidence=Evidence("Later on.", 120, 129))
    assert export([messy, later], "cameo-tsv", out) == 2
    lines = out.getvalue().split("\n")
    assert lines[-1] == "" and len(lines) == 4
    header = lines[0].split("\t")
    assert header == list(CAMEO_COLUMNS) and header[:2] == ["GLOBALEVENTID", "SQLDATE"]
    row = dict(zip(header, lines[1].split("\t")))
    assert len(lines[1].split("\t")) == len(header)
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == ("20180908", "201809", "2018")
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1Type1Code"]) == (
        "MIL", "Military Forces of Syria", "MIL")
    assert (row["Actor2Name"], row["Actor2Type1Code"]) == ("Civilians (Syria)", "CVL")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"], row["QuadClass"]) == (
        "1952", "195", "19", "4")
    # four reports, two outlets (one report has none), three articles (report 1 is from a1)
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("4", "2", "3")
    assert (row["ActionGeo_Type"], row["ActionGeo_FullName"]) == ("4", "Idlib, Syria")
    assert (row["ActionGeo_CountryCode"], row["ActionGeo_ADM1Code"]) == ("SY", "SY12")
    assert (row["ActionGeo_Lat"], row["ActionGeo_Long"], row["ActionGeo_FeatureID"]) == (
        "35.93", "36.63", "169388")
    assert row["IsRootEvent"] == "1" and len(row["DATEADDED"]) == 14
    assert row["SOURCEURL"] == "https://x.example/a\\tb\\nc"
    assert unescape(row["SOURCEURL"]) == messy.url
    unplaced = dict(zip(header, lines[2].split("\t")))
    assert unplaced["ActionGeo_Type"] == "" and unplaced["IsRootEvent"] == "0"


@pytest.mark.parametrize("text", ["", "plain", "a\\tb", "\\", "\t\n\r", "x\u2028y\x85z\x1c",
                                  "\\u2028", "\\\\n"])
def test_tsv_escapes_are_undone(text: str) -> None:
    field = escape(text)
    assert not any(c in field for c in "\t\n\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e")
    assert unescape(field) == text


def test_parquet_needs_a_binary_stream() -> None:
    with pytest.raises(ValueError, match="binary"):
        export([make_event()], "parquet", io.StringIO())
    out = io.BytesIO()
    assert export([make_event(), MERGED], "parquet", out) == 2
    assert out.getvalue()[:4] == b"PAR1"
