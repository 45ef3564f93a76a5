"""Tests for the store on PostgreSQL: URLs, connection errors, PostGIS, migrating an old
store, and concurrent writers of one article (the rest of the suite runs on both backends).
"""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import replace

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, insert, make_url, text
from postgres_server import no_server
from test_store import make_article, make_event, schema_differences

from eventwire.errors import StoreError
from eventwire.query import BBox, EventQuery
from eventwire.records import Actor, Event, Place
from eventwire.store import Store, open_store, sql
from eventwire.store import schema as t
from eventwire.store.filters import select_events


def _scheme(url: str, scheme: str) -> str:
    return make_url(url).set(drivername=scheme).render_as_string(hide_password=False)


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_every_postgres_scheme_opens_with_psycopg(postgres_url: str, scheme: str) -> None:
    with open_store(_scheme(postgres_url, scheme)) as store:
        assert store._engine.dialect.driver == "psycopg"
        assert store._engine.url.query["connect_timeout"] == "10"
        assert store.save(make_article(), [make_event()], pipeline="p")
        assert "@" in store.where and make_url(postgres_url).password not in store.where


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"port": "free"}, "no PostgreSQL server is listening there"),
        ({"password": "wrong"}, "the password was refused"),
        ({"database": "nosuchdb"}, 'database "nosuchdb" does not exist'),
    ],
)
def test_connection_failures_are_one_line_store_errors(postgres_server, change, reason) -> None:
    url = make_url(postgres_server.url)
    if change.get("port") == "free":
        change = {"port": _free_port()}
    bad = url.set(**change).render_as_string(hide_password=False)
    with pytest.raises(StoreError) as caught:
        open_store(bad)
    message = str(caught.value)
    assert message.startswith("cannot open event store postgresql://") and reason in message
    assert "\n" not in message and (url.password not in message or "password" in change)


def test_migrations_on_an_empty_database(postgres_server) -> None:
    url = postgres_server.create_database(migrated=False)
    try:
        with open_store(url) as store:
            assert store.spatial is postgres_server.postgis
            version = _scalar(store, "SELECT version_num FROM alembic_version")
        assert version == "0002"
        assert schema_differences(url) == []
    finally:
        postgres_server.drop_database(url)


def _scalar(store: Store, sql_text: str) -> object:
    with store._engine.connect() as conn:
        return conn.execute(text(sql_text)).scalar()


def _grid_events(n: int = 12) -> list[Event]:
    """Events on a line of points, some exactly on the test boxes' edges, the last unplaced."""
    places = [Place(name="P", text="P", lat=30.0 + i, lon=35.0 + i / 2, country="SYR")
              for i in range(n - 1)]  # fmt: skip
    return [replace(make_event("g", i), place=p) for i, p in enumerate([*places, None])]


def test_postgis_bbox_uses_the_geometry_column(postgres_url: str, postgres_server) -> None:
    if not postgres_server.postgis:
        pytest.fail("the throwaway server has no PostGIS (install postgresql-15-postgis-3)")
    store = open_store(postgres_url)
    events = _grid_events()
    store.save(make_article("g"), events, pipeline="p")
    assert store.spatial
    geometry = _scalar(store, "SELECT type || ':' || srid FROM geometry_columns "
                              "WHERE f_table_name = 'events' AND f_geometry_column = 'geom'")
    assert geometry == "POINT:4326"
    assert "gist" in _scalar(store, "SELECT indexdef FROM pg_indexes "
                                    "WHERE indexname = 'ix_events_geom'")  # fmt: skip
    assert _scalar(store, "SELECT count(geom) FROM events") == len(events) - 1
    plain = Store(store._engine, store.where, spatial=False)  # the lat/lon BETWEEN path
    for box in (BBox(36.0, 32.0, 38.0, 36.0), BBox(35.0, 30.0, 35.0, 30.0), BBox(-1, -1, 1, 1)):
        query = EventQuery(bbox=box)
        expected = [e for e in events if query.matches(e)]
        assert list(store.events(query)) == list(plain.events(query)) == expected
    query = EventQuery(bbox=BBox(36.0, 32.0, 38.0, 36.0))
    compiled = str(select_events(query, dialect="postgresql", spatial=True))
    assert "events.geom &&" in compiled and "ST_MakeEnvelope" in compiled
    assert "ix_events_geom" in _plan(store, query)
    store.close()


