"""The prefilter: trigger words from the rule files, and the same findings with and without it."""

from __future__ import annotations

import re

import pytest

from analyzer.detection.analyze import _prefilter, detect
from analyzer.detection.detectors import shipped_rules
from analyzer.detection.nlp import get_nlp
from analyzer.detection.prefilter import Check, Prefilter, fold, pattern_reach, pattern_requirement, phrase_requirement
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.passages.split import split_passages
from tests.detection.dev_corpus import dev_documents


@pytest.mark.parametrize(
    ("inside", "outer"),
    [
        ("déchets", "GESTION DES DÉCHETS"),
        ("éco-conception", "Eco-Conception des services"),
        ("insertion", "l'Insertion professionnelle"),
        ("réemploi", "re\u0301emploi"),  # decomposed accent
        ("œuvre", "MAIN-D'ŒUVRE"),
    ],
)
def test_folding_keeps_a_word_inside_its_text(inside, outer):
    assert fold(inside) in fold(outer)


@pytest.mark.parametrize(("a", "b"), [("dechets", "déchet"), ("recycle", "recyclage"), ("esat", "e-sat")])
def test_folding_does_not_make_other_words_equal(a, b):
    assert fold(a) not in fold(b)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ([{"LOWER": "heures"}, {"LOWER": "de"}], (frozenset({"heures"}),)),  # "de" is everywhere: not worth a look
        (
            [{"LOWER": {"IN": ["réservé", "Réservées"]}}, {"OP": "{0,12}"}, {"LOWER": "esat"}],
            (frozenset({"reserve", "reservees"}), frozenset({"esat"})),
        ),
        ([{"LOWER": "clause"}, {"OP": "?", "LOWER": "sociale"}], (frozenset({"clause"}),)),  # optional: not required
        ([{"LOWER": "clause"}, {"OP": "{2,3}", "LOWER": "sociale"}], (frozenset({"clause"}), frozenset({"sociale"}))),
        ([{"LOWER": "de"}, {"LOWER": {"IN": ["à", "au"]}}], None),  # only short words: every passage passes
        ([{"LOWER": "clause"}, {"OP": "!", "LOWER": "sans"}], (frozenset({"clause"}),)),  # negated: must be absent
        ([{"LOWER": {"NOT_IN": ["a"]}}, {"LOWER": {"REGEX": "^éco"}}], None),  # no literal: every passage passes
        ([{"ORTH": "ESAT"}], (frozenset({"esat"}),)),
    ],
)
def test_token_patterns_require_their_mandatory_literal_tokens(pattern, expected):
    assert pattern_requirement(pattern) == expected


def test_phrases_require_each_of_their_tokens():
    assert phrase_requirement("heures d'insertion", get_nlp()) == (frozenset({"heures"}), frozenset({"insertion"}))


def test_a_detector_with_a_pattern_without_literal_sees_every_passage():
    gate = Prefilter([None, ((frozenset({"insertion"}),),)])
    assert gate.groups_of("rien à signaler") == {0}
    assert gate.groups_of("une action d'INSERTION") == {0, 1}


def test_every_clause_of_a_requirement_must_be_met():
    gate = Prefilter([((frozenset({"heures"}), frozenset({"insertion"})),)])
    assert gate.groups_of("35 heures d'insertion") == {0}
    assert gate.groups_of("35 heures de travail") == set()


def test_a_requirement_met_counts_only_where_its_rule_requires_holds():
    # `requires` is read on the passage's own text, as the detector reads it.
    gate = Prefilter([((frozenset({"article"}),),)], checks=[(Check(re.compile("r[ée]serv", re.I), english=False),)])
    assert gate.groups_of("article 36", "article 36") == set()
    assert gate.groups_of("article 36 : marché réservé", "article 36 : marché réservé") == {0}
    assert gate.groups_of("article 36") == {0}  # without the passage's text the checks are not read


