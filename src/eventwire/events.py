"""Event detection: find event triggers in the parse and say what kind of event each is.

A trigger is a verb or noun from ``data/triggers.tsv`` (checked against its arguments),
refined by the instruments in its clause (``data/instruments.tsv``: warplanes make an
attack an air strike). Nouns that are only the topic of another event ("pushed for a
ceasefire") or that refer back to an event already found ("the summit") are not new
events. Each trigger's modality (asserted, negated, planned ...) comes from
:mod:`eventwire.modality`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from eventwire.doc import Document, EventCandidate
from eventwire.modality import modality_of
from eventwire.ontology import read_tsv
from eventwire.registry import register

GENERIC = {"attack", "killing"}
# Verbs that describe violence only when a weapon or an armed party is in the clause
# ("floods hit the region" is not an attack).
WEAK_VERBS = {"hit", "strike", "pound", "target", "storm", "raid", "fire", "shoot"}
NATURAL_CAUSES = {
    "earthquake", "flood", "storm", "cyclone", "hurricane", "typhoon", "landslide", "quake",
    "accident", "crash", "disease", "outbreak", "fire", "blaze", "lightning", "heatwave",
    "drought", "tornado", "avalanche", "virus", "epidemic", "collapse", "stampede",
}
# Verbs whose object is a topic, not an event: "discussed a ceasefire", "fears an attack".
TOPIC_VERBS = {
    "discuss", "focus", "negotiate", "want", "seek", "oppose", "support", "back", "propose",
    "offer", "consider", "plan", "fear", "prevent", "forestall", "avoid", "end", "halt", "stop",
    "involve", "include", "cause", "call", "urge", "demand", "push", "press", "reject",
    "refuse", "agree", "sign", "violate", "break", "respect", "observe", "announce", "mediate",
    "broker", "threaten", "warn", "condemn", "denounce", "praise", "welcome", "investigate",
    "probe", "deny", "claim", "mark", "commemorate", "prepare", "organize", "organise", "ban",
    "hear", "see", "witness", "fear", "invite", "resume", "suspend", "boycott", "attend",
    "rule", "discuss", "describe", "show", "blame", "accuse",
}
# "a rise in attacks", "the number of kidnappings": counts of events, not an event.
AGGREGATES = {"rise", "increase", "surge", "spike", "number", "wave", "series", "spate",
              "string", "drop", "decline", "fall", "cycle", "campaign", "toll"}
# "asking not to be named": a source's anonymity, not a request.
ANONYMITY = {"named", "identified", "name", "identify", "anonymity", "quoted", "authorised", "authorized"}
TOPIC_PREPS = {"about", "over", "regarding", "concerning", "for", "against", "on", "to"}
PROPOSALS = {
    "truce", "ceasefire", "proposal", "plan", "deal", "talk", "offer", "initiative",
    "agreement", "negotiation", "peace", "idea", "demand", "request", "accord",
}
DISMISSIVE = {
    "pointless", "useless", "unacceptable", "futile", "meaningless", "impossible",
    "unrealistic", "worthless", "senseless", "absurd",
}
# Agreements and truces named by a noun are events only when the text says they were made
# ("a deal was reached"); otherwise they are what other acts are about.
ENACTED_NOUNS = {"agreement", "ceasefire"}
ENACTING_VERBS = {
    "sign", "reach", "announce", "declare", "conclude", "seal", "broker", "strike", "ink",
    "finalize", "finalise", "take", "come", "enter", "go", "agree",
}


@dataclass(frozen=True)
class Trigger:
    code: str
    condition: str


@lru_cache(maxsize=1)
def trigger_table() -> tuple[dict[str, list[Trigger]], dict[str, list[Trigger]]]:
    """Verb and noun triggers keyed by lemma (nouns: "compound head" or "head")."""
    verbs: dict[str, list[Trigger]] = {}
    nouns: dict[str, list[Trigger]] = {}
    for row in read_tsv("triggers.tsv"):
        word, pos, code = row[0], row[1], row[2]
        condition = row[3] if len(row) > 3 else ""
        table = verbs if pos == "VERB" else nouns
        table.setdefault(word, []).append(Trigger(code, condition))
    return verbs, nouns


@lru_cache(maxsize=1)
def instrument_table() -> dict[str, tuple[str, int]]:
    """Instrument words (lemmas; two-word compounds too) -> (code, rank)."""
    return {row[0]: (row[1], int(row[2])) for row in read_tsv("instruments.tsv")}


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _noun_key(tok) -> list[str]:
    keys = [f"{_lemma(c)} {_lemma(tok)}" for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
    return [*keys, _lemma(tok), tok.lower_]


def _condition_holds(tok, condition: str) -> bool:
    if not condition:
        return True
    kind, _, value = condition.partition(":")
    wanted = set(value.split("|"))
    children = list(tok.children)
    if kind == "prep":
        return any(c.dep_ in ("prep", "agent") and c.lower_ in wanted for c in children)
    if kind == "prt":
        return any(c.dep_ == "prt" and c.lower_ in wanted for c in children)
    if kind == "subj":
        return True  # checked once actors are known (see actors.refine)
    if kind == "obj":
        args = [c for c in children if c.dep_ in ("dobj", "attr", "nsubjpass", "oprd")]
        for prep in (c for c in children if c.dep_ == "prep"):
            if prep.lower_ in wanted:
                return True
            args.extend(g for g in prep.children if g.dep_ == "pobj")
        return any(_lemma(a) in wanted or a.lower_ in wanted or (a.ent_type_ in wanted) for a in args)
    return False


def match_trigger(tok) -> Trigger | None:
    """The trigger this token is, if any (conditions on its arguments checked)."""
    verbs, nouns = trigger_table()
    if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and tok.tag_ == "VBG"):
        options = verbs.get(_lemma(tok), [])
    elif tok.pos_ == "NOUN" and tok.ent_type_ not in ("DATE", "TIME"):
        options = next((nouns[k] for k in _noun_key(tok) if k in nouns), [])
    else:
        options = []
    if tok.pos_ == "VERB" and tok.dep_ == "amod":
        return None  # "Russian-backed offensive", "so-called": adjectives, not events
    return next((t for t in options if _condition_holds(tok, t.condition)), None)


def instrument_in(tokens) -> tuple[str, int] | None:
    """The highest-ranked instrument among ``tokens`` (lemmas and compounds)."""
    table = instrument_table()
    best: tuple[str, int] | None = None
    for tok in tokens:
        for key in (*_noun_key(tok), tok.lower_):
            hit = table.get(key)
            if hit and (best is None or hit[1] > best[1]):
                best = hit
    return best


def clause_tokens(trigger) -> list:
    """The trigger's own subtree plus its subject's (for nouns: their head verb's subject)."""
    tokens = list(trigger.subtree)
    head = trigger.head if trigger.pos_ in ("NOUN", "PROPN") else trigger
    for c in head.children:
        if c.dep_ in ("nsubj", "nsubjpass", "agent") and c not in tokens:
            tokens.extend(c.subtree)
    return tokens


def _refine(code: str, trigger) -> str:
    """Use the instruments in the clause to make a generic attack specific."""
    from eventwire.ontology import is_violent

    if not is_violent(code):
        return code
    found = instrument_in(clause_tokens(trigger))
    if found is None:
        return code
    inst_code, _rank = found
    if inst_code == "attack":  # a gun says "armed", not which kind of explosion
        return code
    if code in GENERIC or code == "ied":  # an "explosion" may be a shell or a suicide bomb
        return inst_code
    return code


def _is_natural(trigger) -> bool:
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "agent")]
    for s in subjects:
        heads = [s] + [g for g in s.children if g.dep_ == "pobj"]
        if any(_lemma(h) in NATURAL_CAUSES for h in heads):
            return True
    return False


