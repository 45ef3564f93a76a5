"""The ``petrarch`` suite: the PETRARCH-2 validation sentences with expected CAMEO codes.

Gold: ``PETR2_GSR_validation.xml``, whose ``<Sentence>`` records are followed by one or
more ``<EventCoding eventcode=... />`` (or ``<EventCoding noevents="True" />``) and a
``<Text>``. The file is not well-formed XML (a ``<Sentence .../>`` that closes itself is
later closed again), so records are read by pattern, one ``<Sentence`` to the next.

``no_event_correct``: the share of the sentences that expect no event that are left
without an asserted event. ``root_code_accuracy``: the share of the others whose main
event (first asserted event) has the CAMEO root code of one of the expected events;
``any_root_accuracy`` accepts any asserted event.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import InputError
from eventwire.evaluate import Report
from eventwire.evaluate.coding import (
    asserted,
    cameo_root,
    check_options,
    code_texts,
    main_event,
    read_gold,
    share,
    take,
)
from eventwire.registry import register

_SENTENCE = re.compile(r"<Sentence\b([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_CODING = re.compile(r"<EventCoding\b([^>]*)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.DOTALL)


@dataclass(frozen=True)
class Expected:
    """One validation sentence and the CAMEO roots expected from it (none: no event)."""

    sentence_id: str
    text: str
    roots: frozenset[str]


def _record(block: str, attrs: dict[str, str], where: str) -> Expected:
    text = _TEXT.search(block)
    codings = [dict(_ATTR.findall(m.group(1))) for m in _CODING.finditer(block)]
    if text is None or not codings:
        raise InputError(where, "expected <EventCoding .../> and <Text>...</Text> in the record")
    roots = frozenset(r for c in codings if (r := cameo_root(c.get("eventcode"))))
    if not roots and not all(c.get("noevents", "").lower() == "true" for c in codings):
        raise InputError(where, "an <EventCoding> has neither an eventcode nor noevents=\"True\"")
    clean = " ".join(html.unescape(text.group(1)).split())
    return Expected(attrs.get("id", where), clean, roots)


def load(path: Path, limit: int | None = None) -> list[Expected]:
    """The sentences of a PETRARCH-2 validation file (those not marked evaluate="false")."""
    content = read_gold(path, "a PETRARCH-2 validation XML file")
    body = content[content.find("<Sentences>"):] if "<Sentences>" in content else content
    heads = list(_SENTENCE.finditer(body))
    records = []
    for i, head in enumerate(heads):
        attrs = dict(_ATTR.findall(head.group(1)))
        if attrs.get("evaluate", "true").lower() == "false":
            continue
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        where = f"{path} sentence {attrs.get('id', i)}"
        records.append(_record(body[head.start():end], attrs, where))
    if not records:
        raise InputError(str(path), "no <Sentence> records found")
    return take(records, limit)


def score(expected: list[Expected], docs: list) -> dict[str, float | int]:
    """No-event and root-code accuracy of coded sentences against their expectations."""
    quiet = [not asserted(d) for e, d in zip(expected, docs, strict=True) if not e.roots]
    main = [(e, main_event(d), d) for e, d in zip(expected, docs, strict=True) if e.roots]
    hits = [ev is not None and cameo_root(ev.cameo) in e.roots for e, ev, _ in main]
    any_hits = [any(cameo_root(x.cameo) in e.roots for x in asserted(d)) for e, _, d in main]
    return {
        "no_event_correct": share(quiet),
        "root_code_accuracy": share(hits),
        "any_root_accuracy": share(any_hits),
        "n_no_event": len(quiet),
        "n_event": len(main),
        "n": len(expected),
    }


@register("evals", "petrarch")
def petrarch(path: Path, *, limit: int | None = None, mode: str | None = None) -> Report:
    """Score the CAMEO root codes (and the absence of events) of the validation sentences."""
    check_options(mode)
    expected = load(Path(path), limit)
    failures: list[str] = []
    docs = code_texts([e.text for e in expected], failures=failures)
    return Report("petrarch", str(path), score(expected, docs), failures)
