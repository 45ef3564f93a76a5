"""The event store on SQLAlchemy: a SQLite file by default, any SQLAlchemy database by URL.

Opening a store applies the Alembic migrations in ``migrations/`` up to the newest, so a
new file gets the schema and an old one is upgraded in place. On SQLite every connection
uses WAL (readers never block the writer), enforces foreign keys, and waits up to
``BUSY_TIMEOUT_MS`` for a lock, and every write starts with ``BEGIN IMMEDIATE`` so that two
writing processes queue up instead of failing half-way through a transaction. On
PostgreSQL (psycopg 3) writers of one article take an advisory lock instead, and where
PostGIS is installed each event's point is kept in a ``geom`` column that bounding-box
queries use (see postgres.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import URL, create_engine, delete, func, insert, make_url, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.sql import Select

from eventwire.errors import StoreError
from eventwire.query import EventQuery
from eventwire.records import Article, Event
from eventwire.store import postgres
from eventwire.store import schema as t
from eventwire.store.filters import by_code_point, count_events, select_events
from eventwire.store.rows import ARTICLE_FIELDS, actor_rows, article_row, event_row, now

BUSY_TIMEOUT_MS = 30_000
_HERE = Path(__file__).parent
_QUERY_FIELDS = frozenset(f.name for f in fields(EventQuery))


def open_store(url: str) -> Store:
    """Open the store at ``url``, creating or upgrading its schema.

    ``url`` is either a file path (``events.db``, made absolute; ``:memory:`` for a
    throw-away database) or, when it contains ``://``, an SQLAlchemy URL such as
    ``postgresql://user:password@host:5432/db`` (``postgres://`` and ``postgresql://`` use
    psycopg 3). Raises StoreError naming the store and the reason when it cannot be opened
    (missing directory, unwritable, not a database, server down, password refused, no such
    database, unknown schema revision).
    """
    db_url, where = _resolve(url)
    try:
        engine = create_engine(db_url)
    except (SQLAlchemyError, ImportError) as exc:
        raise StoreError(f"cannot open event store {where}: {_reason(exc)}") from exc
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    try:
        spatial = _migrate(engine, db_url)
    except (SQLAlchemyError, CommandError) as exc:
        engine.dispose()
        raise StoreError(f"cannot open event store {where}: {_reason(exc)}") from exc
    return Store(engine, where, spatial=spatial)


class Store:
    """Articles, the events coded from them, and rejected inputs, in one database.

    ``where`` names the store in messages; ``spatial`` says whether bounding-box queries go
    through a PostGIS index.
    """

    def __init__(self, engine: Engine, where: str, *, spatial: bool = False) -> None:
        self._engine = engine
        self._dialect = engine.dialect.name
        self.where = where
        self.spatial = spatial

    def __repr__(self) -> str:
        return f"Store({self.where!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def save(self, article: Article, events: Sequence[Event], *, pipeline: str) -> bool:
        """Store ``article`` and its ``events`` in one transaction; False if nothing changed.

        An article already stored with the same content hash and ``pipeline`` version is left
        alone. One stored with another hash or version is replaced together with all of its
        old events.
        """
        for ev in events:
            if ev.article_id != article.article_id:
                raise StoreError(
                    f"{self.where}: event {ev.event_id} belongs to article {ev.article_id}, "
                    f"not {article.article_id}"
                )
        try:
            try:
                return self._save_once(article, events, pipeline)
            except IntegrityError:
                # Another writer stored this article between our read and our insert (possible
                # on a database where the store serialises no writers, neither SQLite nor
                # PostgreSQL): the retry sees its row.
                return self._save_once(article, events, pipeline)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"{self.where}: cannot save article {article.article_id}: {_reason(exc)}"
            ) from exc

    def _save_once(self, article: Article, events: Sequence[Event], pipeline: str) -> bool:
        key = article.article_id
        with self._writing(article=key) as conn:
            stored = conn.execute(
                select(t.articles.c.content_hash, t.articles.c.pipeline).where(
                    t.articles.c.article_id == key
                )
            ).first()
            if stored is not None and tuple(stored) == (article.content_hash, pipeline):
                return False
            if stored is not None:
                # Deleted explicitly rather than by cascade: a database without enforced
                # foreign keys must not keep the old events either.
                old = select(t.events.c.event_id).where(t.events.c.article_id == key)
                conn.execute(delete(t.event_actors).where(t.event_actors.c.event_id.in_(old)))
                conn.execute(delete(t.events).where(t.events.c.article_id == key))
                conn.execute(delete(t.articles).where(t.articles.c.article_id == key))
            conn.execute(insert(t.articles), [article_row(article, pipeline)])
            if events:
                conn.execute(insert(t.events), [event_row(ev) for ev in events])
                actors = [row for ev in events for row in actor_rows(ev)]
                if actors:
                    conn.execute(insert(t.event_actors), actors)
                if self.spatial:
                    postgres.fill_geometry(conn, article_id=key)
        return True

    def has(self, article_id: str, content_hash: str, pipeline: str | None = None) -> bool:
        """Whether this article, with this content hash, is stored (by ``pipeline`` if given,
        else by any pipeline version)."""
        stmt = select(t.articles.c.article_id).where(
            t.articles.c.article_id == article_id, t.articles.c.content_hash == content_hash
        )
        if pipeline is not None:
            stmt = stmt.where(t.articles.c.pipeline == pipeline)
        return self._one(stmt) is not None

    def events(self, query: EventQuery | None = None, **filters: Any) -> Iterator[Event]:
        """The stored events ``query`` asks for, by date then event id (undated last),
        streamed from the database.

        Keyword filters (``since``, ``country``, ``limit``, ... any ``EventQuery`` field) are
        applied over ``query``; one left as None changes nothing. An invalid filter raises
        StoreError at the call, before anything is read.
        """
        stmt = select_events(self._query(query, filters), **self._sql_options())
        return (Event.from_dict(json.loads(row.record)) for row in self._rows(stmt))

    def count(self, query: EventQuery | None = None, **filters: Any) -> int:
        """How many stored events ``query`` matches (its limit and offset ignored)."""
        stmt = count_events(self._query(query, filters), **self._sql_options())
        row = self._one(stmt)
        return int(row[0]) if row is not None else 0

    def event(self, event_id: str) -> Event | None:
        """The stored event with this id, or None."""
        row = self._one(select(t.events.c.record).where(t.events.c.event_id == event_id))
        return Event.from_dict(json.loads(row.record)) if row is not None else None

    def replace_event(self, event: Event) -> None:
        """Store ``event`` in place of the stored event with its id, which must belong to
        the same article; StoreError when there is none or it belongs to another."""
        try:
            with self._writing(article=event.article_id) as conn:
                self._replace_once(conn, event)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"{self.where}: cannot replace event {event.event_id}: {_reason(exc)}"
            ) from exc

    def _replace_once(self, conn: Connection, event: Event) -> None:
        key = event.event_id
        stored = conn.execute(
            select(t.events.c.article_id).where(t.events.c.event_id == key)
        ).first()
        if stored is None:
            raise StoreError(f"{self.where}: cannot replace event {key}: no such event")
        if stored.article_id != event.article_id:
            raise StoreError(
                f"{self.where}: cannot replace event {key}: it belongs to article "
                f"{stored.article_id}, not {event.article_id}"
            )
        conn.execute(update(t.events).where(t.events.c.event_id == key).values(event_row(event)))
        conn.execute(delete(t.event_actors).where(t.event_actors.c.event_id == key))
        actors = actor_rows(event)
        if actors:
            conn.execute(insert(t.event_actors), actors)
        if self.spatial:
            postgres.fill_geometry(conn, event_id=key)

    def delete_event(self, event_id: str) -> bool:
        """Remove the stored event with this id; False if there was none."""
        try:
            with self._writing() as conn:
                conn.execute(delete(t.event_actors).where(t.event_actors.c.event_id == event_id))
                gone = conn.execute(delete(t.events).where(t.events.c.event_id == event_id))
                return bool(gone.rowcount)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"{self.where}: cannot delete event {event_id}: {_reason(exc)}"
            ) from exc

    def articles(self) -> Iterator[Article]:
        """Every stored article, by article id."""
        stmt = select(*(t.articles.c[name] for name in ARTICLE_FIELDS))
        order = by_code_point(t.articles.c.article_id, self._dialect)
        for row in self._rows(stmt.order_by(order)):
            yield Article(**row._asdict())

    def article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        stmt = select(*(t.articles.c[name] for name in ARTICLE_FIELDS)).where(
            t.articles.c.article_id == article_id
        )
        row = self._one(stmt)
        return Article(**row._asdict()) if row is not None else None

    def record_rejection(self, origin: str, reason: str) -> None:
        """Note that the input at ``origin`` was rejected, and why (kept for reports)."""
        try:
            with self._writing() as conn:
                conn.execute(insert(t.rejections).values(origin=origin, reason=reason, at=now()))
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.where}: cannot record rejection: {_reason(exc)}") from exc

    def counts(self) -> dict[str, int]:
        """How many articles, events and rejections are stored."""
        names = ("articles", "events", "rejections")
        totals = (select(func.count()).select_from(t.metadata.tables[n]) for n in names)
        stmt = select(*(total.scalar_subquery() for total in totals))
        row = self._one(stmt)
        return {name: int(value) for name, value in zip(names, row or (0, 0, 0), strict=True)}

    def close(self) -> None:
        """Release the store's database connections."""
        self._engine.dispose()

    def _query(self, query: EventQuery | None, filters: dict[str, Any]) -> EventQuery:
        unknown = sorted(set(filters) - _QUERY_FIELDS)
        if unknown:
            raise TypeError(f"Store.events: unknown filter {', '.join(unknown)}")
        given = {name: value for name, value in filters.items() if value is not None}
        try:
            return replace(query or EventQuery(), **given)
        except ValueError as exc:
            raise StoreError(f"{self.where}: cannot read events: {exc}") from exc

    def _sql_options(self) -> dict[str, Any]:
        return {"dialect": self._dialect, "spatial": self.spatial}

    @contextmanager
    def _writing(self, *, article: str | None = None) -> Iterator[Connection]:
        """A write transaction; on PostgreSQL one that holds ``article``'s lock."""
        with self._engine.connect() as conn:
            conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                if article is not None and self._dialect == "postgresql":
                    postgres.lock(conn, f"article:{article}")
                yield conn

    def _one(self, stmt: Select[Any]) -> Row[Any] | None:
        try:
            with self._engine.connect() as conn:
                return conn.execute(stmt).first()
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.where}: cannot read: {_reason(exc)}") from exc

    def _rows(self, stmt: Select[Any]) -> Iterator[Row[Any]]:
        try:
            with self._engine.connect() as conn:
                yield from conn.execution_options(yield_per=500).execute(stmt)
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.where}: cannot read: {_reason(exc)}") from exc


