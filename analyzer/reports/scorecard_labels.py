"""French labels of the scorecard's per-target columns and of its coded values, for the workbook and the site.

Fixed column headers are in analyzer/data/columns.yaml (analyzer.reports.tables.header); CSV and Parquet keep the
machine names (README, "Scorecard columns").
"""

from __future__ import annotations

from analyzer.scoring.targets import Profile

KIND_FR = {"commune": "Ville", "epci": "Intercommunalité", "autre": "Autre acheteur"}
SIDE_FR = {"social": "social", "environmental": "environnemental"}
BASIS_FR = {"count": "en nombre", "value": "en valeur (montants)", "count_proxy": "en nombre (approximation : montants inconnus)"}


def target_headers(profile: Profile) -> dict[str, str]:
    """Headers of the per-target columns of the scorecard (share, count, basis, met)."""
    out = {}
    for t in profile.targets:
        cible = f" (cible {t.min_pct:g} %)" if t.min_pct is not None else " (indicateur)"
        out[t.metric] = f"% {t.fr}{cible}"
        out[f"n:{t.metric}"] = f"Marchés comptés : {t.fr}"
        out[f"num:{t.metric}"] = f"Marchés qui l'ont : {t.fr}"
        out[f"basis:{t.metric}"] = f"Base : {t.fr}"
        out[f"meets:{t.metric}"] = f"Atteinte : {t.fr}"
    return out


def yes_no(v: object) -> object:
    if v is True:
        return "oui"
    if v is False:
        return "non"
    return v


def value_labels(col: str) -> dict[str, str] | None:
    """The French words of a column's coded values (entity kinds, sides, bases), or None."""
    if col == "entity_kind":
        return KIND_FR
    if col == "side":
        return SIDE_FR
    if col == "basis" or col.startswith("basis:"):
        return BASIS_FR
    return None


def french_value(col: str, v: object) -> object:
    """Display value of a cell: booleans as oui/non, codes as French words."""
    if isinstance(v, bool) or v is True or v is False:
        return yes_no(bool(v))
    labels = value_labels(col)
    if labels is not None and isinstance(v, str):
        return labels.get(v, v)
    return v
