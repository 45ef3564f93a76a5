"""When events happened: date mentions in text, and the step that dates each event candidate.

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
from typing import TYPE_CHECKING, Any

from eventwire.numbers import NUMBER_PATTERN, parse_number
from eventwire.records import EventDate
from eventwire.registry import register

if TYPE_CHECKING:
    from eventwire.doc import Document, EventCandidate

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
                    d.relative_days, d.anchored)
        for d in _without_overlaps(found)
    ]


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


# --- the pipeline step ---------------------------------------------------------------------

# Between a trigger and a date, these end one clause and start another.
_CLAUSE_BREAK = re.compile(
    r"[;:\u2014]|\s[-\u2013]\s|,\s*(?:and|but|while|whereas|when|as|although)\b", re.IGNORECASE
)
_CLIMB = ("prep", "mark", "npadvmod", "advmod", "pcomp")


@register("steps", "dates.resolve.v1")
class DateStep:
    """Sets ``cand.date`` on every event candidate from the dates in its sentence.

    A candidate takes the nearest date mention in its sentence (one after the trigger in
    the same clause first). A candidate inside the scope of an anchored relative phrase
    ("..., a day after a summit failed") is dated from the event outside that scope. With
    no date in the sentence it inherits the previous candidate's date (noted as
    ``date_inherited``), or failing that the publication date at week precision.
    """

    name = "dates.resolve.v1"
    requires = ("candidates",)
    assigns = ("dates",)

    def __init__(self, resources: Any) -> None:
        self.resources = resources

    def __call__(self, doc: Document) -> Document:
        published = parse_published(
            doc.article.published if doc.article is not None else doc.raw.published
        )
        sentences = doc.sentences
        order = sorted(range(len(doc.candidates)), key=lambda i: doc.candidates[i].trigger_start)
        dated: dict[int, EventDate] = {}
        background: set[int] = set()
        by_sentence: dict[int, list[int]] = {}
        for i in order:
            by_sentence.setdefault(doc.candidates[i].sentence_index, []).append(i)
        for si in sorted(by_sentence):
            sent = sentences[si] if 0 <= si < len(sentences) else None
            mentions = (
                find_dates(sent.text, published, offset=sent.start_char) if sent is not None else []
            )
            dater = _SentenceDater(doc, sent, mentions, published, dated, order, background)
            dater.run(by_sentence[si])
        return doc


class _SentenceDater:
    """Dates the candidates of one sentence; ``dated`` collects results across the article."""

    def __init__(self, doc: Document, sent: Any, mentions: list[DateMention],
                 published: date | None, dated: dict[int, EventDate], order: list[int],
                 background: set[int]) -> None:
        self.doc, self.published, self.dated, self.order = doc, published, dated, order
        self.background = background
        relative = [m for m in mentions if m.relative_days is not None]
        self.scopes = [(m, _scope(doc, sent, m)) for m in relative if m.anchored]
        self.absolute = [m for m in mentions if m.relative_days is None and m.value is not None]
        self.sequential = [m for m in relative if not m.anchored]

    def run(self, indices: list[int]) -> None:
        inside = [i for i in indices if self._region(self.doc.candidates[i].trigger_start)]
        for i in [i for i in indices if i not in inside] + inside:
            cand = self.doc.candidates[i]
            cand.date = self._date(i)
            self.dated[i] = cand.notes.pop("timeline_date", cand.date)

    def _region(self, pos: int) -> DateMention | None:
        # The innermost anchored phrase whose scope holds ``pos``.
        holding = [(e - s, m) for m, (s, e) in self.scopes if s <= pos < e]
        return min(holding, key=lambda t: t[0])[1] if holding else None

    def _date(self, i: int) -> EventDate:
        cand = self.doc.candidates[i]
        region = self._region(cand.trigger_start)
        own = [m for m in self.absolute if self._region(m.start) is region]
        if own:
            m = _nearest(self.doc, cand, own)
            return EventDate(m.value, m.precision, m.text, m.start, m.end)
        if region is not None:
            self.background.add(i)
            return self._from_governing(i, region)
        for rel, _ in self.scopes:  # "struck, a day after the summit on Friday"
            inner = [m for m in self.absolute if self._region(m.start) is rel]
            if inner:
                m = _nearest(self.doc, cand, inner)
                return self._shifted(EventDate(m.value, m.precision), rel, rel.relative_days or 0)
        seq = [m for m in self.sequential
               if self._region(m.start) is None and self._in_own_clause(cand, m)]
        if seq:
            rel = _nearest(self.doc, cand, seq)
            return self._shifted(self._previous(i), rel, rel.relative_days or 0)
        if self._has_previous(i):
            cand.notes["date_inherited"] = True
            inherited = self._previous(i)  # from context: a day becomes "that week"
            cand.notes["timeline_date"] = inherited  # "the next day" still counts from the day
            return EventDate(inherited.value, max(inherited.precision, 2), "", -1, -1)
        return self._previous(i)

    def _in_own_clause(self, cand, mention: DateMention) -> bool:
        """'accused X and said leaders were held the night before': the relative date
        belongs to the clause it is in, not to every event of the sentence."""
        from eventwire.nlp.clauses import own_tokens

        tok = self.doc.spacy[cand.trigger_token]
        span = self.doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
        return span is None or span[0].i in own_tokens(tok)

    def _from_governing(self, i: int, rel: DateMention) -> EventDate:
        """Date of an event inside "a day after <event>": the governing event's, shifted back."""
        cand = self.doc.candidates[i]
        outside = [
            j for j in self.dated
            if self.doc.candidates[j].sentence_index == cand.sentence_index
            and self._region(self.doc.candidates[j].trigger_start) is not rel
        ]
        if outside:
            j = min(outside, key=lambda j: abs(self.doc.candidates[j].trigger_start - rel.start))
            governing = self.dated[j]
        else:
            governing = self._previous(i)
        return self._shifted(governing, rel, -(rel.relative_days or 0))

    def _shifted(self, base: EventDate, rel: DateMention, days: int) -> EventDate:
        value = shift(base.value, days, self.published) if base.precision == 1 else base.value
        return EventDate(value, max(base.precision, rel.precision), rel.text, rel.start, rel.end)

    def _earlier(self, i: int) -> list[int]:
        # Events dated from an anchor ("a day after a summit") are background, not the
        # article's timeline: later sentences continue from the main events.
        before = [j for j in self.order[: self.order.index(i)] if j in self.dated]
        main = [j for j in before if j not in self.background]
        return main or before

    def _has_previous(self, i: int) -> bool:
        return bool(self._earlier(i))

    def _previous(self, i: int) -> EventDate:
        """The date of the closest earlier dated candidate, else the publication week."""
        earlier = self._earlier(i)
        if earlier:
            d = self.dated[earlier[-1]]
            return EventDate(d.value, d.precision, "", -1, -1)
        if self.published is None:
            return EventDate(None, 3, "")
        return EventDate(self.published.isoformat(), 2, "", basis="publication")


