"""Publication dates: read from the input's own metadata, never invented.

An article's date is taken, in this order, from the input's own field, the HTML page's
meta tags, its JSON-LD, trafilatura's extraction, and the URL (:func:`resolve_published`).
Each reader here is a small pure function that returns ``YYYY-MM-DD`` or ``None``.

A year on its own is not a publication date: a copyright line ("(c) 2016 The Daily
Example") or an extractor's ``2016-01-01`` guess becomes ``published=None`` with
``published_from="unknown: only a year (2016) found"``, so the record says what is known.

lxml is imported on first use, like trafilatura in :mod:`eventwire.ingest.html`.
"""

from __future__ import annotations

import html as html_entities
import json
import re
from calendar import month_abbr, month_name
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from eventwire.errors import InputError

# Years a news URL or page can plausibly carry; outside this, digits are ids, not dates.
MIN_YEAR = 1900
MAX_YEAR = 2099

_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_TIME_SEPARATORS = ("", "T", "t", " ", "_")

# Meta tags, strongest first: a plain "date" may be any date, so it comes last.
META_KEYS = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "dc.date.issued", "dcterms.issued", "sailthru.date", "parsely-pub-date", "date",
)
JSON_LD_KEYS = ("datePublished", "dateCreated", "uploadDate")
# Query parameters that name the article's date (``?date=2018-09-08``).
URL_QUERY_KEYS = frozenset({"date", "pubdate", "published", "publishdate", "publish_date"})

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (month_name[number], month_abbr[number])
} | {"sept": 9}
_YEAR = r"(?P<y>\d{4})"
# After /YYYY/MM/ a day ends its segment: in /2018/09/5-things-to-know, 5 starts a slug.
_SEGMENT_END = r"(?=[/.]|$)"
_URL_PATTERNS = (
    re.compile(rf"(?<![0-9]){_YEAR}/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}}){_SEGMENT_END}"),
    re.compile(rf"(?<![0-9]){_YEAR}(?P<sep>[-_])(?P<m>\d{{2}})(?P=sep)(?P<d>\d{{2}})(?![0-9])"),
    re.compile(rf"(?<![0-9]){_YEAR}(?P<m>\d{{2}})(?P<d>\d{{2}})(?![0-9])"),
    re.compile(rf"(?<![0-9]){_YEAR}/(?P<mon>[a-z]{{3,9}})/(?P<d>\d{{1,2}}){_SEGMENT_END}", re.I),
)
_COPYRIGHT = re.compile(
    # One sign, then possessive runs: a page of 8,000 "©" must not backtrack for minutes.
    r"(?:©|\(c\)|copyright)[\s:,.©]*+(?:\d{4}\s*+[-–—/]\s*+)?(?P<y>\d{4})(?![0-9])",
    re.IGNORECASE,
)
_YEAR_ONLY_VALUE = re.compile(r"\s*(?P<y>\d{4})(?:-0?1-0?1(?:[T ].*)?)?\s*")


# -- normalising one value -------------------------------------------------------------


def check_date(value: str, where: str) -> str:
    """``value`` as ``YYYY-MM-DD``; InputError naming ``where`` if it is not a real date.

    ISO dates and datetimes are read as written (a timezone offset does not move the day:
    the date is the one the publisher printed); other spellings ("8 September 2018",
    "Sat, 08 Sep 2018 10:00:00 GMT") must give a year, month and day.
    """
    text = value.strip()
    match = _ISO_DATE.match(text)
    if match:
        return _iso_date(match, value, where)
    from dateutil import parser as date_parser

    try:
        first = date_parser.parse(text, default=datetime(1, 1, 1))
        second = date_parser.parse(text, default=datetime(2, 2, 2))
    except (ValueError, OverflowError) as exc:
        raise InputError(where, f"not a valid date: {value!r} ({exc})") from None
    if first.date() != second.date():
        raise InputError(where, f"not a full date (year, month and day): {value!r}")
    return first.date().isoformat()


def _iso_date(match: re.Match[str], value: str, where: str) -> str:
    text = match.string
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    try:
        day = date.fromisoformat("-".join(part.zfill(2) for part in match.group(0).split("-")))
    except ValueError:
        raise InputError(where, f"impossible date {value!r}") from None
    if text[match.end() : match.end() + 1] not in _TIME_SEPARATORS:
        raise InputError(where, f"not a valid date: {value!r}")
    # The date is real and only the time part is odd (nanoseconds, say): the day is enough.
    return day.isoformat()


