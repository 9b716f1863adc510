"""Per-buyer scorecard: shares of tenders with each consideration, against a target profile."""

from __future__ import annotations

import pandas as pd

from analyzer.facts.tender import TenderResult
from analyzer.records import flat_row
from analyzer.scoring.targets import Profile

UNKNOWN_BUYER = "(acheteur non identifié)"


def tender_rows(results: list[TenderResult]) -> pd.DataFrame:
    """One row per tender: every field of the record (analyzer.records), then the flags a scorecard counts.

    Lists stay lists (the reports decide how to show them); identifiers stay strings.
    """
    rows = []
    for r in results:
        row = flat_row(r, TenderResult, record_lists=False)
        row.update(
            {
                "buyer": r.buyer.name if r.buyer else UNKNOWN_BUYER,
                "documents": len(r.documents),
                "documents_unread": sum(1 for d in r.documents if d.error),
                "findings": len(r.findings),
                "negatives": len(r.negatives),
                "errors": len(r.errors),
                "social": r.has_social,
                "environmental": r.has_environmental,
                "social_and_environmental": r.has_social and r.has_environmental,
                "env_criterion": "Critère environnemental" in r.considerations_environnementales,
                "reserved": "Marché réservé" in r.considerations_sociales,
            }
        )
        rows.append(row)
    df = pd.DataFrame(rows)
    for col in ("tender_id", "buyer", "buyer_name", "buyer_siret", "buyer_siren"):
        if col in df:
            df[col] = df[col].astype("string")
    return df


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
