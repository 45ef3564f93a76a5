"""The read-only API: events (JSON page, GeoJSON, ACLED CSV, JSON Lines), one event with its
article and evidence, one article."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from eventwire.query import EventQuery
from eventwire.records import article_to_dict
from eventwire.web import reader
from eventwire.web.params import export_query, page_query
from eventwire.web.spans import spans_as_dicts

router = APIRouter(prefix="/api", tags=["events"])

# URL extension -> (exporter name, media type); each becomes its own documented route.
EXPORTS = {
    "geojson": ("geojson", "application/geo+json"),
    "csv": ("acled-csv", "text/csv; charset=utf-8"),
    "jsonl": ("jsonl", "application/x-ndjson"),
}


Dedup = Annotated[bool, Query(description="Merge reports of one event into one record.")]


def _store(request: Request) -> Any:
    return request.app.state.store


@router.get("/events", summary="A page of events matching the filters")
def list_events(request: Request, query: Annotated[EventQuery, Depends(page_query)],
                dedup: Dedup = False) -> dict[str, Any]:
    """``{total, limit, offset, events}``: the events of one page, in date order, and how
    many match the filters in all."""
    total, events = reader.page(_store(request), query, merge=dedup)
    return {"total": total, "limit": query.limit, "offset": query.offset,
            "events": [e.to_dict() for e in events]}


def _export_route(ext: str, fmt: str, media_type: str) -> None:
    def export_events(request: Request, query: Annotated[EventQuery, Depends(export_query)],
                      dedup: Dedup = False) -> Response:
        from eventwire.export import export

        out = io.StringIO()
        export(reader.events(_store(request), query, merge=dedup), fmt, out)
        headers = {"Content-Disposition": f'inline; filename="events.{ext}"'}
        return Response(out.getvalue(), media_type=media_type, headers=headers)

    export_events.__doc__ = f"Every event matching the filters, written by the {fmt} exporter."
    router.add_api_route(f"/events.{ext}", export_events, methods=["GET"],
                         summary=f"Events as {fmt}", response_class=Response,
                         name=f"export_{ext}")


for _ext, (_fmt, _media) in EXPORTS.items():
    _export_route(_ext, _fmt, _media)


MEDIA_TYPES = {"plover-json": "application/x-ndjson", "cameo-tsv": "text/tab-separated-values",
               "parquet": "application/vnd.apache.parquet"}


@router.get("/export/{fmt}", summary="Events in any registered export format",
            response_class=Response)
def export_any(request: Request, fmt: str, query: Annotated[EventQuery, Depends(export_query)],
               dedup: Dedup = False) -> Response:
    """Every event matching the filters in format ``fmt`` (``acled-csv``, ``plover-json``,
    ``cameo-tsv``, ``parquet``, ... as listed by ``eventwire.export.formats()``)."""
    from eventwire.export import export, formats, is_binary

    if fmt not in formats():
        raise HTTPException(status_code=404, detail=f"no format {fmt!r}; known: {', '.join(formats())}")
    binary = is_binary(fmt)
    out = io.BytesIO() if binary else io.StringIO()
    export(reader.events(_store(request), query, merge=dedup), fmt, out)
    media = MEDIA_TYPES.get(fmt) or next(
        (m for _, (name, m) in EXPORTS.items() if name == fmt), "text/plain; charset=utf-8")
    return Response(out.getvalue(), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="events.{fmt}"'})


@router.get("/events/{event_id}", summary="One event with its article and evidence")
def get_event(request: Request, event_id: str, dedup: Dedup = False) -> dict[str, Any]:
    """The event's record, its article (cleaned text and metadata) and every field with the
    span of article text it was read from (``fields``). With ``dedup``, the merged record
    this event's tellings fold into, with the others in ``reports``."""
    store = _store(request)
    event = store.event(event_id)
    if event is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    if dedup:
        event = reader.merged_event(store, event)
    article = store.article(event.article_id)
    text = article.text if article is not None else ""
    return {**event.to_dict(),
            "article": article_to_dict(article) if article is not None else None,
            "fields": spans_as_dicts(event, text)}


@router.get("/articles/{article_id}", summary="One article and the ids of its events")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """The stored article (cleaned text and metadata) and the ids of the events coded from it."""
    store = _store(request)
    article = store.article(article_id)
    if article is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id!r}")
    events = store.events(EventQuery(article_id=article_id))
    return {**article_to_dict(article), "event_ids": [e.event_id for e in events]}


@router.get("/meta", summary="What this server offers")
def meta(request: Request) -> dict[str, Any]:
    """Counts in the store, whether editing is on, and the online tile URL if one is set."""
    state = request.app.state
    return {"counts": state.store.counts(), "edit": state.allow_edit, "tiles": state.tiles}
