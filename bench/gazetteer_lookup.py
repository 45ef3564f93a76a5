"""Lookup latency and memory of the gazetteer index (issue 4: <= 0.2 ms a lookup, <= 300 MB).

Run: ``.venv/bin/python bench/gazetteer_lookup.py [PATH]`` (default: the configured index).
Looks up 2,000 names of places of 15,000+ people exactly, the same names allowing a fuzzy
match, and 500 names with their last letter changed (the fuzzy path), and prints the mean
time per lookup and the process's peak RSS. A script, not a test: timings need a quiet machine.
"""

from __future__ import annotations

import random
import resource
import sys
import time

from eventwire.places.gazetteer import Gazetteer
from eventwire.settings import setting


def main(path: str) -> None:
    gaz = Gazetteer.open(path)
    names = [row[0] for row in gaz._conn.execute(
        "SELECT name FROM places WHERE population >= 15000 ORDER BY geonameid")]
    rng = random.Random(7)
    sample = rng.sample(names, 2000)
    misspelt = [name[:-1] + "x" for name in rng.sample(names, 500)]
    for label, batch, fuzzy in (("exact", sample, False), ("exact-or-fuzzy", sample, True),
                                ("misspelt (fuzzy)", misspelt, True)):
        started = time.perf_counter()
        for name in batch:
            gaz.lookup(name, fuzzy=fuzzy)
        per = (time.perf_counter() - started) / len(batch) * 1000
        print(f"{label}: {per:.3f} ms per lookup over {len(batch)} names")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else setting("gazetteer"))
