"""Background is not news: events the article recalls rather than reports.

An analyst codes what the article reports as having just happened, not the history it
gives for context ("more than 600 civilians were killed last year", "the group has
carried out hundreds of attacks since 2015", "Moscow denies targeting civilians").
Such candidates are set aside (kept in ``doc.background`` for inspection), judged by the
date they were given, by cues in their clause, and by the habitual present tense.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from eventwire.doc import Document, EventCandidate
from eventwire.registry import register

STALE_AFTER = {1: timedelta(days=30), 2: timedelta(days=21), 3: timedelta(days=14)}
CUES = re.compile(
    r"\b(since (19|20)\d\d|since (january|february|march|april|may|june|july|august|september"
    r"|october|november|december|late|early|last|the start|then)|in recent (years|months|weeks)"
    r"|over the (past|last) (few )?(years|months|weeks|decade)|for (years|decades|months)"
    r"|so far this year|this year alone|a history of|one of the (deadliest|worst|bloodiest)"
    r"|now in its \w+ (year|month|week)|(hundreds|thousands|dozens|scores|waves|cycles|series"
    r"|spate|string) of (\w+ ){0,2}(attacks|kidnappings|raids"
    r"|bombings|strikes|air ?strikes|clashes|protests|killings|abductions|assaults)"
    r"|previous|repeatedly|routinely|regularly|frequently|has been blamed|have been blamed"
    r"|in the past)\b",
    re.IGNORECASE,
)


def _period_end(value: str, precision: int) -> date:
    start = date.fromisoformat(value)
    if precision == 1:
        return start
    if precision == 2:
        return start + timedelta(days=6)
    nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def stale(cand: EventCandidate, published: str | None) -> bool:
    """Dated explicitly to a time well before publication."""
    d = cand.date
    if not published or d is None or d.value is None or d.text_start < 0:
        return False
    age = date.fromisoformat(published) - _period_end(d.value, d.precision)
    return age > STALE_AFTER.get(d.precision, timedelta(days=14))


def _clause(tok):
    """The clause a trigger belongs to: a noun's governing verb, through prepositions, and a
    participle's main verb ('camped there since November, demanding ...')."""
    head = tok
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    if head.dep_ in ("advcl", "xcomp") and head.tag_ == "VBG":
        head = head.head
    lo, hi = min(head.left_edge.i, tok.left_edge.i), max(head.right_edge.i, tok.right_edge.i)
    return tok.doc[lo : hi + 1]


def habitual(tok, cand: EventCandidate) -> bool:
    """'from where it launches attacks', 'Islamabad accuses X of ...': the present simple of
    an undated act describes a pattern or a standing position, not an event."""
    undated = cand.date is None or cand.date.text_start < 0
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    present = verb.tag_ in ("VBZ", "VBP") and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children
    )
    return undated and present and verb.pos_ == "VERB"


ABSTRACT_AGENTS = {"insurgency", "war", "conflict", "violence", "fighting", "crisis", "unrest",
                   "campaign", "rebellion", "uprising", "attack", "clash", "bombing"}


def perfect_summary(tok) -> bool:
    """'The insurgency has killed 35,000', 'which has urged ...': a running total or a
    description, not a report of one event."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    perfect = any(c.dep_ in ("aux",) and c.lemma_.lower() == "have" for c in verb.children)
    if not perfect:
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    abstract = any(s.lemma_.lower() in ABSTRACT_AGENTS for s in subjects)
    return abstract or verb.dep_ == "relcl"


def is_background(doc: Document, cand: EventCandidate) -> str | None:
    """Why this candidate is background, or None if it is news."""
    published = doc.article.published if doc.article else None
    if stale(cand, published):
        return "dated well before publication"
    tok = doc.spacy[cand.trigger_token]
    if CUES.search(_clause(tok).text):
        return "history cue in its clause"
    if habitual(tok, cand):
        return "habitual present"
    if perfect_summary(tok):
        return "running total or description"
    return None


@register("steps", "events.background.v1")
class BackgroundStep:
    """Set aside candidates that recall history instead of reporting news."""

    name = "events.background.v1"
    requires = ("candidates", "dates")
    assigns = ("news",)

    def __init__(self, resources) -> None:
        self.resources = resources

    def __call__(self, doc: Document) -> Document:
        kept = []
        for cand in doc.candidates:
            why = is_background(doc, cand)
            if why is None:
                kept.append(cand)
            else:
                cand.notes["background"] = why
                doc.background.append(cand)
        doc.candidates = kept
        _reinherit_dates(kept, doc.background, doc.article.published if doc.article else None)
        return doc


def _reinherit_dates(kept: list[EventCandidate], dropped: list[EventCandidate],
                     published: str | None) -> None:
    """A date passed on from a background event ('last year') goes back to the news's own."""
    from eventwire.records import EventDate

    stale_values = {c.date.value for c in dropped if c.date is not None and c.date.text_start >= 0}
    previous = None
    for cand in kept:
        inherited = cand.notes.get("date_inherited") and cand.date is not None
        if inherited and cand.date.value in stale_values:
            if previous is not None and previous.date is not None:
                cand.date = EventDate(previous.date.value, previous.date.precision, "", -1, -1)
            elif published:
                cand.date = EventDate(published, 2, "", -1, -1, basis="publication")
        previous = cand
