"""Numbers written in news text: digits ("1,200"), words ("twenty-one") and vague counts ("dozens").

``parse_number`` reads one number phrase; ``NUMBER_PATTERN`` is a regular expression (to be
compiled case-insensitively) that finds such phrases, so that date and fatality grammars
recognise exactly the phrases ``parse_number`` can read.

Vague plurals take their smallest sensible value, the conservative reading ACLED asks for:
"dozens" 12, "tens" 10, "scores" 20, "hundreds" 100, "thousands" 1000, and "tens of
thousands" 10,000. Counts with no number in them ("a handful", "several", "a few") are
``None``: they say nothing we could total.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# Words that multiply what precedes them ("two dozen", "a hundred").
MULTIPLIERS = {"dozen": 12, "score": 20, "hundred": 100}
SCALES = {"thousand": 1_000, "million": 1_000_000}
VAGUE = {
    "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
    "millions": 1_000_000,
}  # fmt: skip

_WORD = "|".join(
    sorted([*UNITS, *TENS, *MULTIPLIERS, *SCALES], key=len, reverse=True)
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?"
_SPELLED = (
    rf"(?:an?\s+(?=dozen|score|hundred|thousand|million))?(?:{_WORD})\b"
    rf"(?:(?:[\s-]+|(?:(?<=hundred)|(?<=thousand)|(?<=million))\s+and\s+)(?:{_WORD})\b)*"
)
_VAGUE = r"(?:tens|dozens|scores|hundreds|thousands|millions)(?:\s+of\s+(?:thousands|millions))?"
NUMBER_PATTERN = rf"(?:{_DIGITS}|{_VAGUE}\b|{_SPELLED})"
"""A number phrase; compile with ``re.IGNORECASE`` and check the match with ``parse_number``."""

_DIGITS_RE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(million|thousand))?")


def parse_number(text: str) -> int | None:
    """The integer a number phrase means, or ``None`` if it is not one we can read.

    >>> parse_number("one hundred and five"), parse_number("1,200"), parse_number("dozens")
    (105, 1200, 12)
    """
    norm = re.sub(r"[\s\-\u2013]+", " ", text.strip().lower())
    if not norm:
        return None
    digits = _DIGITS_RE.fullmatch(norm)
    if digits:
        value = float(digits.group(1).replace(",", ""))
        if digits.group(2):
            value *= SCALES[digits.group(2)]
        return int(value)
    if " of " in norm:
        return _parse_vague_product(norm.split(" of "))
    if norm in VAGUE:
        return VAGUE[norm]
    return _parse_words(norm.split())


def _parse_vague_product(parts: list[str]) -> int | None:
    # "tens of thousands": each part is a vague plural and the phrase is their product.
    if len(parts) != 2 or not all(p in VAGUE for p in parts):
        return None
    return VAGUE[parts[0]] * VAGUE[parts[1]]


def _parse_words(tokens: list[str]) -> int | None:
    """Sum spelled-out number words, checking their order ("three two" is not a number)."""
    total, current, prev = 0, 0, "start"
    for tok in tokens:
        kind = _kind(tok)
        if kind is None or not _follows(kind, prev):
            return None
        if kind == "and":
            prev = prev + "+and"
            continue
        if kind == "a":
            current = 1
        elif kind in ("unit", "teen", "tens"):
            current += UNITS.get(tok, 0) + TENS.get(tok, 0)
        elif kind == "mult":
            current = max(current, 1) * MULTIPLIERS[tok]
        else:  # a scale closes a group: "two thousand" + "three hundred"
            total += max(current, 1) * SCALES[tok]
            current = 0
        prev = kind if kind != "mult" else tok
    if prev in ("a", "start") or prev.endswith("+and"):
        return None
    return total + current


def _kind(tok: str) -> str | None:
    if tok in ("a", "an"):
        return "a"
    if tok == "and":
        return "and"
    if tok in UNITS:
        return "teen" if UNITS[tok] >= 10 else "unit"
    if tok in TENS:
        return "tens"
    if tok in MULTIPLIERS:
        return "mult"
    if tok in SCALES:
        return "scale"
    return None


# Which kind of word may follow which ("mult" words are tracked by name: "dozen" ends a number).
_AFTER = {
    "unit": {"start", "tens", "hundred", "scale", "hundred+and", "scale+and"},
    "teen": {"start", "hundred", "scale", "hundred+and", "scale+and"},
    "tens": {"start", "hundred", "scale", "hundred+and", "scale+and"},
    "a": {"start"},
    "mult": {"start", "a", "unit", "teen", "tens"},
    "scale": {"start", "a", "unit", "teen", "tens", "hundred"},
    "and": {"hundred", "scale"},
}


def _follows(kind: str, prev: str) -> bool:
    return prev in _AFTER[kind]