def full_date(value: object) -> str | None:
    """``value`` as ``YYYY-MM-DD`` when it is a full, real date, else None (never raises)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return check_date(value, "date")
    except InputError:
        return None


def _day(year: str, month: int, day: str) -> str | None:
    number = int(year)
    if not MIN_YEAR <= number <= MAX_YEAR:
        return None
    try:
        return date(number, month, int(day)).isoformat()
    except ValueError:
        return None


# -- the URL ---------------------------------------------------------------------------


def from_url(url: str | None) -> str | None:
    """The day a URL carries: ``/2018/09/08/``, ``/2018-09-08/``, ``/20180908/``,
    ``/2018/sep/08/``, ``?date=2018-09-08``; None for a month alone or an impossible date."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # a malformed address (an unclosed "[" host) carries no date
        return None
    for pattern in _URL_PATTERNS:
        for match in pattern.finditer(parts.path):
            found = _url_match_day(match)
            if found:
                return found
    for key, value in parse_qsl(parts.query):
        if key.lower() in URL_QUERY_KEYS:
            found = _query_day(value)
            if found:
                return found
    return None


def _url_match_day(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("mon") is not None:
        month = _MONTHS.get(groups["mon"].lower())
        return _day(groups["y"], month, groups["d"]) if month else None
    return _day(groups["y"], int(groups["m"]), groups["d"])


def _query_day(value: str) -> str | None:
    for pattern in _URL_PATTERNS[1:3]:
        match = pattern.fullmatch(value.strip())
        if match:
            return _url_match_day(match)
    return None


# -- HTML: meta tags and JSON-LD -------------------------------------------------------


def _parse(page: str) -> Any:
    """The lxml tree of ``page``, or None when there is no document to parse."""
    import lxml.html
    from lxml.etree import LxmlError

    if not page or not page.strip():
        return None
    try:
        return lxml.html.document_fromstring(page)
    except ValueError:
        # lxml refuses str input that declares its own encoding (<?xml ... encoding=?>).
        return _parse_bytes(page.encode("utf-8"))
    except LxmlError:
        return None


def _parse_bytes(data: bytes) -> Any:
    import lxml.html
    from lxml.etree import LxmlError

    try:
        return lxml.html.document_fromstring(data)
    except (LxmlError, ValueError):
        return None


def from_meta(html: str) -> str | None:
    """The publication day in the page's meta tags, ``itemprop="datePublished"`` or
    ``<time datetime=... pubdate>``; None when they give no full date."""
    return _meta_date(_parse(html))


def _meta_date(tree: Any) -> str | None:
    if tree is None:
        return None
    named: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = meta.get("content")
        if key in META_KEYS and content and key not in named and full_date(content):
            named[key] = content
    for key in META_KEYS[:4]:
        if key in named:
            return full_date(named[key])
    found = _itemprop_date(tree) or _time_pubdate(tree)
    if found:
        return found
    return next((full_date(named[key]) for key in META_KEYS if key in named), None)


def _itemprop_date(tree: Any) -> str | None:
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag == "meta":
            continue
        if "datepublished" in (element.get("itemprop") or "").lower().split():
            found = full_date(element.get("datetime") or element.get("content")
                              or element.text_content())
            if found:
                return found
    return None


def _time_pubdate(tree: Any) -> str | None:
    for element in tree.iter("time"):
        if element.get("pubdate") is not None:
            found = full_date(element.get("datetime") or element.text_content())
            if found:
                return found
    return None


def from_json_ld(html: str) -> str | None:
    """``datePublished`` (then ``dateCreated``, then ``uploadDate``) from the page's
    ``application/ld+json`` blocks, ``@graph`` lists included; broken blocks are skipped."""
    return _json_ld_date(_parse(html))


def _json_ld_date(tree: Any) -> str | None:
    if tree is None:
        return None
    items = [item for block in _json_ld_blocks(tree) for item in _json_ld_items(block)]
    # An Article's own date beats a WebPage's or an author's.
    items.sort(key=lambda item: not _is_article(item))
    for key in JSON_LD_KEYS:
        for item in items:
            found = full_date(_json_ld_value(item.get(key)))
            if found:
                return found
    return None


def _json_ld_blocks(tree: Any) -> Iterator[Any]:
    for script in tree.iter("script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind or not script.text:
            continue
        text = script.text.strip()
        # Some sites wrap the block in an HTML comment or a CDATA section.
        for wrapper in ("<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"):
            text = text.replace(wrapper, "")
        try:
            yield json.loads(text, strict=False)
        except json.JSONDecodeError:
            continue


def _json_ld_items(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """The objects in a JSON-LD block: itself, list items, ``@graph`` and ``mainEntity``."""
    if depth > 4:
        return
    if isinstance(value, list):
        for item in value:
            yield from _json_ld_items(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(value.get(key), (dict, list)):
                yield from _json_ld_items(value[key], depth + 1)


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and ("Article" in k or k == "BlogPosting") for k in kinds)


def _json_ld_value(value: Any) -> Any:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("@value")
    return value


# -- a year alone ----------------------------------------------------------------------


def copyright_year(html_or_text: str) -> int | None:
    """The year of a copyright line ("© 2018", "Copyright 2010-2018": the last year)."""
    text = html_entities.unescape(html_or_text or "")
    for match in _COPYRIGHT.finditer(text):
        year = int(match.group("y"))
        if MIN_YEAR <= year <= MAX_YEAR:
            return year
    return None


def year_only(value: str | None, html_or_text: str) -> bool:
    """Whether ``value`` is a year passed off as a date: ``2018`` or ``2018-01-01`` when
    the page spells out 1 January 2018 nowhere (so the year is all it knows)."""
    if not value:
        return False
    match = _YEAR_ONLY_VALUE.fullmatch(value)
    if not match:
        return False
    if value.strip() == match.group("y"):
        return True
    return not _mentions_day(html_entities.unescape(html_or_text or ""), int(match.group("y")))


def _mentions_day(text: str, year: int) -> bool:
    """Whether ``text`` spells out 1 January of ``year`` in a common style."""
    month = r"jan(?:uary)?\.?"
    one = r"0?1(?:st)?"
    spellings = (
        rf"{year}[-/.]0?1[-/.]0?1(?![0-9])",
        rf"(?<![0-9]){year}0101(?![0-9])",
        rf"(?<![0-9])0?1[-/.]0?1[-/.]{year}",
        rf"(?<![0-9]){one}\s+(?:of\s+)?{month}\s*,?\s*{year}",
        rf"\b{month}\s+{one}\s*,?\s*{year}",
    )
    return any(re.search(s, text, re.IGNORECASE) for s in spellings)


def unknown_year(year: int) -> str:
    """The ``published_from`` note for an article whose only date evidence is ``year``."""
    return f"unknown: only a year ({year}) found"


# -- all together ----------------------------------------------------------------------


def resolve_published(
    *,
    given: str | None,
    html: str | None = None,
    url: str | None = None,
    extracted: str | None = None,
    given_from: str = "input",
) -> tuple[str | None, str | None]:
    """The publication date and where it came from.

    In order: ``given`` (the input's own, already checked field; labelled ``given_from``),
    the page's meta tags (``"html-meta"``), its JSON-LD (``"json-ld"``), trafilatura's
    ``extracted`` date (``"html-meta"``, or ``"url"`` when it is the URL's date) unless it
    is a year-only guess, then the URL (``"url"``). When only a year was found the date is
    ``None`` and the source says so (:func:`unknown_year`); with nothing, ``(None, None)``.
    """
    if given:
        return given, given_from
    tree = _parse(html) if html else None
    for finder, source in ((_meta_date, "html-meta"), (_json_ld_date, "json-ld")):
        found = finder(tree)
        if found:
            return found, source
    url_day = from_url(url)
    guess = year_only(extracted, html or "")
    extracted_day = None if guess else full_date(extracted)
    if extracted_day:
        return extracted_day, "url" if extracted_day == url_day else "html-meta"
    if url_day:
        return url_day, "url"
    year = int(extracted.strip()[:4]) if guess and extracted else copyright_year(html or "")
    return (None, unknown_year(year)) if year else (None, None)
