"""The README teaches every command and option: a command or flag added without docs fails here."""

from __future__ import annotations

import re

import pytest
import typer.main

from analyzer.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_readme(name: str) -> None:
    assert re.search(rf"clauses {name}\b", README), f"README does not show `clauses {name}`"


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (name, opt)
        for name, cmd in sorted(COMMANDS.items())
        for p in cmd.params
        if p.param_type_name == "option"
        for opt in p.opts
        if opt.startswith("--") and opt != "--help"
    ],
)
def test_every_option_is_in_the_readme(command: str, option: str) -> None:
    assert option in README, f"README does not mention `clauses {command} {option}`"
