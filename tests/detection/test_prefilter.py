"""The prefilter: trigger words from the rule files, and the same findings with and without it."""

from __future__ import annotations

import pytest

from analyzer.detection.analyze import _prefilter, detect
from analyzer.detection.detectors import shipped_rules
from analyzer.detection.nlp import get_nlp
from analyzer.detection.prefilter import Prefilter, fold, pattern_requirement, phrase_requirement
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
        ([{"LOWER": {"IN": ["réservé", "Réservées"]}}, {"OP": "{0,12}"}, {"LOWER": "esat"}],
         (frozenset({"reserve", "reservees"}), frozenset({"esat"}))),
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


@pytest.fixture(scope="module")
def rules():
    return tuple(shipped_rules(default_taxonomy()))


def test_the_shipped_rules_have_triggers(rules):
    # If a rule file gained a pattern without any literal token, the fast path would silently be the full path.
    assert all(g is not None for g in _prefilter(rules).groups)


@pytest.mark.corpus
def test_the_development_corpus_gives_the_same_findings_with_and_without_the_prefilter(rules):
    detectors = rules
    gate = _prefilter(detectors)
    passed = total = findings = 0
    differ = []
    for name, doc in dev_documents():
        passages = split_passages(doc)
        total += len(passages)
        passed += sum(1 for p in passages if gate.groups_of(p.nlp_text))
        fast, full = detect(passages, detectors), detect(passages, detectors, prefilter=False)
        findings += len(full)
        if fast != full:
            differ.append(name)
    assert differ == []
    assert findings > 1000  # the corpus exercises the rules
    assert passed < total / 2  # and the prefilter does skip passages


@pytest.mark.parametrize(
    "text",
    ["Égalité FEMMES–hommes, ΟΔΟΣ ς σ, İstanbul, re\u0301emploi, œuvre ﬁn, ß, Ǆ, ＡＢＣ, \u00a0a\u202fb", "plain ascii", ""],
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
    gate = Prefilter([((frozenset({"art"}),), (frozenset({"res"}),), (frozenset({"article"}),), (frozenset({"reserve"}),), (frozenset({"km"}),))])
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
