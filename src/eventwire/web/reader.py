"""Reading the store for the API: a page of events, optionally with duplicates merged.

The store answers an ``EventQuery`` itself, in SQL with bound parameters. Merging duplicate
reports (``eventwire.dedup``) needs every matching event at once, so a merged page is cut
from the merged list rather than by the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from eventwire.query import EventQuery
from eventwire.records import Event


def page(store: Any, query: EventQuery, *, merge: bool = False) -> tuple[int, list[Event]]:
    """How many events match ``query`` in all, and the events of its page.

    With ``merge``, reports of one event are first folded into one record (its other
    tellings in ``reports``), and the total counts merged events.
    """
    if not merge:
        return store.count(query), list(store.events(query))
    merged = _merged(store, query)
    return len(merged), _cut(merged, query)


def events(store: Any, query: EventQuery, *, merge: bool = False) -> Iterable[Event]:
    """The events of ``query``'s page, streamed unless they are to be merged."""
    if not merge:
        return store.events(query)
    return _cut(_merged(store, query), query)


def _merged(store: Any, query: EventQuery) -> list[Event]:
    from eventwire.dedup import deduplicate  # deferred: only merged pages need it

    return deduplicate(store.events(replace(query, limit=None, offset=0)))


def _cut(events: list[Event], query: EventQuery) -> list[Event]:
    stop = None if query.limit is None else query.offset + query.limit
    return events[query.offset:stop]


# Days either side of an event searched for other tellings: wider than dedup's own window
# (3 days) so that a chain of tellings a few days apart is still found whole.
NEIGHBOURHOOD_DAYS = 10


def merged_event(store: Any, event: Event) -> Event:
    """``event`` as merging shows it: the merged record its tellings fold into (listing the
    others in ``reports``), found among the events of its type in the days around it."""
    from eventwire.dedup import deduplicate

    near: dict[str, Event] = {e.event_id: e
                              for e in store.events(EventQuery(article_id=event.article_id))}
    if event.date.value is not None:
        day = date.fromisoformat(event.date.value)
        span = timedelta(days=NEIGHBOURHOOD_DAYS)
        query = EventQuery(type=event.type, since=(day - span).isoformat(),
                           until=(day + span).isoformat())
        near.update((e.event_id, e) for e in store.events(query))
    for merged in deduplicate(near.values()):
        tellings = {merged.event_id, *(r.event_id for r in merged.reports)}
        if event.event_id in tellings:
            return merged
    return event
