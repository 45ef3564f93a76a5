"""Editing routes (PATCH and DELETE ``/api/events/{id}``), mounted only when the app is built
with ``allow_edit`` and a token; every request must carry ``Authorization: Bearer <token>``.

Without them the routes do not exist, so an edit request gets 405 (the path answers GET
only). With them, a missing or wrong token gets 403.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Request
from fastapi.responses import Response

from eventwire.records import MODALITIES, Event

# Fields that name the record itself; an edit may not change them.
FIXED_FIELDS = ("event_id", "article_id")


def _check_token(request: Request,
                 authorization: Annotated[str | None, Header()] = None) -> None:
    """403 unless the request carries the server's bearer token."""
    expected = request.app.state.token
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             expected.encode()):
        raise HTTPException(status_code=403, detail="editing needs 'Authorization: Bearer <token>'")


router = APIRouter(prefix="/api", tags=["editing"], dependencies=[Depends(_check_token)])


@router.patch("/events/{event_id}", summary="Change fields of one event")
def patch_event(request: Request, event_id: str,
                changes: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    """Replace the given top-level fields of the event's record (``type``, ``place``,
    ``fatalities``, ...) and store it; the changed record is returned."""
    store = request.app.state.store
    event = store.event(event_id)
    if event is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    record = event.to_dict()
    unknown = sorted(set(changes) - set(record))
    if unknown:
        raise HTTPException(status_code=422, detail=f"unknown fields: {', '.join(unknown)}")
    fixed = [f for f in FIXED_FIELDS if f in changes and changes[f] != record[f]]
    if fixed:
        raise HTTPException(status_code=422, detail=f"cannot change {', '.join(fixed)}")
    try:
        changed = Event.from_dict({**record, **changes})
    except (TypeError, ValueError, KeyError) as exc:
        raise HTTPException(status_code=422, detail=f"invalid event: {exc}") from None
    problem = _problem(changed)
    if problem:
        raise HTTPException(status_code=422, detail=f"invalid event: {problem}")
    store.replace_event(changed)
    return changed.to_dict()


@router.delete("/events/{event_id}", status_code=204, summary="Delete one event")
def delete_event(request: Request, event_id: str) -> Response:
    """Remove the event from the store; 404 if there is none with this id."""
    if not request.app.state.store.delete_event(event_id):
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    return Response(status_code=204)


def _problem(event: Event) -> str | None:
    """What makes an edited event unfit to store, or None: the checks ``from_dict`` leaves out."""
    if not isinstance(event.type, str) or not event.type.strip():
        return "type must be a non-empty string"
    if event.modality not in MODALITIES:
        return f"modality must be one of {', '.join(MODALITIES)}"
    if not isinstance(event.confidence, (int, float)) or not 0 <= event.confidence <= 1:
        return "confidence must be a number from 0 to 1"
    return None
