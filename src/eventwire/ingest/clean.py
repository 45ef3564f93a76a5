"""Cleaning: from scraped article text to the article alone.

:func:`clean_text` repairs mojibake (``ftfy``), normalises line breaks and Unicode
spaces, drops page furniture and donation appeals (rules in
:mod:`eventwire.ingest.boilerplate`) and lifts a leading headline out of the text.
Paragraphs come out separated by one blank line; lines of one paragraph that were
separated by a single line break stay so, which keeps the cleaned text never longer
than its repaired input. :class:`CleanStep` is the pipeline step built on it; it also
refuses what is not one English article: text over :data:`MAX_ARTICLE_CHARS`, and text
in another language (:mod:`eventwire.ingest.language`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from eventwire.doc import Document, RawArticle
from eventwire.errors import InputError
from eventwire.ingest.boilerplate import (
    furniture_rule,
    has_full_date,
    is_byline_tail,
    is_clearly_news,
    is_link_list_item,
    is_timestamp,
    opens_appeal,
    opens_link_list,
)
from eventwire.ingest.language import detect_language
from eventwire.records import Article
from eventwire.registry import register

# Every character str.isspace() accepts except "\n": line separators become "\n", the
# rest a plain space, so each replacement keeps the length.
_LINE_BREAKS = "\x0b\x0c\r\x1c\x1d\x1e\x85\u2028\u2029"
_SPACES = (
    "\t\x1f\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_INVISIBLE = "\u200b\u2060\ufeff\u00ad"
_TRANSLATE = {
    **{ord(c): "\n" for c in _LINE_BREAKS},
    **{ord(c): " " for c in _SPACES},
    **{ord(c): None for c in _INVISIBLE},
}
_RUN_OF_SPACES = re.compile(r" {2,}")
# "â€" + a byte cp1252 leaves undefined: the closing double quote whose last byte was
# lost; restoring the byte lets ftfy repair it (same length, so nothing grows).
_LOST_CLOSING_QUOTE = ("\u00e2\u20ac\ufffd", "\u00e2\u20ac\x9d")
_SENTENCE_END = '.!?:;"\')]\u2026'
_NOT_TITLE_END = ".,;:\u2026"
_TITLE_MAX_WORDS = 20
# Enough rounds for removals that expose new furniture to settle; one is the norm.
_MAX_ROUNDS = 4
# One article, however long a read, is under 100,000 characters (about 16,000 words);
# longer text is a book, a dump or a mistake, and would take minutes to code.
MAX_ARTICLE_CHARS = 100_000


@dataclass(frozen=True)
class CleanResult:
    """The cleaned article text, the headline found at its top (if any) and what was cut."""

    text: str
    title: str | None = None
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Unit:
    """One non-blank line; ``gap`` says a blank line (a paragraph break) comes before it."""

    text: str
    gap: bool


def clean_text(text: str) -> CleanResult:
    """Clean scraped article text; never raises, and cleaning the result changes nothing."""
    import ftfy  # ~0.1 s to import: only when there is something to clean

    title: str | None = None
    removed: list[str] = []
    current = text
    for _ in range(_MAX_ROUNDS):
        units = _units(ftfy.fix_text(current.replace(*_LOST_CLOSING_QUOTE)))
        units = _join_wrapped(_drop_furniture(units, removed))
        head, units = _split_title(units)
        if head is not None:
            if title is None:
                title = head
            else:
                removed.append(head)
        units = _drop_repeats(units, title, removed)
        cleaned = _assemble(units)
        if cleaned == current:
            break
        current = cleaned
    return CleanResult(text=current, title=title, removed=tuple(removed))


def _drop_repeats(units: list[_Unit], title: str | None, removed: list[str]) -> list[_Unit]:
    """A headline repeated in the body, or a paragraph scraped twice, is kept once: the
    same words must not become a second event with a second toll."""
    seen = {title.casefold()} if title else set()
    kept: list[_Unit] = []
    for unit in units:
        key = unit.text.casefold()
        if key in seen and len(key) > 20:
            removed.append(unit.text)
            continue
        seen.add(key)
        kept.append(unit)
    if kept and units and kept[0] is not units[0]:
        kept[0] = _Unit(kept[0].text, False)
    return kept


def _units(text: str) -> list[_Unit]:
    """Split normalised text into stripped non-blank lines, remembering paragraph breaks."""
    lines = text.translate(_TRANSLATE).split("\n")
    units: list[_Unit] = []
    gap = False
    for line in lines:
        line = _RUN_OF_SPACES.sub(" ", line).strip()
        if not line:
            gap = True
            continue
        units.append(_Unit(line, gap and bool(units)))
        gap = False
    return _join_wrapped(units)


def _join_wrapped(units: list[_Unit]) -> list[_Unit]:
    """Rejoin hard-wrapped lines: a line that stops mid-sentence and a next one in lowercase."""
    joined: list[_Unit] = []
    for unit in units:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and not unit.gap
            and prev.text[-1] not in _SENTENCE_END
            and unit.text[0].islower()
        ):
            # A space in place of the line break: the length stays the same.
            joined[-1] = _Unit(f"{prev.text} {unit.text}", prev.gap)
        else:
            joined.append(unit)
    return joined


def _drop_furniture(units: list[_Unit], removed: list[str]) -> list[_Unit]:
    """Drop furniture lines and appeal blocks; record the dropped lines in ``removed``."""
    kept: list[_Unit] = []
    mode: str | None = None
    gap = False
    for unit in units:
        drop, mode = _classify(unit.text, mode)
        if drop:
            removed.append(unit.text)
            gap = gap or unit.gap
            continue
        kept.append(_Unit(unit.text, (gap or unit.gap) and bool(kept)))
        gap = False
    return kept


def _classify(line: str, mode: str | None) -> tuple[bool, str | None]:
    """Whether to drop ``line`` and the mode for the next line.

    Modes carry context from one line to the next: inside an ``appeal`` every line goes
    until one reads as news; under a link ``list`` header short headlines go; right
    under a ``byline`` a short desk or role line goes.
    """
    if mode == "appeal" and not is_clearly_news(line):
        return True, "appeal"
    if mode == "list" and is_link_list_item(line):
        return True, "list"
    if mode == "byline" and is_byline_tail(line):
        return True, None
    rule = furniture_rule(line)
    if rule is not None:
        if opens_link_list(line):
            return True, "list"
        return True, "byline" if rule == "byline" else None
    if opens_appeal(line):
        return True, "appeal"
    return False, None


def _looks_like_title(line: str) -> bool:
    """A short line with no sentence-final period that reads as a headline."""
    words = line.split()
    core = line.rstrip("\"')]*")
    if not 2 <= len(words) <= _TITLE_MAX_WORDS or not core or core[-1] in _NOT_TITLE_END:
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'"):
        return False
    if is_timestamp(line) or has_full_date(line):  # a dateline, not a headline
        return False
    visible = line.replace(" ", "")
    return sum(c.isalpha() for c in visible) * 2 >= len(visible)


def _split_title(units: list[_Unit]) -> tuple[str | None, list[_Unit]]:
    """Lift the headline off the top: a title-like line followed by one that is not.

    Requiring the next line not to look like a title keeps cleaning idempotent: after
    the headline goes, the new first line is never taken for another one.
    """
    if (
        len(units) >= 2
        and _looks_like_title(units[0].text)
        and not _looks_like_title(units[1].text)
    ):
        rest = units[1:]
        return units[0].text, [_Unit(rest[0].text, False), *rest[1:]]
    return None, units


def _assemble(units: list[_Unit]) -> str:
    parts: list[str] = []
    for unit in units:
        if parts:
            parts.append("\n\n" if unit.gap else "\n")
        parts.append(unit.text)
    return "".join(parts)


def _tidy_title(title: str) -> str:
    """A title given with the input, mojibake repaired and spaces made single."""
    import ftfy

    return " ".join(ftfy.fix_text(title).split())


def _drop_known_title(text: str, title: str | None) -> str:
    """Drop the first line of ``text`` when it repeats the title the input came with."""
    if not title or not text:
        return text
    first, _, rest = text.partition("\n")
    if _tidy_title(first).casefold() != _tidy_title(title).casefold():
        return text
    return rest.lstrip("\n")


@dataclass(frozen=True)
class _Cleaned:
    text: str
    title: str | None
    content_hash: str
    article_id: str


@lru_cache(maxsize=256)
def _clean_cached(text: str) -> CleanResult:
    # The runner asks for an article's key before the pipeline cleans it: clean once.
    return clean_text(text)


def _clean_raw(raw: RawArticle) -> _Cleaned:
    result = _clean_cached(raw.text)
    text = result.text if result.title else _drop_known_title(result.text, raw.title)
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    title = _tidy_title(raw.title) if raw.title else result.title
    article_id = raw.article_id or f"a{content_hash[:16]}"
    return _Cleaned(text, title or None, content_hash, article_id)


def too_long(chars: int) -> str | None:
    """The reason an article of ``chars`` characters is refused, or None if it is not."""
    if chars <= MAX_ARTICLE_CHARS:
        return None
    return f"too long: {chars:,} characters, the limit is {MAX_ARTICLE_CHARS:,} for one article"


def article_key(raw: RawArticle) -> tuple[str, str] | None:
    """``(article_id, content_hash)`` the article is stored under; ``None`` if no text is
    left or the text is too long to clean (the pipeline then says why)."""
    if too_long(len(raw.text)):
        return None
    cleaned = _clean_raw(raw)
    return (cleaned.article_id, cleaned.content_hash) if cleaned.text else None


@register("steps", "clean.boilerplate.v1")
class CleanStep:
    """Pipeline step: clean ``doc.raw.text`` into ``doc.text`` and build ``doc.article``."""

    name = "clean.boilerplate.v1"
    requires = ("raw",)
    assigns = ("text", "article")

    def __init__(self, resources: object) -> None:
        del resources  # cleaning needs no model or gazetteer

    def __call__(self, doc: Document) -> Document:
        raw = doc.raw
        where = raw.origin or "<text>"
        reason = too_long(len(raw.text))
        if reason:
            raise InputError(where, reason)
        cleaned = _clean_raw(raw)
        if not cleaned.text:
            raise InputError(where, "no article text left after cleaning")
        language = detect_language(cleaned.text)
        if not language.is_english:
            raise InputError(where, f"not English (looks like {language.name})")
        doc.text = cleaned.text
        doc.article = Article(
            article_id=cleaned.article_id,
            text=cleaned.text,
            title=cleaned.title,
            url=raw.url,
            published=raw.published,
            published_from=raw.published_from,
            source_name=raw.source_name,
            origin=raw.origin,
            content_hash=cleaned.content_hash,
            language=language.code,
        )
        return doc
