"""One tender against the legal obligations and targets of the editable obligations file."""

from __future__ import annotations

import pytest

from analyzer.scoring.obligations import check_obligations


def _met(considerations: list[str]) -> dict[str, bool]:
    return {c.id: c.met for c in check_obligations(considerations)}


@pytest.mark.parametrize(
    ("considerations", "expected"),
    [
        # Grenoble INP: environmental criterion and conditions, no social clause.
        (
            ["Clause environnementale", "Critère environnemental"],
            {"L2112-2": True, "L2152-7": True, "L2112-2-1": False, "pnad-social": False, "pacte-ess": False},
        ),
        # Vigicrues: insertion clause and environmental clauses, no environmental criterion found.
        (
            ["Clause sociale", "Clause environnementale"],
            {"L2112-2": True, "L2152-7": False, "L2112-2-1": True, "pnad-social": True, "pacte-ess": True},
        ),
        # A social criterion alone does not meet the social execution condition of L2112-2-1.
        (["Critère social"], {"L2112-2-1": False, "pnad-social": True, "pacte-ess": False}),
        ([], {"L2112-2": False, "L2152-7": False, "pacte-ess": False}),
    ],
)
def test_tender_obligations_follow_its_considerations(considerations: list[str], expected: dict[str, bool]) -> None:
    met = _met(considerations)
    assert {k: met[k] for k in expected} == expected


def test_obligation_dates_come_from_the_data_file(tmp_path) -> None:
    f = tmp_path / "obligations.yaml"
    f.write_text("items:\n  - {id: x, fr: X, any_of: [Critère social], applies_from: '2030-01-01'}\n", encoding="utf-8")
    [c] = check_obligations(["Critère social"], f)
    assert c.met and c.applies_from == "2030-01-01"
