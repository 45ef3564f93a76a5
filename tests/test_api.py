"""The HTTP API (eventwire.web): filters, paging, exports, one event with its spans, editing
behind a token, bad parameters, SQL-looking values, the dashboard's files and headers."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError, StoreError
from eventwire.query import BBox, EventQuery
from eventwire.records import Actor, Article, Event, EventDate, Evidence, Fatalities, Place
from eventwire.store import open_store
from eventwire.web import create_app

STATIC = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "web" / "static"
TEXT = ("Syrian warplanes struck Idlib on Saturday, killing three civilians, rescuers said. "
        "Police arrested protesters in Kharkiv. Rebels clashed with troops near Cali.")
# (type, ACLED type, sub-type, date, place (name, country, admin1, lat, lon), dead, actor)
ROWS = [
    ("ASSAULT", "Explosions/Remote violence", "Air/drone strike", "2018-09-08",
     ("Idlib", "SYR", "Idlib", 35.93, 36.63), 3, ("Military Forces of Syria", "SYR", "MIL")),
    ("ASSAULT", "Explosions/Remote violence", "Air/drone strike", "2018-09-09",
     ("Khan Sheikhoun", "SYR", "Idlib", 35.44, 36.65), None, ("Military Forces of Russia", "RUS", "MIL")),
    ("COERCE", "Strategic developments", "Arrests", "2022-05-11",
     ("Kharkiv", "UKR", "Kharkivska", 49.99, 36.23), None, ("Police of Ukraine", "UKR", "COP")),
    ("PROTEST", "Protests", "Peaceful protest", "2021-05-05",
     ("Cali", "COL", "Valle del Cauca", 3.44, -76.52), None, ("Protesters (Colombia)", "COL", "PRO")),
    ("ASSAULT", "Battles", "Armed clash", None, None, 1, ("Rebels", None, "REB")),
    ("CONSULT", None, None, "2018-09-07", None, None, ("Government of Turkey", "TUR", "GOV")),
]


def make_event(n: int, row: tuple) -> Event:
    type_, acled, sub, day, where, dead, (actor, country, sector) = row
    start = TEXT.index("struck")
    place = None
    if where is not None:
        name, iso3, admin1, lat, lon = where
        at = TEXT.find(name)
        place = Place(name=name, text=name, lat=lat, lon=lon, country=iso3, admin1=admin1,
                      geo_precision=1, start=at, end=at + len(name) if at >= 0 else -1)
    return Event(
        event_id=f"e{n}", article_id="a1", type=type_, mode=None, acled_event_type=acled,
        acled_sub_event_type=sub, cameo=None,
        source_actors=(Actor(text=actor, name=actor, country=country, sector=sector),),
        target_actors=(), place=place,
        date=EventDate(day, 1, "Saturday", TEXT.index("Saturday"), TEXT.index("Saturday") + 8)
        if day else EventDate(None),
        fatalities=Fatalities(dead, dead, dead, ("civilians",), "killing three civilians",
                              TEXT.index("killing"), TEXT.index("killing") + 23) if dead else None,
        reported_by=("rescuers",), modality="asserted",
        evidence=Evidence(TEXT[:82], 0, 82, "struck", start, start + 6), confidence=0.8,
        url="https://news.example/a1", source_name="Example News",
    )


EVENTS = [make_event(n, row) for n, row in enumerate(ROWS)]
ARTICLE = Article(article_id="a1", text=TEXT, title="Strikes", url="https://news.example/a1",
                  published="2022-05-12", source_name="Example News", content_hash="h1")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("api") / "events.db")
    with open_store(path) as store:
        store.save(ARTICLE, EVENTS, pipeline="test")
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [e["event_id"] for e in response.json()["events"]]


def expected(**filters) -> list[str]:
    """The ids EventQuery.matches selects, in the store's order (date, then id; undated last)."""
    query = EventQuery(**filters)
    chosen = [e for e in EVENTS if query.matches(e)]
    chosen.sort(key=lambda e: (e.date.value is None, e.date.value or "", e.event_id))
    return [e.event_id for e in chosen]


