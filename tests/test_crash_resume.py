"""`eventwire run` under stress: killed and resumed, two writers on one file, a read-only
database, a full disk.

The killed and concurrent runs are separate processes: new `eventwire run` processes, or
children forked from this one, which has the model loaded, so that a start costs no model
load (see Forked). The reference is the same corpus run once, uninterrupted, in this
process. A store is compared with the reference by its rows read straight from SQLite: each
event id with its JSON record, and each article with its content hash and pipeline version.
The read-only and full-disk cases run the command line in this process.
"""

from __future__ import annotations

import json
import mmap
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy.pool import Pool

from eventwire.api import run
from eventwire.cli import main
from eventwire.doc import RawArticle
from eventwire.ingest.readers import read_paths
from eventwire.pipeline import Pipeline, Resources
from eventwire.store import Store, open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
CLI = "from eventwire.cli import main; main()"
BATCH = 4
CORPUS_SIZE = 48
# startup: a new `eventwire run` process, killed 0.2-4 s after it starts (imports, migration,
# model load); timed: a forked run (see Forked), killed 0.2-1.5 s after it starts (coding or
# saving); in-save: a forked run, killed inside Store.save once it has saved 1-5 articles.
KILL_PLAN = ("startup", "startup", "timed", "timed", "in-save", "in-save", "in-save")


@dataclass(frozen=True)
class Snapshot:
    """What a store holds: event id -> JSON record, article id -> (content hash, pipeline)."""

    events: dict[str, str]
    articles: dict[str, tuple[str, str]]

    def only(self, article_ids: set[str]) -> Snapshot:
        """The part of this snapshot that belongs to ``article_ids``."""
        events = {k: v for k, v in self.events.items()
                  if json.loads(v)["article_id"] in article_ids}  # fmt: skip
        articles = {k: v for k, v in self.articles.items() if k in article_ids}
        return Snapshot(events, articles)


@dataclass(frozen=True)
class Kill:
    """One kill-and-restart cycle: how the kill was aimed, the articles stored before and
    after it, and whether the run was inside Store.save when it died (None: not traced)."""

    phase: str
    aim: float
    before: int
    after: int | None  # None: the run finished before the kill came
    in_save: bool | None

    def __str__(self) -> str:
        if self.after is None:
            return f"{self.phase} {self.aim}: missed, the run finished first"
        grown = self.after - self.before
        where = ("before the first write" if grown == 0
                 else "mid-batch" if grown % BATCH else "on a batch boundary")  # fmt: skip
        inside = {True: ", inside Store.save", False: ", outside Store.save", None: ""}
        return f"{self.phase} {self.aim}: {self.before}->{self.after} {where}{inside[self.in_save]}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The bundled examples re-emitted as CORPUS_SIZE distinct JSONL records."""
    raws = [r for r in read_paths([EXAMPLES]) if isinstance(r, RawArticle)]
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(CORPUS_SIZE):
            raw = raws[i % len(raws)]
            record = {"id": f"crash-{i:03d}", "title": raw.title, "url": raw.url,
                      "published": raw.published, "source": raw.source_name,
                      "text": f"{raw.text}\n\nFiled as item {i} of the test corpus."}  # fmt: skip
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def reference(corpus: Path, pipeline, tmp_path_factory) -> Snapshot:
    """The store of one uninterrupted run over the corpus."""
    db = tmp_path_factory.mktemp("reference") / "reference.db"
    report = run([corpus], str(db), pipeline=pipeline, batch_size=BATCH)
    assert report.coded == CORPUS_SIZE and not report.rejected
    return snapshot(db)


@pytest.fixture
def env(gazetteer_path: Path) -> dict[str, str]:
    return {**os.environ, "EVENTWIRE_GAZETTEER": str(gazetteer_path)}


def snapshot(db: Path) -> Snapshot:
    """The store's contents, after checking that the file is sound and has no duplicates."""
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = con.execute("SELECT event_id, record FROM events").fetchall()
        articles = con.execute("SELECT article_id, content_hash, pipeline FROM articles").fetchall()
        orphans = con.execute("SELECT COUNT(*) FROM events WHERE article_id NOT IN "
                              "(SELECT article_id FROM articles)").fetchone()  # fmt: skip
    con.close()
    events = dict(rows)
    assert len(events) == len(rows) and orphans == (0,)
    assert len({a for a, *_ in articles}) == len(articles)
    return Snapshot(events, {a: (h, p) for a, h, p in articles})


def stored_articles(db: Path) -> int | None:
    """Articles stored so far, read without writing (no WAL checkpoint); None if unreadable."""
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        return 0 if "no such table" in str(exc) else None


