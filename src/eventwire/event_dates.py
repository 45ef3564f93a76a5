"""The step that dates each event candidate from the date mentions of its sentence.

Date mentions are read by :mod:`eventwire.dates`; here each candidate takes the mention
that belongs to it (attached in the parse, else the nearest in its own clause), events
inside an anchored phrase ("a day after a summit") are dated from the event outside it,
and a candidate with no date of its own inherits the previous event's date at week
precision (or the publication week).
"""

from __future__ import annotations

import re
from typing import Any

from eventwire.dates import DateMention, find_dates, parse_published, shift
from eventwire.doc import Document, EventCandidate
from eventwire.records import EventDate
from eventwire.registry import register

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
            if m.last:  # a stated range: its own window
                return EventDate(m.value, m.precision, m.text, m.start, m.end, start=m.value, end=m.last)
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
