"""The ``police`` suite: IndiaPoliceEvents (Halterman et al. 2021), police actions in raw
Times of India articles, labelled per sentence and per document.

Gold: a folder with ``docs.jsonl`` ``{doc_id, doc_text, doc_labels}``, ``sents.jsonl``
``{doc_id, sent_id, sent_text, sent_labels}`` (each sentence a stretch of its document's
text) and ``metadata.jsonl`` ``{doc_id, date, url}``. Labels: KILL, ARREST, FAIL, FORCE,
ANY_ACTION, all with the police as the acting party.

Each document's whole text is coded once, as an article. An event is a police action
when one of its source actors has sector COP; an arrest with no source actor counts too,
since only authorities arrest. An asserted police event gives ANY_ACTION, and FORCE if it
is an ASSAULT or a protest broken up (ACLED's protest with intervention), KILL (with FORCE)
if that assault killed someone (a toll, a killing trigger, or the ontology's killing
class), ARREST if it is an arrest; a negated police event ("police failed to stop the
mob") gives FAIL alone. The labels go to the gold sentence that holds the event's
trigger (cleaned-text offsets are mapped back to the raw text); a document's labels are
the union of its sentences'.

``sent_example_f1`` and ``doc_example_f1`` are ConfliBERT's example-based F1 (the source
of the published 67.27 / 69.97): per item 2|gold & pred| / (|gold| + |pred|), averaged
over the items where gold or prediction is non-empty; the ``*_with_empty`` variants count
items with both empty as 1. ``sent_f1_<LABEL>`` and ``doc_f1_<LABEL>`` are the binary F1
per label that the IndiaPoliceEvents paper reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import InputError
from eventwire.evaluate import Report
from eventwire.evaluate.coding import (
    OffsetMap,
    check_options,
    code_texts,
    position,
    read_gold,
    take,
)
from eventwire.evaluate.metrics import prf
from eventwire.registry import register

LABELS = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
KILLING_WORDS = ("kill", "shot dead", "shoot dead", "gunned down", "massacre", "lynch")


@dataclass(frozen=True)
class Sentence:
    """One gold sentence: where it lies in its document's text, and its labels."""

    start: int
    end: int
    labels: frozenset[str]


@dataclass(frozen=True)
class PoliceDoc:
    """One gold document with its sentences."""

    doc_id: str
    text: str
    published: str | None
    labels: frozenset[str]
    sentences: tuple[Sentence, ...]


def _jsonl(path: Path) -> list[dict]:
    rows = []
    lines = read_gold(path, "an IndiaPoliceEvents JSONL file").splitlines()
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}", f"not JSON: {exc}") from None
    return rows


def _labels(values: object, where: str) -> frozenset[str]:
    if not isinstance(values, list) or not set(values) <= set(LABELS):
        raise InputError(where, f"expected a list of {', '.join(LABELS)}, got {values!r}")
    return frozenset(values)


def _place_sentences(doc_id: str, text: str, rows: list[dict]) -> tuple[Sentence, ...]:
    placed, at = [], 0
    for row in sorted(rows, key=lambda r: r["sent_id"]):
        start = text.find(row["sent_text"], at)
        if start < 0:
            raise InputError(f"sents.jsonl doc {doc_id} sentence {row['sent_id']}",
                             "not found in the document's text")
        at = start + len(row["sent_text"])
        placed.append(Sentence(start, at, _labels(row["sent_labels"], f"sents.jsonl doc {doc_id}")))
    return tuple(placed)


def load(folder: Path, limit: int | None = None) -> list[PoliceDoc]:
    """The documents of an IndiaPoliceEvents folder, with their sentences placed in them."""
    if not folder.is_dir():
        raise InputError(str(folder), "expected the IndiaPoliceEvents folder "
                                      "(docs.jsonl, sents.jsonl, metadata.jsonl)")
    sents: dict[str, list[dict]] = {}
    for row in _jsonl(folder / "sents.jsonl"):
        sents.setdefault(str(row["doc_id"]), []).append(row)
    meta_file = folder / "metadata.jsonl"
    meta = _jsonl(meta_file) if meta_file.is_file() else []
    dates = {str(r["doc_id"]): r.get("date") for r in meta}
    docs = []
    for row in take(_jsonl(folder / "docs.jsonl"), limit):
        doc_id = str(row["doc_id"])
        docs.append(PoliceDoc(doc_id, row["doc_text"], dates.get(doc_id),
                              _labels(row["doc_labels"], f"docs.jsonl doc {doc_id}"),
                              _place_sentences(doc_id, row["doc_text"], sents.get(doc_id, []))))
    return docs


