"""The ``cameo`` and ``cameo-spans`` suites, on ConfliBERT's CAMEO data (Hu et al. 2022).

``cameo``: a ``sentence<TAB>label`` file whose label is the sentence's CAMEO pentaclass,
0 make statement, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict. The prediction is the pentaclass of the CAMEO root code of the
sentence's main event (its first asserted event), grouped as the Phoenix data set's
QuadClass with a neutral class 0 does: roots 01-02 (make a statement, appeal) -> 0,
03-05 (intend to cooperate, consult, diplomatic cooperation) -> 1, 06-08 (material
cooperation, aid, yield) -> 2, 09-13 (investigate, demand, disapprove, reject, threaten)
-> 3, 14-20 (protest, posture, reduce relations, coerce, assault, fight, mass violence)
-> 4. A sentence without an asserted event is predicted ``none`` and counts as a miss;
``macro_f1_none_as_0`` shows the score had such sentences been read as statements.

``cameo-spans``: CoNLL lines ``token label`` with BIO labels for S (source), T (target)
and R (reciprocal: a party that is source and target at once, as both sides of talks).
Predicted spans are the character spans of the main event's source and target actors,
widened to whole tokens; an actor that is both a source and a target of the event is an
R span. eventwire codes one direction per event, so it produces R only in that case,
which today does not happen. Spans match exactly (type, first and last token).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import InputError
from eventwire.evaluate import Report
from eventwire.evaluate.coding import (
    OffsetMap,
    cameo_root,
    check_options,
    code_texts,
    main_event,
    read_gold,
    share,
    take,
)
from eventwire.evaluate.metrics import macro_f1, prf
from eventwire.registry import register

PENTACLASSES = ("0", "1", "2", "3", "4")
NONE = "none"
SPAN_TYPES = ("S", "T", "R")
# No space before these tokens, none after the opening ones: the sentence reads as news.
_ATTACHED = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%",
             "'", "'s", "n't", "'re", "'ll", "'ve", "'d", "'m"}
_OPENING = {"(", "[", "{", "$"}


def pentaclass(cameo: str | None) -> str:
    """The pentaclass of a CAMEO code (see the module docstring), or ``none``."""
    root = cameo_root(cameo)
    if root is None or not 1 <= int(root) <= 20:
        return NONE
    r = int(root)
    return "0" if r <= 2 else "1" if r <= 5 else "2" if r <= 8 else "3" if r <= 13 else "4"


@dataclass(frozen=True)
class Labelled:
    """One gold sentence and its pentaclass."""

    text: str
    label: str


def load_classes(path: Path, limit: int | None = None) -> list[Labelled]:
    """The sentences of a ``sentence<TAB>label`` pentaclass file."""
    items = []
    lines = read_gold(path, "a sentence<TAB>label file").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        text, _, label = line.rpartition("\t")
        if label.strip() not in PENTACLASSES or not text:
            raise InputError(f"{path}:{number}", f"expected sentence<TAB>0..4, got label {label!r}")
        items.append(Labelled(text, label.strip()))
    return take(items, limit)


def predict_classes(items: list[Labelled], failures: list[str] | None = None) -> list[str]:
    """The predicted pentaclass of each sentence."""
    docs = code_texts([i.text for i in items], failures=failures)
    return [pentaclass(e.cameo) if (e := main_event(d)) else NONE for d in docs]


def score_classes(gold: list[str], pred: list[str]) -> dict[str, float | int]:
    """Macro F1 over the classes in gold or prediction (as scikit-learn's, all five on the
    full file; ``none`` is no class), with the count of sentences left without an event."""
    as_zero = [p if p != NONE else "0" for p in pred]
    labels = sorted((set(gold) | set(pred)) - {NONE})
    return {
        "macro_f1": round(macro_f1(gold, pred, labels), 4),
        "macro_f1_none_as_0": round(macro_f1(gold, as_zero, sorted(set(labels) | {"0"})), 4),
        "accuracy": share(g == p for g, p in zip(gold, pred, strict=True)),
        "no_event": sum(p == NONE for p in pred),
        "n": len(gold),
    }


@register("evals", "cameo")
def cameo(path: Path, *, limit: int | None = None, mode: str | None = None) -> Report:
    """Score the CAMEO pentaclass of each sentence."""
    check_options(mode)
    items = load_classes(Path(path), limit)
    failures: list[str] = []
    pred = predict_classes(items, failures)
    return Report("cameo", str(path), score_classes([i.label for i in items], pred), failures)


@dataclass(frozen=True)
class Tokenised:
    """One CoNLL sentence: tokens, their BIO labels, the text rebuilt from them and
    each token's character offsets in that text."""

    tokens: tuple[str, ...]
    labels: tuple[str, ...]
    text: str
    offsets: tuple[tuple[int, int], ...]


