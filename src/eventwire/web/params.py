"""Query-string parameters of the event routes, turned into one ``EventQuery``.

Every event route (the JSON page, the GeoJSON and CSV exports) takes the same filters, so
they are declared once here as a FastAPI dependency. Values are checked by ``EventQuery``
and ``BBox.parse``; a bad value becomes a 422 response that says which parameter and why.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import HTTPException, Query

from eventwire.query import BBox, EventQuery

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

Since = Annotated[str | None, Query(description="First day, YYYY-MM-DD (inclusive).")]
Until = Annotated[str | None, Query(description="Last day, YYYY-MM-DD (inclusive).")]
Country = Annotated[str | None, Query(description="ISO 3166 alpha-3 code of the event's place.")]
Admin1 = Annotated[str | None, Query(description="First-level division name (any case).")]
Type = Annotated[
    str | None, Query(description="PLOVER type, ACLED event type or ACLED sub-event type.")
]
ActorWords = Annotated[
    str | None, Query(description="Words in an actor's text, name, country or sector.")
]
Bbox = Annotated[str | None, Query(description="Bounding box west,south,east,north (degrees).")]
Article = Annotated[str | None, Query(description="Only events coded from this article.")]


def _query(since, until, country, admin1, type, actor, bbox, article_id, limit, offset):
    """An EventQuery from raw parameter values; HTTP 422 naming the bad parameter."""
    try:
        box = BBox.parse(bbox) if bbox else None
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=f"bbox: {exc}") from None
    try:
        return EventQuery(since=since or None, until=until or None,
                          country=country.upper() if country else None,
                          admin1=admin1 or None, type=type or None, actor=actor or None,
                          bbox=box, article_id=article_id or None, limit=limit, offset=offset)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None


def page_query(
    since: Since = None,
    until: Until = None,
    country: Country = None,
    admin1: Admin1 = None,
    type: Type = None,
    actor: ActorWords = None,
    bbox: Bbox = None,
    article_id: Article = None,
    limit: Annotated[int, Query(ge=0, le=MAX_LIMIT, description="Events per page.")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, description="Events to skip.")] = 0,
) -> EventQuery:
    """The filters and page of ``GET /api/events``."""
    return _query(since, until, country, admin1, type, actor, bbox, article_id, limit, offset)


def export_query(
    since: Since = None,
    until: Until = None,
    country: Country = None,
    admin1: Admin1 = None,
    type: Type = None,
    actor: ActorWords = None,
    bbox: Bbox = None,
    article_id: Article = None,
    limit: Annotated[int | None, Query(ge=0, description="Most events (default all).")] = None,
    offset: Annotated[int, Query(ge=0, description="Events to skip.")] = 0,
) -> EventQuery:
    """The filters of the export routes: every matching event unless ``limit`` is given."""
    return _query(since, until, country, admin1, type, actor, bbox, article_id, limit, offset)
