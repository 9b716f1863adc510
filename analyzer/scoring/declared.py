"""Declared vs found, per buyer: what buyers declare in open data (BOAMP `criteres`, DECP
considerations, eForms BT-06/774/775) beside what the documents show.

Pure functions over tender rows (one row per tender, the columns of tenders.csv): no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

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
    if tenders.empty:
        return pd.DataFrame()
    tally = DeclaredTally()
    tally.add(tenders.to_dict("records"))
    return tally.frame()


_COUNTS = ("tenders", "declared_yes", "declared_no", "declared_unknown", "found", "agree", "declared_not_found", "found_not_declared", "none")
_COUNTS += ("decp_contracts", "decp_yes", "decp_no", "decp_unknown")


class DeclaredTally:
    """`declared_vs_found` counted as the tenders stream by: counts per buyer and side, and the names
    each buyer was read under (for its label), so that no tender row is kept."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], dict[str, int]] = {}
        self.names: dict[str, dict[str, Counter]] = {}

    def add(self, rows: Iterable[dict]) -> None:
        """Count tender rows (the columns of tenders.csv, as dicts)."""
        for row in rows:
            key = buyer_key(row)
            names = self.names.setdefault(key, {"buyer": Counter(), "buyer_name": Counter()})
            for col, seen in names.items():
                v = row.get(col)
                if not (v is None or v is pd.NA or (isinstance(v, float) and v != v)) and str(v).strip() != "":
                    seen[str(v)] += 1
            is_decp = row.get("source", "") == "decp"
            for side, (declared_col, found_col) in SIDES.items():
                d, f = _declared(row.get(declared_col)), _found(row.get(found_col))
                c = self.counts.setdefault((key, side), dict.fromkeys(_COUNTS, 0))
                c["tenders"] += 1
                c[{True: "declared_yes", False: "declared_no", None: "declared_unknown"}[d]] += 1
                c["found"] += int(f)
                c[reconcile(d, f)] += 1
                if is_decp is True:
                    c["decp_contracts"] += 1
                    c[{True: "decp_yes", False: "decp_no", None: "decp_unknown"}[d]] += 1

    def frame(self) -> pd.DataFrame:
        """The table of `declared_vs_found`: buyers in key order, each side in SIDES order."""
        rows = []
        for key in sorted(self.names):
            label = _label_of(self.names[key])
            for side in SIDES:
                c = self.counts[(key, side)]
                n = c["tenders"]
                rows.append(
                    {
                        "buyer_key": key,
                        "buyer": label,
                        "side": side,
                        **{k: c[k] for k in _COUNTS[:9]},
                        "agree_share_pct": round(100 * (c["agree"] + c["none"]) / n, 1),
                        "decp_contracts": c["decp_contracts"],
                        "decp_declared_pct": _pct(c["decp_yes"], c["decp_contracts"]),
                        "decp_sans_objet_pct": _pct(c["decp_no"], c["decp_contracts"]),
                        "decp_empty_pct": _pct(c["decp_unknown"], c["decp_contracts"]),
                    }
                )
        return pd.DataFrame(rows)


def _label_of(names: dict[str, Counter]) -> str:
    """The most frequent name (the first in order among the most frequent, as pandas' mode), `buyer` before `buyer_name`."""
    for col in ("buyer", "buyer_name"):
        seen = names[col]
        if seen:
            top = max(seen.values())
            return min(v for v, k in seen.items() if k == top)
    return "(acheteur non identifié)"


def _pct(k: int, n: int) -> float | None:
    return round(100 * k / n, 1) if n else None


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
