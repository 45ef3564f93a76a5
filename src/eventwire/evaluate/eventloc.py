"""Event-location evaluation: ``eventwire eval eventloc`` (which place an event happened at,
Halterman 2019); ``EVENTLOC_NOTES`` defines every metric."""

from __future__ import annotations

import ast
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.doc import Document, EventCandidate
from eventwire.errors import InputError
from eventwire.evaluate import Report
from eventwire.evaluate.geo import StepRunner, batched, document, overlaps
from eventwire.evaluate.metrics import prf
from eventwire.records import Place
from eventwire.registry import register

LINK_STEPS = (
    "nlp.parse.v1", "places.recognize.v1", "places.resolve.v1", "events.detect.v1",
    "actors.code.v1", "dates.resolve.v1", "events.background.v1", "fatalities.extract.v1",
    "sources.attribute.v1", "places.link.v1",
)

FALLBACK_CODE = "attack"  # the event code given to a gold verb eventwire did not detect

EVENTLOC_NOTES = (
    "Records: answer == accept (mode=all adds those without an answer field); the first VERB "
    "span is the event; records without one are skipped.",
    "Prediction: the places the trained linker (places.linker) links to the first candidate "
    "whose trigger overlaps the verb (notes['linked'], finer than Event.place: a quarter stays "
    "a quarter); a verb set aside as background, or not detected at all (then coded by its "
    f"trigger table entry, else {FALLBACK_CODE!r}), is linked here the same way. The model was "
    "trained on these records: see docs/accuracy.md for the held-out figure.",
    "Scores: micro token precision / recall / F1 over the gold tokenisation (a token counts when "
    "it overlaps the predicted place's character span); gold tokens come from the spans' token "
    "indices (their character offsets are sometimes wrong); exact_record: the token sets are equal.",
)



@dataclass(frozen=True)
class EventLocRecord:
    """One gold sentence: its event verb and the tokens naming where that event happened."""

    record_id: str
    text: str
    tokens: tuple[tuple[int, int], ...]  # character span of each gold token
    verb: tuple[int, int]  # character span of the event verb
    gold: frozenset[int]  # indices of the gold location tokens

    def tokens_in(self, places: Iterable[Place]) -> set[int]:
        """The gold tokenisation's tokens that the places' character spans overlap."""
        spans = [(p.start, p.end) for p in places if p.start >= 0]
        return {i for i, tok in enumerate(self.tokens) if any(overlaps(tok, s) for s in spans)}


def _field(rec: dict[str, Any], key: str) -> Any:
    value = rec.get(key, [])
    # The research assistants' records store their lists as Python literals.
    return ast.literal_eval(value) if isinstance(value, str) else value


def read_eventloc(path: Path, *, with_unanswered: bool = False) -> tuple[list[EventLocRecord], int]:
    """The accepted records of the Prodigy JSONL (and, ``with_unanswered``, the records
    without an answer field) that have an event verb; and how many were skipped."""
    records, skipped = [], 0
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the gold JSONL: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}", f"not JSON: {exc}") from exc
        if rec.get("answer") != "accept" and not (with_unanswered and "answer" not in rec):
            continue
        spans = _field(rec, "spans")
        verbs = [s for s in spans if s.get("label") == "VERB"]
        if not verbs:
            skipped += 1
            continue
        tokens = tuple((t["start"], t["end"]) for t in _field(rec, "tokens"))
        # Token indices, not character offsets: some LOCATION spans carry token numbers
        # as character offsets, and a few run past the last token.
        gold = {i for s in spans if s.get("label") == "LOCATION"
                for i in range(s["token_start"], min(s["token_end"] + 1, len(tokens)))}
        verb = (verbs[0]["start"], verbs[0]["end"])
        records.append(EventLocRecord(str(rec.get("_id", n)), rec["text"], tokens, verb, frozenset(gold)))
    return records, skipped


def _own_candidate(doc: Document, verb: tuple[int, int]) -> EventCandidate:
    """An event candidate for the gold verb eventwire did not detect itself."""
    from eventwire.events import match_trigger

    span = doc.spacy.char_span(*verb, alignment_mode="expand")
    tok = span.root if span is not None else doc.spacy[0]
    si = next(i for i, s in enumerate(doc.sentences) if s.start <= tok.i < s.end)
    trig = match_trigger(tok)
    return EventCandidate(
        code=trig.code if trig is not None else FALLBACK_CODE, sentence_index=si,
        trigger_start=tok.idx, trigger_end=tok.idx + len(tok.text), trigger_text=tok.text,
        trigger_token=tok.i,
    )