def test_list_has_total_limit_offset_and_events_in_date_order(client):
    body = client.get("/api/events").json()
    assert (body["total"], body["limit"], body["offset"]) == (len(EVENTS), 100, 0)
    assert [e["event_id"] for e in body["events"]] == expected()
    assert Event.from_dict(body["events"][0]) in EVENTS


def test_paging(client):
    everything = expected()
    page = client.get("/api/events", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == len(EVENTS)
    assert [e["event_id"] for e in page["events"]] == everything[1:3]
    assert ids(client.get("/api/events", params={"limit": 0})) == []


@pytest.mark.parametrize("filters", [
    {"since": "2018-09-08"}, {"until": "2018-09-08"}, {"country": "SYR"}, {"admin1": "idlib"},
    {"type": "ASSAULT"}, {"type": "air/drone strike"}, {"type": "Battles"}, {"actor": "russia"},
    {"actor": "MIL"}, {"since": "2018-01-01", "until": "2021-12-31", "country": "COL"},
])  # fmt: skip
def test_each_filter_selects_what_event_query_matches(client, filters):
    assert ids(client.get("/api/events", params=filters)) == expected(**filters)


def test_bbox_filter(client):
    got = ids(client.get("/api/events", params={"bbox": "35,35,37,37"}))
    assert got == expected(bbox=BBox(35, 35, 37, 37)) == ["e0", "e1"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(since=st.sampled_from([None, "2018-09-08", "2021-01-01"]),
       country=st.sampled_from([None, "SYR", "UKR", "COL", "USA"]),
       type=st.sampled_from([None, "ASSAULT", "Protests", "arrests"]),
       actor=st.sampled_from([None, "syria", "GOV", "Police"]))
def test_filter_combinations_agree_with_event_query(client, since, country, type, actor):
    filters = {k: v for k, v in dict(since=since, country=country, type=type, actor=actor).items() if v}
    assert ids(client.get("/api/events", params=filters)) == expected(**filters)


@pytest.mark.parametrize("params, words", [
    ({"since": "2018-13-01"}, "since must be a date"),
    ({"until": "yesterday"}, "until must be a date"),
    ({"country": "Syria"}, "ISO 3166 alpha-3"),
    ({"bbox": "1,2,3"}, "west,south,east,north"),
    ({"bbox": "a,b,c,d"}, "four numbers"),
    ({"bbox": "10,0,5,1"}, "west <= east"),
    ({"limit": 1001}, "less than or equal to 1000"),
    ({"limit": -1}, "greater than or equal to 0"),
    ({"offset": -5}, "greater than or equal to 0"),
])  # fmt: skip
def test_bad_parameters_get_422_saying_why(client, params, words):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert words in json.dumps(response.json())


SQL_LOOKING = ["' OR '1'='1", "x'; DROP TABLE events; --", "%", "_", "\\", "1) OR (1=1",
               "\" OR \"\"=\"", "'; DELETE FROM articles; --"]


@pytest.mark.parametrize("value", SQL_LOOKING)
def test_sql_looking_values_match_nothing_and_break_nothing(client, db, value):
    for name in ("admin1", "type", "actor", "article_id"):
        response = client.get("/api/events", params={name: value})
        assert response.status_code == 200, (name, value, response.text)
        assert response.json()["events"] == [] and response.json()["total"] == 0, (name, value)
    assert client.get("/api/events", params={"country": value}).status_code == 422
    assert client.get(f"/api/events/{value}").status_code in (404, 405)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == len(EVENTS)
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    finally:
        conn.close()


def test_one_event_with_its_article_and_field_spans(client):
    body = client.get("/api/events/e0").json()
    assert Event.from_dict(body) == EVENTS[0]
    assert body["article"]["text"] == TEXT and body["article"]["title"] == "Strikes"
    spans = {f["field"]: f for f in body["fields"]}
    for field, words in [("evidence", TEXT[:82]), ("trigger", "struck"), ("place", "Idlib"),
                         ("date", "Saturday"), ("fatalities", "killing three civilians"),
                         ("reported_by[0]", "rescuers")]:
        assert TEXT[spans[field]["start"]:spans[field]["end"]] == words, field
    assert spans["type"]["start"] is None


def test_unknown_event_and_article_get_404(client):
    assert client.get("/api/events/nope").status_code == 404
    assert "nope" in client.get("/api/articles/nope").json()["detail"]


def test_article_route(client):
    body = client.get("/api/articles/a1").json()
    assert body["text"] == TEXT and body["source_name"] == "Example News"
    assert sorted(body["event_ids"]) == sorted(e.event_id for e in EVENTS)


def test_geojson_export_takes_the_same_filters(client):
    response = client.get("/api/events.geojson", params={"country": "SYR"})
    assert response.headers["content-type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert [f["properties"]["event_id"] for f in features] == expected(country="SYR")
    everything = client.get("/api/events.geojson").json()["features"]
    assert len(everything) == sum(1 for e in EVENTS if e.place is not None)


def test_csv_export_is_acled_csv(client):
    response = client.get("/api/events.csv", params={"since": "2018-09-08"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["event_id_cnty"] for r in rows] == [
        i for i in expected(since="2018-09-08") if EVENTS[int(i[1:])].acled_event_type]
    assert rows[0]["event_type"] == "Explosions/Remote violence"
    assert client.get("/api/events.csv", params={"bbox": "x"}).status_code == 422


def test_jsonl_export(client):
    lines = client.get("/api/events.jsonl", params={"type": "ASSAULT"}).text.splitlines()
    assert [json.loads(line)["event_id"] for line in lines] == expected(type="ASSAULT")


def test_every_export_format_by_name(client):
    from eventwire.export import formats, is_binary

    for fmt in formats():
        response = client.get(f"/api/export/{fmt}", params={"country": "SYR"})
        assert response.status_code == 200, (fmt, response.text)
        assert response.content if is_binary(fmt) else response.text, fmt
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/api/export/acled-csv").text)))
    assert len(csv_rows) == sum(1 for e in EVENTS if e.acled_event_type)
    missing = client.get("/api/export/pdf")
    assert missing.status_code == 404 and "acled-csv" in missing.json()["detail"]


def test_dedup_merges_reports_of_one_event(tmp_path):
    # The same strike told twice by two outlets: one merged event with one other report.
    path = str(tmp_path / "dup.db")
    first = make_event(0, ROWS[0])
    second_article = Article(article_id="a2", text=TEXT, url="https://other.example/a2",
                             source_name="Other", content_hash="h2")
    second = Event.from_dict({**first.to_dict(), "event_id": "f0", "article_id": "a2",
                              "source_name": "Other", "url": "https://other.example/a2"})
    with open_store(path) as store:
        store.save(ARTICLE, [first], pipeline="test")
        store.save(second_article, [second], pipeline="test")
    client = TestClient(create_app(path))
    assert client.get("/api/events").json()["total"] == 2
    merged = client.get("/api/events", params={"dedup": "true"}).json()
    assert merged["total"] == 1 and len(merged["events"][0]["reports"]) == 1
    kept = merged["events"][0]["event_id"]
    for either in ("e0", "f0"):
        one = client.get(f"/api/events/{either}", params={"dedup": "true"}).json()
        assert one["event_id"] == kept and len(one["reports"]) == 1
        assert one["article"]["article_id"] == one["article_id"]
    assert client.get("/api/events/f0").json()["reports"] == []


def test_openapi_lists_the_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles/{article_id}",
                 "/api/events.geojson", "/api/events.csv", "/api/outlines.geojson"):
        assert "get" in paths[path], path
    assert set(paths["/api/events/{event_id}"]) == {"get"}  # read-only: no edit routes
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"since", "until", "country", "admin1", "type", "actor", "bbox", "limit", "offset"} <= names


def test_read_only_by_default(client):
    assert client.patch("/api/events/e0", json={"type": "PROTEST"}).status_code == 405
    assert client.delete("/api/events/e0").status_code == 405
    assert client.get("/api/events/e0").json()["type"] == "ASSAULT"


def test_editing_needs_a_token():
    with pytest.raises(InputError, match="token"):
        create_app(":memory:", allow_edit=True)
    with pytest.raises(InputError, match="token"):
        create_app(":memory:", allow_edit=True, token="  ")


def test_editing_with_the_token(tmp_path):
    path = str(tmp_path / "edit.db")
    with open_store(path) as store:
        store.save(ARTICLE, EVENTS, pipeline="test")
    client = TestClient(create_app(path, allow_edit=True, token="s3cret"))
    good = {"Authorization": "Bearer s3cret"}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
        assert client.patch("/api/events/e0", json={"type": "PROTEST"}, headers=headers).status_code == 403
        assert client.delete("/api/events/e0", headers=headers).status_code == 403
    response = client.patch("/api/events/e0", json={"type": "PROTEST", "fatalities": None}, headers=good)
    assert response.status_code == 200, response.text
    stored = client.get("/api/events/e0").json()
    assert (stored["type"], stored["fatalities"]) == ("PROTEST", None)
    assert client.patch("/api/events/e0", json={"event_id": "x"}, headers=good).status_code == 422
    assert client.patch("/api/events/e0", json={"colour": "red"}, headers=good).status_code == 422
    for bad in ({"date": {"day": 1}}, {"type": None}, {"modality": "rumoured"}, {"confidence": 7},
                {"source_actors": [{"nick": "x"}]}):
        assert client.patch("/api/events/e0", json=bad, headers=good).status_code == 422, bad
    assert client.patch("/api/events/zz", json={}, headers=good).status_code == 404
    assert client.delete("/api/events/e1", headers=good).status_code == 204
    assert client.get("/api/events/e1").status_code == 404
    assert client.delete("/api/events/e1", headers=good).status_code == 404
    paths = client.get("/openapi.json").json()["paths"]
    assert {"get", "patch", "delete"} <= set(paths["/api/events/{event_id}"])


def test_a_missing_store_file_is_refused(tmp_path):
    with pytest.raises(StoreError, match="no event store"):
        create_app(str(tmp_path / "missing.db"))
    assert not (tmp_path / "missing.db").exists()


def test_dashboard_pages_and_security_headers(client):
    for path in ("/", "/events/e0"):
        response = client.get(path)
        assert response.status_code == 200 and "text/html" in response.headers["content-type"]
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
    assert client.get("/docs").status_code == 404  # FastAPI's docs page loads from a CDN


def test_leaflet_comes_from_the_installed_package(client):
    import xstatic.pkg.leaflet as leaflet

    served = client.get("/leaflet/leaflet.js")
    assert served.status_code == 200
    assert served.content == (Path(leaflet.BASE_DIR) / "leaflet.js").read_bytes()


def test_dashboard_files_load_nothing_from_elsewhere_and_never_parse_html():
    for page in STATIC.glob("*.html"):
        for ref in re.findall(r'(?:src|href)="([^"]*)"', page.read_text(encoding="utf-8")):
            assert ref.startswith("/") and not ref.startswith("//"), (page.name, ref)
    for script in STATIC.glob("*.js"):
        code = script.read_text(encoding="utf-8")
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", code), script
        assert not re.search(r"https?://", code), script


def test_online_tiles_are_offered_only_when_configured(db):
    plain = TestClient(create_app(db))
    assert plain.get("/api/meta").json()["tiles"] is None
    tiles = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    online = TestClient(create_app(db, tiles=tiles))
    assert online.get("/api/meta").json()["tiles"] == tiles
    assert "https://*.tile.example.org" in online.get("/").headers["content-security-policy"]


def tiny_gazetteer(path: Path) -> Path:
    """A gazetteer holding only two blocks of villages in two countries."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE places (geonameid INTEGER PRIMARY KEY, name TEXT, ascii_name TEXT,"
                 " lat REAL, lon REAL, country_iso2 TEXT, country_iso3 TEXT, feature TEXT,"
                 " population INTEGER, admin1_code TEXT, admin1_name TEXT, admin1_geonameid INTEGER)")
    rows, n = [], 0
    for lat in range(40):
        for lon in range(80):
            n += 1
            y, x = 10 + lat * 0.1, 20 + lon * 0.1
            iso3, admin1 = ("AAA", "North" if y > 12 else "South") if x < 24 else ("BBB", "East")
            rows.append((n, f"p{n}", f"p{n}", y, x, iso3[:2], iso3, "PPL", 600, "01", admin1, None))
    conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.commit()
    conn.close()
    return path


def test_outlines_are_derived_from_the_gazetteer(tmp_path):
    from eventwire.web.outlines import build_outlines, outlines_json

    gazetteer = tiny_gazetteer(tmp_path / "gaz.sqlite")
    features = build_outlines(gazetteer)["features"]
    countries = {f["properties"]["country"]: f for f in features if f["properties"]["level"] == 0}
    divisions = {f["properties"]["admin1"] for f in features if f["properties"]["level"] == 1}
    assert set(countries) == {"AAA", "BBB"} and divisions == {"North", "South", "East"}
    ring = countries["AAA"]["geometry"]["coordinates"][0][0]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    assert 19.5 < min(lons) and max(lons) < 24.5 and 9.5 < min(lats) and max(lats) < 14.5
    body = outlines_json(str(gazetteer))
    assert json.loads(body)["features"] == json.loads(json.dumps(features))
    assert (tmp_path / "gaz.sqlite.outlines-v1.geojson").is_file()  # cached beside it
    assert outlines_json(str(tmp_path / "none.sqlite")) == b'{"type": "FeatureCollection", "features": []}'


def test_outlines_route(tmp_path, db):
    client = TestClient(create_app(db, gazetteer=str(tiny_gazetteer(tmp_path / "g.sqlite"))))
    response = client.get("/api/outlines.geojson")
    assert response.status_code == 200 and len(response.json()["features"]) == 5
    assert len(client.get("/api/outlines.geojson", params={"level": 0}).json()["features"]) == 2
    assert len(client.get("/api/outlines.geojson", params={"level": 1}).json()["features"]) == 3
    assert client.get("/api/outlines.geojson", params={"level": 2}).status_code == 422


def test_serve_command_runs_uvicorn_on_loopback(db, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from eventwire import cli

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setattr("eventwire.web.outlines.outlines_json", lambda *a, **k: b"")
    monkeypatch.delenv("EVENTWIRE_TOKEN", raising=False)
    runner = CliRunner()
    result = runner.invoke(cli.app, ["serve", "--db", db])
    assert result.exit_code == 0, result.output
    app, options = calls[-1]
    assert (options["host"], options["port"], app.state.allow_edit) == ("127.0.0.1", 8000, False)
    refused = runner.invoke(cli.app, ["serve", "--db", db, "--allow-edit"])
    assert isinstance(refused.exception, InputError) and "token" in str(refused.exception)
    result = runner.invoke(cli.app, ["serve", "--db", db, "--allow-edit", "--port", "8123"],
                           env={"EVENTWIRE_TOKEN": "t0k"})
    assert result.exit_code == 0, result.output
    app, options = calls[-1]
    assert options["port"] == 8123 and app.state.allow_edit and app.state.token == "t0k"
