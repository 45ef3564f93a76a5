"""Shared fixtures: the gazetteer index and the standard pipeline, built once per session.

The gazetteer is the one named by EVENTWIRE_GAZETTEER, else the default one that
`make test` builds (`eventwire gazetteer build --if-missing`), else one built here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_8720b10c6d090c7e.txt"


@pytest.fixture(scope="session")
def gazetteer_path(tmp_path_factory) -> Path:
    from eventwire.places.gazetteer import Gazetteer
    from eventwire.settings import setting

    path = Path(setting("gazetteer"))
    if path.is_file():
        return path
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
    Gazetteer.build(path)
    os.environ["EVENTWIRE_GAZETTEER"] = str(path)
    return path


@pytest.fixture(scope="session")
def pipeline(gazetteer_path):
    from eventwire.pipeline import Pipeline, Resources

    return Pipeline(resources=Resources(gazetteer_path=str(gazetteer_path)))


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.fail(f"the founding example is missing: {SEED} (../shared must sit beside the repo)")
    return SEED.read_text(encoding="utf-8")
