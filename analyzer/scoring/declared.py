"""Declared vs found, per buyer: what buyers declare in open data (BOAMP `criteres`, DECP
considerations, eForms BT-06/774/775) beside what the documents show.

Pure functions over tender rows (one row per tender, the columns of tenders.csv): no I/O.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from analyzer.sources.metadata import reconcile

SIDES = {
    "sociale": ("declared_sociales", "considerations_sociales"),
    "environnementale": ("declared_environnementales", "considerations_environnementales"),
}


def _found(value: object) -> bool:
    """A considerations cell: a list, or the "; "-joined text of tenders.csv."""
    if isinstance(value, list | tuple):
        return bool(value)
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return False
    return bool(str(value).strip())


def _declared(value: object) -> bool | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().lower())
    return bool(value)


def reconciliation_columns(
    declared_sociales: bool | None, declared_environnementales: bool | None, found_sociales: list[str], found_environnementales: list[str]
) -> dict[str, str]:
    """The two reconciliation columns of one tender."""
    return {
        "reconciliation_sociale": reconcile(declared_sociales, bool(found_sociales)),
        "reconciliation_environnementale": reconcile(declared_environnementales, bool(found_environnementales)),
    }


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", "".join(c for c in text if not unicodedata.combining(c)).lower()).split())


def buyer_key(row: pd.Series | dict) -> str:
    """One key per buyer: its commune (and kind) when resolved, else its SIREN, else its name.

    "Commune de Nanterre" and "Mairie de Nanterre" share commune:92050; the CCAS of Nanterre is ccas:92050.
    """
    get = row.get
    kind, insee = get("buyer_kind"), get("commune_insee")
    if isinstance(insee, str) and insee and isinstance(kind, str) and kind:
        return f"{kind}:{insee}"
    epci = get("epci_siren")
    if kind == "epci" and isinstance(epci, str) and epci:
        return f"epci:{epci}"
    siren = get("buyer_siren")
    if isinstance(siren, str) and siren:
        return f"siren:{siren}"
    name = get("buyer_name") if isinstance(get("buyer_name"), str) else get("buyer")
    return f"name:{_fold(name)}" if isinstance(name, str) and name.strip() else "unknown"


def declared_vs_found(tenders: pd.DataFrame) -> pd.DataFrame:
    """Per buyer and side: tenders, declared yes / no / unknown, found, each reconciliation, the share
    of tenders where declared and found agree (declared yes and found, or not declared and not found),
    and, for DECP contracts, the fill rate of the declaration (a value, "Sans objet", empty)."""
    rows = []
    if tenders.empty:
        return pd.DataFrame()
    keys = tenders.apply(buyer_key, axis=1)
    for key, group in tenders.groupby(keys, sort=True):
        label = _label(group)
        for side, (declared_col, found_col) in SIDES.items():
            declared = [_declared(v) for v in group.get(declared_col, pd.Series([None] * len(group)))]
            found = [_found(v) for v in group.get(found_col, pd.Series([None] * len(group)))]
            rec = [reconcile(d, f) for d, f in zip(declared, found)]
            n = len(group)
            is_decp = (group.get("source", pd.Series([""] * n)) == "decp").tolist()
            decp = [d for d, x in zip(declared, is_decp) if x]
            row = {
                "buyer_key": key,
                "buyer": label,
                "side": side,
                "tenders": n,
                "declared_yes": sum(d is True for d in declared),
                "declared_no": sum(d is False for d in declared),
                "declared_unknown": sum(d is None for d in declared),
                "found": sum(found),
                "agree": rec.count("agree"),
                "declared_not_found": rec.count("declared_not_found"),
                "found_not_declared": rec.count("found_not_declared"),
                "none": rec.count("none"),
                "agree_share_pct": round(100 * (rec.count("agree") + rec.count("none")) / n, 1),
                "decp_contracts": len(decp),
                "decp_declared_pct": _pct(sum(d is True for d in decp), len(decp)),
                "decp_sans_objet_pct": _pct(sum(d is False for d in decp), len(decp)),
                "decp_empty_pct": _pct(sum(d is None for d in decp), len(decp)),
            }
            rows.append(row)
    return pd.DataFrame(rows)


def _pct(k: int, n: int) -> float | None:
    return round(100 * k / n, 1) if n else None


def _label(group: pd.DataFrame) -> str:
    """The name the scorecard counts the buyer under (column `buyer`), else the name read."""
    for col in ("buyer", "buyer_name"):
        if col in group:
            values = group[col].dropna().astype(str)
            values = values[values.str.strip() != ""]
            if not values.empty:
                return str(values.mode().iloc[0])
    return "(acheteur non identifié)"


def totals(table: pd.DataFrame) -> pd.DataFrame:
    """The same counts over every buyer, per side."""
    if table.empty:
        return table
    counts = [
        "tenders",
        "declared_yes",
        "declared_no",
        "declared_unknown",
        "found",
        "agree",
        "declared_not_found",
        "found_not_declared",
        "none",
    ]
    out = table.groupby("side", sort=False)[counts].sum().reset_index()
    out["agree_share_pct"] = (100 * (out["agree"] + out["none"]) / out["tenders"]).round(1)
    return out
