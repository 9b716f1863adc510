"""Target profiles (national plan, ESS pact, law), read from an editable data file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from analyzer.data import read_data_file

METRICS = (
    "share_social",
    "share_environmental",
    "share_social_and_environmental",
    "share_env_criterion",
    "share_reserved",
    "share_recycled_or_reuse",
)


@dataclass(frozen=True)
class Target:
    metric: str
    min_pct: float
    fr: str
    note: str = ""


@dataclass(frozen=True)
class Profile:
    id: str
    fr: str
    source: str
    targets: tuple[Target, ...]
    applies_from: str | None = None


class TargetsError(ValueError):
    pass


def load_profiles(path: Path | None = None) -> tuple[str, dict[str, Profile]]:
    """(default profile id, profiles) from `path`, or from the shipped targets.yaml."""
    text, where = read_data_file("targets.yaml", path)
    raw = yaml.safe_load(text) or {}
    profiles = {}
    for pid, p in (raw.get("profiles") or {}).items():
        targets = []
        for t in p.get("targets", []):
            if t.get("metric") not in METRICS:
                raise TargetsError(f"{where}: profile {pid}: unknown metric {t.get('metric')!r}; use one of {', '.join(METRICS)}")
            if not isinstance(t.get("min_pct"), (int, float)) or not 0 <= t["min_pct"] <= 100:
                raise TargetsError(f"{where}: profile {pid}: min_pct must be a number from 0 to 100")
            targets.append(Target(metric=t["metric"], min_pct=float(t["min_pct"]), fr=t.get("fr", t["metric"]), note=t.get("note", "")))
        profiles[pid] = Profile(
            id=pid,
            fr=p.get("fr", pid),
            source=p.get("source", ""),
            targets=tuple(targets),
            applies_from=str(p["applies_from"]) if p.get("applies_from") else None,
        )
    default = raw.get("default_profile")
    if default not in profiles:
        raise TargetsError(f"{where}: default_profile {default!r} is not one of the profiles")
    return default, profiles