class _CountingRegex:
    """A rule's `requires` that counts the passages it is searched in."""

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern, re.I)
        self.searches = 0

    def search(self, text: str) -> re.Match[str] | None:
        self.searches += 1
        return self.regex.search(text)


def test_a_check_is_read_only_for_a_detector_that_no_requirement_without_one_let_in():
    # A check is a regex over the whole passage, some of them dear: where a requirement without one lets the detector
    # in, its answer would change nothing.
    requires = _CountingRegex("handicap")
    gate = Prefilter([((frozenset({"reserve"}),), (frozenset({"lot"}),))], checks=[(Check(requires, english=False), None)])
    assert gate.groups_of("lot réservé", "lot réservé") == {0}
    assert requires.searches == 0
    assert gate.groups_of("marché réservé", "marché réservé") == set()
    assert requires.searches == 1
    assert gate.groups_of("marché réservé aux ESAT (handicap)", "marché réservé aux ESAT (handicap)") == {0}


def test_the_other_clauses_of_a_requirement_count_as_whole_words():
    gate = Prefilter([((frozenset({"participation"}), frozenset({"reservee"})),)])
    assert gate.groups_of("la participation est réservée") == {0}
    assert gate.groups_of("la participation est réservéee") == set()  # inside a longer word
    assert gate.groups_of("la participation, non réservée") == {0}


def test_an_english_rule_is_not_looked_for_in_a_passage_that_reads_as_french():
    gate = Prefilter([((frozenset({"reserved"}),),)], checks=[(Check(None, english=True),)])
    assert gate.groups_of("this contract is reserved for sheltered workshops", "this contract is reserved for sheltered workshops") == {0}
    french = "le marché est réservé aux ESAT (reserved) pour les lots"
    assert gate.groups_of(french, french) == set()


@pytest.mark.parametrize(
    ("pattern", "reach"),
    [
        ([{"LOWER": "clause"}, {"LOWER": "sociale"}], 2),
        ([{"LOWER": "réservé"}, {"OP": "{0,12}"}, {"LOWER": "esat"}], 14),
        ([{"LOWER": "clause"}, {"OP": "?"}, {"OP": "{3}"}, {"OP": "!", "LOWER": "sans"}], 6),
        ([{"LOWER": "clause"}, {"OP": "*"}], None),
        ([{"LOWER": "clause"}, {"OP": "+"}], None),
        ([{"LOWER": "clause"}, {"OP": "{2,}"}], None),
    ],
)
def test_a_patterns_reach_is_the_most_tokens_a_match_holds(pattern, reach):
    assert pattern_reach(pattern) == reach


PAD = "x " * 100  # stretches covering most of a passage give way to the whole passage: these are short in long texts


@pytest.mark.parametrize(
    ("text", "reach", "stretch"),
    [
        (PAD + "un deux trois quatre cinq six sept " + PAD, 1, "trois quatre cinq"),  # one chunk each side of "quatre"
        (PAD + "un  deux\ttrois quatre   cinq six " + PAD, 2, "deux\ttrois quatre   cinq six"),  # any whitespace separates
        ("quatre cinq " + PAD, 1, "quatre cinq"),  # the text's start bounds it
        (PAD + "trois quatre", 2, "x trois quatre"),  # and its end
        (PAD + "un (l'article-quatre), cinq " + PAD, 1, "un (l'article-quatre), cinq"),  # a chunk is whole, punctuation and all
    ],
)
def test_a_stretch_is_cut_at_whitespace_reach_chunks_around_the_word(text, reach, stretch):
    gate = Prefilter([((frozenset({"quatre"}),),)], reach=[reach])
    wanted, windows = gate.plan(text)
    assert wanted == {0}
    assert [text[s:e] for s, e in windows] == [stretch]