def gold_candidate(doc: Document, verb: tuple[int, int]) -> tuple[EventCandidate, str]:
    """The event candidate of ``verb`` and how it was found: ``detected``, ``background``
    (set aside as history) or ``added`` (made here, see :func:`_own_candidate`)."""
    def on_verb(c: EventCandidate) -> bool:
        return overlaps((c.trigger_start, c.trigger_end), verb)

    mine = [c for c in doc.candidates if on_verb(c)]
    if mine:
        return mine[0], "detected"
    set_aside = [c for c in doc.background if on_verb(c)]
    return (set_aside[0], "background") if set_aside else (_own_candidate(doc, verb), "added")


def event_places(doc: Document, verb: tuple[int, int]) -> tuple[list[Place], str]:
    """Where eventwire says the event of ``verb`` happened (the places the linker links
    to it, ``places.linker``: finer than ``Event.place`` where the gold names a quarter),
    and how the event was found (see :func:`gold_candidate`)."""
    from eventwire.places.link import linked_places

    cand, how = gold_candidate(doc, verb)
    if how == "detected" and "linked" in cand.notes:
        return list(cand.notes["linked"]), how
    return linked_places(doc, cand), how


def rule_places(doc: Document, verb: tuple[int, int]) -> tuple[list[Place], str]:
    """The places of the rule linker (``Event.place`` and its split parts): the scorer's
    figure before the trained linker, kept for comparison."""
    from eventwire.places.link import choose_place

    cand, how = gold_candidate(doc, verb)
    if how == "detected":
        mine = [c for c in doc.candidates if overlaps((c.trigger_start, c.trigger_end), verb)]
        return [c.place for c in mine if c.place is not None], how
    previous = [c for c in doc.candidates if c.trigger_start < cand.trigger_start]
    place = choose_place(doc, cand, previous)
    return ([place] if place is not None else []), how


@dataclass
class _TokenTally:
    """Token counts of an eventloc run, and how each gold event was found."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    records: int = 0
    how: dict[str, int] = field(default_factory=dict)

    def add(self, predicted: set[int], gold: frozenset[int], how: str) -> None:
        """Count one record's predicted and gold location tokens."""
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)
        self.exact += predicted == gold
        self.records += 1
        self.how[how] = self.how.get(how, 0) + 1


@register("evals", "eventloc")
def eventloc(path: Path, *, limit: int | None = None, mode: str | None = None) -> Report:
    """Event-location linking (Halterman 2019): for each accepted record's event verb,
    eventwire's place for that event against the gold LOCATION tokens.

    ``limit`` scores only the first N records; ``mode="all"`` adds the records that carry
    no answer field (the research assistants' round).
    """
    if mode not in (None, "accepted", "all"):
        raise InputError("--mode", f"eventloc takes accepted or all, not {mode!r}")
    began = time.perf_counter()
    records, skipped = read_eventloc(Path(path), with_unanswered=mode == "all")
    records = records[:limit] if limit is not None else records
    runner = StepRunner(LINK_STEPS)
    tally = _TokenTally()
    for batch in batched(records):
        for rec, doc in zip(batch, runner.run([document(r.text, r.record_id) for r in batch]), strict=True):
            if isinstance(doc, str):
                tally.add(set(), rec.gold, "failed")
                continue
            places, how = event_places(doc, rec.verb)
            tally.add(rec.tokens_in(places), rec.gold, how)
    p, r, f = prf(tally.tp, tally.fp, tally.fn)
    metrics = {
        "n": tally.records, "token_f1": round(f, 4), "precision": round(p, 4), "recall": round(r, 4),
        "exact_record": round(tally.exact / tally.records, 4) if tally.records else None,
        **{f"events_{k}": v for k, v in sorted(tally.how.items())},
        "skipped_no_verb": skipped, "seconds": round(time.perf_counter() - began, 1),
    }
    return Report(suite="eventloc", path=str(path), metrics=metrics, notes=list(EVENTLOC_NOTES))

