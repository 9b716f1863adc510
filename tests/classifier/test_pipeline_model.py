"""The pipeline with the model switched on: its findings are evidence and the decision says who fired."""

from __future__ import annotations

import shutil

import pytest

from analyzer.classifier.detector import ModelDetector
from analyzer.decision import CombineConfig, decide
from analyzer.detection.detectors import shipped_rules
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.pipeline import analyze_tender
from tests.assertions import assert_has_evidence
from tests.conftest import AQUAREEL

pytestmark = pytest.mark.corpus  # every test here reads ../shared/corpus


def test_union_with_the_model_reports_which_fired(tmp_path, small_model) -> None:
    for f in AQUAREEL.glob("*_vd.md"):  # the buyer's documents only
        shutil.copy(f, tmp_path / f.name)
    detectors = [*shipped_rules(default_taxonomy()), ModelDetector(small_model, version="test", threshold=0.5)]
    r = analyze_tender(tmp_path, detectors=detectors, combine_config=CombineConfig(mode="union"))
    assert "Clause sociale" in r.considerations_sociales
    assert r.decided_by["Clause sociale"] in ("rules", "both")
    assert set(r.decided_by) == set(r.considerations_sociales + r.considerations_environnementales)
    assert "clauses.model@test" in r.detectors
    texts = {d.file: d.text for d in r.documents}
    model_findings = [f for f in r.findings if f.kind == "model"]
    assert model_findings
    for f in model_findings:
        assert_has_evidence(f)
        assert texts[f.file][f.start : f.end] == f.quote
    rules_only = analyze_tender(tmp_path, detectors=detectors, combine_config=CombineConfig(mode="rules"))
    assert not any(f.kind == "model" for f in rules_only.findings)
    assert set(rules_only.decided_by.values()) <= {"rules", "both"}
    # A model finding quoted at the same place as a rule finding never hides it (regression: the
    # de-duplication of rule findings once merged them and the rules-only decision lost values).
    assert decide(r.findings, CombineConfig(mode="rules")).decided_by.keys() == rules_only.decided_by.keys()