def _walked_window(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """The stretch as a walk over characters cuts it: reach + 1 steps each way (a run of non-spaces, then of
    spaces, stopping at the text's end), the spaces of the last step given back."""
    left = start
    for _ in range(reach + 1):
        while left > 0 and not text[left - 1].isspace():
            left -= 1
        while left > 0 and text[left - 1].isspace():
            left -= 1
    while left < start and text[left].isspace():
        left += 1
    right = end
    for _ in range(reach + 1):
        while right < len(text) and not text[right].isspace():
            right += 1
        while right < len(text) and text[right].isspace():
            right += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def test_a_stretch_ends_where_a_walk_over_its_characters_ends_whatever_the_whitespace():
    # Unicode whitespace (no-break and em spaces, information separators, NEL) separates chunks like a space does;
    # a zero-width space does not. Random texts of these, every place and reach.
    import random

    from analyzer.detection.prefilter import _window

    chars = "ab \n\t\xa0\u2003\x1c\x85\u200bé"
    rnd = random.Random(13)
    for _ in range(20000):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randint(1, 25)))
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        reach = rnd.randint(0, 4)
        assert _window(text, start, end, reach) == _walked_window(text, start, end, reach), (text, start, end, reach)


def test_a_no_break_space_separates_chunks_and_a_zero_width_space_does_not():
    text = PAD + "un\xa0deux\u2003trois quatre\x1ccinq\u200bsix sept " + PAD
    gate = Prefilter([((frozenset({"quatre"}),),)], reach=[1])
    assert [text[s:e] for s, e in gate.plan(text)[1]] == ["trois quatre\x1ccinq\u200bsix"]


def test_stretches_covering_most_of_a_passage_give_way_to_the_whole_passage():
    text = "un deux trois quatre cinq six"
    gate = Prefilter([((frozenset({"quatre"}),),)], reach=[2])
    assert gate.plan(text)[1] == [(0, len(text))]


def test_stretches_that_overlap_are_one_and_far_ones_stay_apart():
    text = "quatre a b " + "x " * 200 + "c d quatre e quatre"
    gate = Prefilter([((frozenset({"quatre"}),),)], reach=[1])
    assert [text[s:e] for s, e in gate.plan(text)[1]] == ["quatre a", "d quatre e quatre"]


def test_a_detector_of_unbounded_reach_gets_the_whole_passage():
    text = "un deux trois quatre cinq six sept " * 40
    gate = Prefilter([((frozenset({"quatre"}),),)], reach=[None])
    assert gate.plan(text)[1] == [(0, len(text))]


@pytest.fixture(scope="module")
def rules():
    return tuple(shipped_rules(default_taxonomy()))


@pytest.fixture(scope="module")
def pipeline_rules():
    """The rule detectors a default audit runs: the shipped rules and the verifier's wide net."""
    from analyzer.classifier.verifier import candidate_detectors

    return (*shipped_rules(default_taxonomy()), *candidate_detectors())


def test_the_shipped_rules_have_triggers(rules):
    # If a rule file gained a pattern without any literal token, the fast path would silently be the full path.
    assert all(g is not None for g in _prefilter(rules).groups)


@pytest.mark.corpus
def test_the_development_corpus_gives_the_same_findings_with_and_without_the_prefilter(pipeline_rules):
    detectors = pipeline_rules
    gate = _prefilter(detectors)
    passed = total = findings = whole = tokenized = 0
    differ = []
    for name, doc in dev_documents():
        passages = split_passages(doc)
        for p in passages:
            wanted, windows = gate.plan(p.nlp_text, p.text)
            total += 1
            passed += bool(wanted)
            whole += len(p.text)
            tokenized += sum(e - s for s, e in windows)
        fast, full = detect(passages, detectors), detect(passages, detectors, prefilter=False)
        findings += len(full)
        if fast != full:
            differ.append(name)
    assert differ == []
    assert findings > 1000  # the corpus exercises the rules
    assert passed < total / 2  # the prefilter does skip passages
    assert tokenized < whole / 2  # and only stretches of those it keeps are tokenized