def _weak_without_violence(trigger, code: str) -> bool:
    if _lemma(trigger) not in WEAK_VERBS or code not in GENERIC:
        return False
    return instrument_in(clause_tokens(trigger)) is None and not _armed_party(trigger)


ARMED_WORDS = {
    "gunman", "militant", "rebel", "soldier", "troop", "force", "army", "police", "jihadist",
    "insurgent", "fighter", "militia", "attacker", "assailant", "warplane", "jet", "military",
    "terrorist", "bandit", "policeman", "officer", "group",
}


def _armed_party(trigger) -> bool:
    return any(_lemma(t) in ARMED_WORDS for t in clause_tokens(trigger))


def _topic_of(tok) -> bool:
    """A noun trigger that is only what another act is about, or one of many counted."""
    if any(c.dep_ == "det" and c.lower_ in ("any", "every", "such") for c in tok.children):
        return True
    node = tok
    for _ in range(6):  # up to the governing verb: "discuss ... a rise in militant attacks"
        parent = node.head
        if parent.i == node.i:
            break
        if node.dep_ == "prep" and _lemma(parent) in AGGREGATES:
            return True  # "a rise in attacks", "a wave of kidnappings"
        if parent.pos_ in ("VERB", "AUX"):
            in_object = node.i != tok.i and node.dep_ not in ("nsubj", "nsubjpass")
            if in_object and _lemma(parent) in TOPIC_VERBS:
                return True  # deep inside what a topic verb is about
            break
        node = parent
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in TOPIC_PREPS:
        head = head.head
    elif tok.dep_ == "pobj" and head.lower_ in ("during", "at", "after", "before", "since"):
        return False
    if tok.dep_ in ("dobj", "pobj", "nsubjpass", "xcomp", "attr") and _lemma(head) in TOPIC_VERBS:
        return True
    return tok.dep_ == "nsubj" and any(
        c.dep_ == "acomp" and c.lower_ in DISMISSIVE for c in tok.head.children
    )


