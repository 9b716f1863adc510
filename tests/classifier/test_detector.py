"""ModelDetector emits findings with evidence, as a detector of kind "model"."""

from __future__ import annotations

from analyzer.classifier.detector import ModelDetector, sentence_spans
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


def test_model_factory_is_empty_without_a_model(tmp_path, monkeypatch) -> None:
    from analyzer.classifier import factory
    from analyzer.detection.taxonomy import default_taxonomy

    monkeypatch.setenv("CLAUSES_MODELS_DIR", str(tmp_path))
    assert factory.model_detectors(default_taxonomy(), used=True, threshold=0.5) == []
