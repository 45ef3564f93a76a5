"""Who says so: the attribution of each event as written ("witnesses and rescuers said",
"according to the Syrian Observatory for Human Rights")."""

from __future__ import annotations

from eventwire.doc import Document, EventCandidate
from eventwire.ontology import event_class
from eventwire.registry import register

REPORTING_VERBS = {
    "say", "tell", "report", "claim", "confirm", "announce", "state", "add", "quote", "cite",
    "allege", "estimate", "describe", "post", "write", "recount", "note", "explain",
}
# For these event types the speaker is the actor ("Putin said a truce would be pointless"),
# not a source reporting someone else's act.
SPEECH_EVENTS = {"REQUEST", "REJECT", "ACCUSE", "THREATEN", "AGREE", "SUPPORT"}


def _subject_text(verb) -> str | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            toks = [t for t in c.subtree if t.dep_ != "punct" or t.i not in (c.left_edge.i, c.right_edge.i)]
            if toks and toks[0].pos_ == "PRON":
                return None
            return verb.doc.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)].strip(" ,")
    return None


def _phrase_before(verb) -> str | None:
    """'..., two residents of the area said.': the words between the last comma and the verb
    (for parses that lost the subject)."""
    rest = [t for t in verb.sent if t.i > verb.i and not (t.is_punct or t.is_space)]
    if rest:  # only a trailing ", two residents said." lacks a parsed subject
        return None
    toks = []
    for t in reversed(list(verb.sent)[: verb.i - verb.sent.start]):
        if t.text in (",", ";", ":", "\u2014", "-"):
            break
        toks.insert(0, t)
    if not toks or len(toks) > 12 or not any(t.pos_ in ("NOUN", "PROPN") for t in toks):
        return None
    return verb.doc.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]


def _according_to(sent) -> list[str]:
    out = []
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            for g in tok.doc[tok.i + 1].children:
                if g.dep_ == "pobj":
                    out.append(tok.doc.text[g.left_edge.idx : g.right_edge.idx + len(g.right_edge.text)])
    return out


def _governs(verb, tok) -> bool:
    node = tok
    while node.head.i != node.i:
        if node.head.i == verb.i:
            return True
        node = node.head
    return False


def attributions(cand: EventCandidate, doc: Document) -> list[str]:
    """The reporters of one event, from its sentence."""
    sent = doc.sentences[cand.sentence_index]
    tok = doc.spacy[cand.trigger_token]
    speech = event_class(cand.code).plover_type in SPEECH_EVENTS
    found: list[str] = []
    for verb in sent:
        if verb.lemma_.lower() not in REPORTING_VERBS or verb.pos_ != "VERB" or verb == tok:
            continue
        if speech and (_governs(verb, tok) or verb == tok.head):
            continue  # the speaker of a demand or refusal is its actor
        who = (_subject_text(verb) or _phrase_before(verb)) if _governs(verb, tok) else None
        if who and who not in found:
            found.append(who)
    for who in _according_to(sent):
        if who not in found:
            found.append(who)
    return found


@register("steps", "sources.attribute.v1")
class SourceStep:
    """Set ``reported_by`` on each event from the reporting verbs of its sentence."""

    name = "sources.attribute.v1"
    requires = ("candidates",)
    assigns = ("sources",)

    def __init__(self, resources) -> None:
        self.resources = resources

    def __call__(self, doc: Document) -> Document:
        for cand in doc.candidates:
            cand.reported_by = attributions(cand, doc)
        return doc
