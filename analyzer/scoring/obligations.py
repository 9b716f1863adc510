"""One tender against the obligations and targets of analyzer/data/obligations.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

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


def check_obligations(considerations: list[str], path: Path | None = None) -> list[ObligationCheck]:
    """Which obligations and targets the tender's DECP considerations meet."""
    text = (
        Path(path).read_text(encoding="utf-8")
        if path
        else resources.files("analyzer.data").joinpath("obligations.yaml").read_text(encoding="utf-8")
    )
    have = set(considerations)
    out = []
    for item in yaml.safe_load(text)["items"]:
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
