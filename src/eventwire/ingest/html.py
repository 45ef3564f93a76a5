"""HTML pages: the article's main text and its metadata, extracted with trafilatura.

trafilatura is imported on first use: it is heavy, and plain-text runs never need it.
Malformed markup is repaired by lxml's parser, and markup nested deeper than libxml2
reads (:data:`MAX_DEPTH` levels) is cut there: a page whose only text lies deeper is
refused with that reason, never parsed by recursion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from eventwire.errors import InputError

# Dates from the page's own markup (meta tags, JSON-LD, <time>, the URL), never guessed
# from dates that happen to be mentioned in the story; the original date, not the update.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
_TAG = re.compile(r"<(?:!doctype|[a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?/?>", re.IGNORECASE)
# libxml2 stops building the tree at this depth and drops what lies deeper.
MAX_DEPTH = 255
_PAGE_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|article|p|div|br|title|meta)\b", re.I)


@dataclass(frozen=True)
class HtmlArticle:
    """What one HTML page yields: main text (paragraphs split by blank lines) and metadata."""

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source_name: str | None = None


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is markup: it starts with ``<`` (after whitespace or a BOM) and has tags."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if not head.startswith("<"):
        return False
    return _PAGE_TAG.search(head) is not None or len(_TAG.findall(head)) >= 2


def extract_html(page: str | bytes, where: str) -> HtmlArticle:
    """The main text and metadata of ``page``; InputError when the page has no article body."""
    from lxml.etree import LxmlError

    try:
        try:
            doc = _extract(page, with_metadata=True)
        except AssertionError:
            # lxml asserts while htmldate prunes some malformed trees (an <html> inside an
            # <svg>): the metadata is lost, the text may still be there.
            doc = _extract(page, with_metadata=False)
    except (LxmlError, ValueError, TypeError, UnicodeError, AssertionError) as exc:
        raise InputError(where, f"cannot parse HTML: {exc or type(exc).__name__}") from exc
    paragraphs = [line.strip() for line in ((doc.text if doc else None) or "").splitlines()]
    paragraphs = [p for p in paragraphs if p]
    title = _clean(doc.title) if doc else None
    if paragraphs and title and _same(paragraphs[0], title):
        # trafilatura keeps the <h1>; the title is carried separately.
        paragraphs = paragraphs[1:]
    if not paragraphs:
        if _depth(page) >= MAX_DEPTH:
            raise InputError(where, f"HTML nested too deeply to read (over {MAX_DEPTH} levels)")
        raise InputError(where, "no article text found in the HTML page")
    return HtmlArticle(
        text="\n\n".join(paragraphs),
        title=title,
        published=_clean(doc.date),
        url=_clean(doc.url),
        source_name=_clean(doc.sitename),
    )


def _extract(page: str | bytes, *, with_metadata: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        page,
        with_metadata=with_metadata,
        include_comments=False,
        include_tables=False,
        include_images=False,
        date_extraction_params=dict(_DATE_PARAMS),
    )


def _depth(page: str | bytes) -> int:
    """How deep the page's tree goes once parsed (only asked when a page yields no text)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(page)
    except (etree.LxmlError, ValueError):
        return 0
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