def _back_reference(tok, code: str, found: list[EventCandidate]) -> bool:
    """'the summit', 'the visit': a definite noun naming an event of a type already found."""
    from eventwire.ontology import event_class

    definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their")
                   for c in tok.children)
    kind = event_class(code).plover_type
    return definite and any(event_class(c.code).plover_type == kind for c in found)


def _unenacted(tok, code: str) -> bool:
    if code not in ENACTED_NOUNS:
        return False
    head = tok.head
    if tok.dep_ == "pobj":
        head = head.head
    return _lemma(head) not in ENACTING_VERBS


def _dismissals(sent) -> list:
    """'said a truce would be pointless' -> the adjective token, a rejection of a proposal."""
    out = []
    for tok in sent:
        if tok.dep_ == "acomp" and tok.lower_ in DISMISSIVE:
            subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
            if subj and _lemma(subj[0]) in PROPOSALS:
                out.append(tok)
    return out


def _candidate(doc: Document, si: int, tok, code: str) -> EventCandidate:
    return EventCandidate(
        code=code,
        sentence_index=si,
        trigger_start=tok.idx,
        trigger_end=tok.idx + len(tok.text),
        trigger_text=tok.text,
        trigger_token=tok.i,
        confidence=0.6,
    )


def _merge_in_sentence(cands: list[EventCandidate], sp) -> list[EventCandidate]:
    """One event per clause: a noun trigger that is an argument of a verb trigger, or a
    participle ('..., killing five') of an attack, joins that trigger's event."""
    from eventwire.ontology import is_violent

    keep: list[EventCandidate] = []
    by_token = {c.trigger_token: c for c in cands}
    for c in cands:
        tok = sp[c.trigger_token]
        host = None
        for anc in [tok.head, tok.head.head]:
            other = by_token.get(anc.i)
            if other is not None and other is not c and not other.merged:
                host = other
                break
        if host is not None and _crowd_killing(c.code, host.code):
            # "fired on protesters, killing two": lethal force if the state is in the scene
            forces = any(_lemma(t) in STATE_FORCES for t in sp[c.trigger_token].sent)
            host.code = "excessive_force" if forces else "riot"
        if host is not None and (
            _same_kind(c.code, host.code) or _purpose(c.code, host.code) or _crowd_killing(c.code, host.code)
        ):
            if host.code in GENERIC and c.code not in GENERIC:
                host.code = c.code
            host.notes.setdefault("also", []).append(c.trigger_text)
            c.merged = True
            continue
        keep.append(c)
    return keep


