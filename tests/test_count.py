"""The quick article count behind the progress bar's ETA."""

from __future__ import annotations

import gzip

from eventwire.ingest.count import count_articles


def test_counts_files_lines_and_rows(tmp_path):
    (tmp_path / "a.txt").write_text("one article", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    with gzip.open(tmp_path / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write('{"text": "z"}\n')
    (tmp_path / "d.csv").write_text("id,text\n1,a\n2,b\n3,c\n", encoding="utf-8")
    (tmp_path / "metadata.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("not counted", encoding="utf-8")
    assert count_articles([tmp_path]) == 1 + 2 + 1 + 3


def test_missing_paths_count_nothing(tmp_path):
    assert count_articles([tmp_path / "nope"]) == 0
