"""Text hygiene: stray Windows-1252 code points are read as the characters they stood for, offsets kept."""

from __future__ import annotations

import pytest

from analyzer.documents.clean import clean_page_text, map_cp1252_controls


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("l\x92entreprise s\x92engage", "l’entreprise s’engage"),
        ("\x93clause sociale\x94", "“clause sociale”"),
        ("\x9cuvre, 50 \x80", "œuvre, 50 €"),
        ("suite\x85", "suite…"),
        ("a\x81b", "a b"),  # a byte Windows-1252 leaves undefined: a space, never a deletion
        ("l’entreprise", "l’entreprise"),  # near miss: real Unicode is left alone
    ],
)
def test_cp1252_code_points_are_mapped_one_for_one(raw: str, expected: str) -> None:
    out = map_cp1252_controls(raw)
    assert out == expected
    assert len(out) == len(raw)


def test_clean_page_text_maps_them_so_phrases_match() -> None:
    assert "d’insertion" in clean_page_text("clause d\x92insertion")
