"""Reported deaths and other casualties: mentions in text, and the step that gives them to events.

``find_deaths`` reads counts with a small regular grammar: a *quantity* ("at least 30",
"between 10 and 15", "a dozen", "twenty-one") heads a *noun phrase* ("three Afghan
soldiers"), noun phrases join into lists ("4 soldiers and 2 civilians"), and a list is
tied to a predicate either after it ("were killed", "dead", "died") or before it
("killing", "wounded"). A list counts once, so "three civilians, including two children"
is 3 with victims civilians and children.

Figures follow ACLED's conservative reading, and ``low <= best <= high`` always:

* an exact figure, "at least N", "more than N", "about N": low = best = high = N (high is
  the largest figure the text *states*, not the largest it allows);
* "between A and B", "A to B", "A or B": low = best = A, high = B;
* "up to N", "as many as N": low = 1, best = high = N (the text allows any number up to N);
* "fewer than N", "under N": low = 1, best = high = N - 1;
* vague plurals take their smallest reading: "dozens" 12, "hundreds" 100 (see numbers.py).

A count with no victim noun ("killing 6") has no victims. One person named after an active
verb ("killed her son") counts 1, and a group killed by reference ("police shot the gunmen
dead") takes the count an earlier phrase gave the same group ("three attackers").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from eventwire.numbers import NUMBER_PATTERN, parse_number
from eventwire.records import Fatalities
from eventwire.registry import register

if TYPE_CHECKING:
    from eventwire.doc import Document, EventCandidate

KINDS = ("killed", "wounded", "missing", "arrested", "displaced", "abducted")


@dataclass(frozen=True)
class DeathMention:
    """A casualty count found in text: the figures, who the victims were, and what befell them.

    ``kind`` is one of :data:`KINDS`; only ``killed`` mentions are fatalities.
    """

    start: int
    end: int
    text: str
    best: int
    low: int
    high: int
    victims: tuple[str, ...]
    kind: str


# --- victims -------------------------------------------------------------------------------

# Victim nouns (regex forms) by the normalised plural the records use; longer forms first.
_VICTIMS: tuple[tuple[str, str], ...] = (
    (r"police\s*(?:officers?|m[ae]n|wom[ae]n)|policem[ae]n|policewom[ae]n|police|cops?"
     r"|constables?|gendarmes?|patrolm[ae]n", "police"),
    (r"security\s+(?:forces|personnel|officers?|guards?)|soldiers?|troops|servicem[ae]n"
     r"|service\s*members?|troopers?|marines?|paratroopers?|commandos?|sailors?|airm[ae]n"
     r"|guards?|conscripts?|army\s+officers?", "soldiers"),
    (r"militants?|insurgents?|jihadists?|terrorists?|extremists?|suicide\s+bombers?"
     r"|bombers?", "militants"),
    (r"fighters?|rebels?|gunm[ae]n|attackers?|assailants?|combatants?|militiam[ae]n"
     r"|militia\s+members?|bandits?|raiders?", "fighters"),
    (r"protesters?|protestors?|demonstrators?|marchers?|rioters?", "protesters"),
    (r"children|child|kids?|boys?|girls?|minors?|infants?|bab(?:y|ies)|toddlers?"
     r"|teenagers?|schoolchildren|pupils?", "children"),
    (r"wom[ae]n", "women"),
    (r"civilians?|villagers?|residents?|passengers?|worshipp?ers?|students?|farmers?"
     r"|shoppers?|bystanders?|pilgrims?|journalists?|reporters?|(?:aid\s+)?workers?"
     r"|teachers?|pedestrians?|refugees?|migrants?|miners?|fisherm[ae]n|herders?|herdsm[ae]n"
     r"|traders?|relatives?|doctors?|nurses?|patients?|tourists?|family\s+members?",
     "civilians"),
    (r"people|persons?|individuals?|others|m[ae]n|victims?|bodies|officers?|personnel"
     r"|members?|suspects?|hostages?|prisoners?|inmates?|detainees?|captives?", "people"),
)
# People named one at a time ("an engineer was killed"); they count as generic people.
_PERSON = re.compile(
    r"(?:engineer|driver|commander|official|leader|chief|member|priest|imam|cleric|pastor|judge"
    r"|politician|lawmaker|legislator|mayor|governor|activist|employee|contractor|shopkeeper"
    r"|owner|pilot|youth|youngster|elder|councillor|councilor|candidate|suspect|mother|father"
    r"|son|daughter|wife|husband|brother|sister|man|person|trainee|recruit|officer|guard)$",
    re.IGNORECASE,
)
_VICTIM_RES = tuple((re.compile(rf"(?:{p})$", re.IGNORECASE), v) for p, v in _VICTIMS)
_NOUN = "(?:" + "|".join(p for p, _ in _VICTIMS) + r")\b"
_VICTIM_FULL = re.compile(_NOUN[:-2] + "$", re.IGNORECASE)


def _victim(noun: str, mods: str) -> str:
    """The normalised victim group of a noun, using its modifiers for "officers" and the like."""
    for regex, victim in _VICTIM_RES:
        if regex.match(noun):
            if victim == "people" and re.search(r"\bpolice\b", mods, re.IGNORECASE):
                return "police"
            if victim == "people" and re.search(r"\b(?:army|military|security)\b", mods, re.I):
                return "soldiers"
            return victim
    return "people"


# --- grammar -------------------------------------------------------------------------------

_FLAGS = re.IGNORECASE
_NUM = rf"(?<!\bno\s)(?<!\bnot\s)\b{NUMBER_PATTERN}"  # "no one was killed" is not 1
_QUAL = (
    r"at\s+least|no\s+(?:fewer|less)\s+than|more\s+than|over|upwards\s+of|in\s+excess\s+of"
    r"|about|around|some|nearly|almost|approximately|roughly|an\s+estimated|close\s+to"
    r"|up\s+to|as\s+many\s+as|at\s+most|fewer\s+than|less\s+than|under|only|just|another"
    r"|a\s+further|a\s+total\s+of|a\s+combined|all|the"
)
# Words a modifier may not be: they end the noun phrase or belong to a predicate.
_STOP = (
    r"(?:and|or|but|nor|were|was|is|are|be|been|being|had|have|has|in|on|at|of|by|with|from"
    r"|to|for|after|before|during|when|while|as|that|who|which|including|among|since"
    r"|kill\w*|wound\w*|injur\w*|dead|die[ds]?|dying|death\w*|arrest\w*|detain\w*|abduct\w*"
    r"|kidnap\w*|displac\w*|missing|hurt|slain|murder\w*|execut\w*|fled|flee\w*|left|leaving"
    r"|bodies|\d[\d,.]*(?!-))"
)
_MOD = rf"(?!{_STOP}\b)(?:[a-z][\w'\u2019-]*|\d+-[a-z][\w'\u2019-]*)"  # "13-year-old"
# Numbers that measure something else: "two hours", "5 km", "30 percent".
_NOT_A_COUNT = (
    r"(?!\s*(?:%|per\s*cent|percent|hours?|days?|weeks?|months?|years?|times|km|miles?"
    r"|kilomet\w+|met(?:er|re)s?|feet|o'clock|a\.m|p\.m)\b)"
)


def _quant(named: bool) -> str:
    """A quantity phrase; with named groups only where it is used once in a pattern."""
    q, lo, hi, n, n2 = (
        ("?P<qual>", "?P<lo>", "?P<hi>", "?P<n>", "?P<n2>") if named else ("?:",) * 5
    )
    return (
        rf"(?:({q}{_QUAL})\s+)?"
        rf"(?:between\s+({lo}{_NUM})\s+and\s+({hi}{_NUM})"
        rf"|({n}{_NUM})(?:\s*(?:-|\u2013|to|or)\s*({n2}{_NUM}))?)"
    )


def _np(named: bool, *, noun: bool = False) -> str:
    """A counted noun phrase: a quantity (or "a"/"an") and a victim noun (optional unless ``noun``).

    Only the first phrase of a list may lack a noun ("killing 3 and ..."): in "injuring six
    soldiers, two military sources said" the bare "two" is not a second count.
    """
    art, mods, nn = ("?P<art>", "?P<mods>", "?P<noun>") if named else ("?:",) * 3
    head = (
        rf"(?:\s+of(?:\s+(?:the|its|their|these|those))?)?"
        rf"\s+({mods}(?:{_MOD}\s+){{0,3}}?)({nn}{_NOUN})|\s+of\s+(?:them|those|whom)\b"
    )
    return rf"(?:{_quant(named)}{_NOT_A_COUNT}|({art}\ban?\b))(?:{head}){'' if noun else '?'}"


_NP = _np(False)
_NP_NOUN = _np(False, noun=True)
_PASSIVE_LIST = (
    rf"{_NP}(?:\s*,\s*{_NP_NOUN})*(?:,?\s+(?:and|as\s+well\s+as)\s+{_NP_NOUN})?"
)
# After an active verb a later noun phrase followed by "were" starts a new clause.
_NEW_CLAUSE = rf"(?!(?:\s+{_MOD}){{0,3}}\s+(?:were|was|are|is|had|have|has)\b)"
_ACTIVE_LIST = (
    rf"{_NP}(?:\s*,\s*{_NP_NOUN}{_NEW_CLAUSE})*"
    rf"(?:,?\s+(?:and|as\s+well\s+as)\s+{_NP_NOUN}{_NEW_CLAUSE})?"
)
_INCL_NP = rf"(?:{_quant(False)}\s+(?:of\s+(?:them|whom)\s+)?)?(?:{_MOD}\s+){{0,3}}?{_NOUN}"
_INCL = (
    r",?\s+(?:including|among\s+them|among\s+whom(?:\s+were)?|mostly|mainly|many\s+of\s+them"
    r"|most\s+of\s+(?:them|whom)(?:\s+were)?|all\s+of\s+(?:them|whom)(?:\s+were)?)\s+"
    rf"{_INCL_NP}(?:(?:\s*,\s*|,?\s+and\s+){_INCL_NP})*,?"
)
# Hedged reports ("were reported to have been killed") and adverbs ("were then killed",
# "were brutally killed") may sit between the victims and the verb.
_AUX = (
    r"(?:(?:were|was|are|is|have|has|had|been|being|got|all|also|then|later|since|now|still"
    r"|(?:reported|said|believed|thought|feared|known|understood|presumed|confirmed|estimated)"
    r"(?:\s+to\s+have(?:\s+been)?)?|remain(?:ed)?|left|leaving|(?!only\b)[a-z]+ly)\s+){0,4}"
)
_PASSIVE_VERBS = {
    "killed": r"killed|slain|murdered|executed|massacred|lynched|beheaded|assassinated"
              r"|(?:shot|gunned)\s+dead|gunned\s+down|(?:found|confirmed|feared|left)\s+dead"
              r"|(?:shot|hacked|beaten|stabbed|burn(?:ed|t)|bludgeoned|stoned|tortured|crushed)"
              r"\s+to\s+death|burn(?:ed|t)\s+alive|dead|died|perished|lost\s+their\s+lives",
    "wounded": r"(?:(?:seriously|critically|badly|severely|slightly|lightly)\s+)?"
               r"(?:wounded|injured|hurt|maimed)",
    "arrested": r"arrested|detained|apprehended|rounded\s+up|taken\s+into\s+custody",
    "missing": r"missing|unaccounted\s+for",
    "displaced": r"displaced|made\s+homeless|uprooted|fled(?:\s+their\s+homes)?"
                 r"|forced\s+(?:to\s+flee|from\s+their\s+homes)",
    "abducted": r"abducted|kidnapped|taken\s+(?:hostage|captive)",
}
_ACTIVE_VERBS = {
    "killed": r"kill(?:ed|ing|s)?|slew|slaying|massacr(?:ed|ing)|murder(?:ed|ing)"
              r"|execut(?:ed|ing)|(?:shot|shooting)\s+dead|gunn(?:ed|ing)\s+down"
              r"|claim(?:ed|ing|s)?\s+the\s+lives\s+of",
    "wounded": r"wound(?:ed|ing|s)?|injur(?:ed|ing|es)|maim(?:ed|ing|s)?",
    "arrested": r"arrest(?:ed|ing|s)?|detain(?:ed|ing|s)?|apprehend(?:ed|ing|s)?"
                r"|round(?:ed|ing)\s+up",
    "displaced": r"displac(?:ed|ing|es)",
    "abducted": r"abduct(?:ed|ing|s)?|kidnap(?:ped|ping|s)?",
}
def _verb_groups(verbs: dict[str, str]) -> str:
    """An alternation of verb patterns whose named group tells the kind that matched."""
    return "(?:" + "|".join(rf"(?P<{k}>{v})" for k, v in verbs.items()) + r")\b"


# A short place or time phrase may sit between the victims and the verb ("in Gaza", "on Monday").
_PP = rf"(?:,?\s+(?:in|on|at|near|inside|outside|across|during)(?:\s+{_MOD}){{1,3}}?,?)?"

# The grammar's patterns by name. They are compiled on first use, not at import: the noun
# phrase lists make them large, and compiling them takes about a second.
_SOURCES = {
    "np": _np(True),
    # One pattern for every passive kind, so the text is scanned once.
    "passive": rf"(?P<np>{_PASSIVE_LIST})(?P<incl>{_INCL})?{_PP},?\s+(?P<aux>{_AUX})"
               + _verb_groups(_PASSIVE_VERBS),
    "active": rf"\b{_verb_groups(_ACTIVE_VERBS)}\s+(?P<np>{_ACTIVE_LIST})(?P<incl>{_INCL})?",
    # One victim named by a singular noun or pronoun: "an engineer was killed", "he was shot".
    "singular": rf"(?:\b(?:an?|one|the)\s+(?P<sg>(?:{_MOD}\s+){{0,4}}?{_MOD}"
                rf"(?:\s+of\s+(?:the\s+|an?\s+)?(?:{_MOD}\s+){{0,3}}?{_MOD})?)"
                rf"|\b(?:he|she)\b){_PP}\s+(?:was|has\s+been|had\s+been|is)\s+"
                r"(?:(?:also|reportedly|allegedly|later|then)\s+)?" + _verb_groups(_PASSIVE_VERBS),
    # One victim named after an active verb: "killed a commander", "kidnapped her son".
    "active_one": rf"\b{_verb_groups(_ACTIVE_VERBS)}\s+(?:an?|his|her|their|its)\s+"
                  rf"(?P<sg>{_MOD}(?:\s+{_MOD}){{0,3}})",
    # A group killed by reference to an earlier count: "troops shot the gunmen dead".
    "anaphor": rf"\b(?:(?P<act>{_ACTIVE_VERBS['killed']})\s+(?:only\s+|all\s+)?the"
               rf"|(?:shot|shooting|gunned|gunning)\s+the)\s+(?!{NUMBER_PATTERN}\b)"
               rf"(?P<mods>(?:{_MOD}\s+){{0,3}}?)(?P<noun>{_NOUN})(?![\'\u2019])"
               rf"(?(act)|\s+(?:dead|down)\b)",
    "toll": rf"\bdeath\s+toll\b[^.;:\d]{{0,60}}?(?P<np>{_quant(False)})",
    "nominal": rf"(?P<np>{_quant(False)})\s+(?:{_MOD}\s+){{0,2}}?(?:deaths|fatalities|bodies)\b",
    # Verbs that may take an object: "two gunmen killed a soldier" is active, not "two killed".
    "object": rf"\s+(?:{_quant(False)}|an?\b|him\b|her\b|them\b|his\b|their\b)",
    "active_before": "(?:" + "|".join(_ACTIVE_VERBS.values()) + r")\s*$",
    "any_passive_verb": r"\b(?:" + "|".join(_PASSIVE_VERBS.values()) + r")\b",
    "extra_words": r"\b(?:death\s+toll|deaths|fatalities|bodies)\b",
}


@cache
def _re(name: str) -> re.Pattern[str]:
    return re.compile(_SOURCES[name], _FLAGS)


def _kind(m: re.Match[str], verbs: dict[str, str]) -> str:
    return next(k for k in verbs if m[k] is not None)


def _figures(m: re.Match[str]) -> tuple[int, int, int] | None:
    """(best, low, high) of one noun phrase's quantity, by the rules in the module docstring."""
    if m["art"]:
        return (1, 1, 1) if m["noun"] else None
    qual = re.sub(r"\s+", " ", (m["qual"] or "").lower())
    if m["lo"]:
        a, b = parse_number(m["lo"]), parse_number(m["hi"])
    else:
        a = parse_number(m["n"])
        b = parse_number(m["n2"]) if m["n2"] else a
    if a is None or b is None:
        return None
    a, b = min(a, b), max(a, b)
    if a != b:
        return a, a, b
    if qual in ("up to", "as many as", "at most"):
        return a, min(1, a), a
    if qual in ("fewer than", "less than", "under"):
        best = max(a - 1, 0)
        return best, min(1, best), best
    return a, a, a


