"""Clause boundaries in the dependency parse, shared by the steps that ask
"does this word belong to this event's own phrase?"."""

from __future__ import annotations

CLAUSAL = {"ccomp", "xcomp", "advcl", "relcl", "parataxis", "csubj", "acl"}


def crosses_clause(child) -> bool:
    """Whether the edge to ``child`` starts a new clause (a complement, a relative clause,
    a coordinated verb)."""
    return child.dep_ in CLAUSAL or (child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"))


def own_tokens(tok, *, roots=(), stop: frozenset[int] = frozenset()) -> set[int]:
    """Indices of the tokens in ``tok``'s own phrase (and those under ``roots``), without
    entering other clauses or the tokens in ``stop`` (other events' triggers)."""
    seen: set[int] = set()
    stack = [tok, *roots]
    while stack:
        t = stack.pop()
        if t.i in seen:
            continue
        seen.add(t.i)
        stack.extend(c for c in t.children if not crosses_clause(c) and (c.i not in stop or c.i == tok.i))
    return seen
