"""Does a profile or a target apply to a tender? True, False, or None when the data cannot say.

A tender whose publication date, amount, nature or CPV is unknown where a condition needs it is never guessed
in or out: it is counted apart as "applicabilité inconnue".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

from analyzer.scoring.agec import Agec
from analyzer.scoring.targets import NATURES, Scope

# (launch date, nature, buyer kind) -> the EU threshold in € HT, or None when unknown.
ThresholdFn = Callable[[date, str | None, str | None], float | None]


def _date(v: object) -> date | None:
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return None
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _num(v: object) -> float | None:
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return None
    return float(v)


def _nature(row: dict) -> str | None:
    """travaux, fournitures or services: the contract type, or a nature already in those words."""
    for key in ("contract_type", "nature"):
        v = row.get(key)
        if v is not None and v is not pd.NA and not (isinstance(v, float) and pd.isna(v)):
            text = str(v).strip().lower()
            if text in NATURES:
                return text
    return None


def applies(row: dict, scope: Scope, agec: Agec | None = None, threshold: ThresholdFn | None = None) -> bool | None:
    """Whether `scope` covers the tender `row` (a dict of the scoring table)."""
    if scope.empty:
        return True
    unknown = False
    published = _date(row.get("publication_date"))
    for bound, inside in (
        (scope.launched_from, lambda d, b: d >= b),
        (scope.published_from, lambda d, b: d >= b),
        (scope.published_until, lambda d, b: d <= b),
    ):
        if bound is None:
            continue
        if published is None:
            unknown = True
        elif not inside(published, bound):
            return False
    amount = _num(row.get("amount_eur"))
    if scope.min_amount_eur is not None:
        if amount is None:
            unknown = True
        elif amount < scope.min_amount_eur:
            return False
    nature = _nature(row)
    if scope.natures:
        if not nature:
            unknown = True
        elif nature not in scope.natures:
            return False
    if scope.agec_category:
        if agec is None or row.get("cpv") is None or row.get("cpv") is pd.NA:
            unknown = True
        elif agec.category_for_cpv(row.get("cpv")) is None:
            return False
    if scope.above_eu_threshold:
        limit = threshold(published, nature, row.get("buyer_kind")) if threshold and published else None
        if amount is None or limit is None:
            unknown = True
        elif amount < limit:
            return False
    return None if unknown else True
