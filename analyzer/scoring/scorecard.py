"""Per-buyer scorecard: shares of tenders with each consideration, against a target profile."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from analyzer.facts.tender import TenderResult
from analyzer.records import flat_json_row, to_json
from analyzer.scoring.targets import Profile

if TYPE_CHECKING:  # pandas is imported where a table is built: `clauses check` never needs it
    import pandas as pd

UNKNOWN_BUYER = "(acheteur non identifié)"


def tender_rows(results: list[TenderResult]) -> pd.DataFrame:
    """One row per tender: every field of the record (analyzer.records), then the flags a scorecard counts.

    Lists stay lists (the reports decide how to show them); identifiers stay strings.
    """
    return tender_frame(
        (
            to_json(r, TenderResult),
            {
                "documents": len(r.documents),
                "documents_unread": sum(1 for d in r.documents if d.error),
                "findings": len(r.findings),
                "negatives": len(r.negatives),
                "errors": len(r.errors),
            },
        )
        for r in results
    )


def tender_frame(records: Iterable[tuple[dict[str, Any], dict[str, int]]]) -> pd.DataFrame:
    """The tender table from records in JSON form (a result, or the store's read-back) and the
    length of their lists of documents, findings, negatives and errors."""
    import pandas as pd

    rows = []
    for data, counts in records:
        row = flat_json_row(data, TenderResult, record_lists=False)
        social = bool(data.get("considerations_sociales"))
        environmental = bool(data.get("considerations_environnementales"))
        row.update(
            {
                "buyer": buyer_label(data),
                "documents": counts.get("documents", 0),
                "documents_unread": counts.get("documents_unread", 0),
                "findings": counts.get("findings", 0),
                "negatives": counts.get("negatives", 0),
                "errors": counts.get("errors", 0),
                "social": social,
                "environmental": environmental,
                "social_and_environmental": social and environmental,
                "env_criterion": "Critère environnemental" in (data.get("considerations_environnementales") or []),
                "reserved": "Marché réservé" in (data.get("considerations_sociales") or []),
            }
        )
        rows.append(row)
    df = pd.DataFrame(rows, columns=None if rows else ["tender_id", "buyer"])
    for col in ("tender_id", "buyer", "buyer_name", "buyer_siret", "buyer_siren", "commune_insee", "source_id", "cpv", "epci_siren"):
        if col in df:
            df[col] = df[col].astype("string")
    return df


_KIND_FR = {"commune": "{} (commune)", "ccas": "{} (CCAS)", "caisse_des_ecoles": "{} (caisse des écoles)"}


def buyer_label(data: dict[str, Any]) -> str:
    """The name a buyer is counted under: its commune body when resolved ("Nanterre (commune)" for
    "Mairie de Nanterre" and "Commune de Nanterre" alike), its EPCI's official name, else the name read."""
    meta = data.get("tender") or {}
    kind, city = meta.get("buyer_kind"), meta.get("city")
    if kind in _KIND_FR and city:
        return _KIND_FR[kind].format(city)
    if kind == "epci" and meta.get("epci_siren"):
        from analyzer.facts.territories import territories

        epci = territories().epcis.get(meta["epci_siren"])
        if epci:
            return epci.name
    buyer = data.get("buyer") or {}
    return buyer.get("name") or meta.get("buyer_name") or UNKNOWN_BUYER


_FLAG_FOR = {
    "share_social": "social",
    "share_environmental": "environmental",
    "share_social_and_environmental": "social_and_environmental",
    "share_env_criterion": "env_criterion",
    "share_reserved": "reserved",
    "share_recycled_or_reuse": "facts_recycled_or_reuse",
}


def scorecard(tenders: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """One row per buyer: tenders analysed, each share in %, and whether each target is met."""
    import pandas as pd

    if tenders.empty:
        return pd.DataFrame(columns=["buyer", "tenders"])
    g = tenders.groupby("buyer", dropna=False)
    out = pd.DataFrame({"buyer": g.size().index.astype("string"), "tenders": g.size().values})
    out["buyer_siret"] = g["buyer_siret"].first().values
    for metric, flag in _FLAG_FOR.items():
        out[metric] = (g[flag].mean().values * 100).round(1)
    met_all = pd.Series(True, index=out.index)
    for t in profile.targets:
        col = f"meets:{t.metric}"
        out[col] = out[t.metric] >= t.min_pct
        met_all &= out[col]
    out["targets_met"] = sum(out[f"meets:{t.metric}"].astype(int) for t in profile.targets) if profile.targets else 0
    out["targets_total"] = len(profile.targets)
    out["all_targets_met"] = met_all
    return out.sort_values(["targets_met", "share_social_and_environmental", "tenders"], ascending=[False, False, False]).reset_index(
        drop=True
    )
