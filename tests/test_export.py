"""Tests for eventwire.export: JSONL round trip, ACLED CSV columns, GeoJSON coordinates."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.export import ACLED_COLUMNS, export, formats
from eventwire.records import Actor, Event, EventDate, Evidence, Fatalities, Place


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
    assert {"jsonl", "acled-csv", "geojson"} <= set(formats())
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
    assert row["tags"] == "reported_by: Example News; reported_by: Wire Ünïcode"
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
