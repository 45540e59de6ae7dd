"""The README keeps up with the code: every command, every setting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command

from warwatch.cli import app
from warwatch.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented_and_has_help(name: str):
    assert f"`warwatch {name}" in README, f"README does not document `warwatch {name}`"
    cmd = get_command(app).commands[name]  # type: ignore[attr-defined]
    assert cmd.help and cmd.help.strip()


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme_table(setting):
    row = re.search(rf"^\| {setting.name} \| `{setting.env}` \| `([^`]*)` \|", README, re.M)
    assert row, f"README settings table lacks {setting.name}"
    assert row.group(1) == str(setting.default)


def test_quick_start_is_two_make_targets():
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, re.M)