def _plan(store: Store, query: EventQuery) -> str:
    """PostgreSQL's plan for ``query``, sequential scans discouraged (the table is tiny)."""
    stmt = select_events(query, dialect="postgresql", spatial=True)
    compiled = stmt.compile(store._engine)
    with store._engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        rows = conn.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).all()
    return "\n".join(row[0] for row in rows)


def test_moved_event_moves_its_geometry(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        store.save(make_article(), [make_event()], pipeline="p")
        moved = replace(make_event(), place=replace(make_event().place, lat=1.0, lon=2.0))
        store.replace_event(moved)
        assert list(store.events(bbox=BBox(1.5, 0.5, 2.5, 1.5))) == [moved]
        assert list(store.events(bbox=BBox(36, 35, 37, 36))) == []


def test_without_postgis_the_store_filters_by_lat_lon(postgres_server) -> None:
    url = postgres_server.create_database(plain=True)  # may not install PostGIS
    try:
        with open_store(url) as store:
            assert store.spatial is False
            events = _grid_events()
            store.save(make_article("g"), events, pipeline="p")
            query = EventQuery(bbox=BBox(36.0, 32.0, 38.0, 36.0))
            assert list(store.events(query)) == [e for e in events if query.matches(e)]
    finally:
        postgres_server.drop_database(url)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrade_from_0001_fills_the_new_columns(postgres_server, tmp_path, backend) -> None:
    url = (str(tmp_path / "old.db") if backend == "sqlite"
           else postgres_server.create_database(migrated=False))  # fmt: skip
    try:
        _store_at_0001(url)
        with open_store(url) as store:
            ids = lambda **kw: [e.event_id for e in store.events(**kw)]  # noqa: E731
            assert ids(actor="GUNMEN", country="syr") == ["a1-e0"]
            assert ids(type="attack", admin1="IDLIB") == ["a1-e0"]
            assert ids(bbox=BBox(36, 35, 37, 36)) == ["a1-e0"]
            assert store.spatial is (backend == "postgresql" and postgres_server.postgis)
    finally:
        if backend == "postgresql":
            postgres_server.drop_database(url)


def _store_at_0001(url: str) -> None:
    """A store migrated to 0001 only, holding one event as 0001's store wrote it."""
    db_url = sql._resolve(url)[0]
    engine = create_engine(db_url)
    config = Config(str(sql._HERE / "alembic.ini"))
    config.set_main_option("script_location", str(sql._HERE / "migrations"))
    ev = make_event(country="syr")
    row = {c.name: None for c in t.events.columns if not c.name.endswith("_key")}
    row.update(event_id=ev.event_id, article_id=ev.article_id, type=ev.type, country="syr",
               admin1="Idlib", lat=ev.place.lat, lon=ev.place.lon, modality=ev.modality,
               confidence=ev.confidence, record=json.dumps(ev.to_dict()))  # fmt: skip
    article = {c.name: "x" for c in t.articles.columns} | {"article_id": ev.article_id}
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(insert(t.articles), [article])
        conn.execute(insert(t.events), [row])
    engine.dispose()


def test_two_writers_of_one_article_leave_one_whole_coding(store_url: str) -> None:
    """Two stores recode the same article at once, again and again: every save is whole."""
    stores = [open_store(store_url), open_store(store_url)]
    errors: list[Exception] = []

    def write(store: Store, who: str) -> None:
        try:
            for i in range(12):
                version = f"{who}{i}"
                events = [_recoded(n, version) for n in range(1 + i % 3)]
                store.save(make_article(), events, pipeline=version)
        except StoreError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s, w)) for s, w in zip(stores, "xy")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with stores[0]._engine.connect() as conn:
        version = conn.execute(text("SELECT pipeline FROM articles")).scalar_one()
    stored = list(stores[0].events())
    n = 1 + int(version[1:]) % 3
    assert stored == [_recoded(i, version) for i in range(n)]
    assert stores[0].count(actor=version) == n
    assert stores[0].counts() == {"articles": 1, "events": n, "rejections": 0}
    for s in stores:
        s.close()


def _recoded(n: int, version: str) -> Event:
    return replace(make_event(n=n), source_actors=(Actor(text=version, name=version),))


def test_no_server_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="need initdb"):
        no_server("need initdb")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="need initdb"):
        no_server("need initdb")