def _not_an_event(tok, code: str, found: list[EventCandidate]) -> bool:
    """Verbs that only look like triggers here: anonymity requests, and 'who carried out the
    attack' (a definite object naming an event already found)."""
    if code == "request" and any(t.lower_ in ANONYMITY for t in tok.subtree):
        return True
    if code in ("meeting", "visit") and any(c.dep_ == "auxpass" for c in tok.children):
        return True  # "until their demands are met"
    if tok.pos_ == "VERB":
        for obj in (c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")):
            trig = match_trigger(obj)
            if trig is not None and _back_reference(obj, trig.code, found):
                return True
    return False


def _quoted_speech(tok, code: str) -> bool:
    """Requests and refusals inside a direct quote are the speaker's story, not events."""
    from eventwire.ontology import is_violent

    if is_violent(code):
        return False
    before = tok.doc.text[tok.sent.start_char : tok.idx]
    return (before.count('"') + before.count("\u201c") - before.count("\u201d")) % 2 == 1


STATE_FORCES = {"police", "policeman", "soldier", "troop", "force", "army", "military", "officer"}


def _crowd_killing(code: str, host: str) -> bool:
    return code in GENERIC and host in ("protest", "protest_intervention", "excessive_force")


def _purpose(code: str, host: str) -> bool:
    """'marched ... to demand protection': the demand is what the protest is for."""
    from eventwire.ontology import event_class

    return event_class(code).plover_type == "REQUEST" and event_class(host).plover_type == "PROTEST"


def _same_kind(a: str, b: str) -> bool:
    from eventwire.ontology import event_class, is_violent

    return (is_violent(a) and is_violent(b)) or event_class(a).plover_type == event_class(b).plover_type


@register("steps", "events.detect.v1")
class DetectStep:
    """Find event triggers, type them through the ontology table and set their modality."""

    name = "events.detect.v1"
    requires = ("spacy",)
    assigns = ("candidates",)

    def __init__(self, resources) -> None:
        self.resources = resources

    def __call__(self, doc: Document) -> Document:
        found: list[EventCandidate] = []
        for si, sent in enumerate(doc.sentences):
            in_sentence: list[EventCandidate] = []
            for tok in sent:
                trig = match_trigger(tok)
                if trig is None or _is_natural(tok) or _weak_without_violence(tok, trig.code):
                    continue
                if tok.pos_ in ("NOUN", "PROPN") and (
                    _topic_of(tok) or _back_reference(tok, trig.code, found)
                    or _unenacted(tok, trig.code)
                ):
                    continue
                if _not_an_event(tok, trig.code, found) or _quoted_speech(tok, trig.code):
                    continue
                cand = _candidate(doc, si, tok, _refine(trig.code, tok))
                cand.modality = modality_of(tok)
                cand.notes["condition"] = trig.condition
                in_sentence.append(cand)
            for adj in _dismissals(sent):
                cand = _candidate(doc, si, adj, "reject_plan")
                cand.notes["proposal"] = [c.lower_ for c in adj.head.children if c.dep_ == "nsubj"]
                in_sentence.append(cand)
            found.extend(_merge_in_sentence(in_sentence, doc.spacy))
        for cand in found:
            _specialise_topic(cand, doc.spacy)
        doc.candidates = found
        return doc


def _specialise_topic(cand: EventCandidate, sp) -> None:
    """A request for a ceasefire is CAMEO 0256; a rejected truce is 127."""
    if cand.code != "request":
        return
    tok = sp[cand.trigger_token]
    topics = {_lemma(t) for t in tok.subtree if t.i != tok.i}
    if topics & {"ceasefire", "truce", "de-escalation", "calm", "restraint"}:
        cand.code = "request_ceasefire"


# The trained step that re-types what the rules found registers with this module, so the
# registry's list of built-in step modules needs no entry of its own.
from eventwire.classify import step as _classify_step  # noqa: E402,F401