def _read_list(text: str, start: int, end: int) -> tuple[int, int, int, list[str]] | None:
    """Sum the noun phrases of a list; None when one of them is not a count."""
    best = low = high = 0
    victims: list[str] = []
    pos = start
    while pos < end:
        m = _re("np").search(text, pos, end)
        if m is None:
            break
        figures = _figures(m)
        if figures is None:
            return None
        best, low, high = best + figures[0], low + figures[1], high + figures[2]
        if m["noun"]:
            victims.append(_victim(m["noun"], m["mods"] or ""))
        pos = max(m.end(), pos + 1)
    return (best, low, high, victims) if pos > start else None


def _included_victims(text: str) -> list[str]:
    found = re.finditer(rf"(?P<mods>(?:{_MOD}\s+){{0,3}}?)(?P<noun>{_NOUN})", text, _FLAGS)
    return [_victim(m["noun"], m["mods"]) for m in found]


def _mention(text: str, m: re.Match[str], kind: str, offset: int) -> DeathMention | None:
    read = _read_list(text, m.start("np"), m.end("np"))
    if read is None:
        return None
    best, low, high, victims = read
    incl = m.groupdict().get("incl")
    if incl:
        victims += _included_victims(incl)
    unique = tuple(dict.fromkeys(victims))
    return DeathMention(m.start() + offset, m.end() + offset, m.group(), best, low, high,
                        unique, kind)


