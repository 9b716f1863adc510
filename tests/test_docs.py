"""The README teaches every command and option: a command or flag added without docs fails here.

Each option is looked for in its own command's row of the README's command reference, so an
option documented for another command does not count.
"""

from __future__ import annotations

import re

import pytest
import typer.main

from analyzer.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]
_SECTION = README.split("## Command reference", 1)[-1].split("\n## ", 1)[0]
REFERENCE = "\n".join(line for line in _SECTION.splitlines() if line.startswith("|"))  # the table


def _row(command: str) -> str:
    """The reference table's row of `command` (`| \\`clauses check PATH\\` | ... |`)."""
    rows = [line for line in REFERENCE.splitlines() if re.match(rf"\|\s*`clauses {command}\b", line)]
    assert len(rows) == 1, f"the command reference has {len(rows)} rows for `clauses {command}`"
    return rows[0]


def _mentions(text: str, option: str) -> bool:
    return re.search(re.escape(option) + r"(?![\w-])", text) is not None


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_its_row_in_the_reference(name: str) -> None:
    assert _row(name)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_shown_outside_the_reference_table(name: str) -> None:
    elsewhere = README.replace(REFERENCE, "")
    assert re.search(rf"clauses {name}\b", elsewhere), f"README shows `clauses {name}` only in the reference table"


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (name, opt)
        for name, cmd in sorted(COMMANDS.items())
        for p in cmd.params
        if p.param_type_name == "option"
        for opt in [*p.opts, *getattr(p, "secondary_opts", [])]
        if opt.startswith("--") and opt != "--help"
    ],
)
def test_every_option_is_in_its_command_row(command: str, option: str) -> None:
    assert _mentions(_row(command), option), f"the README row of `clauses {command}` does not mention {option}"


@pytest.mark.parametrize(
    ("command", "sub", "option"),
    [
        (name, sub_name, opt)
        for name, cmd in sorted(COMMANDS.items())
        for sub_name, sub in sorted(getattr(cmd, "commands", {}).items())  # a group: `clauses pull boamp|decp|ted`
        for p in sub.params
        if p.param_type_name == "option"
        for opt in [*p.opts, *getattr(p, "secondary_opts", [])]
        if opt.startswith("--") and opt != "--help"
    ],
)
def test_every_option_of_a_sub_command_is_in_its_group_row(command: str, sub: str, option: str) -> None:
    row = _row(command)
    assert f"`clauses {command} " in row and sub in row, f"the README row of `clauses {command}` does not name {sub}"
    part = row.split(f"{sub}:", 1)[-1].split(";", 1)[0]
    assert _mentions(part, option), f"the README row of `clauses {command}` does not mention {option} for {sub}"


@pytest.mark.parametrize(
    ("row", "option", "found"),
    [
        ("| `clauses audit FOLDER` | ... | `--out` (default `out`) |", "--out", True),
        ("| `clauses audit FOLDER` | ... | `--outfile` |", "--out", False),  # near miss: a longer option
        ("| `clauses evaluate` | ... | `--readme/--no-readme` |", "--no-readme", True),
        ("| `clauses evaluate` | ... | `--readme-file` |", "--readme", False),
    ],
)
def test_an_option_is_found_only_as_a_whole_word(row: str, option: str, found: bool) -> None:
    assert _mentions(row, option) is found


def test_version_and_short_help_are_documented() -> None:
    assert "--version" in README and re.search(r"`-h`", README)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    command = next(line for line in README.splitlines() if '.venv/bin/pip install -q -e ".[dev]"' in line)
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "--nbmake notebooks/" in command  # the notebooks are a step of their own
