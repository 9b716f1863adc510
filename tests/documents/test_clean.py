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


def test_every_cp1252_code_point_maps_as_one_translation_would_even_side_by_side() -> None:
    c1 = "".join(chr(c) for c in range(0x80, 0xA0))
    table = {c: (bytes([c]).decode("cp1252") if c not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else " ") for c in range(0x80, 0xA0)}
    raw = f"é {c1} {c1[::-1]} fin"
    assert map_cp1252_controls(raw) == raw.translate(table)
    assert not any("\x80" <= ch <= "\x9f" for ch in map_cp1252_controls(raw))


def test_hyphenated_words_are_what_the_pattern_finds() -> None:
    # hyphenated_words walks the hyphens instead of running _HYPHENATED over the whole text: it
    # must find the same pairs, chained hyphens ("a-b-c"), underscores, digits, non-Latin
    # letters and line-end marks included.
    import random

    from analyzer.documents.clean import _HYPHENATED, hyphenated_words

    alphabet = "ab_-- \n1é²Ⅳ٣'’\u00ad\ufffe."
    rng = random.Random(13)
    samples = ["éco-conception", "a-b-c-d", "-a-", "x--y", "sous-traitance et co-traitance", ""]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16))) for _ in range(20_000)]
    for text in samples:
        assert hyphenated_words(text) == {p.lower() for p in _HYPHENATED.findall(text)}, repr(text)


@pytest.mark.parametrize("text", ["a \nb", "a\t \n\n \t\nb  ", " \n", "a  \t", "x \ny\t\nz \n", "\t\n\t\n", "é  \n’ \u00a0\n"])
def test_trailing_blanks_are_dropped_as_the_pattern_drops_them(text: str) -> None:
    from analyzer.documents.clean import _TRAILING_BLANKS, _drop_trailing_blanks

    assert _drop_trailing_blanks(text) == _TRAILING_BLANKS.sub("\n", text)