@pytest.mark.corpus
def test_a_stretch_is_tokenized_as_it_is_inside_its_passage_on_the_development_corpus(pipeline_rules):
    # What Prefilter.plan rests on: spaCy cuts each whitespace-separated chunk on its own.
    nlp, gate = get_nlp(), _prefilter(pipeline_rules)
    stretches = differ = 0
    for _, doc in dev_documents():
        for p in split_passages(doc):
            windows = gate.plan(p.nlp_text, p.text)[1]
            if not windows or windows == [(0, len(p.nlp_text))]:
                continue
            whole = nlp.make_doc(p.nlp_text)
            for s, e in windows:
                stretches += 1
                inside = [(t.idx, t.text) for t in whole if s <= t.idx and t.idx + len(t) <= e]
                alone = [(s + t.idx, t.text) for t in nlp.make_doc(p.nlp_text[s:e])]
                differ += inside != alone
    assert stretches > 1000
    assert differ == 0


@pytest.mark.parametrize(
    "text",
    [
        "Égalité FEMMES–hommes, ΟΔΟΣ ς σ, İstanbul, re\u0301emploi, œuvre ﬁn, ß, Ǆ, ＡＢＣ, \u00a0a\u202fb",
        "plain ascii",
        "",
        "RÉSERVÉ à l'ESAT, ÇA Où ÿ",  # French letters only: ASCII once Latin-1's accented letters are bare
        "déchets à 45 °C, Ĉ ĉ ǘ",  # Latin-1's letters, then the others
    ],
)
def test_fold_is_lower_then_each_characters_accents_removed(text):
    from analyzer.detection.prefilter import _ACCENTS

    assert fold(text) == text.lower().translate(_ACCENTS)


# --- Whole words: a trigger inside a longer word is not a token there ---------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("la partie du marché", set()),  # "art" inside "partie"
        ("les ressources humaines", set()),  # "res" inside "ressources"
        ("cf. art. 36 du code", {"art"}),  # the abbreviation before a full stop
        ("conformément à l'article 20", {"article"}),  # after an elision
        ("(ARTICLE 20)", {"article"}),  # between brackets, upper case
        ("Marché réservé-oui", {"reserve"}),  # before a hyphen
        ("10km de voirie", {"km"}),  # after a digit: "10km" is two tokens
        ("lot RES-WS", {"res"}),
        # Decomposed accents: folding moves characters, so every occurrence counts, inside words too.
        ("re\u0301servé a\u0300 l'article", {"reserve", "res", "article", "art"}),
        ("İ ressources", {"res"}),  # a lower case longer than its letter: every occurrence counts
    ],
)
def test_a_trigger_counts_only_as_a_whole_word(text, words):
    gate = Prefilter(
        [((frozenset({"art"}),), (frozenset({"res"}),), (frozenset({"article"}),), (frozenset({"reserve"}),), (frozenset({"km"}),))]
    )
    assert gate.words_in(text) == words


def test_no_special_case_of_the_tokenizer_cuts_between_two_letters():
    # The whole-word test of the prefilter rests on this: a token boundary is never inside a run of letters.
    rules = get_nlp().tokenizer.rules
    assert rules
    cuts = []
    for key, pieces in rules.items():
        orths = [p[65] for p in pieces]  # 65 is spaCy's ORTH attribute id
        assert "".join(orths) == key
        cuts += [key for a, b in zip(orths, orths[1:]) if a[-1].isalpha() and b[0].isalpha()]
    assert cuts == []


@pytest.mark.corpus
def test_the_tokenizer_never_cuts_between_two_letters_on_the_development_corpus():
    nlp = get_nlp()
    texts = [p.nlp_text for _, doc in dev_documents() for p in split_passages(doc)]
    tokens, inside = 0, []
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=256)):
        for t in doc[1:]:
            tokens += 1
            if t.idx > 0 and text[t.idx].isalpha() and text[t.idx - 1].isalpha():
                inside.append(text[max(0, t.idx - 20) : t.idx + 20])
    assert tokens > 100_000
    assert inside == []
