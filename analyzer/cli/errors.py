"""What every command does with bad input: one line on stderr that says what is known, exit code 2."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import typer

REPO = Path(__file__).resolve().parents[2]  # the project: defaults are shown relative to it
USAGE = 2  # the exit code of a usage error, as click's own


def usage_error(message: str) -> NoReturn:
    """Stop the command with `Error: message` on one line (no traceback, no box), exit code 2."""
    typer.echo(f"Error: {' '.join(message.split())}", err=True)
    raise typer.Exit(USAGE)


def known(kind: str, value: str, names: Iterable[str]) -> str:
    """`value` if it is one of `names`, else a usage error listing them."""
    names = sorted(names)
    if value not in names:
        usage_error(f"unknown {kind} {value!r}; known: {', '.join(names) or 'none'}")
    return value


def existing(path: Path, what: str = "file", option: str = "") -> Path:
    """`path` if it exists as `what` ("file", "folder" or "path"), else a usage error naming what is there."""
    ok = {"file": path.is_file, "folder": path.is_dir}.get(what, path.exists)()
    if not ok:
        where = f"{option} " if option else ""
        near = next((p for p in [path.parent, *path.parent.parents] if p.is_dir()), None)
        if near is None:
            usage_error(f"{where}{path}: no such {what}")
        entries = sorted(p.name + ("/" if p.is_dir() else "") for p in near.iterdir())
        shown = ", ".join(entries[:10]) + (f", … ({len(entries)})" if len(entries) > 10 else "")
        usage_error(f"{where}{path}: no such {what}; {near} holds: {shown or 'nothing'}")
    return path


def shown(path: Path) -> str:
    """A default path as --help shows it: relative to the project, not to one checkout's absolute path."""
    try:
        return str(Path(path).relative_to(REPO))
    except ValueError:
        return str(path)


def checked_profiles(targets: Path | None, profile: str | None) -> None:
    """A usage error unless the targets file (or the shipped one) loads and names `profile`."""
    from analyzer.scoring.targets import TargetsError, load_profiles

    if targets is not None:
        existing(targets, "file", "--targets")
    try:
        _, profiles = load_profiles(targets)
    except TargetsError as exc:
        usage_error(str(exc))
    if profile is not None:
        known("profile", profile, profiles)