def _is_police(event) -> bool:
    if any(a.sector == "COP" for a in event.source_actors):
        return True
    return event.type == "COERCE" and event.mode == "arrest" and not event.source_actors


def _killed(event) -> bool:
    if event.fatalities is not None and event.fatalities.best > 0:
        return True
    if (event.type, event.mode, event.cameo) == ("ASSAULT", None, "180"):
        return True  # the ontology's "killing" class
    trigger = event.evidence.trigger.lower()
    return any(w in trigger for w in KILLING_WORDS)


def _force(event) -> bool:
    """Force by the police: an assault, or breaking up a protest (lathi charge, tear gas)."""
    return event.type == "ASSAULT" or event.acled_sub_event_type == "Protest with intervention"


def event_labels(event) -> frozenset[str]:
    """The IndiaPoliceEvents labels one coded event gives (empty if not a police action)."""
    if not _is_police(event):
        return frozenset()
    if event.modality == "negated":
        return frozenset({"FAIL"})
    if event.modality != "asserted":
        return frozenset()
    labels = {"ANY_ACTION"}
    if _force(event):
        labels.add("FORCE")
        if event.type == "ASSAULT" and _killed(event):
            labels.add("KILL")
    if event.type == "COERCE" and event.mode == "arrest":
        labels.add("ARREST")
    return frozenset(labels)


def sentence_labels(gold: PoliceDoc, doc) -> list[frozenset[str]]:
    """Predicted labels of each gold sentence of one coded document."""
    found: list[set[str]] = [set() for _ in gold.sentences]
    if doc is None or not gold.sentences:
        return [frozenset(s) for s in found]
    back = OffsetMap(gold.text, doc.text)
    starts = [s.start for s in gold.sentences]
    for event in doc.events:
        labels = event_labels(event)
        if labels:
            at = back(position(event))
            i = max(0, next((k for k, s in enumerate(starts) if s > at), len(starts)) - 1)
            found[i] |= labels
    return [frozenset(s) for s in found]


def example_f1(gold: list[frozenset], pred: list[frozenset], *,
               empty_counts: bool = False) -> float:
    """Example-based F1 of label sets: 2|g & p| / (|g| + |p|) per item, averaged over the
    items where either set is non-empty (or over all, both-empty items scoring 1)."""
    scores = []
    for g, p in zip(gold, pred, strict=True):
        if g or p:
            scores.append(2 * len(g & p) / (len(g) + len(p)))
        elif empty_counts:
            scores.append(1.0)
    return sum(scores) / len(scores) if scores else 0.0


def _label_f1(gold: list[frozenset], pred: list[frozenset], label: str) -> float:
    tp = sum(label in g and label in p for g, p in zip(gold, pred, strict=True))
    fp = sum(label not in g and label in p for g, p in zip(gold, pred, strict=True))
    fn = sum(label in g and label not in p for g, p in zip(gold, pred, strict=True))
    return prf(tp, fp, fn)[2]


def score(level: str, gold: list[frozenset], pred: list[frozenset]) -> dict[str, float | int]:
    """Example-based F1 (both variants) and per-label F1 at one level (``sent`` or ``doc``)."""
    out: dict[str, float | int] = {
        f"{level}_example_f1": round(example_f1(gold, pred), 4),
        f"{level}_example_f1_with_empty": round(example_f1(gold, pred, empty_counts=True), 4),
    }
    out.update({f"{level}_f1_{label}": round(_label_f1(gold, pred, label), 4) for label in LABELS})
    out[f"n_{level}"] = len(gold)
    return out


@register("evals", "police")
def police(path: Path, *, limit: int | None = None, mode: str | None = None) -> Report:
    """Score police actions per sentence and per document (``limit`` counts documents)."""
    check_options(mode)
    docs = load(Path(path), limit)
    failures: list[str] = []
    coded = code_texts([d.text for d in docs], published=[d.published for d in docs],
                       failures=failures)
    per_sentence = [sentence_labels(g, d) for g, d in zip(docs, coded, strict=True)]
    sent_gold = [s.labels for d in docs for s in d.sentences]
    sent_pred = [p for labels in per_sentence for p in labels]
    doc_pred = [frozenset().union(*labels) for labels in per_sentence]
    metrics = {**score("sent", sent_gold, sent_pred),
               **score("doc", [d.labels for d in docs], doc_pred)}
    metrics["n"] = len(docs)
    return Report("police", str(path), metrics, failures)
