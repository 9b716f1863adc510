"""A city counted once: notices that name it "Mairie de Nanterre" and "Commune de Nanterre" are one
buyer of the scorecard (real notices of the dev corpus)."""

from __future__ import annotations

import shutil

import pytest

from analyzer.audit import run_audit
from analyzer.scoring.scorecard import buyer_label
from tests.conftest import notice


@pytest.mark.corpus
def test_two_names_of_nanterre_are_one_buyer_of_the_scorecard(tmp_path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for doc_id in ("35594123", "35598034"):  # "Mairie de nanterre", "Commune de nanterre"
        shutil.copy(notice(doc_id), src / f"avis-{doc_id}.html")
    outcome = run_audit(src, tmp_path / "out", keep_results=False)
    assert set(outcome.tenders.commune_insee) == {"92050"}
    scores = outcome.scores  # one row: the city, by its INSEE code
    assert (list(scores.entity_kind), list(scores.entity_id), list(scores.entity_name), int(scores.tenders_found.iloc[0])) == (
        ["commune"],
        ["92050"],
        ["Nanterre"],
        2,
    )


@pytest.mark.parametrize(
    ("data", "label"),
    [
        ({"tender": {"buyer_kind": "ccas", "city": "Saint-Nazaire"}, "buyer": {"name": "Ccas de la ville de Saint-Nazaire"}}, "Saint-Nazaire (CCAS)"),
        ({"tender": {"buyer_kind": "epci", "epci_siren": "244400404"}, "buyer": {"name": "NANTES METROPOLE"}}, "Nantes Métropole"),
        ({"tender": {}, "buyer": {"name": "GIE SESAM Vitale"}}, "GIE SESAM Vitale"),
        ({"tender": None, "buyer": None}, "(acheteur non identifié)"),
    ],
)
def test_buyer_label(data, label) -> None:  # noqa: ANN001
    assert buyer_label(data) == label
