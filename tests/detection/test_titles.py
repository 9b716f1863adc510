"""A numbered title is evidence of a clause only while its section does not say that side has none
(analyzer/detection/titles.py). Wordings are made up, in the shape of CCAP templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.pipeline import analyze_tender


def _decided(tmp_path: Path, text: str) -> set[str]:
    (tmp_path / "CCAP.txt").write_text(text + "\n", encoding="utf-8")
    result = analyze_tender(tmp_path / "CCAP.txt")
    return set(result.considerations_sociales) | set(result.considerations_environnementales)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the title names both sides, its first subsection denies one
        (
            "Article 9 : Clauses sociales et environnementales\n9.1 Clause sociale : néant\n"
            "9.2 Clause environnementale : le titulaire trie les déchets de chantier et fournit les bordereaux de suivi.",
            {"Clause environnementale"},
        ),
        ("ARTICLE 9 – CLAUSES SOCIALES ET ENVIRONNEMENTALES\n9.1 Clause sociale : néant\n9.2 Clause environnementale : néant", set()),
        # near miss: the denied side is held elsewhere in the section, off a title line
        (
            "ARTICLE 9 – CLAUSES SOCIALES\n9.1 Clause sociale : néant pour le transport\n"
            "Le titulaire réalise 300 heures d'insertion sur le chantier.",
            {"Clause sociale"},
        ),
        # near miss: one lot denied, the title stands over the other lot's clause
        ("ARTICLE 9 – CLAUSE SOCIALE\n9.1 Lot 1\nLe titulaire se conforme à l'annexe 3.\n9.2 Lot 2 : clause sociale : sans objet", {"Clause sociale"}),
        # near miss: the denial belongs to another article, the next title has no denial of its own
        ("ARTICLE 9 – CLAUSES SOCIALES\n9.1 Clause sociale : néant\n\nARTICLE 10 – CLAUSE D'INSERTION\nLe titulaire se conforme à l'annexe.", {"Clause sociale"}),
    ],
)
def test_a_title_denied_by_its_own_section_is_no_evidence(tmp_path: Path, text: str, expected: set[str]) -> None:
    assert _decided(tmp_path, text) == expected