def _passive(text: str) -> list[tuple[re.Match[str], str]]:
    """Matches of "<list> were <verb>" with their kind, skipping objects of active verbs."""
    found: list[tuple[re.Match[str], str]] = []
    pos = 0
    if not _re("any_passive_verb").search(text):
        return found
    while (m := _re("passive").search(text, pos)) is not None:
        pos = m.start() + 1
        kind = _kind(m, _PASSIVE_VERBS)
        if m.start() > 0 and _re("active_before").search(text, 0, m.start()):
            continue  # "killed 4 soldiers and 2 civilians were wounded": start at "2 civilians"
        bare = not m["aux"].strip() and kind in _ACTIVE_VERBS
        if bare and _re("object").match(text, m.end()):
            continue  # "two gunmen killed a soldier": the verb has an object
        found.append((m, kind))
        pos = m.end()
    return found


def _singular(text: str, offset: int) -> list[DeathMention]:
    """One-victim mentions ("an engineer was killed"); the noun must name a person."""
    found = []
    for m in _re("singular").finditer(text):
        phrase = m["sg"] or ""
        head = phrase.split(" of ")[0].split()[-1] if phrase else "he"
        if phrase and not (_VICTIM_FULL.match(head) or _PERSON.match(head)):
            continue
        victims = (_victim(head, phrase),) if phrase else ("people",)
        found.append(DeathMention(m.start() + offset, m.end() + offset, m.group(), 1, 1, 1,
                                  victims, _kind(m, _PASSIVE_VERBS)))
    return found


