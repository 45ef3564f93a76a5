"""Tests for eventwire.store: round trips, idempotent saves, replacement, filters, errors.

Tests taking ``store`` or ``store_url`` run on SQLite and on PostgreSQL (a throwaway server,
see postgres_server.py); the rest test SQLite's own behaviour (WAL, locks, files).
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, event
from sqlalchemy.pool import Pool

from eventwire.errors import StoreError
from eventwire.records import Actor, Article, Event, EventDate, Evidence, Fatalities, Place
from eventwire.store import Store, open_store, sql
from eventwire.store.schema import metadata


def make_article(article_id: str = "a1", content_hash: str = "h1") -> Article:
    """A small article; the text is irrelevant to the store."""
    return Article(
        article_id=article_id,
        text="Gunmen killed three villagers near Idlib on Saturday.",
        title="Attack near Idlib",
        url=f"https://news.example/{article_id}",
        published="2018-09-09",
        source_name="Example News",
        origin=f"feed/{article_id}.json",
        content_hash=content_hash,
        language="en",
    )


def make_event(
    article_id: str = "a1",
    n: int = 0,
    *,
    type: str = "ASSAULT",
    date: str | None = "2018-09-08",
    country: str | None = "SYR",
    with_place: bool = True,
) -> Event:
    """An event built by hand, with every nested record filled in."""
    place = (
        Place(name="Idlib", text="Idlib", geonameid=169388, lat=35.93, lon=36.63,
              country=country, admin1="Idlib", geo_precision=2, feature="PPLA", start=36, end=41)
        if with_place
        else None
    )  # fmt: skip
    return Event(
        event_id=f"{article_id}-e{n}",
        article_id=article_id,
        type=type,
        mode="kill",
        acled_event_type="Violence against civilians",
        acled_sub_event_type="Attack",
        cameo="186",
        source_actors=(Actor(text="Gunmen", name="Unidentified Armed Group", sector="REB",
                             inter=3, start=0, end=6),),
        target_actors=(Actor(text="villagers", name="Civilians (Syria)", country="SYR",
                             sector="CVL", inter=7, start=20, end=29),),
        place=place,
        date=EventDate(value=date, precision=1, text="on Saturday", start=42, end=53),
        fatalities=Fatalities(best=3, low=3, high=3, victims=("villagers",), text="three"),
        reported_by=("Example News", "Agence Ünïcode"),
        modality="asserted",
        evidence=Evidence(sentence="Gunmen killed three villagers near Idlib on Saturday.",
                          start=0, end=53, trigger="killed", trigger_start=7, trigger_end=13),
        confidence=0.8,
        provenance=("events.v1", "places.resolve.v1"),
        url=f"https://news.example/{article_id}",
        source_name="Example News",
    )  # fmt: skip


@pytest.fixture
def store(store_url: str) -> Store:
    """A new, empty store on each backend."""
    with open_store(store_url) as opened:
        yield opened


def emptied(store: Store) -> Store:
    """``store`` with every row deleted (a new store for each Hypothesis example costs a
    database on PostgreSQL)."""
    with store._engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
    return store


def schema_differences(url: str) -> list[object]:
    """How the database at ``url`` differs from schema.py, PostGIS's additions left out."""
    engine = create_engine(sql._resolve(url)[0])

    def described(obj: object, name: str | None, kind: str, reflected: bool, _other) -> bool:
        return not (kind == "table" and reflected and name not in metadata.tables) and not (
            name in ("geom", "ix_events_geom")
        )

    with engine.connect() as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reflection does not know PostGIS's geometry type
        context = MigrationContext.configure(conn, opts={"include_object": described})
        diff = compare_metadata(context, metadata)
    engine.dispose()
    return diff


def test_round_trip(store: Store) -> None:
    article = make_article()
    events = [make_event(n=1, date="2018-09-07"), make_event(n=0, with_place=False)]
    assert store.save(article, events, pipeline="p1") is True
    assert list(store.events()) == [events[0], events[1]]
    assert store.article("a1") == article
    assert list(store.articles()) == [article]
    assert store.article("missing") is None
    assert store.has("a1", "h1") and not store.has("a1", "other") and not store.has("b", "h1")


