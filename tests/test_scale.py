"""Parallel coding (issue 7): local worker processes and a Dask cluster on loopback give
exactly the events of a run in one process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwire.api import run
from eventwire.store import open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"


def stored(db: Path) -> dict[str, dict]:
    with open_store(str(db)) as store:
        return {e.event_id: e.to_dict() for e in store.events()}


@pytest.fixture(scope="module")
def reference(tmp_path_factory, pipeline) -> dict[str, dict]:
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    report = run([EXAMPLES], str(db), pipeline=pipeline, batch_size=4)
    assert report.coded == 17
    return stored(db)


def test_two_local_workers_give_the_same_events(tmp_path, reference, gazetteer_path):
    db = tmp_path / "two.db"
    report = run([EXAMPLES], str(db), workers=2, batch_size=3)
    assert report.coded == 17 and report.peak_rss_mb > 0
    assert stored(db) == reference


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dask_cluster(gazetteer_path):
    """A scheduler and two workers on loopback, started as the `dask` commands a user runs."""
    dask = shutil.which("dask", path=str(Path(sys.executable).parent))
    assert dask, "the dask command is missing: install the dev dependencies (make test)"
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "EVENTWIRE_GAZETTEER": str(gazetteer_path)}
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], env=env, stderr=subprocess.DEVNULL)]
    time.sleep(2)
    for _ in range(2):
        procs.append(subprocess.Popen([dask, "worker", address, "--nthreads", "1",
                                       "--no-dashboard", "--memory-limit", "2GB"],
                                      env=env, stderr=subprocess.DEVNULL))
    try:
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait(timeout=30)


def test_a_dask_cluster_gives_the_same_events(tmp_path, reference, dask_cluster):
    db = tmp_path / "dask.db"
    report = run([EXAMPLES], str(db), engine="dask", scheduler=dask_cluster, batch_size=3)
    assert report.coded == 17
    assert stored(db) == reference


def test_dask_workers_write_parquet_parts_merged_into_the_store(tmp_path, reference, dask_cluster):
    db, parts = tmp_path / "dask.db", tmp_path / "parts"
    report = run([EXAMPLES], str(db), engine="dask", scheduler=dask_cluster, batch_size=3,
                 parquet=parts)
    assert report.coded == 17 and report.peak_rss_mb > 0
    assert len(list(parts.glob("part-*.parquet"))) == 6  # 17 articles in batches of 3
    assert stored(db) == reference


class _NoCoding:
    """A pipeline that must not be asked to code anything."""

    from eventwire.pipeline import DEFAULT_STEPS

    names = list(DEFAULT_STEPS)  # the version stored articles are compared with

    def pipe(self, raws, batch_size=32):
        raise AssertionError(f"coded again: {[r.origin for r in raws]}")


def test_parquet_parts_resume_and_merge(tmp_path, reference, pipeline):
    from eventwire.scale import PartsFolder

    parts = tmp_path / "parts"
    first = run([EXAMPLES], str(tmp_path / "a.db"), pipeline=pipeline, batch_size=4, parquet=parts)
    assert first.coded == 17 and stored(tmp_path / "a.db") == reference
    written = PartsFolder(parts).parts()
    assert len(written) == 5 and not list(parts.glob(".*"))
    # A fresh store from the same parts: nothing is coded again, everything is merged.
    again = run([EXAMPLES], str(tmp_path / "b.db"), pipeline=_NoCoding(), batch_size=4,
                parquet=parts)
    assert again.coded == 17 and stored(tmp_path / "b.db") == reference
    # A lost part (a run killed before writing it) is coded again, and only that one.
    written[2].unlink()
    with pytest.raises(AssertionError, match="coded again"):
        run([EXAMPLES], str(tmp_path / "c.db"), pipeline=_NoCoding(), batch_size=4, parquet=parts)
    redo = run([EXAMPLES], str(tmp_path / "c.db"), pipeline=pipeline, batch_size=4, parquet=parts)
    assert redo.coded == 17 and written[2].exists()
    assert stored(tmp_path / "c.db") == reference
    # A store that has everything codes nothing, even without the parts.
    for path in written:
        path.unlink()
    done = run([EXAMPLES], str(tmp_path / "c.db"), pipeline=_NoCoding(), batch_size=4, parquet=parts)
    assert done.coded == 0 and done.skipped == 17


def test_parts_merge_into_one_parquet_file_once_per_article(tmp_path, pipeline):
    import pyarrow.parquet as pq

    from eventwire.scale import merge_parts

    parts = tmp_path / "parts"
    run([EXAMPLES], str(tmp_path / "a.db"), pipeline=pipeline, batch_size=4, parquet=parts)
    # A run with other batches leaves parts that hold the same articles again.
    first = sorted(parts.glob("part-*.parquet"))[0]
    (parts / "part-000000-otherbatches.parquet").write_bytes(first.read_bytes())
    assert len(list(parts.glob("part-*.parquet"))) == 5 + 1
    out = tmp_path / "all.parquet"
    assert merge_parts(parts, out) == 17
    table = pq.read_table(out)
    assert table.num_rows == 17 and len(set(table.column("article_id").to_pylist())) == 17
    with open_store(str(tmp_path / "a.db")) as store:
        assert sum(table.column("n_events").to_pylist()) == len(list(store.events()))


def test_dask_without_a_scheduler_is_a_clear_error(tmp_path):
    from eventwire.errors import EventwireError

    with pytest.raises(EventwireError, match="--scheduler"):
        run([EXAMPLES], str(tmp_path / "x.db"), engine="dask")
