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


@pytest.fixture()
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


def test_dask_without_a_scheduler_is_a_clear_error(tmp_path):
    from eventwire.errors import EventwireError

    with pytest.raises(EventwireError, match="--scheduler"):
        run([EXAMPLES], str(tmp_path / "x.db"), engine="dask")