def _one_person(word: str) -> bool:
    """Whether a head noun names one person ("commander", "policeman"), not a group."""
    if _PERSON.match(word):
        return True
    plural = re.search(r"(?:s|men|children|people|police|personnel)$", word, _FLAGS)
    return bool(_VICTIM_FULL.match(word)) and plural is None


def _active_one(text: str, offset: int) -> list[DeathMention]:
    """One-victim objects of active verbs ("killing a commander", "killed her infant son")."""
    found = []
    for m in _re("active_one").finditer(text):
        # The head is the first word naming a person: "her two-week-old son", "a local official".
        head = next((w for w in re.finditer(r"\S+", m["sg"]) if _one_person(w.group())), None)
        if head is not None:
            end = m.start("sg") + head.end()
            found.append(DeathMention(m.start() + offset, end + offset, text[m.start() : end],
                                      1, 1, 1, (_victim(head.group(), m["sg"]),),
                                      _kind(m, _ACTIVE_VERBS)))
    return found


def _anaphors(text: str, found: list[DeathMention], offset: int) -> list[DeathMention]:
    """Groups killed by reference ("killed only the attackers") take the count given them earlier.

    The earlier count is the last noun phrase before the reference whose victims are of the
    same group; none is read when that phrase is itself part of a killed mention (a repeat).
    """
    spans = [(d.start - offset, d.end - offset) for d in found if d.kind == "killed"]
    out = []
    for m in _re("anaphor").finditer(text):
        if _one_person(m["noun"]):
            continue
        group = _victim(m["noun"], m["mods"])
        earlier = [a for a in _re("np").finditer(text, 0, m.start())
                   if a["noun"] and _victim(a["noun"], a["mods"] or "") == group]
        if not earlier or any(s < earlier[-1].end() and earlier[-1].start() < e for s, e in spans):
            continue
        figures = _figures(earlier[-1])
        if figures is not None:
            out.append(DeathMention(m.start() + offset, m.end() + offset, m.group(), *figures,
                                    (group,), "killed"))
    return out