def subset(corpus: Path, first: int, last: int, path: Path) -> tuple[Path, set[str]]:
    """Records ``first`` to ``last - 1`` of the corpus, written to ``path``, and their ids."""
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)[first:last]
    path.write_text("".join(lines), encoding="utf-8")
    return path, {json.loads(line)["id"] for line in lines}


class Forked:
    """``api.run`` in a child forked from this process, which has the model loaded already,
    so that a start costs no imports or model load; the child's report goes to a JSON file,
    and whether it is inside Store.save right now to a byte of shared memory."""

    def __init__(self, inputs: Path, db: Path, gazetteer: Path) -> None:
        self.report = db.with_name(f"{db.stem}-{time.monotonic_ns()}.json")
        self.returncode: int | None = None
        self._saving = mmap.mmap(-1, 1)
        self.pid = os.fork()
        if self.pid == 0:  # the child: never return into pytest
            code = 1
            try:
                trace_saves(self._saving)
                began = time.time()
                done = run([inputs], str(db), batch_size=BATCH,
                           pipeline=Pipeline(resources=Resources(gazetteer_path=str(gazetteer))))
                self.report.write_text(json.dumps({"coded": done.coded, "skipped": done.skipped,
                                                   "began": began, "ended": time.time()}))
                code = 0
            except BaseException:  # noqa: BLE001 - the child reports whatever stopped it
                traceback.print_exc()
            finally:
                os._exit(code)

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"fork {self.pid}", timeout)
            time.sleep(0.005)
        return self.returncode

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)

    @property
    def saving(self) -> bool:
        """Whether the child is inside Store.save (after it died: whether it died there)."""
        return self._saving[0] == 1


def trace_saves(flag: mmap.mmap) -> None:
    """In a forked child: keep ``flag`` at 1 while Store.save runs, at 0 otherwise."""
    save = Store.save

    def traced(self: Store, *args, **kwargs) -> bool:
        flag[0] = 1
        try:
            return save(self, *args, **kwargs)
        finally:
            flag[0] = 0

    Store.save = traced


@pytest.fixture
def spawn(env: dict[str, str], gazetteer_path: Path) -> Iterator:
    """Start runs (``exec``: a new `eventwire run` process; ``fork``: see Forked); whatever
    is still running when the test ends is killed."""
    started: list[subprocess.Popen | Forked] = []

    def spawn_run(how: str, inputs: Path, db: Path) -> subprocess.Popen | Forked:
        if how == "fork":
            proc = Forked(inputs, db, gazetteer_path)
        else:
            args = [sys.executable, "-c", CLI, "run", str(inputs), "--db", str(db),
                    "--batch-size", str(BATCH)]  # fmt: skip
            with db.with_suffix(".log").open("ab") as log:
                proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
        started.append(proc)
        return proc

    yield spawn_run
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def kill_when(proc, db: Path, phase: str, aim: float, before: int) -> bool:
    """SIGKILL ``proc`` as ``phase`` and ``aim`` say (see KILL_PLAN); False if it finished
    first."""
    if phase in ("startup", "timed"):
        try:
            proc.wait(timeout=aim)
            return False
        except subprocess.TimeoutExpired:
            pass
    else:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            # The count first: reading it takes longer than a save, the flag does not.
            if (stored_articles(db) or 0) >= before + aim and proc.saving:
                break
            time.sleep(0.001)
    if proc.poll() is not None:
        return False
    proc.kill()
    proc.wait()
    return True


def test_killed_runs_resume_to_the_same_events(corpus, reference, spawn, tmp_path) -> None:
    rng = random.Random(8)
    plan = list(KILL_PLAN)
    rng.shuffle(plan)
    aims = {"startup": lambda: round(rng.uniform(0.2, 4.0), 2),
            "timed": lambda: round(rng.uniform(0.2, 1.5), 2),
            "in-save": lambda: rng.randint(1, 5)}  # fmt: skip
    db = tmp_path / "killed.db"
    kills: list[Kill] = []
    for phase in plan:
        aim, before = aims[phase](), stored_articles(db)
        assert before is not None
        proc = spawn("exec" if phase == "startup" else "fork", corpus, db)
        killed = kill_when(proc, db, phase, aim, before)
        in_save = proc.saving if isinstance(proc, Forked) else None
        kills.append(Kill(phase, aim, before, stored_articles(db) if killed else None, in_save))
    assert spawn("exec", corpus, db).wait(timeout=300) == 0, db.with_suffix(".log").read_text()
    print("\nkill cycles:", *kills, sep="\n  ")
    assert sum(k.after is not None for k in kills) >= 5, kills
    assert sum(bool(k.in_save) for k in kills) >= 3, kills
    assert snapshot(db) == reference