def test_save_twice_changes_nothing(store: Store) -> None:
    store.save(make_article(), [make_event()], pipeline="p1")
    before = store.counts()
    assert store.save(make_article(), [make_event(), make_event(n=1)], pipeline="p1") is False
    assert store.counts() == before == {"articles": 1, "events": 1, "rejections": 0}


@pytest.mark.parametrize(("content_hash", "pipeline"), [("h1", "p2"), ("h2", "p1")])
def test_new_pipeline_or_content_replaces_events(
    store: Store, content_hash: str, pipeline: str
) -> None:
    store.save(make_article(), [make_event(n=0), make_event(n=1)], pipeline="p1")
    replacement = [make_event(n=2, type="PROTEST")]
    assert store.save(make_article(content_hash=content_hash), replacement, pipeline=pipeline)
    assert list(store.events()) == replacement
    assert store.counts()["articles"] == 1
    assert store.has("a1", content_hash)


def test_filters_and_order(store: Store) -> None:
    first = [make_event("a", 0, date="2018-09-10", country="IRQ"), make_event("a", 1, date=None)]
    second = [
        make_event("b", 0, type="PROTEST", date="2018-09-01"),
        make_event("b", 1, date="2018-09-05"),
    ]
    store.save(make_article("a"), first, pipeline="p")
    store.save(make_article("b"), second, pipeline="p")
    ids = lambda **kw: [e.event_id for e in store.events(**kw)]  # noqa: E731
    assert ids() == ["b-e0", "b-e1", "a-e0", "a-e1"]  # by date, undated last
    assert ids(article_id="a") == ["a-e0", "a-e1"]
    assert ids(type="PROTEST") == ["b-e0"]
    assert ids(country="IRQ") == ["a-e0"]
    assert ids(since="2018-09-05") == ["b-e1", "a-e0"]
    assert ids(until="2018-09-05") == ["b-e0", "b-e1"]
    assert ids(since="2018-09-02", until="2018-09-09") == ["b-e1"]
    assert ids(limit=2) == ["b-e0", "b-e1"]
    assert ids(type="ASSAULT", country="SYR") == ["b-e1", "a-e1"]


def test_rejections_are_counted(store: Store) -> None:
    store.record_rejection("feed/x.html", "empty text after cleaning")
    assert store.counts() == {"articles": 0, "events": 0, "rejections": 1}


def test_event_of_another_article_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="belongs to article b"):
        store.save(make_article("a"), [make_event("b")], pipeline="p")
    assert store.counts()["articles"] == 0


def test_duplicate_event_id_rolls_back(store: Store) -> None:
    with pytest.raises(StoreError, match="cannot save article a1"):
        store.save(make_article(), [make_event(), make_event()], pipeline="p")
    assert store.counts() == {"articles": 0, "events": 0, "rejections": 0}


def test_reopen_keeps_data_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with open_store(str(path)) as first:
        first.save(make_article(), [make_event()], pipeline="p")
    with open_store(f"sqlite:///{path}") as second:
        assert [e.event_id for e in second.events()] == ["a1-e0"]
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)


def test_migrations_match_schema_module(store_url: str) -> None:
    open_store(store_url).close()
    assert schema_differences(store_url) == []


def test_garbage_file_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database\n" * 200)
    with pytest.raises(StoreError, match=r"notes\.db.*not a database"):
        open_store(str(path))


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing/events.db", "does not exist"), (".", "is a directory")],
)
def test_unusable_path_is_a_store_error(tmp_path: Path, name: str, reason: str) -> None:
    with pytest.raises(StoreError, match=reason):
        open_store(str(tmp_path / name))


def test_unknown_database_url_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="nosuchdb"):
        open_store("nosuchdb://host/db")