def find_deaths(text: str, *, offset: int = 0) -> list[DeathMention]:
    """Casualty mentions in ``text``, in text order; ``offset`` is added to start/end."""
    matches = _passive(text)
    matches += [(m, _kind(m, _ACTIVE_VERBS)) for m in _re("active").finditer(text)]
    if _re("extra_words").search(text):
        matches += [(m, "killed") for r in ("toll", "nominal") for m in _re(r).finditer(text)]
    found = [d for m, k in matches if (d := _mention(text, m, k, offset)) is not None]
    if _re("any_passive_verb").search(text):
        found += _singular(text, offset)
    found += _active_one(text, offset)
    found += _anaphors(text, found, offset)
    kept: list[DeathMention] = []
    # Where readings overlap the longest wins ("5 dead" read twice is one mention).
    for d in sorted(found, key=lambda d: (-(d.end - d.start), d.start)):
        if all(d.end <= k.start or d.start >= k.end for k in kept):
            kept.append(d)
    return sorted(kept, key=lambda d: d.start)


# --- the pipeline step ---------------------------------------------------------------------

VIOLENT_CODES = frozenset({
    "airstrike", "drone_strike", "shelling", "ied", "suicide_bomb", "grenade", "chemical",
    "armed_clash", "attack", "killing", "mob_violence", "excessive_force", "riot",
})  # fmt: skip
# Where a non-fatal count goes: the notes key, and the codes preferred as its event.
_NOTE_KEYS = {"wounded": "injured", "missing": "missing", "arrested": "arrested",
              "displaced": "displaced", "abducted": "abducted"}
