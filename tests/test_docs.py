"""The README documents what the code has: commands, settings and record fields."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import typer

from eventwire import cli
from eventwire.records import Event
from eventwire.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(app: typer.Typer, prefix: str = "eventwire") -> list[str]:
    names = [f"{prefix} {c.name or c.callback.__name__}" for c in app.registered_commands]
    for group in app.registered_groups:
        names += _commands(group.typer_instance, f"{prefix} {group.name}")
    return names


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block


def test_every_command_is_documented():
    for command in _commands(cli.app):
        assert command in README, command


def test_every_setting_is_documented():
    for setting in SETTINGS.values():
        assert f"`{setting.env}`" in README, setting.env


def test_every_record_field_is_documented():
    for f in fields(Event):
        assert f"`{f.name}`" in README, f.name
