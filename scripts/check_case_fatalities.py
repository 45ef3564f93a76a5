"""Show what eventwire reads as deaths in a reproducible sample of CASE 2021 task 2 snippets.

The sample is the hand-check set of issue 5: the snippets that contain a death phrase
(kill, dead, died, death toll, bodies, ...), sorted by id, of which a fixed random seed
picks 50. For each the script prints the id, the death phrases with some context, and
what ``find_deaths`` read (kind, best, low, high, victims), then the total of the
``killed`` mentions, the figure the hand verdicts in ``tests/golden/case_fatalities.tsv``
are compared with.

The snippets are third-party text: this script prints them to stdout only, and nothing of
them goes into the repository but their ids.

Usage::

    python scripts/check_case_fatalities.py [PATH/TO/case2021_task2.tsv] [--score VERDICTS.tsv]

With ``--score`` it prints only the agreement with the verdicts file (best, low, high).
"""

from __future__ import annotations

import csv
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from eventwire.fatalities import DeathMention, find_deaths

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TSV = ROOT.parent / "shared" / "gold" / "case2021-task2" / "case2021_task2.tsv"
VERDICTS = ROOT / "tests" / "golden" / "case_fatalities.tsv"
SAMPLE_SIZE = 50
SEED = 2021
# A snippet qualifies when it speaks of deaths at all; whether it gives a count is for the
# hand check to say (a snippet with a death word and no count is a test of restraint).
DEATH_PHRASE = re.compile(
    r"\b(?:kill\w*|dead|died|dies|death\s+toll|deaths?|bodies|fatalit\w+|slain|lives"
    r"|massacre\w*|perished|executed|murder\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Snippet:
    """One CASE 2021 task 2 snippet: its id, text and sub-type label."""

    id: str
    text: str
    subtype: str


@dataclass(frozen=True)
class Reading:
    """The total of the ``killed`` mentions eventwire finds in one snippet."""

    best: int
    low: int
    high: int


def load_snippets(path: Path) -> list[Snippet]:
    """Every snippet in the CASE TSV (id, EventSnippet, SubType), sorted by numeric id."""
    csv.field_size_limit(10**7)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        snippets = [Snippet(r["id"], r["EventSnippet"], r["SubType"]) for r in rows]
    return sorted(snippets, key=lambda s: int(s.id))


def sample(snippets: list[Snippet], size: int = SAMPLE_SIZE, seed: int = SEED) -> list[Snippet]:
    """The hand-check sample: ``size`` death-phrase snippets picked by ``seed``, in id order."""
    eligible = [s for s in snippets if DEATH_PHRASE.search(s.text)]
    picked = random.Random(seed).sample(eligible, min(size, len(eligible)))
    return sorted(picked, key=lambda s: int(s.id))


def killed_total(text: str) -> Reading:
    """The summed figures of the ``killed`` mentions in ``text`` (zeros when there are none)."""
    killed = [m for m in find_deaths(text) if m.kind == "killed"]
    return Reading(sum(m.best for m in killed), sum(m.low for m in killed),
                   sum(m.high for m in killed))


def load_verdicts(path: Path = VERDICTS) -> dict[str, Reading]:
    """The hand verdicts: id -> expected (best, low, high)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {r["id"]: Reading(int(r["expected_best"]), int(r["expected_low"]),
                                 int(r["expected_high"])) for r in rows}


def score(snippets: list[Snippet], verdicts: dict[str, Reading]) -> dict[str, int]:
    """How many verdicts eventwire matches: on best, on low, on high, and on all three."""
    texts = {s.id: s.text for s in snippets}
    counts = {"n": 0, "best": 0, "low": 0, "high": 0, "all": 0}
    for sid, want in verdicts.items():
        got = killed_total(texts[sid])
        counts["n"] += 1
        counts["best"] += got.best == want.best
        counts["low"] += got.low == want.low
        counts["high"] += got.high == want.high
        counts["all"] += got == want
    return counts


def _describe(mention: DeathMention) -> str:
    return (f"{mention.kind} best={mention.best} low={mention.low} high={mention.high} "
            f"victims={','.join(mention.victims) or '-'} <{mention.text}>")


def show(snippet: Snippet, verdict: Reading | None) -> None:
    """Print one snippet's death-phrase contexts and eventwire's readings."""
    print(f"=== {snippet.id} [{snippet.subtype}]")
    for m in DEATH_PHRASE.finditer(snippet.text):
        lo, hi = max(0, m.start() - 90), min(len(snippet.text), m.end() + 60)
        print("  ctx:", snippet.text[lo:hi].replace("\n", " "))
    for mention in find_deaths(snippet.text):
        print("  read:", _describe(mention))
    got = killed_total(snippet.text)
    mark = "" if verdict is None else ("  OK" if got.best == verdict.best else f"  WANT {verdict}")
    print(f"  killed total: best={got.best} low={got.low} high={got.high}{mark}")


def main(argv: list[str]) -> int:
    """Print the sample (or, with ``--score``, only the agreement with the verdicts)."""
    args = [a for a in argv if a != "--score"]
    path = Path(args[0]) if args else DEFAULT_TSV
    if not path.is_file():
        print(f"CASE 2021 snippets not found: {path}", file=sys.stderr)
        return 2
    picked = sample(load_snippets(path))
    verdicts = load_verdicts() if VERDICTS.is_file() else {}
    if "--score" in argv:
        c = score(picked, verdicts)
        print(f"best {c['best']}/{c['n']}  low {c['low']}/{c['n']}  high {c['high']}/{c['n']}"
              f"  all three {c['all']}/{c['n']}")
        return 0
    for snippet in picked:
        show(snippet, verdicts.get(snippet.id))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
