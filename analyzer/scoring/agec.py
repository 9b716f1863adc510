"""Décret 2024-134 (AGEC art. 58): product categories known from CPV codes, and their shares by year."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from analyzer.data import read_data_file


@dataclass(frozen=True)
class AgecCategory:
    name: str
    cpv_prefixes: tuple[str, ...]
    cpv_exclude: tuple[str, ...]
    targets: dict[int, dict[str, float | None]] | None  # year -> {reuse_pct, recycled_pct}; None: not transcribed
    note: str = ""
    targets_source: str = ""


@dataclass(frozen=True)
class Agec:
    categories: tuple[AgecCategory, ...]
    years: tuple[int, ...]
    source: str
    in_force_from: str

    def category_for_cpv(self, cpv: object) -> str | None:
        """The category of the tender's main CPV code (the first one), by the longest matching prefix."""
        if cpv is None or not isinstance(cpv, str) or not cpv.strip():
            return None
        code = cpv.replace(";", ",").split(",")[0].strip().split("-")[0]
        best: tuple[int, str] | None = None
        for c in self.categories:
            if any(code.startswith(x) for x in c.cpv_exclude):
                continue
            for p in c.cpv_prefixes:
                if code.startswith(p) and (best is None or len(p) > best[0]):
                    best = (len(p), c.name)
        return best[1] if best else None

    def targets_for(self, name: str, year: int | None) -> dict[str, float | None] | None:
        """The décret's shares that apply in `year` (the 2024 row until 2026, 2027 until 2029, then 2030)."""
        cat = next((c for c in self.categories if c.name == name), None)
        if cat is None or not cat.targets or year is None:
            return None
        past = [y for y in self.years if y <= year]
        return cat.targets.get(max(past)) if past else None


@lru_cache(maxsize=2)
def load_agec(path: Path | None = None) -> Agec:
    raw = yaml.safe_load(read_data_file("agec.yaml", path)[0])
    cats = []
    for c in raw["categories"]:
        targets = c.get("targets")
        cats.append(
            AgecCategory(
                name=c["name"],
                cpv_prefixes=tuple(str(p) for p in c.get("cpv_prefixes") or ()),
                cpv_exclude=tuple(str(p) for p in c.get("cpv_exclude") or ()),
                targets={int(y): dict(v) for y, v in targets.items()} if targets else None,
                note=c.get("note", ""),
                targets_source=c.get("targets_source", ""),
            )
        )
    return Agec(categories=tuple(cats), years=tuple(int(y) for y in raw["years"]), source=raw.get("source", ""), in_force_from=str(raw["in_force_from"]))
