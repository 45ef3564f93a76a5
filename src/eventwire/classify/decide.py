"""Pick one row of the ontology table for a sentence's main event.

The ``code`` head gives a probability to each event code (each row of the mapping table,
so the PLOVER, ACLED and CAMEO fields of the choice always agree). It is trained on gold
sets that each label in their own terms (a CASE 2021 label, a CAMEO pentaclass, a PLOVER
type): an example's label stands for every code that has it (:func:`compatible`), and
training spreads the example over those codes by the model's own belief (see
``scripts/train_event_models.py``). The rule detector's code gets a bonus, so the model
overrides the rules only when it disagrees clearly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from eventwire.ontology import event_classes

# Codes that describe a sentence's main event as a whole are chosen; these are refinements
# the rules and the actor step reach from the parse (a drone strike, a call for a ceasefire).
# Each maps to the code the model chooses in its place; when the model chooses that code,
# the rule's finer one stays.
NOT_CHOSEN = {"drone_strike": "airstrike", "request_ceasefire": "request", "reject_plan": "reject",
              "threaten_force": "threaten", "killing": "attack", "summit": "meeting",
              "visit": "meeting"}
DEFAULTS = {"rule_bonus": math.log(2.0), "min_add": 0.0, "max_none_add": 0.5,
            "max_none_keep": 1.0, "max_retype_sentences": 0}


@dataclass(frozen=True)
class Choice:
    """The chosen code and the probability the model gives it."""

    code: str
    confidence: float


@lru_cache(maxsize=1)
def code_labels() -> dict[str, dict[str, str | None]]:
    """Each choosable code's label in each gold set's terms (None where it has none)."""
    from eventwire.evaluate.cameo import NONE, pentaclass
    from eventwire.evaluate.case import NONE as CASE_NONE
    from eventwire.evaluate.case import acled_label

    out = {}
    for code, cls in event_classes().items():
        if code in NOT_CHOSEN:
            continue
        penta = pentaclass(cls.cameo)
        acled = acled_label(cls.acled_sub_event_type, cls.plover_type, cls.plover_mode)
        out[code] = {
            "case2021": None if acled == CASE_NONE else acled,
            "cameo": None if penta == NONE else penta,
            "plover": None if cls.plover_type == "OTHER" else cls.plover_type,
        }
    return out


def compatible(suite: str, label: str) -> tuple[str, ...]:
    """The codes whose label in ``suite``'s terms is ``label`` (``own``: the code itself)."""
    if suite == "own":
        return (label,) if label in code_labels() else ()
    return tuple(c for c, labels in code_labels().items() if labels[suite] == label)


def choose(probs: dict[str, dict[str, float]], settings: dict[str, float],
           rule_code: str | None = None) -> Choice:
    """The likeliest code, the rule's code weighted up by ``rule_bonus``."""
    s = {**DEFAULTS, **settings}
    p = probs["code"]
    ruled = NOT_CHOSEN.get(rule_code or "", rule_code)
    scores = {c: math.log(max(v, 1e-12)) + (s["rule_bonus"] if c == ruled else 0.0)
              for c, v in p.items()}
    best = max(scores, key=lambda c: (scores[c], c == ruled))
    return Choice(rule_code if best == ruled and rule_code else best, p[best])
