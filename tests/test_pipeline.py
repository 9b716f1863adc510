"""The whole pipeline on the real DCE of the shared corpus (issue 2's acceptance examples)."""

from __future__ import annotations

import shutil

import pytest

from analyzer.pipeline import analyze_tender
from tests.assertions import assert_has_evidence
from tests.conftest import GRENOBLE_DCE

pytestmark = pytest.mark.corpus  # every test here reads ../shared/corpus


def test_grenoble_has_a_10_percent_environmental_criterion(grenoble_result) -> None:
    r = grenoble_result
    assert "Critère environnemental" in r.considerations_environnementales
    assert r.facts.env_criterion_weight_pct == 10.0
    crit = [f for f in r.findings if f.decp_value == "Critère environnemental" and f.facts.get("weight_pct") == 10.0]
    assert crit and crit[0].file.endswith("RC_2026FCSSA0025 v2.pdf") and crit[0].page == 11
    assert "protection de l" in crit[0].quote


def test_grenoble_has_environmental_execution_conditions_with_evidence(grenoble_result) -> None:
    r = grenoble_result
    assert "Clause environnementale" in r.considerations_environnementales
    ccap = [f for f in r.findings if f.decp_value == "Clause environnementale" and "CCAP" in f.file and f.page == 9]
    assert ccap and "caractère environnemental" in ccap[0].quote
    for f in r.findings:
        assert_has_evidence(f)


def test_grenoble_has_no_social_clause_and_says_why(grenoble_result) -> None:
    r = grenoble_result
    assert r.considerations_sociales == []
    said = [f for f in r.negatives if f.label.startswith("social") and f.page == 2]
    assert said and "Clauses sociales" in said[0].quote


def test_aquareel_insertion_clause_is_found_with_its_rate(aquareel_result) -> None:
    r = aquareel_result
    assert "Clause sociale" in r.considerations_sociales
    assert r.facts.insertion_hours == 35 and r.facts.insertion_hours_per_eur == 100000
    hours = [f for f in r.findings if f.label == "social.insertion" and "CCAP" in f.file and f.page == 5]
    assert hours, "CCAP 4.5.1 is on page 5"


def test_aquareel_environmental_clauses_are_found(aquareel_result) -> None:
    r = aquareel_result
    assert "Clause environnementale" in r.considerations_environnementales
    art5 = [f for f in r.findings if "CCAP" in f.file and f.page == 9 and f.decp_value == "Clause environnementale"]
    assert art5
    texts = {d.file: d.text for d in r.documents}
    for f in r.findings:
        assert_has_evidence(f)
        assert texts[f.file][f.start : f.end] == f.quote  # the quote is the document's text, not a summary


def test_quote_is_the_document_text_at_the_finding_offsets(aquareel_result) -> None:
    texts = {d.file: d.text for d in aquareel_result.documents}
    for f in aquareel_result.findings:
        assert texts[f.file][f.start : f.end] == f.quote


def test_unreadable_document_is_an_error_and_the_rest_is_analysed(tmp_path) -> None:
    for f in GRENOBLE_DCE.glob("*.pdf"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "Annexe_scan.pdf").write_bytes(b"%PDF-1.7 damaged")
    r = analyze_tender(tmp_path)
    assert [e[0] for e in r.errors] == ["Annexe_scan.pdf"]
    assert r.facts.env_criterion_weight_pct == 10.0


def test_aquareel_penalties_are_attached_to_their_clauses(aquareel_result) -> None:
    # CCAP 13.2 (insertion) and 13.3 (environmental clauses): 50 € each.
    penalties = {(p.label, p.eur) for p in aquareel_result.facts.penalties}
    assert ("social.insertion", 50.0) in penalties
    assert ("env.generic", 50.0) in penalties


def test_insertion_hours_stated_per_lot_add_up(tmp_path) -> None:
    # Dev notice 35678294 states 5043 h for lot 1 and 2870 h for lot 2 ("Nombre d'heures ... : 5043").
    from tests.conftest import notice

    r = analyze_tender(notice("35678294"))
    assert r.facts.insertion_hours == 5043 + 2870
    assert r.facts.insertion_hours_per_eur is None
