"""FR/EN versions of one clause in a TED notice are one finding group, not two."""

from __future__ import annotations

from analyzer.detection import detect
from analyzer.detection.languages import language, merge_translations
from analyzer.passages.model import Passage


def _findings(*texts: str) -> list:
    passages, offset = [], 0
    for t in texts:
        passages.append(Passage(file="notice.xml", kind="avis", page=None, start=offset, end=offset + len(t), text=t))
        offset += len(t) + 2
    return [f for f in detect(passages) if f.decp_value and not f.negated]


def test_languages() -> None:
    assert language("The execution of the contract includes a social integration clause.") == "en"
    assert language("L'exécution du marché comporte une clause sociale d'insertion.") == "fr"


def test_an_english_duplicate_joins_the_french_finding() -> None:
    found = _findings(
        "Critère de qualité - Nom : Performances environnementales / Pondération : 10",
        "Quality criterion - Name: Environmental performance / Weighting: 10",
    )
    merged = merge_translations(found)
    env = [f for f in merged if f.decp_value == "Critère environnemental"]
    assert len(env) == 1 and language(env[0].quote) == "fr"
    assert "Environmental performance" in env[0].facts["translations"][0]["quote"]


def test_different_weights_are_two_criteria_not_translations() -> None:
    found = _findings(
        "Critère de qualité - Nom : Performances environnementales / Pondération : 10",
        "Quality criterion - Name: Environmental performance / Weighting: 20",
    )
    assert len([f for f in merge_translations(found) if f.decp_value == "Critère environnemental"]) == 2


def test_an_english_clause_alone_is_kept() -> None:
    found = _findings("The execution of the contract includes a social integration clause.")
    assert [f.decp_value for f in merge_translations(found)] == ["Clause sociale"]