def detokenise(tokens: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Join tokens as news text is written, keeping where each token lands."""
    parts: list[str] = []
    offsets = []
    at = 0
    for i, tok in enumerate(tokens):
        if i and tok not in _ATTACHED and tokens[i - 1] not in _OPENING:
            parts.append(" ")
            at += 1
        offsets.append((at, at + len(tok)))
        parts.append(tok)
        at += len(tok)
    return "".join(parts), tuple(offsets)


def load_spans(path: Path, limit: int | None = None) -> list[Tokenised]:
    """The sentences of a CoNLL file of ``token label`` lines (blank line between sentences)."""
    sentences: list[Tokenised] = []
    tokens: list[str] = []
    labels: list[str] = []

    def close() -> None:
        if tokens:
            text, offsets = detokenise(tokens)
            sentences.append(Tokenised(tuple(tokens), tuple(labels), text, offsets))
            tokens.clear()
            labels.clear()

    for number, line in enumerate(read_gold(path, "a CoNLL BIO file").splitlines(), start=1):
        if not line.strip():
            close()
            continue
        token, _, label = line.rpartition(" ")
        if not token or not (label == "O" or label[:2] in ("B-", "I-") and label[2:] in SPAN_TYPES):
            raise InputError(f"{path}:{number}",
                             f"expected 'token label' with O or B-/I- S, T or R, got {line!r}")
        tokens.append(token)
        labels.append(label)
    close()
    return take(sentences, limit)


def bio_spans(labels: tuple[str, ...] | list[str]) -> set[tuple[str, int, int]]:
    """Typed spans (type, first token, last token) of a BIO sequence; an I- that does not
    continue a span of its type starts one (as seqeval reads it)."""
    spans: set[tuple[str, int, int]] = set()
    kind, start = None, -1
    for i, label in enumerate([*labels, "O"]):
        tag, new = label[:1], label[2:]
        if kind is not None and (tag in ("O", "B") or new != kind):
            spans.add((kind, start, i - 1))
            kind = None
        if tag == "B" or tag == "I" and kind is None:
            kind, start = new, i
    return spans


def _token_range(offsets, start: int, end: int) -> tuple[int, int] | None:
    hit = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
    return (hit[0], hit[-1]) if hit else None


def predicted_spans(sentence: Tokenised, doc) -> set[tuple[str, int, int]]:
    """S, T and R spans of the main event's actors, in tokens of the gold sentence."""
    event = main_event(doc)
    if event is None:
        return set()
    back = OffsetMap(sentence.text, doc.text)
    sides: dict[tuple[int, int], set[str]] = {}
    for kind, actors in (("S", event.source_actors), ("T", event.target_actors)):
        for actor in actors:
            if actor.start < 0 or actor.end <= actor.start:
                continue
            found = _token_range(sentence.offsets, back(actor.start), back(actor.end - 1) + 1)
            if found:
                sides.setdefault(found, set()).add(kind)
    return {("R" if len(k) == 2 else next(iter(k)), a, b) for (a, b), k in sides.items()}


def _overlaps(gold: set, pred: set) -> int:
    """Predicted spans that overlap a not yet matched gold span of their type."""
    free = set(gold)
    hits = 0
    for kind, a, b in sorted(pred):
        match = next((g for g in sorted(free) if g[0] == kind and g[1] <= b and a <= g[2]), None)
        if match is not None:
            free.discard(match)
            hits += 1
    return hits


def _type_f1(gold: list[set], pred: list[set], *, exact: bool) -> float:
    tp = sum(len(g & p) if exact else _overlaps(g, p) for g, p in zip(gold, pred, strict=True))
    return prf(tp, sum(map(len, pred)) - tp, sum(map(len, gold)) - tp)[2]


def score_spans(gold: list[set], pred: list[set]) -> dict[str, float | int]:
    """Exact-match F1 per span type and their macro average over the types that occur
    in gold or prediction (as seqeval's macro average: S, T and R on the full file);
    ``macro_f1_overlap`` counts a predicted span right when it overlaps a gold one."""
    present = [k for k in SPAN_TYPES if any(s[0] == k for spans in (*gold, *pred) for s in spans)]
    out: dict[str, float | int] = {}
    exact, overlap = {}, {}
    for kind in SPAN_TYPES:
        g = [{s for s in spans if s[0] == kind} for spans in gold]
        p = [{s for s in spans if s[0] == kind} for spans in pred]
        exact[kind] = _type_f1(g, p, exact=True)
        overlap[kind] = _type_f1(g, p, exact=False)
        out[f"f1_{kind}"] = round(exact[kind], 4)
        out[f"predicted_{kind}"] = sum(map(len, p))
    count = max(1, len(present))
    out["macro_f1"] = round(sum(exact[k] for k in present) / count, 4)
    out["macro_f1_overlap"] = round(sum(overlap[k] for k in present) / count, 4)
    out["n"] = len(gold)
    return out


@register("evals", "cameo-spans")
def cameo_spans(path: Path, *, limit: int | None = None, mode: str | None = None) -> Report:
    """Score the source, target and reciprocal actor spans of each sentence."""
    check_options(mode)
    sentences = load_spans(Path(path), limit)
    failures: list[str] = []
    docs = code_texts([s.text for s in sentences], failures=failures)
    pred = [predicted_spans(s, d) if d is not None else set()
            for s, d in zip(sentences, docs, strict=True)]
    gold = [bio_spans(s.labels) for s in sentences]
    return Report("cameo-spans", str(path), score_spans(gold, pred), failures)
