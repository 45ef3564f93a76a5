"""The event store on SQLAlchemy: a SQLite file by default, any SQLAlchemy database by URL.

Opening a store applies the Alembic migrations in ``migrations/`` up to the newest, so a
new file gets the schema and an old one is upgraded in place. On SQLite every connection
uses WAL (readers never block the writer), enforces foreign keys, and waits up to
``BUSY_TIMEOUT_MS`` for a lock, and every write starts with ``BEGIN IMMEDIATE`` so that two
writing processes queue up instead of failing half-way through a transaction.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import URL, create_engine, delete, func, insert, make_url, select
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.sql import Select

from eventwire.errors import StoreError
from eventwire.records import Article, Event
from eventwire.store import schema as t

BUSY_TIMEOUT_MS = 30_000
_HERE = Path(__file__).parent
_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))


def open_store(url: str) -> Store:
    """Open the store at ``url``, creating or upgrading its schema.

    ``url`` is either a file path (``events.db``, made absolute; ``:memory:`` for a
    throw-away database) or, when it contains ``://``, an SQLAlchemy URL such as
    ``postgresql+psycopg://user@host/db``. Raises StoreError naming the store and the reason
    when it cannot be opened (missing directory, unwritable, not a database, unknown
    schema revision).
    """
    db_url, where = _resolve(url)
    try:
        engine = create_engine(db_url)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open event store {where}: {_reason(exc)}") from exc
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    try:
        _migrate(engine, db_url)
    except (SQLAlchemyError, CommandError) as exc:
        engine.dispose()
        raise StoreError(f"cannot open event store {where}: {_reason(exc)}") from exc
    return Store(engine, where)


class Store:
    """Articles, the events coded from them, and rejected inputs, in one database."""

    def __init__(self, engine: Engine, where: str) -> None:
        self._engine = engine
        self.where = where

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
                # where writes are not serialised, as on PostgreSQL): the retry sees its row.
                return self._save_once(article, events, pipeline)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"{self.where}: cannot save article {article.article_id}: {_reason(exc)}"
            ) from exc

    def _save_once(self, article: Article, events: Sequence[Event], pipeline: str) -> bool:
        key = article.article_id
        with self._writing() as conn:
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
                conn.execute(delete(t.events).where(t.events.c.article_id == key))
                conn.execute(delete(t.articles).where(t.articles.c.article_id == key))
            conn.execute(insert(t.articles), [_article_row(article, pipeline)])
            if events:
                conn.execute(insert(t.events), [_event_row(ev) for ev in events])
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

    def events(
        self,
        *,
        article_id: str | None = None,
        type: str | None = None,
        country: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Event]:
        """Stored events, by date then event id (undated last), streamed from the database.

        ``since`` and ``until`` are inclusive ``YYYY-MM-DD`` bounds on the event date (an
        undated event matches neither); ``country`` is the place's ISO 3166 alpha-3 code.
        """
        c = t.events.c
        stmt = select(c.record)
        for column, wanted in ((c.article_id, article_id), (c.type, type), (c.country, country)):
            if wanted is not None:
                stmt = stmt.where(column == wanted)
        if since is not None:
            stmt = stmt.where(c.date_value >= since)
        if until is not None:
            stmt = stmt.where(c.date_value <= until)
        stmt = stmt.order_by(c.date_value.asc().nulls_last(), c.event_id)
        if limit is not None:
            stmt = stmt.limit(limit)
        for row in self._rows(stmt):
            yield Event.from_dict(json.loads(row.record))

    def articles(self) -> Iterator[Article]:
        """Every stored article, by article id."""
        stmt = select(*(t.articles.c[name] for name in _ARTICLE_FIELDS))
        for row in self._rows(stmt.order_by(t.articles.c.article_id)):
            yield Article(**row._asdict())

    def article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        stmt = select(*(t.articles.c[name] for name in _ARTICLE_FIELDS)).where(
            t.articles.c.article_id == article_id
        )
        row = self._one(stmt)
        return Article(**row._asdict()) if row is not None else None

    def record_rejection(self, origin: str, reason: str) -> None:
        """Note that the input at ``origin`` was rejected, and why (kept for reports)."""
        try:
            with self._writing() as conn:
                conn.execute(insert(t.rejections).values(origin=origin, reason=reason, at=_now()))
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

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
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
        return parsed, url if parsed.password is None else parsed.render_as_string()
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


def _migrate(engine: Engine, url: URL) -> None:
    """Bring the schema up to the newest migration, in one write transaction."""
    config = Config(str(_HERE / "alembic.ini"))
    config.set_main_option("script_location", str(_HERE / "migrations"))
    # ConfigParser treats "%" as interpolation; URL-encoded passwords contain it.
    rendered = url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    with engine.connect() as conn:
        conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, "head")


def _article_row(article: Article, pipeline: str) -> dict[str, Any]:
    row = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    return {**row, "pipeline": pipeline, "coded_at": _now()}


def _event_row(ev: Event) -> dict[str, Any]:
    place = ev.place
    return {
        "event_id": ev.event_id,
        "article_id": ev.article_id,
        "type": ev.type,
        "mode": ev.mode,
        "acled_event_type": ev.acled_event_type,
        "acled_sub_event_type": ev.acled_sub_event_type,
        "cameo": ev.cameo,
        "date_value": ev.date.value,
        "date_precision": ev.date.precision,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geo_precision": place.geo_precision if place else None,
        "fatalities_best": ev.fatalities.best if ev.fatalities else None,
        "modality": ev.modality,
        "confidence": ev.confidence,
        "record": json.dumps(ev.to_dict(), ensure_ascii=False, sort_keys=True),
    }


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# SQLite's wording for failures that stop every later write too, and what to tell the user.
_PLAIN_REASONS = {
    "attempt to write a readonly database": "the database is read-only",
    "database or disk is full": "the database or disk is full",
    "database is locked": "the database is locked (another writer held it longer than "
    f"{BUSY_TIMEOUT_MS // 1000} s)",
}


def _reason(exc: Exception) -> str:
    """The driver's own message when there is one (shorter than SQLAlchemy's wrapper), in
    plain words for a read-only database, a full disk and a lock held too long."""
    orig = getattr(exc, "orig", None)
    lines = str(orig if orig is not None else exc).strip().splitlines()
    reason = lines[0] if lines else type(exc).__name__
    for driver_words, plain in _PLAIN_REASONS.items():
        if driver_words in reason.lower():
            return plain if reason.lower() == driver_words else f"{plain} ({reason})"
    return reason
