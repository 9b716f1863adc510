"""The editable data files the analyzer ships (taxonomy, rules, targets, obligations, combination)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def read_data_file(name: str, path: Path | None = None) -> tuple[str, str]:
    """(text, where) of the user's file at `path`, or of the shipped `analyzer/data/<name>`.

    `where` names the file in error messages, so a bad entry points at the file to edit.
    """
    if path is not None:
        return Path(path).read_text(encoding="utf-8"), str(path)
    return resources.files("analyzer.data").joinpath(name).read_text(encoding="utf-8"), f"analyzer/data/{name}"
