"""One tender against the obligations and targets of analyzer/data/obligations.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from analyzer.data import read_data_file
from analyzer.detection.taxonomy import DECP_ENVIRONMENTAL, DECP_SOCIAL


@dataclass(frozen=True)
class ObligationCheck:
    id: str
    fr: str
    legal_basis: str
    kind: str  # "obligation" or "target"
    met: bool
    scope: str
    applies_from: str | None


@lru_cache(maxsize=4)
def _items(path: Path | None) -> tuple[dict, ...]:
    # Parsed once per file and process: check and its JSON both ask for every tender.
    return tuple(yaml.safe_load(read_data_file("obligations.yaml", path)[0])["items"])


def check_obligations(considerations: list[str], path: Path | None = None) -> list[ObligationCheck]:
    """Which obligations and targets the tender's DECP considerations meet."""
    have = set(considerations)
    out = []
    for item in _items(Path(path) if path else None):
        wanted = set(item["any_of"])
        if item.get("all_of_sides"):
            # Both sides are required: one social and one environmental consideration.
            met = bool(have & set(DECP_SOCIAL) & wanted) and bool(have & set(DECP_ENVIRONMENTAL) & wanted)
        else:
            met = bool(have & wanted)
        out.append(
            ObligationCheck(
                id=item["id"],
                fr=item["fr"],
                legal_basis=item.get("legal_basis", ""),
                kind=item.get("kind", "obligation"),
                met=met,
                scope=item.get("scope", ""),
                applies_from=item.get("applies_from"),
            )
        )
    return out