_PREFERRED = {"wounded": VIOLENT_CODES, "arrested": frozenset({"arrest"}),
              "abducted": frozenset({"abduction"})}


@register("steps", "fatalities.extract.v1")
class FatalitiesStep:
    """Sets ``cand.fatalities`` from the deaths reported in each candidate's sentence.

    Each death mention goes to the nearest candidate with a violent code in its sentence
    (mentions given to one candidate are summed); a sentence with no violent candidate
    gives its deaths to none. Other counts go to ``cand.notes`` as ints ("injured",
    "missing", "arrested", "displaced", "abducted"), to the nearest candidate of the
    fitting code, else the nearest candidate.
    """

    name = "fatalities.extract.v1"
    requires = ("candidates",)
    assigns = ("fatalities",)

    def __init__(self, resources: Any) -> None:
        self.resources = resources

    def __call__(self, doc: Document) -> Document:
        sentences = doc.sentences
        by_sentence: dict[int, list[EventCandidate]] = {}
        for cand in doc.candidates:
            by_sentence.setdefault(cand.sentence_index, []).append(cand)
        for si, cands in by_sentence.items():
            if not 0 <= si < len(sentences):
                continue
            sent = sentences[si]
            deaths: dict[int, list[DeathMention]] = {}
            for mention in find_deaths(sent.text, offset=sent.start_char):
                if mention.kind == "killed":
                    cand = _nearest(mention, [c for c in cands if c.code in VIOLENT_CODES])
                    if cand is not None:
                        deaths.setdefault(id(cand), []).append(mention)
                else:
                    _note(mention, cands)
            for cand in cands:
                if id(cand) in deaths:
                    cand.fatalities = _total(deaths[id(cand)], doc.text)
        return doc