def _resolve(url: str) -> tuple[URL, str]:
    """The SQLAlchemy URL for ``url`` and how to name the store in messages."""
    if "://" in url:
        try:
            parsed = make_url(url)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open event store {url}: {_reason(exc)}") from exc
        # Named as the user typed it, unless that shows a password.
        where = url if parsed.password is None else parsed.render_as_string()
        return postgres.driver_url(parsed), where
    if url == ":memory:":
        return make_url("sqlite://"), url
    path = Path(url).expanduser().resolve()
    _check_writable(path)
    return URL.create("sqlite", database=str(path)), str(path)


def _check_writable(path: Path) -> None:
    """Raise StoreError when SQLite could not create or write the file at ``path``."""
    problem = None
    if path.is_dir():
        problem = "it is a directory"
    elif not path.parent.is_dir():
        problem = f"directory {path.parent} does not exist"
    elif path.exists() and not os.access(path, os.W_OK):
        problem = "the file is read-only (permission denied)"
    elif not os.access(path.parent, os.W_OK):
        # SQLite creates the file, and in WAL mode its -wal and -shm files, beside it.
        problem = f"directory {path.parent} is read-only (permission denied)"
    if problem:
        raise StoreError(f"cannot open event store {path}: {problem}")


def _tune_sqlite(engine: Engine) -> None:
    """Set WAL, foreign keys and a busy timeout on each new SQLite connection."""

    @sa_event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Turn off the driver's own implicit BEGIN so that _on_begin decides how to begin.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @sa_event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the write lock at BEGIN (waiting up to the busy timeout); a deferred
        # BEGIN would fail with "database is locked" when it later tries to upgrade.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def _migrate(engine: Engine, url: URL) -> bool:
    """Bring the schema up to the newest migration, in one write transaction; whether the
    events have a PostGIS column."""
    config = Config(str(_HERE / "alembic.ini"))
    config.set_main_option("script_location", str(_HERE / "migrations"))
    # ConfigParser treats "%" as interpolation; URL-encoded passwords contain it.
    rendered = url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    with engine.connect() as conn:
        conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            postgresql = engine.dialect.name == "postgresql"
            if postgresql:
                postgres.lock_migrations(conn)
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            return postgresql and postgres.has_geometry(conn)


# SQLite's wording for failures that stop every later write too, and what to tell the user.
_PLAIN_REASONS = {
    "attempt to write a readonly database": "the database is read-only",
    "database or disk is full": "the database or disk is full",
    "database is locked": "the database is locked (another writer held it longer than "
    f"{BUSY_TIMEOUT_MS // 1000} s)",
    **postgres.CONNECT_REASONS,
}


def _reason(exc: Exception) -> str:
    """The driver's own message when there is one (shorter than SQLAlchemy's wrapper), in
    plain words for a read-only database, a full disk and a lock held too long."""
    orig = getattr(exc, "orig", None)
    lines = str(orig if orig is not None else exc).strip().splitlines()
    reason = lines[0] if lines else type(exc).__name__
    # libpq: 'connection failed: connection to server at "h", port 5432 failed: FATAL:  why'
    reason = " ".join(reason.rpartition("FATAL:")[2].split()) or reason
    for driver_words, plain in _PLAIN_REASONS.items():
        if driver_words in reason.lower():
            return plain if reason.lower() == driver_words else f"{plain} ({reason})"
    return reason
