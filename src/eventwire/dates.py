"""When events happened: date mentions in text, resolved against the publication date.

``find_dates`` reads date expressions with regular expressions and resolves them against
the article's publication date. Precision follows ACLED's time_precision: 1 a day, 2 a
week (value: the Monday of that week, or the Saturday of a weekend), 3 a month (value: the
first of the month). ACLED has no year precision, so "last year" / "this year" are
precision 3 with the value of January 1. No mention ever resolves to a date after
publication: a stated date after it (a plan, not an event) gets the value ``None``.

Relative phrases ("a day after", "two days before", "the next day") carry
``relative_days`` instead of a value. An *anchored* one names what it is relative to
("a day after a summit"): the event it is attached to is that many days after the anchor.
An unanchored one ("the next day", "a day later") dates its own clause from the
previous event.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from eventwire.numbers import NUMBER_PATTERN, parse_number
from eventwire.records import EventDate

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
               "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text, with offsets and its resolved first day.

    ``value`` is YYYY-MM-DD or ``None`` (relative, unresolvable, or after publication);
    ``precision`` is ACLED's (1 day, 2 week, 3 month); ``relative_days`` is set for
    relative phrases, and ``anchored`` tells whether the phrase names its reference.
    """

    start: int
    end: int
    text: str
    value: str | None
    precision: int
    relative_days: int | None = None
    anchored: bool = False
    last: str | None = None  # the last day of a stated range ("between March 3 and 5")


def resolve_weekday(weekday: int, published: date) -> date:
    """The most recent ``weekday`` (0 Monday .. 6 Sunday) on or before ``published``."""
    return published - timedelta(days=(published.weekday() - weekday) % 7)


# --- grammar -----------------------------------------------------------------------------

def _month_alternation() -> str:
    # Month names must be capitalised: "may" and "march" are common verbs.
    words = [m.title() for m in _MONTH_NAMES] + [m.upper() for m in _MONTH_NAMES]
    words += [a.title() + r"\.?" for a in _MONTH_ABBR] + [a.upper() + r"\.?" for a in _MONTH_ABBR]
    return "(?-i:" + "|".join(sorted(words, key=len, reverse=True)) + ")(?![A-Za-z])"


_MONTH = _month_alternation()
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d,]\d)"
_YEAR = r"(?:19|20)\d\d(?!\d)"
_PART = r"(?:morning|afternoon|evening|night)"
_COUNT = rf"(?:an?|the|{NUMBER_PATTERN})"

_MD = rf"(?P<month>{_MONTH})\s+(?P<day>{_DAY})\b(?:,?\s+(?P<year>{_YEAR}))?"
_DM = rf"(?P<day>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?"


def _g(m: re.Match[str], name: str) -> str:
    """A named group's text, or "" when it did not take part (or the pattern lacks it)."""
    return (m.groupdict().get(name) or "").lower()


def _month_number(word: str) -> int:
    key = word.rstrip(".").lower()
    return _MONTH_ABBR.get(key) or _MONTH_NAMES.index(key) + 1


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _not_after(d: date | None, published: date | None) -> str | None:
    if d is None or (published is not None and d > published):
        return None
    return d.isoformat()


def _h_iso(m: re.Match[str], pub: date | None) -> tuple[str | None, int]:
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None, 1
    return _not_after(d, pub), 1


def _h_month_day(m: re.Match[str], pub: date | None) -> tuple[str | None, int]:
    month, day = _month_number(m["month"]), int(re.match(r"\d+", m["day"]).group())
    year = int(m["year"]) if _g(m, "year") else (pub.year if pub else None)
    if year is None:
        return None, 1
    try:
        d = date(year, month, day)
        if not _g(m, "year") and pub is not None and d > pub:
            d = date(year - 1, month, day)
    except ValueError:
        return None, 1
    return _not_after(d, pub), 1


def _h_month(m: re.Match[str], pub: date | None) -> tuple[str | None, int]:
    month = _month_number(m["month"])
    if _g(m, "year"):
        return _not_after(date(int(m["year"]), month, 1), pub), 3
    if pub is None:
        return None, 3
    year = pub.year if month <= pub.month else pub.year - 1
    if _g(m, "rel") == "last" and month == pub.month:
        year -= 1
    return date(year, month, 1).isoformat(), 3


