"""A stream of tenders through the pipeline: the verifier judges several tenders in one call, and each
tender gets exactly what `analyze_tender` gives it alone (the audit runs this in one process)."""

from __future__ import annotations

from pathlib import Path

import pytest

import analyzer.pipeline as pipeline
from analyzer.classifier.verifier import load as load_verifier
from analyzer.classifier.verifier import verify, verify_many
from analyzer.detection.analyze import detect_all
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.documents.read import read_document
from analyzer.passages.split import split_passages
from analyzer.pipeline import BatchLimits, analyze_stream, analyze_tender
from analyzer.registry import default_detectors
from tests.conftest import notice

pytestmark = pytest.mark.corpus  # real notices of ../shared/corpus

# Development notices with clauses the verifier confirms, re-files or vetoes, and plain ones.
NOTICES = ("35593402", "35593477", "35593512", "35593686", "35594345", "35594909", "35615179", "35616599", "35593405")


def _view(result) -> tuple:  # noqa: ANN001 - a TenderResult, as the reports read it
    return (
        result.tender_id,
        result.considerations_sociales,
        result.considerations_environnementales,
        [(f.rule_id, f.label, f.instrument, f.decp_value, f.start, f.score, f.explanation, f.facts) for f in result.findings],
        [(f.rule_id, f.start) for f in result.negatives],
        result.facts,
        result.decided_by,
        result.errors,
    )


@pytest.fixture(scope="module")
def paths() -> list[Path]:
    return [notice(n) for n in NOTICES]


@pytest.fixture(scope="module")
def alone(paths) -> list[tuple]:
    return [_view(analyze_tender(p)) for p in paths]


@pytest.mark.parametrize(
    "limits",
    [BatchLimits(), BatchLimits(tenders=1), BatchLimits(tenders=4), BatchLimits(candidates=3), BatchLimits(seconds=0.0)],
    ids=["defaults", "one-by-one", "four-at-a-time", "few-candidates", "no-waiting"],
)
def test_each_tender_of_a_stream_gets_what_it_gets_alone(paths, alone, limits) -> None:
    streamed = list(analyze_stream(((str(p), p, None) for p in paths), limits=limits))
    assert [k for k, _ in streamed] == [str(p) for p in paths]  # the stream's order
    assert [_view(r) for _, r in streamed] == alone


def test_one_verifier_call_judges_several_tenders_as_it_judges_each(paths) -> None:
    tax, verifier, detectors = default_taxonomy(), load_verifier(), default_detectors()
    tenders = []
    for p in paths:
        doc = read_document(p, p.name)
        passages = split_passages(doc)
        tenders.append((passages, detect_all(passages, detectors, document=doc)))
    assert sum(len(f) for _, f in tenders) > 10  # enough candidates for the batch to mean something
    together = verify_many(tenders, verifier, tax, 0.2, 1.01, True)
    assert together == [verify(p, f, verifier, tax, 0.2, 1.01, True) for p, f in tenders]


def test_a_tender_that_breaks_is_handed_back_and_the_stream_goes_on(paths, alone, monkeypatch) -> None:
    real = pipeline.split_passages

    def breaks_on_the_second(doc):  # noqa: ANN001, ANN202 - stands for a bug that one document triggers
        if doc.file == paths[1].name:
            raise ValueError("a passage the splitter cannot cut")
        return real(doc)

    monkeypatch.setattr(pipeline, "split_passages", breaks_on_the_second)
    jobs = [("a", paths[0], None), ("broken", paths[1], None), ("b", paths[2], None)]
    streamed = dict(analyze_stream(iter(jobs)))
    assert list(streamed) == ["a", "broken", "b"]
    assert isinstance(streamed["broken"], ValueError) and streamed["broken"].__traceback__ is not None
    assert _view(streamed["a"]) == alone[0] and _view(streamed["b"]) == alone[2]


def test_ctrl_c_while_a_tender_is_read_keeps_the_tenders_read_before(paths, alone, monkeypatch) -> None:
    real, calls = pipeline.read_document, []

    def interrupted_on_third(path, *args, **kw):  # noqa: ANN001, ANN002, ANN003 - a user's Ctrl-C
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(path, *args, **kw)

    monkeypatch.setattr(pipeline, "read_document", interrupted_on_third)
    got = []
    with pytest.raises(KeyboardInterrupt):
        for _key, result in analyze_stream(((str(p), p, None) for p in paths), limits=BatchLimits(seconds=60)):
            got.append(_view(result))
    assert got == alone[:2]  # still waiting for the verifier when Ctrl-C came, and judged before it went on


@pytest.mark.parametrize(
    ("text", "loads_verifier"),
    [
        ("Objet : fourniture de mobilier de bureau pour la mairie.\n", False),  # no rule fires: nothing to judge
        ("Le titulaire s'engage à réaliser une action d'insertion.\n", True),  # near miss: a candidate to judge
    ],
)
def test_the_verifier_is_loaded_only_when_a_tender_has_a_candidate(tmp_path, text, loads_verifier) -> None:
    import subprocess
    import sys

    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    code = (
        "import sys; from analyzer.pipeline import analyze_tender; "
        f"analyze_tender({str(tmp_path / 't.txt')!r}); print('skops.io' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[1])
    assert out.stdout.strip().splitlines()[-1] == str(loads_verifier)
