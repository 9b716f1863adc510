"""Target profiles (national plan, ESS pact, law, AGEC), read from an editable data file.

A profile says which tenders it applies to and, for each target, which tenders count and how the share is
computed (by number, or by value where amounts are known). Nothing here holds a figure: they are all in
analyzer/data/targets.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from analyzer.data import read_data_file

# Each metric names a per-tender flag of the scoring table (analyzer/scoring/inputs.py).
METRICS = {
    "share_social": "social",
    "share_environmental": "environmental",
    "share_social_and_environmental": "social_and_environmental",
    "share_env_condition": "env_condition",
    "share_env_criterion": "env_criterion",
    "share_social_condition": "social_condition",
    "share_social_criterion": "social_criterion",
    "share_reserved": "reserved",
    "share_reserved_ess": "reserved_ess",
    "share_reserved_siae_ea": "reserved_siae_ea",
    "share_esus_routes": "esus_routes",
    "share_recycled_or_reuse": "recycled_or_reuse",
}
BASES = ("count", "value_else_count")
SCOPE_KEYS = ("published_from", "published_until", "launched_from", "min_amount_eur", "natures", "above_eu_threshold", "agec_category")
NATURES = ("travaux", "fournitures", "services")
RISKS = ("esus_preference",)


@dataclass(frozen=True)
class Scope:
    """Which tenders a profile or a target applies to. Unset fields do not restrict."""

    published_from: date | None = None
    published_until: date | None = None
    launched_from: date | None = None
    min_amount_eur: float | None = None
    natures: tuple[str, ...] = ()
    above_eu_threshold: bool = False
    agec_category: bool = False

    @property
    def empty(self) -> bool:
        return self == Scope()

    def describe_fr(self) -> str:
        parts = []
        if self.launched_from:
            parts.append(f"consultations lancées à partir du {self.launched_from:%d/%m/%Y}")
        if self.published_from:
            parts.append(f"publiées à partir du {self.published_from:%d/%m/%Y}")
        if self.published_until:
            parts.append(f"publiées jusqu'au {self.published_until:%d/%m/%Y}")
        if self.min_amount_eur is not None:
            parts.append(f"montant d'au moins {self.min_amount_eur:,.0f} €".replace(",", " "))
        if self.natures:
            parts.append("marchés de " + ", ".join(self.natures))
        if self.above_eu_threshold:
            parts.append("au-dessus des seuils européens")
        if self.agec_category:
            parts.append("catégorie de produits du décret 2024-134 connue par le code CPV")
        return "; ".join(parts) or "tous les marchés"


@dataclass(frozen=True)
class Target:
    metric: str
    min_pct: float | None  # None: an indicator, shown but never met or missed
    fr: str
    note: str = ""
    basis: str = "count"
    scope: Scope = field(default_factory=Scope)

    @property
    def flag(self) -> str:
        return METRICS[self.metric]

    @property
    def is_indicator(self) -> bool:
        return self.min_pct is None


@dataclass(frozen=True)
class Profile:
    id: str
    fr: str
    source: str
    targets: tuple[Target, ...]
    scope: Scope = field(default_factory=Scope)
    risks: tuple[str, ...] = ()

    @property
    def applies_from(self) -> str | None:  # kept for callers of the former single-date profile
        d = self.scope.launched_from or self.scope.published_from
        return d.isoformat() if d else None

    @property
    def counted_targets(self) -> tuple[Target, ...]:
        return tuple(t for t in self.targets if not t.is_indicator)


@dataclass(frozen=True)
class Settings:
    """File-wide settings: the sample guard, the value coverage rule and the SPASER threshold."""

    min_tenders: int = 10
    value_min_coverage_pct: float = 50.0
    spaser_min_eur: float | None = None
    spaser_fr: str = ""
    spaser_source: str = ""
    version: str = ""
    where: str = ""


class TargetsError(ValueError):
    pass


def _date(value: object, where: str, key: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise TargetsError(f"{where}: {key} must be an ISO date (YYYY-MM-DD), not {value!r}") from None


def _scope(raw: dict | None, where: str) -> Scope:
    raw = raw or {}
    unknown = set(raw) - set(SCOPE_KEYS)
    if unknown:
        raise TargetsError(f"{where}: unknown applies_to key(s) {', '.join(sorted(unknown))}; use {', '.join(SCOPE_KEYS)}")
    natures = tuple(str(n).lower() for n in raw.get("natures") or ())
    bad = [n for n in natures if n not in NATURES]
    if bad:
        raise TargetsError(f"{where}: unknown nature(s) {', '.join(bad)}; use {', '.join(NATURES)}")
    amount = raw.get("min_amount_eur")
    if amount is not None and not isinstance(amount, (int, float)):
        raise TargetsError(f"{where}: min_amount_eur must be a number")
    return Scope(
        published_from=_date(raw.get("published_from"), where, "published_from"),
        published_until=_date(raw.get("published_until"), where, "published_until"),
        launched_from=_date(raw.get("launched_from"), where, "launched_from"),
        min_amount_eur=float(amount) if amount is not None else None,
        natures=natures,
        above_eu_threshold=bool(raw.get("above_eu_threshold", False)),
        agec_category=bool(raw.get("agec_category", False)),
    )


def _target(t: dict, where: str) -> Target:
    if t.get("metric") not in METRICS:
        raise TargetsError(f"{where}: unknown metric {t.get('metric')!r}; use one of {', '.join(METRICS)}")
    pct = t.get("min_pct")
    if pct is not None and (not isinstance(pct, (int, float)) or not 0 <= pct <= 100):
        raise TargetsError(f"{where}: min_pct must be a number from 0 to 100, or null for an indicator")
    basis = t.get("basis", "count")
    if basis not in BASES:
        raise TargetsError(f"{where}: basis must be one of {', '.join(BASES)}, not {basis!r}")
    return Target(
        metric=t["metric"],
        min_pct=float(pct) if pct is not None else None,
        fr=t.get("fr", t["metric"]),
        note=t.get("note", ""),
        basis=basis,
        scope=_scope(t.get("applies_to"), f"{where}: {t['metric']}"),
    )


def load_targets(path: Path | None = None) -> tuple[str, dict[str, Profile], Settings]:
    """(default profile id, profiles, settings) from `path`, or from the shipped targets.yaml."""
    text, where = read_data_file("targets.yaml", path)
    raw = yaml.safe_load(text) or {}
    profiles = {}
    for pid, p in (raw.get("profiles") or {}).items():
        here = f"{where}: profile {pid}"
        # `applies_from` is the former single-date form: a launch date.
        scope_raw = dict(p.get("applies_to") or {})
        if p.get("applies_from") and "launched_from" not in scope_raw:
            scope_raw["launched_from"] = p["applies_from"]
        risks = tuple(p.get("risks") or ())
        if set(risks) - set(RISKS):
            raise TargetsError(f"{here}: unknown risk(s) {', '.join(set(risks) - set(RISKS))}; use {', '.join(RISKS)}")
        profiles[pid] = Profile(
            id=pid,
            fr=p.get("fr", pid),
            source=p.get("source", ""),
            targets=tuple(_target(t, here) for t in p.get("targets", [])),
            scope=_scope(scope_raw, here),
            risks=risks,
        )
    default = raw.get("default_profile")
    if default not in profiles:
        raise TargetsError(f"{where}: default_profile {default!r} is not one of the profiles")
    spaser = raw.get("spaser") or {}
    min_tenders = raw.get("min_tenders", 10)
    if not isinstance(min_tenders, int) or min_tenders < 1:
        raise TargetsError(f"{where}: min_tenders must be a whole number of at least 1")
    settings = Settings(
        min_tenders=min_tenders,
        value_min_coverage_pct=float(raw.get("value_min_coverage_pct", 50)),
        spaser_min_eur=float(spaser["min_yearly_purchases_eur"]) if spaser.get("min_yearly_purchases_eur") else None,
        spaser_fr=spaser.get("fr", ""),
        spaser_source=spaser.get("source", ""),
        version=str(raw.get("version", "")),
        where=where,
    )
    return default, profiles, settings


def load_profiles(path: Path | None = None) -> tuple[str, dict[str, Profile]]:
    """(default profile id, profiles) from `path`, or from the shipped targets.yaml."""
    default, profiles, _ = load_targets(path)
    return default, profiles


def pick_profile(profiles: dict[str, Profile], profile_id: str | None, default: str) -> Profile:
    """The profile asked for, or a one-line error that lists the known ones."""
    pid = profile_id or default
    if pid not in profiles:
        raise TargetsError(f"unknown profile {pid!r}; known: {', '.join(sorted(profiles))}")
    return profiles[pid]
