"""The detection runner: detectors declare their kind on the class; the runner stamps it on their findings."""

from __future__ import annotations

import pytest

from analyzer.detection.analyze import detect_all
from analyzer.detection.detectors import REGISTRY, ClauseDetector, build
from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.passages.model import Passage

PASSAGE = Passage(file="CCAP.pdf", kind="CCAP", page=1, start=0, end=12, text="Texte du lot", section="")


def _finding(kind: str = "rule") -> Finding:
    return Finding(
        "social.generic", "execution_condition", "Clause sociale", "CCAP.pdf", 1, 0, 5, "Texte", 0.9, "x@1", None, "e", kind=kind
    )


class ThirdPartyModel(ClauseDetector):
    name, version, kind = "acme.transformer", "2", "model"
    labels = frozenset({"social.generic"})

    def analyze(self, passages, docs):  # noqa: ANN001, ANN201
        return [_finding()]  # forgets to say what it is: the runner says it


class NoKind(ClauseDetector):
    name, version = "acme.nokind", "1"
    labels = frozenset()

    def analyze(self, passages, docs):  # noqa: ANN001, ANN201
        return []


def test_findings_carry_their_detectors_declared_kind() -> None:
    assert [f.kind for f in detect_all([PASSAGE], [ThirdPartyModel()])] == ["model"]


@pytest.mark.parametrize("detectors", [[NoKind()], [ThirdPartyModel(), NoKind()]])
def test_a_detector_without_a_kind_is_refused(detectors) -> None:
    with pytest.raises(TypeError, match="must declare kind"):
        detect_all([PASSAGE], detectors)


def test_built_ins_are_registered_in_one_module_with_their_kinds() -> None:
    import analyzer.registry  # noqa: F401  (the registrations)

    assert list(REGISTRY)[:3] == ["rules", "structured", "model"]
    kinds = {d.kind for d in build(default_taxonomy(), ["rules", "structured"])}
    assert kinds == {"rule", "structured"}


def test_unknown_detector_name_lists_the_known_ones() -> None:
    import analyzer.registry  # noqa: F401

    with pytest.raises(KeyError, match="known: rules, structured, model"):
        build(default_taxonomy(), ["rulez"])