def test_writer_waits_for_a_held_lock(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    store = open_store(str(path))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    results: list[bool] = []
    writer = threading.Thread(
        target=lambda: results.append(store.save(make_article(), [make_event()], pipeline="p"))
    )
    writer.start()
    time.sleep(0.3)
    assert writer.is_alive() and not results  # waiting, not failed
    holder.execute("COMMIT")
    holder.close()
    writer.join(timeout=10)
    assert results == [True]
    store.close()


def test_two_writers_on_one_store(store_url: str) -> None:
    stores = [open_store(store_url), open_store(store_url)]
    errors: list[Exception] = []

    def write(store: Store, prefix: str) -> None:
        try:
            for i in range(15):
                aid = f"{prefix}{i}"
                store.save(make_article(aid), [make_event(aid), make_event(aid, 1)], pipeline="p")
        except StoreError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s, p)) for s, p in zip(stores, "xy")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert stores[0].counts() == {"articles": 30, "events": 60, "rejections": 0}
    for s in stores:
        s.close()


@st.composite
def article_sets(draw: st.DrawFn) -> list[tuple[Article, list[Event]]]:
    """Distinct articles, each with 0-3 events on assorted dates (some undated)."""
    ids = draw(st.lists(st.text("abcdef", min_size=1, max_size=4), min_size=1, max_size=5,
                        unique=True))  # fmt: skip
    dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))
    return [
        (make_article(aid), [make_event(aid, n, date=draw(dates))
                             for n in range(draw(st.integers(0, 3)))])
        for aid in ids
    ]  # fmt: skip


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(items=article_sets(), data=st.data())
def test_saving_in_any_order_any_number_of_times(store: Store, items, data) -> None:
    repeats = data.draw(st.lists(st.sampled_from(items), max_size=6))
    order = data.draw(st.permutations(items + repeats))
    emptied(store)
    for article, events in order:
        store.save(article, events, pipeline="p")
    stored = list(store.events())
    counts = store.counts()
    expected = sorted(
        (e for _, events in items for e in events),
        key=lambda e: (e.date.value is None, e.date.value or "", e.event_id),
    )
    assert stored == expected
    assert counts["articles"] == len(items)


@pytest.mark.parametrize("what", ["file", "directory"])
def test_read_only_file_or_directory_is_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    path = tmp_path / "events.db"
    open_store(str(path)).close()
    denied = path if what == "file" else tmp_path
    # Simulated: chmod does not stop root, and the check asks os.access.
    allowed = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: allowed(p, mode) and Path(p) != denied)
    reason = "the file" if what == "file" else f"directory {tmp_path}"
    with pytest.raises(StoreError, match=re.escape(f"{path}: {reason} is read-only")):
        open_store(str(path))


def test_read_only_database_is_a_clear_error_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with open_store(str(path)) as writable:
        writable.save(make_article("a"), [make_event("a")], pipeline="p")
    with open_store(f"sqlite:///file:{path}?mode=ro&uri=true") as read_only:
        with pytest.raises(StoreError, match=rf"{path}.*cannot save article b: the database is "
                                             r"read-only$"):  # fmt: skip
            read_only.save(make_article("b"), [make_event("b")], pipeline="p")
        with pytest.raises(StoreError, match="read-only"):
            read_only.record_rejection("x.txt", "empty")
        assert read_only.counts() == {"articles": 1, "events": 1, "rejections": 0}


def test_full_database_is_a_clear_error_and_keeps_saved_articles(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as raw:
        cap = raw.execute("PRAGMA page_count").fetchone()[0] + 6
    raw.close()

    def cap_size(dbapi_conn, _record) -> None:  # a full disk, on demand
        dbapi_conn.execute(f"PRAGMA max_page_count = {cap}")

    saved: list[str] = []
    event.listen(Pool, "connect", cap_size)
    try:
        with open_store(str(path)) as store, pytest.raises(
            StoreError, match=r"cannot save article a\d+: the database or disk is full$"
        ):
            for i in range(100):
                store.save(make_article(f"a{i}"), [make_event(f"a{i}")], pipeline="p")
                saved.append(f"a{i}")
    finally:
        event.remove(Pool, "connect", cap_size)
    assert 0 < len(saved) < 100
    with open_store(str(path)) as store:
        assert [a.article_id for a in store.articles()] == sorted(saved)
        assert store.save(make_article("more"), [make_event("more")], pipeline="p")
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()


def test_lock_held_too_long_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "events.db"
    monkeypatch.setattr(sql, "BUSY_TIMEOUT_MS", 50)
    store = open_store(str(path))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="cannot save article a1: the database is locked"):
            store.save(make_article(), [make_event()], pipeline="p")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        store.close()
