"""The text spaCy sees: same length as the document's text, so offsets carry over."""

from __future__ import annotations

import pytest

from analyzer.passages.model import _NLP_MAP, for_nlp


@pytest.mark.parametrize(
    "text",
    ["l’insertion « sociale » – 35\u00a0h\u202f/\n100\u2011000 € ‘x’ ʼy\tz", "déjà plain text", "", "’’’\n\n"],
)
def test_for_nlp_maps_each_character_alone(text):
    assert for_nlp(text) == text.translate(_NLP_MAP)
    assert len(for_nlp(text)) == len(text)
