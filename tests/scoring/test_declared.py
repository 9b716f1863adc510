"""Declared vs found per buyer: counts, the agreement share and the DECP fill rates, on tender rows."""

from __future__ import annotations

import pandas as pd
import pytest

from analyzer.scoring.declared import buyer_key, declared_vs_found, reconciliation_columns, totals


def _rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            # Nanterre under two names, resolved to one commune.
            {"tender_id": "1", "source": "boamp", "buyer_name": "Commune de Nanterre", "buyer_kind": "commune", "commune_insee": "92050", "city": "Nanterre",
             "declared_environnementales": True, "considerations_environnementales": "Critère environnemental"},
            {"tender_id": "2", "source": "boamp", "buyer_name": "Mairie de Nanterre", "buyer_kind": "commune", "commune_insee": "92050", "city": "Nanterre",
             "declared_environnementales": True, "considerations_environnementales": ""},
            {"tender_id": "3", "source": "boamp", "buyer_name": "Mairie de Nanterre", "buyer_kind": "commune", "commune_insee": "92050", "city": "Nanterre",
             "declared_environnementales": None, "considerations_environnementales": "Clause environnementale"},
            {"tender_id": "4", "source": "boamp", "buyer_name": "Mairie de Nanterre", "buyer_kind": "commune", "commune_insee": "92050", "city": "Nanterre",
             "declared_environnementales": None, "considerations_environnementales": ""},
            # DECP contracts of one SIREN: a value, "Sans objet", empty.
            {"tender_id": "d1", "source": "decp", "buyer_name": "CC Rives de Moselle", "buyer_siren": "200039949",
             "declared_environnementales": True, "considerations_environnementales": ""},
            {"tender_id": "d2", "source": "decp", "buyer_name": "CC Rives de Moselle", "buyer_siren": "200039949",
             "declared_environnementales": False, "considerations_environnementales": ""},
            {"tender_id": "d3", "source": "decp", "buyer_name": "CC Rives de Moselle", "buyer_siren": "200039949",
             "declared_environnementales": None, "considerations_environnementales": ""},
        ]
    )


def _env(table: pd.DataFrame, key: str) -> dict:
    return table[(table.buyer_key == key) & (table.side == "environnementale")].iloc[0].to_dict()


def test_one_city_under_two_names_is_one_buyer() -> None:
    table = declared_vs_found(_rows())
    assert sorted(table.buyer_key.unique()) == ["commune:92050", "siren:200039949"]
    row = _env(table, "commune:92050")
    assert (row["buyer"], row["tenders"]) == ("Mairie de Nanterre", 4)  # without the scorecard's label: the name read most


def test_counts_and_agreement_share() -> None:
    row = _env(declared_vs_found(_rows()), "commune:92050")
    assert (row["declared_yes"], row["declared_unknown"], row["found"]) == (2, 2, 2)
    assert (row["agree"], row["declared_not_found"], row["found_not_declared"], row["none"]) == (1, 1, 1, 1)
    assert row["agree_share_pct"] == 50.0  # tenders 1 (agree) and 4 (none) of 4


def test_decp_fill_rates_count_values_sans_objet_and_empty() -> None:
    row = _env(declared_vs_found(_rows()), "siren:200039949")
    assert (row["decp_contracts"], row["decp_declared_pct"], row["decp_sans_objet_pct"], row["decp_empty_pct"]) == (3, 33.3, 33.3, 33.3)
    assert pd.isna(_env(declared_vs_found(_rows()), "commune:92050")["decp_declared_pct"])  # no DECP contract: no rate


def test_totals_add_up_over_buyers() -> None:
    t = totals(declared_vs_found(_rows()))
    env = t[t.side == "environnementale"].iloc[0]
    assert (env["tenders"], env["agree"], env["declared_not_found"]) == (7, 1, 2)


@pytest.mark.parametrize(
    ("row", "key"),
    [
        ({"buyer_kind": "ccas", "commune_insee": "92050"}, "ccas:92050"),
        ({"buyer_siren": "219200508", "buyer_name": "Ville de Nanterre"}, "siren:219200508"),
        ({"buyer_kind": "epci", "epci_siren": "244400404", "buyer_name": "Nantes Métropole"}, "epci:244400404"),  # with or without SIRET
        ({"buyer_name": "Mairie  de NANTERRE"}, "name:mairie de nanterre"),
        ({}, "unknown"),
    ],
)
def test_buyer_key(row, key) -> None:  # noqa: ANN001
    assert buyer_key(row) == key


def test_reconciliation_columns_of_one_tender() -> None:
    assert reconciliation_columns(True, None, [], ["Critère environnemental"]) == {
        "reconciliation_sociale": "declared_not_found",
        "reconciliation_environnementale": "found_not_declared",
    }


@pytest.mark.parametrize("cut", [1, 3, 6])
def test_counted_as_tenders_stream_by_it_is_the_same_table(cut) -> None:
    # The audit counts tenders.csv a chunk at a time (analyzer/audit.py): any cut gives the table of all rows at once.
    from analyzer.scoring.declared import DeclaredTally

    rows = _rows().to_dict("records")
    tally = DeclaredTally()
    tally.add(rows[:cut])
    tally.add(rows[cut:])
    pd.testing.assert_frame_equal(tally.frame(), declared_vs_found(_rows()))
