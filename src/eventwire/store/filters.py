"""An ``EventQuery`` as SQL: WHERE conditions with bound parameters, and the store's order.

Each condition gives, for any stored event, the answer ``EventQuery.matches`` gives for it:
names and types are compared with the casefolded copies the store writes (see rows.py),
text is compared byte by byte (PostgreSQL's ``"C"`` collation, whatever the database's
own), and a bounding box is an inclusive test on the place's longitude and latitude, first
narrowed through the PostGIS index where the store has a ``geom`` column.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, func, literal_column, or_, select
from sqlalchemy.sql import ColumnElement, Select

from eventwire.query import BBox, EventQuery
from eventwire.store import schema as t
from eventwire.store.rows import ACTOR_FIELDS

WGS84 = 4326


def select_events(query: EventQuery, *, dialect: str, spatial: bool) -> Select[Any]:
    """The records of the events ``query`` asks for, one page of them, in store order."""
    c = t.events.c
    stmt = select(c.record).where(*conditions(query, dialect=dialect, spatial=spatial))
    day, event_id = by_code_point(c.date_value, dialect), by_code_point(c.event_id, dialect)
    stmt = stmt.order_by(day.asc().nulls_last(), event_id)
    if query.limit is not None:
        stmt = stmt.limit(query.limit)
    if query.offset:
        stmt = stmt.offset(query.offset)
    return stmt


def count_events(query: EventQuery, *, dialect: str, spatial: bool) -> Select[Any]:
    """How many events ``query`` matches, paging ignored."""
    where = conditions(query, dialect=dialect, spatial=spatial)
    return select(func.count()).select_from(t.events).where(*where)


def conditions(query: EventQuery, *, dialect: str, spatial: bool) -> list[ColumnElement[bool]]:
    """One condition per filter that ``query`` sets."""
    c = t.events.c
    out: list[ColumnElement[bool]] = []
    if query.article_id is not None:
        out.append(c.article_id == query.article_id)
    if query.since is not None:
        out.append(by_code_point(c.date_value, dialect) >= query.since)
    if query.until is not None:
        out.append(by_code_point(c.date_value, dialect) <= query.until)
    if query.country is not None:
        out.append(c.country == query.country.upper())
    if query.admin1 is not None:
        out.append(c.admin1_key == query.admin1.casefold())
    if query.type is not None:
        wanted = query.type.casefold()
        keys = (c.type_key, c.acled_event_type_key, c.acled_sub_event_type_key)
        out.append(or_(*(key == wanted for key in keys)))
    if query.actor is not None:
        out.append(_actor_condition(query.actor.casefold()))
    if query.bbox is not None:
        out.append(_bbox_condition(query.bbox, spatial=spatial))
    return out


def _actor_condition(wanted: str) -> ColumnElement[bool]:
    a = t.event_actors.c
    found = or_(*(a[name].contains(wanted, autoescape=True) for name in ACTOR_FIELDS))
    return exists().where(a.event_id == t.events.c.event_id, found)


def _bbox_condition(box: BBox, *, spatial: bool) -> ColumnElement[bool]:
    c = t.events.c
    inside = and_(c.lon.between(box.west, box.east), c.lat.between(box.south, box.north))
    if not spatial:
        return inside
    # "&&" compares single-precision boxes rounded outwards: it finds every point inside
    # (through the GiST index) and perhaps a few just outside, which the exact test drops.
    envelope = func.ST_MakeEnvelope(box.west, box.south, box.east, box.north, WGS84)
    return and_(literal_column("events.geom").op("&&")(envelope), inside)


def by_code_point(column: ColumnElement[Any], dialect: str) -> ColumnElement[Any]:
    """``column`` compared and sorted by code point, as Python compares strings."""
    return column.collate("C") if dialect == "postgresql" else column
