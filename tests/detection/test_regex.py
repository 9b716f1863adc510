"""Regular expressions led by a look-ahead on the characters their matches start with: the same matches."""

from __future__ import annotations

import re

import pytest

from analyzer.detection import context, insertion
from analyzer.detection.detectors import shipped_rules
from analyzer.detection.regex import led
from analyzer.detection.taxonomy import default_taxonomy
from tests.detection.dev_corpus import dev_documents

TEXT = (
    "Le titulaire doit réaliser 35 heures d'insertion. Critère n° 2 : Pondération 10 %. L'acheteur n'impose aucune "
    "clause ; ÉCOLABEL européen exigé ?  Ce marché est réservé (article L.2113-12), sans objet – 10/100 points.\n"
)


def spans(rx: re.Pattern[str], text: str = TEXT) -> list[tuple[int, int, tuple]]:
    return [(m.start(), m.end(), m.groups()) for m in rx.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"crit[èe]res?\b|pond[ée]ration|\bclauses?\b", re.I),
        (r"(?<![\d.,])(?P<n>\d{1,3})\s*(?:%|points?)", 0),
        (r"\b(?:doit|devra)\s+\w+|(?:aucune?|pas\s+de)\b", re.I),
        (r"(?<!-)[^\W\d_]{3,}\s+europ[ée]en", re.I),  # a negated class
        (r"\?|\bsans\s+objet\b", 0),
        (r"(?:\s*–\s*)?\d+/\d+", 0),  # an optional start: what follows it starts a match too
        (r"\b(?:écolabel|ÉCO)", re.I),  # characters whose case differs out of ASCII
    ],
)
def test_a_led_pattern_finds_what_the_pattern_finds(pattern: str, flags: int) -> None:
    plain, fast = re.compile(pattern, flags), led(pattern, flags)
    assert fast.pattern != pattern and spans(plain)
    assert spans(fast) == spans(plain)


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"\s*", "matches the empty string"),
        (r"(?:a|)b?", "matches the empty string"),
        (r".x", "starts with any character"),
        (r"(?i)abc", "a global flag must stay at the start"),
        (r"(?-i:Agence)\s+\w+", "flags inside a group"),
        (r"^Objet\s*:", "re tries an anchored pattern at the start only"),
    ],
)
def test_a_pattern_whose_start_is_not_read_is_compiled_as_it_is(pattern: str, why: str) -> None:
    assert led(pattern, re.I).pattern == pattern, why


def test_the_look_ahead_is_the_same_in_every_process() -> None:
    # the characters are gathered in a set: they are written in order
    assert led(r"zeta|alpha|mu|\d").pattern == r"(?=[\d\x61\x6d\x7a])(?:zeta|alpha|mu|\d)"


@pytest.mark.parametrize("pattern", [r"[.;!?]\s", r"(?:\d+)\s*%", r"écolabel"])
def test_a_pattern_that_starts_with_one_character_needs_no_look_ahead(pattern: str) -> None:
    # re tests its first character (or class) at each position as fast as a look-ahead would, or jumps to it
    assert led(pattern, re.I).pattern == pattern


def test_alternatives_that_start_with_a_character_of_no_case_need_no_look_ahead() -> None:
    # re jumps from one "s" or "/" to the next itself; under IGNORECASE it does not for letters, and the look-ahead helps
    assert led(r"(?:sur|/)\s*\d+").pattern == r"(?:sur|/)\s*\d+"
    assert led(r"(?:sur|/)\s*\d+", re.I).pattern != r"(?:sur|/)\s*\d+"


def _made_from(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern a led regex was made from (None for one without a look-ahead)."""
    m = re.fullmatch(r"\(\?=(?:\[[^\]]*\]\|?)+\)\(\?:(.*)\)", rx.pattern, re.S)
    return None if m is None else re.compile(m.group(1), rx.flags)


def led_regexes(*modules: object) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """(led regex, the regex it was made from) of every module-level regex of these modules that has a look-ahead."""
    found = [(rx, _made_from(rx)) for m in modules for rx in vars(m).values() if isinstance(rx, re.Pattern)]
    return [(rx, plain) for rx, plain in found if plain is not None]


@pytest.mark.corpus
def test_the_led_regexes_of_detection_and_of_the_rules_find_what_they_were_made_from_on_the_development_corpus() -> None:
    rules = [rx for d in shipped_rules(default_taxonomy()) for r in d.ruleset.rules for rx in (r.requires, r.excludes) if rx is not None]
    made_from = [(rx, _made_from(rx)) for rx in rules]
    regexes = led_regexes(context, insertion) + [(rx, plain) for rx, plain in made_from if plain is not None]
    assert len(regexes) > 60
    texts = [document.text[:5_000] for _, document in dev_documents()[::5]]  # a sample: some rules cost a lot to search
    for rx, plain in regexes:
        for text in texts:
            assert spans(rx, text) == spans(plain, text), plain.pattern
