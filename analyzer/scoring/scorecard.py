"""Per-buyer scorecard: shares of tenders with each consideration, against a target profile."""

from __future__ import annotations

import pandas as pd

from analyzer.scoring.targets import Profile

UNKNOWN_BUYER = "(acheteur non identifié)"


def tender_rows(results: list) -> pd.DataFrame:  # list[TenderResult]
    """One row per tender: the flags a scorecard counts. Identifiers stay strings."""
    rows = []
    for r in results:
        rows.append(
            {
                "tender_id": r.tender_id,
                "buyer": r.buyer.name if r.buyer else UNKNOWN_BUYER,
                "buyer_siret": r.buyer.siret if r.buyer else None,
                "buyer_siren": r.buyer.siren if r.buyer else None,
                "documents": len(r.documents),
                "documents_unread": sum(1 for d in r.documents if d.error),
                "considerations_sociales": "; ".join(r.considerations_sociales),
                "considerations_environnementales": "; ".join(r.considerations_environnementales),
                "social": r.has_social,
                "environmental": r.has_environmental,
                "social_and_environmental": r.has_social and r.has_environmental,
                "env_criterion": "Critère environnemental" in r.considerations_environnementales,
                "reserved": "Marché réservé" in r.considerations_sociales,
                "recycled_or_reuse": r.facts.recycled_or_reuse,
                "env_criterion_weight_pct": r.facts.env_criterion_weight_pct,
                "social_criterion_weight_pct": r.facts.social_criterion_weight_pct,
                "insertion_hours": r.facts.insertion_hours,
                "insertion_hours_per_eur": r.facts.insertion_hours_per_eur,
                "label_required": r.facts.label_required,
                "legal_risks": len(r.facts.legal_risks),
                "findings": len(r.findings),
                "errors": len(r.errors),
            }
        )
    df = pd.DataFrame(rows)
    for col in ("tender_id", "buyer", "buyer_siret", "buyer_siren"):
        if col in df:
            df[col] = df[col].astype("string")
    return df


_FLAG_FOR = {
    "share_social": "social",
    "share_environmental": "environmental",
    "share_social_and_environmental": "social_and_environmental",
    "share_env_criterion": "env_criterion",
    "share_reserved": "reserved",
    "share_recycled_or_reuse": "recycled_or_reuse",
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
