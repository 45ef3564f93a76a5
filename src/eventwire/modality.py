"""Whether an event is said to have happened (asserted) or only denied, threatened,
planned or imagined.

Read from the trigger's own auxiliaries and negation and from the verbs that govern it
("failed to agree", "threatened to attack", "fears an offensive could", "if ... attack").
"""

from __future__ import annotations

import re

NEGATING_HEADS = {"fail", "deny", "refuse", "decline", "avoid", "prevent", "stop", "halt"}
THREATENING_HEADS = {"threaten", "vow", "pledge"}
PLANNING_HEADS = {
    "plan", "intend", "prepare", "schedule", "expect", "aim", "propose", "consider", "seek",
    "want", "hope", "set", "decide", "agree", "promise", "try", "attempt", "call", "urge",
    "demand", "push", "ask", "order",
}
HYPOTHETICAL_HEADS = {
    "fear", "worry", "could", "might", "may", "risk", "imagine", "suppose", "warn", "predict",
}
HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should", "must"}
PLANNED_AUX = {"will", "shall", "'ll"}
PLANNED_ADJ = {
    "looming", "planned", "upcoming", "proposed", "expected", "imminent", "future",
    "possible", "potential", "threatened", "anticipated", "scheduled", "impending",
}
NEGATING_ADV = {"never", "not", "n't", "no"}
# Time words that put an event in the future ("talks next week", "rallies later this week").
FUTURE = re.compile(
    r"\b(next (week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|tomorrow|in the coming (days|weeks|months)|later this (week|month|year)|next few (days|weeks))\b",
    re.IGNORECASE,
)


def _own_modality(tok) -> str | None:
    children = list(tok.children)
    if any(c.dep_ == "neg" or c.lower_ in NEGATING_ADV and c.dep_ == "advmod" for c in children):
        return "negated"
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in children):
        return "hypothetical"
    aux = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    if aux & PLANNED_AUX:
        return "planned"
    if aux & HYPOTHETICAL_AUX:
        return "hypothetical"
    if any(c.dep_ == "amod" and c.lower_ in PLANNED_ADJ for c in children):
        return "planned"
    if any(c.dep_ == "det" and c.lower_ == "no" for c in children):
        return "negated"
    subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(s.lower_ in ("nobody", "none", "noone") or
           any(d.dep_ == "det" and d.lower_ == "no" for d in s.children) for s in subjects):
        return "negated"  # "No protesters were arrested", "Nobody attacked the convoy"
    return None


def _governor_modality(head, child) -> str | None:
    lemma = head.lemma_.lower()
    if child.dep_ not in ("xcomp", "ccomp", "dobj", "pobj", "prep", "advcl", "nsubj", "relcl"):
        return None
    if lemma in NEGATING_HEADS and child.dep_ in ("xcomp", "dobj", "ccomp"):
        return "negated"
    if lemma in THREATENING_HEADS and child.dep_ in ("xcomp", "ccomp"):
        return "threatened"
    if lemma in PLANNING_HEADS and child.dep_ == "xcomp":
        return "planned"
    if lemma in HYPOTHETICAL_HEADS and child.dep_ in ("ccomp", "dobj", "xcomp"):
        return "hypothetical"
    return None


def modality_of(tok) -> str:
    """The modality of the event whose trigger is ``tok`` (a spaCy token)."""
    own = _own_modality(tok)
    if own:
        return own
    child, head = tok, tok.head
    for _ in range(4):
        if head.i == child.i:
            break
        governed = _governor_modality(head, child)
        if governed:
            return governed
        if child.dep_ in ("ccomp", "advcl", "conj", "relcl", "parataxis") and head.pos_ == "VERB":
            break  # a new clause: its own auxiliaries were already read
        own = (
            _own_modality(head)
            if child.dep_ in ("xcomp", "dobj", "pobj", "prep", "nsubj", "nsubjpass")
            else None
        )
        if own in ("hypothetical", "planned"):
            return own
        child, head = head, head.head
    if tok.sent is not None and tok.sent.text.rstrip().endswith("?"):
        return "hypothetical"
    if _future_phrase(tok):
        return "planned"
    return "asserted"


def _future_phrase(tok) -> bool:
    """A future time expression in the trigger's own phrase or clause."""
    head = tok
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    lo = min(head.left_edge.i, tok.left_edge.i)
    hi = max(head.right_edge.i, tok.right_edge.i)
    return bool(FUTURE.search(tok.doc[lo : hi + 1].text))
