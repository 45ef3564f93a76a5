"""A quick count of the articles in the inputs, for the progress bar's ETA.

Counts without parsing: one per text or HTML file, one per non-blank line of JSON Lines,
one per data row of CSV, one per ``response`` record of a WARC file (headers only). It is an estimate (a broken line still counts); reading the
corpus for real happens once, lazily, in :mod:`eventwire.ingest.readers`.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable
from pathlib import Path

LINE_FORMATS = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
TABLE_FORMATS = (".csv", ".tsv", ".csv.gz", ".tsv.gz")
WARC_FORMATS = (".warc", ".warc.gz")


def count_articles(paths: Iterable[str | Path], *, max_files: int = 200_000) -> int | None:
    """About how many articles the inputs hold, or None if there are too many files to
    count quickly (the bar then shows a rate without an ETA)."""
    total = 0
    seen = 0
    for path in _files(paths):
        seen += 1
        if seen > max_files:
            return None
        total += _count_file(path)
    return total


def _files(paths: Iterable[str | Path]):
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                yield from (Path(root) / n for n in sorted(names) if not n.startswith("."))
        elif p.is_file():
            yield p


def _count_file(path: Path) -> int:
    name = path.name.lower()
    if name == "metadata.json":
        return 0
    if name.endswith(LINE_FORMATS) or name.endswith(TABLE_FORMATS):
        try:
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as fh:
                lines = sum(1 for line in fh if line.strip())
        except (OSError, EOFError):
            return 1
        return max(0, lines - 1) if name.endswith(TABLE_FORMATS) else lines
    if name.endswith(WARC_FORMATS):
        return _count_warc(path)
    return 1


def _count_warc(path: Path) -> int:
    """Response records of a WARC file, read header by header (bodies are skipped)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                count += record.rec_type == "response"
    except (OSError, EOFError, ArchiveLoadFailed, ValueError):
        pass  # an estimate: what was counted before the damage stands
    return max(count, 1)
