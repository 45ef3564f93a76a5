"""The ``case2021`` suite: the ACLED sub-event type of a news snippet (CASE 2021 Task 2).

Gold: a TSV with a header and the columns ``id``, ``EventSnippet``, ``SubType``; the
labels are CASE's short names for the 25 ACLED sub-event types plus five types ACLED
does not code (DIPLO, ATTRIB, ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER).

Each snippet is coded as one short article. Its predicted label is the ACLED sub-event
type of its main event: the first asserted event that has one. A snippet with asserted
events but none of ACLED's types gets the non-ACLED label of its first asserted event's
PLOVER type (talks, requests, agreements, accusations ... are DIPLO; the happenings of
PLOVER type OTHER by their mode: crime, natural and man-made disasters, claims of
responsibility, and statements, which are DIPLO); a snippet with no
asserted event gets ``NONE``, which is no gold label, so it only ever counts as a miss.

Metrics: ``weighted_f1_acled`` is CASE 2021 subtask 1, whose test set held only the 25
ACLED types: F1 per ACLED label weighted by support, over the snippets whose gold label
is an ACLED type. ``weighted_f1_all`` and ``macro_f1`` take every snippet and the labels
its gold uses (all 30 in the full file). ``n`` counts the snippets scored, ``n_acled``
those with an ACLED gold label, ``no_event`` those predicted ``NONE``.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import InputError
from eventwire.evaluate import Report
from eventwire.evaluate.coding import check_options, code_texts, main_event, read_gold, share, take
from eventwire.evaluate.metrics import macro_f1, weighted_f1
from eventwire.registry import register

# ACLED's sub-event names (as eventwire's ontology writes them) -> CASE 2021's labels.
ACLED_LABELS = {
    "Air/drone strike": "AIR_STRIKE",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Suicide bomb": "SUIC_BOMB",
    "Grenade": "GRENADE",
    "Chemical weapon": "CHEM_WEAP",
    "Armed clash": "ARMED_CLASH",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Attack": "ATTACK",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Sexual violence": "SEX_VIOL",
    "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    "Arrests": "ARREST",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Agreement": "AGREEMENT",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Disrupted weapons use": "DISR_WEAP",
    "Other": "OTHER",
}
ACLED = frozenset(ACLED_LABELS.values())
NOT_ACLED = frozenset({"DIPLO", "ATTRIB", "ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER"})
LABELS = tuple(sorted(ACLED | NOT_ACLED))
NONE = "NONE"
# PLOVER types of events ACLED does not code -> CASE's non-ACLED label for them.
NON_ACLED_BY_PLOVER = {
    t: "DIPLO"
    for t in ("CONSULT", "REQUEST", "REJECT", "AGREE", "SUPPORT", "ACCUSE", "THREATEN",
              "SANCTION", "AID", "CONCEDE", "COOPERATE", "RETREAT", "MOBILIZE")
}
# Happenings that are no PLOVER type (PLOVER type OTHER, told apart by mode) -> CASE's label.
NON_ACLED_BY_MODE = {"crime": "ORG_CRIME", "natural-disaster": "NATURAL_DISASTER",
                     "man-made-disaster": "MAN_MADE_DISASTER", "claim": "ATTRIB",
                     "statement": "DIPLO"}


def acled_label(sub_event_type: str | None, plover_type: str, mode: str | None) -> str:
    """CASE's label for an event of this ACLED sub-event type (or, without one, of this
    PLOVER type and mode); ``NONE`` when CASE has no label for it."""
    if sub_event_type is not None:
        return ACLED_LABELS.get(sub_event_type, f"UNMAPPED:{sub_event_type}")
    if plover_type == "OTHER":
        return NON_ACLED_BY_MODE.get(mode or "", NONE)
    return NON_ACLED_BY_PLOVER.get(plover_type, NONE)


@dataclass(frozen=True)
class Snippet:
    """One gold snippet and its label."""

    item_id: str
    text: str
    label: str


def load(path: Path, limit: int | None = None) -> list[Snippet]:
    """The snippets of a CASE 2021 Task 2 TSV, checking every label is one of the 30."""
    rows = list(csv.reader(read_gold(path, "a CASE 2021 TSV").splitlines(), delimiter="\t"))
    if not rows or [c.strip() for c in rows[0]] != ["id", "EventSnippet", "SubType"]:
        raise InputError(str(path), "expected the header id<TAB>EventSnippet<TAB>SubType")
    snippets = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != 3 or row[2].strip() not in LABELS:
            raise InputError(f"{path}:{number}",
                             f"expected id, snippet and one of the 30 labels, got {row[2:]!r}")
        snippets.append(Snippet(row[0], row[1], row[2].strip()))
    return take(snippets, limit)


def label_of(doc) -> str:
    """The CASE label of a coded snippet (see the module docstring)."""
    event = main_event(doc, lambda e: e.acled_sub_event_type is not None)
    if event is None:
        event = main_event(doc)
    if event is None:
        return NONE
    return acled_label(event.acled_sub_event_type, event.type, event.mode)


def predict(snippets: list[Snippet], failures: list[str] | None = None) -> list[str]:
    """The predicted label of each snippet."""
    return [label_of(d) for d in code_texts([s.text for s in snippets], failures=failures)]


def score(gold: list[str], pred: list[str]) -> dict[str, float | int]:
    """CASE 2021 metrics of predicted against gold labels."""
    acled = [(g, p) for g, p in zip(gold, pred, strict=True) if g in ACLED]
    gold_acled = [g for g, _ in acled]
    pred_acled = [p for _, p in acled]
    present = sorted(set(gold))
    return {
        "weighted_f1_acled": round(weighted_f1(gold_acled, pred_acled, sorted(ACLED)), 4),
        "weighted_f1_all": round(weighted_f1(gold, pred, LABELS), 4),
        "macro_f1": round(macro_f1(gold, pred, present), 4),
        "accuracy": share(g == p for g, p in zip(gold, pred, strict=True)),
        "no_event": sum(p == NONE for p in pred),
        "n": len(gold),
        "n_acled": len(acled),
    }


@register("evals", "case2021")
def case2021(path: Path, *, limit: int | None = None, mode: str | None = None) -> Report:
    """Score the ACLED sub-event type of each CASE 2021 Task 2 snippet."""
    check_options(mode)
    snippets = load(Path(path), limit)
    failures: list[str] = []
    pred = predict(snippets, failures)
    gold = [s.label for s in snippets]
    notes = [f"{n} snippets predicted {label}"
             for label, n in Counter(pred).items() if label.startswith("UNMAPPED")]
    return Report("case2021", str(path), score(gold, pred), notes + failures)
