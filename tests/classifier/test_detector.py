"""ModelDetector emits findings with evidence; the combination says which side fired."""

from __future__ import annotations

import pytest

from analyzer.classifier.combine import CombineConfig, combine, load_config
from analyzer.classifier.detector import ModelDetector, sentence_spans
from analyzer.detection.finding import Finding
from analyzer.passages.model import Passage
from tests.assertions import assert_has_evidence

# Aquaréel CCAP 4.5 (dce-aquareel-2025-md/dce_md/CCAP_2025 TMA AQUAREEL_vd.md), preceded by an unrelated sentence.
TEXT = (
    "Le présent article fixe les délais. "
    "Conformément à l'article 16.1.2 du CCAG-TIC, le titulaire devra réaliser une action d'insertion permettant l'accès "
    "ou le retour à l'emploi de personnes rencontrant des difficultés sociales ou professionnelles particulières."
)


def test_model_detector_emits_a_finding_with_evidence(small_model) -> None:
    passage = Passage(file="CCAP.md", kind="CCAP", page=5, start=1000, end=1000 + len(TEXT), text=TEXT)
    det = ModelDetector(small_model, version="test", threshold=0.5)
    found = det.analyze([passage])
    social = [f for f in found if f.decp_value == "Clause sociale"]
    assert social, found
    f = social[0]
    assert f.label == "social.generic" and f.instrument == "execution_condition" and f.detector == "clauses.model@test"
    assert f.explanation.startswith("model clauses.model@test: P(Clause sociale)=") and f.score >= 0.5
    assert TEXT[f.start - 1000 : f.end - 1000] == f.quote and "action d'insertion" in f.quote
    assert not f.quote.startswith("Le présent article")  # the sentence the model scores highest
    assert_has_evidence(f)


def test_model_detector_is_lazy() -> None:
    calls = []

    def loader():
        calls.append(1)
        raise AssertionError("must not load before analysing")

    det = ModelDetector(loader, version="x")
    assert det.id == "clauses.model@x" and not calls
    assert det.analyze([]) == [] and not calls


def test_sentence_spans_cover_sentences() -> None:
    text = "Première phrase. Deuxième phrase ici.\n\n- un item"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["Première phrase.", "Deuxième phrase ici.", "- un item"]


def _f(value: str, detector: str, score: float, negated: bool = False) -> Finding:
    return Finding(
        label="x",
        instrument="y",
        decp_value=value,
        file="f",
        page=1,
        start=0,
        end=1,
        quote="q",
        score=score,
        detector=detector,
        rule_id=None,
        explanation="e",
        negated=negated,
    )


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("rules", {"Clause sociale": "both", "Critère environnemental": "rules"}),
        ("model", {"Clause sociale": "both", "Clause environnementale": "model"}),
        ("union", {"Clause sociale": "both", "Critère environnemental": "rules", "Clause environnementale": "model"}),
        ("weighted", {"Clause sociale": "both", "Critère environnemental": "rules"}),
    ],
)
def test_combination_says_which_fired(mode, expected) -> None:
    findings = [
        _f("Clause sociale", "clauses.social@1", 0.9),
        _f("Clause sociale", "clauses.model@1", 0.8),
        _f("Critère environnemental", "clauses.environmental@1", 0.9),
        _f("Clause environnementale", "clauses.model@1", 0.7),
        _f("Critère social", "clauses.social@1", 0.9, negated=True),
        _f("Marché réservé", "clauses.reserved@1", 0.3),
    ]
    d = combine(findings, CombineConfig(mode=mode, rule_weight=0.6, model_weight=0.4, vote_threshold=0.5))
    assert d.fired == expected
    assert d.considerations_sociales == [v for v in ("Clause sociale", "Critère social", "Marché réservé") if v in expected]


def test_combine_config_is_checked(tmp_path) -> None:
    bad = tmp_path / "c.yaml"
    bad.write_text("mode: both\n", encoding="utf-8")
    with pytest.raises(ValueError, match="mode"):
        load_config(bad)
    bad.write_text("mode: rules\nthreshhold: 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown keys"):
        load_config(bad)
    assert load_config().mode in ("rules", "model", "union", "weighted")


def test_model_factory_is_empty_without_a_model(tmp_path, monkeypatch) -> None:
    from analyzer.classifier import factory
    from analyzer.detection.taxonomy import default_taxonomy

    monkeypatch.setenv("CLAUSES_MODELS_DIR", str(tmp_path))
    monkeypatch.setattr(factory, "default_config", lambda: CombineConfig(mode="union"))
    assert factory.model_detectors(default_taxonomy()) == []
