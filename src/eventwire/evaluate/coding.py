"""What the event suites share: coding gold texts with the standard pipeline, picking the
main event of a text, and mapping offsets in the cleaned text back to the gold text.

The *main event* of a text is its first asserted event in text order (by trigger
offset); a suite may narrow that to the first asserted event that has some property
(for CASE 2021, an ACLED sub-event type). Negated, planned, threatened and hypothetical
events never count as the main event: the gold sets code what happened.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from eventwire.doc import RawArticle
from eventwire.errors import InputError

if TYPE_CHECKING:  # the pipeline loads spaCy: only when a suite runs
    from eventwire.doc import Document
    from eventwire.pipeline import Pipeline
    from eventwire.records import Event

T = TypeVar("T")
BATCH = 32
_WORD = re.compile(r"\S+")


@lru_cache(maxsize=1)
def coder() -> Pipeline:
    """The standard pipeline, built once per process (settings as in force then)."""
    from eventwire.pipeline import Pipeline

    return Pipeline()


def code_texts(texts: Sequence[str], *, published: Sequence[str | None] | None = None,
               failures: list[str] | None = None) -> list[Document | None]:
    """Code each text as one article; ``None`` (and a line in ``failures``) where coding failed."""
    dates = list(published) if published is not None else [None] * len(texts)
    raws = [RawArticle(text=t, published=d, article_id=f"gold-{i}")
            for i, (t, d) in enumerate(zip(texts, dates, strict=True))]
    docs: list[Document | None] = []
    for i, outcome in enumerate(coder().pipe(raws, batch_size=BATCH)):
        if outcome.error is not None and failures is not None:
            failures.append(f"item {i}: {outcome.error}")
        docs.append(outcome.doc)
    return docs


def position(event: Event) -> int:
    """Where the event is told: its trigger, else its sentence."""
    ev = event.evidence
    return ev.trigger_start if ev.trigger_start >= 0 else ev.start


def asserted(doc: Document | None) -> list[Event]:
    """The asserted events of a coded text, in text order (none if coding failed)."""
    if doc is None:
        return []
    return sorted((e for e in doc.events if e.modality == "asserted"), key=position)


def main_event(doc: Document | None, where: Callable[[Event], bool] | None = None) -> Event | None:
    """The first asserted event (that satisfies ``where``, if given), or None."""
    return next((e for e in asserted(doc) if where is None or where(e)), None)


def cameo_root(code: str | None) -> str | None:
    """The two-digit CAMEO root of a code ("1831" -> "18"), or None."""
    if not code or len(code) < 2 or not code[:2].isdigit():
        return None
    return code[:2]


def share(flags: Iterable[bool]) -> float:
    """The share of true flags, to four places (0.0 for none)."""
    flags = list(flags)
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def take(items: Iterable[T], limit: int | None) -> list[T]:
    """The first ``limit`` items (all when ``limit`` is None)."""
    items = list(items)
    if limit is not None and limit < 0:
        raise InputError("--limit", f"must be 0 or more, not {limit}")
    return items if limit is None else items[:limit]


def check_options(mode: str | None) -> None:
    """The event suites take no mode; saying one is a mistake worth reporting."""
    if mode is not None:
        raise InputError("--mode", f"{mode!r}: only the geo suites take a mode")


def read_gold(path: Path, what: str) -> str:
    """The text of a gold file, or an InputError that says what was expected there."""
    if not path.is_file():
        raise InputError(str(path), f"not a file; expected {what} (see ../shared/gold/README.md)")
    return path.read_text(encoding="utf-8")


class OffsetMap:
    """Maps offsets in the cleaned text back to the text it was cleaned from.

    Cleaning repairs mojibake and drops page furniture, so the two texts differ in
    places. The words (runs of non-space) of both are aligned; an offset inside a word
    kept as it was maps exactly, one after it (in a changed word or in the spaces that
    follow) maps to the end of the last kept word before it.
    """

    def __init__(self, original: str, cleaned: str) -> None:
        self._anchors: list[tuple[int, int, int]] | None = None
        if original == cleaned:
            return
        old = [(m.start(), m.group()) for m in _WORD.finditer(original)]
        new = [(m.start(), m.group()) for m in _WORD.finditer(cleaned)]
        # Words, not characters: a character-level alignment of a long article is slow.
        matcher = SequenceMatcher(None, [w for _, w in old], [w for _, w in new], autojunk=False)
        self._anchors = [
            (new[b + k][0], old[a + k][0], len(new[b + k][1]))
            for a, b, size in matcher.get_matching_blocks()
            for k in range(size)
        ]
        self._starts = [c for c, _, _ in self._anchors]

    def __call__(self, offset: int) -> int:
        if self._anchors is None:
            return offset
        if not self._anchors:
            return 0
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return self._anchors[0][1]
        at, back, size = self._anchors[i]
        return back + min(offset - at, size)