@pytest.mark.parametrize("split", ["halves", "same corpus"])
def test_two_runs_on_one_file_at_once(split, corpus, reference, spawn, tmp_path) -> None:
    if split == "halves":
        first, ids = subset(corpus, 0, 12, tmp_path / "first.jsonl")
        second, more = subset(corpus, 12, 24, tmp_path / "second.jsonl")
        ids |= more
    else:
        first, ids = subset(corpus, 0, 12, tmp_path / "both.jsonl")
        second = first
    db = tmp_path / "shared.db"
    runs = [spawn("fork", inputs, db) for inputs in (first, second)]
    assert [r.wait(timeout=300) for r in runs] == [0, 0]
    reports = [json.loads(r.report.read_text()) for r in runs]
    print(f"\n{split}:", reports)
    assert sum(r["coded"] for r in reports) == len(ids)  # each article saved by one run only
    assert max(r["began"] for r in reports) < min(r["ended"] for r in reports)  # they overlapped
    assert snapshot(db) == reference.only(ids)


def run_main(monkeypatch, capsys, *args: object) -> tuple[int, list[str]]:
    """The command line in this process: its exit status and its stderr lines."""
    monkeypatch.setattr(sys, "argv", ["eventwire", *map(str, args)])
    with pytest.raises(SystemExit) as stop:
        main()
    return stop.value.code, capsys.readouterr().err.splitlines()


def one_error(lines: list[str]) -> str:
    """The single "eventwire: error:" line among ``lines`` (there must be no traceback)."""
    errors = [line for line in lines if line.startswith("eventwire: error: ")]
    assert len(errors) == 1 and not any("Traceback" in line for line in lines), lines
    return errors[0]


@contextmanager
def read_only(db: Path, what: str) -> Iterator[str]:
    """Make the store's file or directory read-only, or open it read-only (``what="uri"``:
    SQLite's ``mode=ro``); yields the ``--db`` value to use.

    chmod does not stop root: then the file or directory is made immutable (chattr +i), and
    where that is not allowed either, SQLite is told to open the file read-only.
    """
    uri = f"sqlite:///file:{db}?mode=ro&uri=true"
    if what == "uri":
        yield uri
        return
    target = db if what == "file" else db.parent
    mode = target.stat().st_mode
    target.chmod(0o444 if what == "file" else 0o555)
    immutable = False
    try:
        if os.access(target, os.W_OK) and shutil.which("chattr"):
            chattr = subprocess.run(["chattr", "+i", str(target)], capture_output=True)
            immutable = chattr.returncode == 0
        yield uri if os.access(target, os.W_OK) else str(db)
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(target)], check=True)
        target.chmod(mode)


@pytest.mark.parametrize("what", ["file", "directory", "uri"])
def test_read_only_store_is_a_clear_error_and_keeps_its_data(
    what, corpus, reference, pipeline, tmp_path, monkeypatch, capsys
) -> None:
    inputs, ids = subset(corpus, 0, 8, tmp_path / "eight.jsonl")
    first, _ = subset(corpus, 0, 4, tmp_path / "four.jsonl")
    db = tmp_path / "store" / "events.db"
    db.parent.mkdir()
    run([first], str(db), pipeline=pipeline, batch_size=BATCH)
    before = snapshot(db)
    with read_only(db, what) as db_arg:
        code, lines = run_main(monkeypatch, capsys, "run", inputs, "--db", db_arg)
    assert code == 1, lines
    assert str(db) in one_error(lines) and "read-only" in one_error(lines)
    assert snapshot(db) == before
    assert run_main(monkeypatch, capsys, "run", inputs, "--db", db)[0] == 0
    assert snapshot(db) == reference.only(ids)


def test_full_disk_stops_the_run_and_a_rerun_finishes(
    corpus, reference, tmp_path, monkeypatch, capsys
) -> None:
    inputs, ids = subset(corpus, 0, 12, tmp_path / "twelve.jsonl")
    db = tmp_path / "full.db"
    open_store(str(db)).close()
    con = sqlite3.connect(db)
    # Room for about four articles: each takes two to three 4 KiB pages with its events.
    cap = con.execute("PRAGMA page_count").fetchone()[0] + 12
    con.close()

    def cap_size(dbapi_conn, _record) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {cap}")

    sa_event.listen(Pool, "connect", cap_size)
    try:
        code, lines = run_main(monkeypatch, capsys, "run", inputs, "--db", db,
                               "--batch-size", BATCH)  # fmt: skip
    finally:
        sa_event.remove(Pool, "connect", cap_size)
    assert code == 1, lines
    assert "the database or disk is full" in one_error(lines) and str(db) in one_error(lines)
    kept = snapshot(db)
    assert 0 < len(kept.articles) < len(ids)
    assert kept == reference.only(set(kept.articles))
    assert run_main(monkeypatch, capsys, "run", inputs, "--db", db)[0] == 0
    assert snapshot(db) == reference.only(ids)