def _nearest(mention: DeathMention, cands: list[EventCandidate]) -> EventCandidate | None:
    """The candidate whose trigger is closest to the mention; ties go to the earlier one."""

    def gap(c: EventCandidate) -> tuple[int, int]:
        if c.trigger_end <= mention.start:
            return mention.start - c.trigger_end, 0
        if c.trigger_start >= mention.end:
            return c.trigger_start - mention.end, 1
        return 0, 0  # the trigger is inside the mention ("killing 6")

    return min(cands, key=gap) if cands else None


def _note(mention: DeathMention, cands: list[EventCandidate]) -> None:
    preferred = [c for c in cands if c.code in _PREFERRED.get(mention.kind, frozenset())]
    cand = _nearest(mention, preferred or cands)
    if cand is not None:
        key = _NOTE_KEYS[mention.kind]
        cand.notes[key] = int(cand.notes.get(key, 0)) + mention.best


def _total(mentions: list[DeathMention], text: str) -> Fatalities:
    """The sum of several death mentions, with the span that covers them all as evidence."""
    start, end = min(m.start for m in mentions), max(m.end for m in mentions)
    victims = tuple(dict.fromkeys(v for m in mentions for v in m.victims))
    return Fatalities(
        best=sum(m.best for m in mentions),
        low=sum(m.low for m in mentions),
        high=sum(m.high for m in mentions),
        victims=victims,
        text=text[start:end] if 0 <= start < end <= len(text) else mentions[0].text,
        start=start,
        end=end,
    )
