"""The national baseline (OECP recensement) shown beside each city, read from analyzer/data/baseline.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from analyzer.data import read_data_file


@dataclass(frozen=True)
class BaselineYear:
    year: int
    buyers: str  # "all" or "collectivites_territoriales"
    social_pct: float | None
    environmental_pct: float | None
    comparable: bool
    source: str
    url: str = ""


@dataclass(frozen=True)
class Baseline:
    years: tuple[BaselineYear, ...]
    scope_fr: str
    not_comparable_from: int | None
    not_comparable_fr: str

    def for_year(self, year: int | None, buyers: str = "all") -> BaselineYear | None:
        """That year's figures; for all years together (None), the latest comparable year."""
        rows = [b for b in self.years if b.buyers == buyers and b.comparable]
        if year is None:
            return max(rows, key=lambda b: b.year) if rows else None
        return next((b for b in rows if b.year == year), None)


@lru_cache(maxsize=2)
def load_baseline(path: Path | None = None) -> Baseline:
    raw = yaml.safe_load(read_data_file("baseline.yaml", path)[0])
    return Baseline(
        years=tuple(
            BaselineYear(
                year=int(y["year"]),
                buyers=y.get("buyers", "all"),
                social_pct=y.get("social_pct"),
                environmental_pct=y.get("environmental_pct"),
                comparable=bool(y.get("comparable", True)),
                source=y.get("source", ""),
                url=y.get("url", ""),
            )
            for y in raw["years"]
        ),
        scope_fr=raw.get("scope_fr", ""),
        not_comparable_from=raw.get("not_comparable_from"),
        not_comparable_fr=raw.get("not_comparable_fr", ""),
    )