def _h_weekday(m: re.Match[str], pub: date | None) -> tuple[str | None, int]:
    if pub is None or _g(m, "rel") == "next":
        return None, 1
    d = resolve_weekday(WEEKDAYS.index(m["wd"].lower()), pub)
    if _g(m, "rel") == "last" and d == pub:
        d -= timedelta(days=7)  # "last Friday" in a Friday paper is a week ago
    return d.isoformat(), 1


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _first_of_month(d: date, back: int = 0) -> date:
    months = d.year * 12 + d.month - 1 - back
    return date(months // 12, months % 12 + 1, 1)


# Fixed phrases relative to publication: (pattern, (date from published), precision).
_FIXED: tuple[tuple[str, Callable[[date], date], int], ...] = (
    (r"yesterday(?:\s+" + _PART + r")?|last\s+night|overnight", lambda p: p - timedelta(1), 1),
    (r"(?:earlier\s+|later\s+)?today|tonight|this\s+(?:morning|afternoon|evening)", lambda p: p, 1),
    (r"last\s+week", lambda p: _monday(p) - timedelta(7), 2),
    (r"(?:earlier\s+)?this\s+week", _monday, 2),
    (r"(?:over\s+|at\s+)?(?:the|last|this)\s+weekend", lambda p: resolve_weekday(5, p), 2),
    (r"last\s+month", lambda p: _first_of_month(p, 1), 3),
    (r"(?:earlier\s+)?this\s+month", _first_of_month, 3),
    (r"last\s+year", lambda p: date(p.year - 1, 1, 1), 3),
    (r"(?:earlier\s+)?this\s+year", lambda p: date(p.year, 1, 1), 3),
)


def _h_ago(m: re.Match[str], pub: date | None) -> tuple[str | None, int]:
    n = 1 if m["n"].lower() in ("a", "an") else parse_number(m["n"])
    unit = m["unit"].lower().rstrip("s")
    precision = {"day": 1, "week": 2, "month": 3}[unit]
    if pub is None or n is None:
        return None, precision
    if unit == "day":
        return _iso(pub - timedelta(n)), 1
    if unit == "week":
        return _iso(_monday(pub - timedelta(7 * n))), 2
    return _iso(_first_of_month(pub, n)), 3


_Handler = Callable[[re.Match[str], date | None], tuple[str | None, int]]
_PATTERNS: tuple[tuple[re.Pattern[str], _Handler], ...] = tuple(
    (re.compile(p, re.IGNORECASE), h)
    for p, h in (
        (r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b", _h_iso),
        (rf"\b(?:(?:on\s+)?{_WEEKDAY},?\s+)?(?:on\s+)?{_MD}", _h_month_day),
        (rf"\b(?:(?:on\s+)?{_WEEKDAY},?\s+)?(?:on\s+)?(?:the\s+)?{_DM}", _h_month_day),
        (rf"\b(?:(?P<rel>in|since|during|last|this)\s+(?:(?:early|late|mid)[\s-]*)?"
         rf"|(?:early|late|mid)[\s-]*)(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?\b", _h_month),
        (rf"\b(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))\b", _h_month),
        (rf"\b(?:(?:late|early)\s+)?(?:on\s+)?(?:(?P<rel>last|next|this)\s+)?(?P<wd>{_WEEKDAY})"
         rf"(?:['\u2019]s)?(?:\s+{_PART})?\b", _h_weekday),
        (rf"\b(?P<n>an?|{NUMBER_PATTERN})\s+(?P<unit>days?|weeks?|months?)\s+ago\b", _h_ago),
    )
)
_FIXED_RE = tuple((re.compile(rf"\b(?:{p})\b", re.IGNORECASE), f, pr) for p, f, pr in _FIXED)

# "two days after", "48 hours before", "hours after", "a day later", "the next day".
_RELATIVE_RE = re.compile(
    rf"\b(?:(?P<n>{_COUNT})\s+(?P<unit>days?|weeks?|nights?|hours?)"
    rf"|(?P<vague>shortly|soon|just|hours|minutes|moments))\s+"
    rf"(?P<dir>after|before|prior\s+to|later|earlier)\b"
    r"|\bthe\s+(?P<seq>next|following|previous|preceding)\s+(?P<sunit>day|night|week)\b",
    re.IGNORECASE,
)


_UNANCHORED = re.compile(r"\s*(?:[,.;:!?)\u2014]|$)")


def _relative(m: re.Match[str]) -> tuple[int, int, bool] | None:
    """(signed days, precision, anchored) for a relative phrase, or None if unreadable."""
    if m["seq"]:
        sign = 1 if m["seq"].lower() in ("next", "following") else -1
        week = m["sunit"].lower() == "week"
        return sign * (7 if week else 1), (2 if week else 1), False
    direction = m["dir"].lower()
    sign = 1 if direction in ("after", "later") else -1
    # "a day after the summit" names its anchor; "the day after," and "a day later" do not.
    anchored = direction not in ("later", "earlier") and not _UNANCHORED.match(m.string, m.end())
    if m["vague"]:
        return 0, 1, anchored
    n = 1 if m["n"].lower() in ("a", "an", "the") else parse_number(m["n"])
    if n is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    days = {"day": n, "night": n, "week": 7 * n, "hour": n // 24}[unit]
    return sign * days, (2 if unit == "week" else 1), anchored


def find_dates(text: str, published: date | None, *, offset: int = 0) -> list[DateMention]:
    """Date mentions in ``text`` in text order, resolved against ``published``.

    ``offset`` is added to every start/end, so a sentence's text gives article offsets.
    """
    found: list[DateMention] = []
    for regex, handler in _PATTERNS:
        for m in regex.finditer(text):
            try:
                value, precision = handler(m, published)
            except (OverflowError, ValueError):  # "900000 days ago", a date before year 1
                value, precision = None, 1
            found.append(DateMention(m.start(), m.end(), m.group(), value, precision))
    for regex, fn, precision in _FIXED_RE:
        for m in regex.finditer(text):
            try:
                value = _not_after(fn(published), published) if published else None
            except (OverflowError, ValueError):  # "last year" in a paper dated year 1
                value = None
            found.append(DateMention(m.start(), m.end(), m.group(), value, precision))
    for m in _RELATIVE_RE.finditer(text):
        rel = _relative(m)
        if rel is not None:
            days, precision, anchored = rel
            found.append(
                DateMention(m.start(), m.end(), m.group(), None, precision, days, anchored)
            )
    return [
        DateMention(d.start + offset, d.end + offset, d.text, d.value, d.precision,
                    d.relative_days, d.anchored, d.last)
        for d in _ranges(text, _without_overlaps(found))
    ]


_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:and|to|until|till|through|-|\u2013)\s*$", re.IGNORECASE)


def _ranges(text: str, found: list[DateMention]) -> list[DateMention]:
    """'between March 3 and March 5', 'from Monday to Wednesday': one mention for the span,
    dated from its first day, with the precision the span allows (a day, a week, a month)."""
    out: list[DateMention] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if (b is not None and a.value and b.value and a.value <= b.value
                and _RANGE_OPEN.search(text[max(0, a.start - 12) : a.start])
                and _RANGE_JOIN.match(text[a.end : b.start])):
            days = (date.fromisoformat(b.value) - date.fromisoformat(a.value)).days
            precision = 1 if days == 0 else 2 if days < 7 else 3
            start = text.rfind(" ", 0, a.start - 1) + 1
            out.append(DateMention(start, b.end, text[start : b.end], a.value,
                                   max(precision, a.precision), last=b.value))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _without_overlaps(found: list[DateMention]) -> list[DateMention]:
    # The longest expression wins ("Saturday, March 3" over "Saturday" and "March 3").
    kept: list[DateMention] = []
    for d in sorted(found, key=lambda d: (-(d.end - d.start), d.start)):
        if all(d.end <= k.start or d.start >= k.end for k in kept):
            kept.append(d)
    return sorted(kept, key=lambda d: d.start)


def parse_published(value: str | None) -> date | None:
    """The publication date of an article ("YYYY-MM-DD", maybe with a time) or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def shift(value: str | None, days: int, published: date | None) -> str | None:
    """``value`` moved by ``days``, never past ``published``."""
    if value is None:
        return None
    try:
        moved = date.fromisoformat(value) + timedelta(days=days)
    except OverflowError:
        return None
    if published is not None and moved > published:
        moved = published
    return moved.isoformat()