def _nearest(doc: Document, cand: EventCandidate, mentions: list[DateMention]) -> DateMention:
    """The mention that belongs to the trigger.

    First one the parse attaches to the trigger within a few arcs ("struck ... on Saturday"),
    then one in the same clause, then the closest, counting a mention before the trigger
    as twice as far as one after it (news puts the date after the verb).
    """

    def key(m: DateMention) -> tuple[bool, bool, int]:
        after = m.start >= cand.trigger_end
        lo, hi = (cand.trigger_end, m.start) if after else (m.end, cand.trigger_start)
        crosses = bool(_CLAUSE_BREAK.search(doc.text, max(lo, 0), max(hi, lo)))
        gap = abs(hi - lo) if after else 2 * abs(hi - lo)
        return _arcs(doc, cand, m) > _CLOSE_ARCS, crosses, gap

    return min(mentions, key=key)


_CLOSE_ARCS = 3


def _arcs(doc: Document, cand: EventCandidate, m: DateMention) -> int:
    """How many dependency arcs lead up from the mention to the trigger (large if none)."""
    if doc.spacy is None or not 0 <= cand.trigger_token < len(doc.spacy):
        return 99
    span = doc.spacy.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 99
    token, arcs = span.root, 0
    while token.i != cand.trigger_token and token.head.i != token.i and arcs < 99:
        token, arcs = token.head, arcs + 1
    return arcs if token.i == cand.trigger_token else 99


def _scope(doc: Document, sent: Any, m: DateMention) -> tuple[int, int]:
    """Character span governed by an anchored phrase such as "a day after": its object or clause.

    With a parse, climb from "after" through prepositions and adverbials to the clause it
    belongs to; without one, run to the next comma or the end of the sentence.
    """
    sent_end = sent.end_char if sent is not None else len(doc.text)
    comma = re.compile(r"[,;:\u2014]").search(doc.text, m.end, sent_end)
    fallback = (m.end, comma.start() if comma else sent_end)
    if sent is None or doc.spacy is None:
        return fallback
    last = next((t for t in sent if t.idx < m.end <= t.idx + len(t.text)), None)
    if last is None:
        return fallback
    prev, x = last, last
    while x.dep_ in _CLIMB and x.head.i != x.i:
        prev, x = x, x.head
    root = prev if (x.dep_ == "ROOT" or x.i < last.i) else x
    end = root.right_edge.idx + len(root.right_edge.text)
    return (m.end, end) if end > m.end else fallback
