"""The clause taxonomy (goal x instrument), read from the versioned data file and checked on load."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from analyzer.data import read_data_file

SIDES = ("social", "environmental")
DECP_SOCIAL = ("Clause sociale", "Critère social", "Marché réservé")
DECP_ENVIRONMENTAL = ("Clause environnementale", "Critère environnemental")
DECP_VALUES = DECP_SOCIAL + DECP_ENVIRONMENTAL
# OCDS sustainability extension code lists (open-contracting-extensions/ocds_sustainability_extension,
# codelists/sustainabilityGoal.csv and sustainabilityStrategy.csv).
OCDS_GOALS = frozenset(
    {
        "economic",
        "economic.formalEmploymentPromotion",
        "economic.localEconomyPromotion",
        "environmental",
        "environmental.carbonEmissionsReduction",
        "environmental.energyEfficiency",
        "environmental.recycling",
        "environmental.resourceReuse",
        "environmental.wasteReduction",
        "innovation",
        "social",
        "social.laborRightsPromotion",
        "social.smeInclusion",
        "social.womenInclusion",
    }
)
OCDS_STRATEGIES = frozenset(
    {"awardCriteria", "contractPerformanceConditions", "marginOfPreference", "selectionCriteria", "technicalSpecifications"}
)


@dataclass(frozen=True)
class Instrument:
    id: str
    fr: str
    definition: str
    decp: dict[str, str | None]
    legal_basis: tuple[str, ...] = ()
    ocds: str | None = None  # OCDS sustainabilityStrategy code


@dataclass(frozen=True)
class Label:
    id: str
    side: str
    fr: str
    definition: str
    instruments: tuple[str, ...]
    eforms: dict[str, str] = field(default_factory=dict)
    legal_basis: tuple[str, ...] = ()
    legal_risk: bool = False
    ocds: str | None = None  # OCDS sustainabilityGoal code


@dataclass(frozen=True)
class Taxonomy:
    version: str
    labels: dict[str, Label]
    instruments: dict[str, Instrument]

    def decp_value(self, label: str, instrument: str) -> str | None:
        """The DECP 2022 value a (label, instrument) pair stands for, or None (mentions, selection)."""
        return self.instruments[instrument].decp.get(self.labels[label].side)


class TaxonomyError(ValueError):
    pass


DEFAULT_PATH = "taxonomy.yaml"


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read and check a taxonomy file (the shipped one by default)."""
    text, where = read_data_file(DEFAULT_PATH, path)
    raw = yaml.safe_load(text)
    try:
        instruments = {
            k: Instrument(
                id=k,
                fr=v["fr"],
                definition=v["definition"],
                decp=dict(v["decp"]),
                legal_basis=tuple(v.get("legal_basis", ())),
                ocds=v.get("ocds"),
            )
            for k, v in raw["instruments"].items()
        }
        labels = {}
        for k, v in raw["labels"].items():
            if v["side"] not in SIDES:
                raise TaxonomyError(f"{where}: label {k}: side must be one of {SIDES}")
            unknown = set(v["instruments"]) - set(instruments)
            if unknown:
                raise TaxonomyError(f"{where}: label {k}: unknown instruments {sorted(unknown)}")
            labels[k] = Label(
                id=k,
                side=v["side"],
                fr=v["fr"],
                definition=v["definition"],
                instruments=tuple(v["instruments"]),
                eforms=dict(v.get("eforms", {})),
                legal_basis=tuple(str(x) for x in v.get("legal_basis", ())),
                legal_risk=bool(v.get("legal_risk", False)),
                ocds=v.get("ocds"),
            )
            if labels[k].ocds is not None and labels[k].ocds not in OCDS_GOALS:
                raise TaxonomyError(f"{where}: label {k}: '{labels[k].ocds}' is not an OCDS sustainabilityGoal code")
    except KeyError as exc:
        raise TaxonomyError(f"{where}: missing key {exc}") from exc
    for inst in instruments.values():
        if inst.ocds is not None and inst.ocds not in OCDS_STRATEGIES:
            raise TaxonomyError(f"{where}: instrument {inst.id}: '{inst.ocds}' is not an OCDS sustainabilityStrategy code")
        for value in inst.decp.values():
            if value is not None and value not in DECP_VALUES:
                raise TaxonomyError(f"{where}: instrument {inst.id}: '{value}' is not a DECP value")
    return Taxonomy(version=str(raw["version"]), labels=labels, instruments=instruments)


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    return load_taxonomy()
