"""Which tenders a profile or a target applies to: True, False, or None when the data cannot say."""

from __future__ import annotations

from datetime import date

import pytest

from analyzer.scoring.agec import load_agec
from analyzer.scoring.scope import applies
from analyzer.scoring.targets import Scope

LAW = Scope(launched_from=date(2026, 8, 21))
ABOVE_EU = Scope(above_eu_threshold=True)
AGEC = Scope(published_from=date(2024, 7, 1), agec_category=True)


def _local_216k(launched, nature, buyer_kind):  # noqa: ANN001, ANN202 - 216 000 € HT: other contracting authorities, 2026
    return 216000.0 if nature in ("fournitures", "services") and buyer_kind == "commune" else None


@pytest.mark.parametrize(
    ("scope", "row", "expected"),
    [
        (LAW, {"publication_date": "2026-08-21"}, True),
        (LAW, {"publication_date": "2026-08-20"}, False),
        (LAW, {"publication_date": None}, None),
        (LAW, {"publication_date": "not a date"}, None),
        (Scope(natures=("travaux",)), {"contract_type": "travaux"}, True),
        (Scope(natures=("travaux",)), {"contract_type": "services"}, False),
        (Scope(natures=("travaux",)), {"nature": "APPEL_OFFRE"}, None),  # a notice's nature is not a contract type
        (Scope(min_amount_eur=90000), {"amount_eur": 90000.0}, True),
        (Scope(min_amount_eur=90000), {"amount_eur": 89999.0}, False),
        (Scope(min_amount_eur=90000), {"amount_eur": None}, None),
        (AGEC, {"publication_date": "2024-12-27", "cpv": "30230000"}, True),
        (AGEC, {"publication_date": "2024-12-27", "cpv": "72514300"}, False),
        (AGEC, {"publication_date": "2024-06-30", "cpv": "30230000"}, False),
        (AGEC, {"publication_date": "2024-12-27", "cpv": None}, None),
    ],
)
def test_applies(scope, row, expected):
    assert applies(row, scope, load_agec()) is expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"publication_date": "2026-09-15", "amount_eur": 500000.0, "contract_type": "services", "buyer_kind": "commune"}, True),
        ({"publication_date": "2026-09-15", "amount_eur": 40000.0, "contract_type": "services", "buyer_kind": "commune"}, False),
        ({"publication_date": "2026-09-15", "amount_eur": None, "contract_type": "services", "buyer_kind": "commune"}, None),
        ({"publication_date": "2026-09-15", "amount_eur": 500000.0, "contract_type": None, "buyer_kind": "commune"}, None),
    ],
)
def test_above_the_eu_threshold_needs_amount_nature_and_buyer_kind(row, expected):
    assert applies(row, ABOVE_EU, threshold=_local_216k) is expected


def test_without_thresholds_the_eu_condition_is_unknown():
    row = {"publication_date": "2026-09-15", "amount_eur": 500000.0, "contract_type": "services", "buyer_kind": "commune"}
    assert applies(row, ABOVE_EU, threshold=None) is None


@pytest.mark.parametrize(
    ("launched", "nature", "kind", "expected"),
    [
        (date(2026, 9, 15), "services", "commune", 216000.0),  # other contracting authorities, from 1 Jan 2026
        (date(2026, 9, 15), "travaux", "ccas", 5404000.0),
        (date(2025, 6, 1), "fournitures", "epci", 221000.0),  # the 2024-2025 period
        (date(2026, 9, 15), "services", None, None),  # a buyer of unknown kind: not guessed
        (date(2026, 9, 15), None, "commune", None),
    ],
)
def test_eu_thresholds_come_from_the_thresholds_file(launched, nature, kind, expected):
    pytest.importorskip("analyzer.scoring.applicability", reason="analyzer/data/thresholds.yaml comes with the draft check (issue 12)")
    from analyzer.rescore import _threshold_fn

    assert _threshold_fn()(launched, nature, kind) == expected
