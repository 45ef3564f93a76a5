"""The ``plover`` suite: PLOVER gold-standard records (OEDA 2016), one sentence each.

Gold: a JSON array of records with ``text``, ``event`` (a PLOVER 0.5 type) and
``source``/``target`` lists of actors ``{actorText, code, sector}``; records without
``text`` (the leading documentation record) are skipped. PLOVER 0.5 names are read as
today's: DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, FIGHT -> ASSAULT, INVESTIGATE -> ACCUSE.

``event_accuracy`` is the share of sentences whose main event (first asserted event)
has the gold type; ``any_event_accuracy`` the share where any asserted event does.
``source_country_f1`` and ``target_country_f1`` compare, per sentence, the set of
countries of the gold actors with the set of countries of the main event's actors,
summed over sentences (micro F1). Gold codes that are not countries (IGO, NGO, IMG,
ISM ...) are left out; three misspelt codes are read as meant (JAP, ITL, VTN).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eventwire.errors import InputError
from eventwire.evaluate import Report
from eventwire.evaluate.coding import (
    asserted,
    check_options,
    code_texts,
    main_event,
    read_gold,
    share,
    take,
)
from eventwire.evaluate.metrics import prf
from eventwire.registry import register

OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT",
             "INVESTIGATE": "ACCUSE"}
MISSPELT = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


@dataclass(frozen=True)
class Record:
    """One gold sentence: its event type (today's name) and its actors' countries."""

    record_id: str
    text: str
    event: str
    sources: frozenset[str]
    targets: frozenset[str]


@lru_cache(maxsize=1)
def _alpha3() -> frozenset[str]:
    """ISO 3166 alpha-3 codes (from the GeoNames country table eventwire already uses)."""
    from eventwire.actors import country_names

    return frozenset(country_names())


def countries(actors: object) -> frozenset[str]:
    """The country codes among a gold ``source``/``target`` value (a list, '' or None)."""
    if not isinstance(actors, list):
        return frozenset()
    codes = (str(a.get("code", "")) for a in actors if isinstance(a, dict))
    return frozenset(c for c in (MISSPELT.get(c, c) for c in codes) if c in _alpha3())


def load(path: Path, limit: int | None = None) -> list[Record]:
    """The sentence records of a PLOVER GSR JSON array."""
    try:
        data = json.loads(read_gold(path, "the PLOVER GSR JSON array"))
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not JSON: {exc}") from None
    if not isinstance(data, list):
        raise InputError(str(path), "expected a JSON array of records")
    records = []
    for i, rec in enumerate(data):
        if not isinstance(rec, dict) or not rec.get("text"):
            continue
        if not rec.get("event"):
            raise InputError(f"{path}[{i}]", "record has text but no event")
        event = OLD_NAMES.get(rec["event"], rec["event"])
        records.append(Record(str(rec.get("id", i)), rec["text"], event,
                              countries(rec.get("source")), countries(rec.get("target"))))
    return take(records, limit)


@dataclass(frozen=True)
class Prediction:
    """What eventwire coded for one sentence."""

    event: str | None
    any_events: frozenset[str]
    sources: frozenset[str]
    targets: frozenset[str]


def predict_one(doc) -> Prediction:
    """The main event's type and actors' countries, and every asserted type."""
    event = main_event(doc)
    types = frozenset(e.type for e in asserted(doc))
    if event is None:
        return Prediction(None, types, frozenset(), frozenset())
    return Prediction(event.type, types,
                      frozenset(a.country for a in event.source_actors if a.country),
                      frozenset(a.country for a in event.target_actors if a.country))


def _set_f1(gold: list[frozenset], pred: list[frozenset]) -> float:
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    fp = sum(len(p - g) for g, p in zip(gold, pred, strict=True))
    fn = sum(len(g - p) for g, p in zip(gold, pred, strict=True))
    return prf(tp, fp, fn)[2]


def score(records: list[Record], preds: list[Prediction]) -> dict[str, float | int]:
    """Event-type accuracy and actor-country F1."""
    pairs = list(zip(records, preds, strict=True))
    sources = _set_f1([r.sources for r in records], [p.sources for p in preds])
    targets = _set_f1([r.targets for r in records], [p.targets for p in preds])
    return {
        "event_accuracy": share(r.event == p.event for r, p in pairs),
        "any_event_accuracy": share(r.event in p.any_events for r, p in pairs),
        "source_country_f1": round(sources, 4),
        "target_country_f1": round(targets, 4),
        "no_event": sum(p.event is None for p in preds),
        "n": len(records),
    }


@register("evals", "plover")
def plover(path: Path, *, limit: int | None = None, mode: str | None = None) -> Report:
    """Score the PLOVER type and the actors' countries of each gold sentence."""
    check_options(mode)
    records = load(Path(path), limit)
    failures: list[str] = []
    docs = code_texts([r.text for r in records], failures=failures)
    preds = [predict_one(d) for d in docs]
    return Report("plover", str(path), score(records, preds), failures)
