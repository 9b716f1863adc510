"""A rule set detector's matches are the spans a spaCy SpanRuler of its phrases and token patterns sets.

The detector keeps one PhraseMatcher per rule set and Matchers of the token patterns that can match a passage
(analyzer/detection/detectors/rules.py); what it reads must be what SpanRuler.match gives: every non-empty match
as a Span of its rule's label and id, duplicates merged, sorted.
"""

from __future__ import annotations

import pytest
from spacy.pipeline import SpanRuler

from analyzer.detection.analyze import _prefilter
from analyzer.detection.detectors import RuleSetDetector, shipped_rules
from analyzer.detection.nlp import get_nlp
from analyzer.detection.rules import load_ruleset
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.passages.split import split_passages
from tests.detection.dev_corpus import dev_documents

RULES = """
name: test.matching
version: "1"
rules:
  - id: heures
    label: social.insertion
    phrases: ["heures d'insertion"]
    patterns: [[{LOWER: heures}, {LOWER: "d'"}, {LOWER: insertion}]]
  - id: insertion
    label: social.insertion
    phrases: ["insertion"]
  - id: clause
    label: social.generic
    patterns: [[{LOWER: clause}, {LOWER: sociale}]]
"""


def _span_ruler(detector: RuleSetDetector) -> SpanRuler:
    """The reference: one SpanRuler of every phrase and token pattern of the set, as the detector used to build."""
    ruler = SpanRuler(get_nlp(), name="reference", spans_key="reference", phrase_matcher_attr="LOWER", validate=True)
    patterns = []
    for r in detector.ruleset.rules:
        patterns += [{"label": r.label, "pattern": p, "id": r.id} for p in r.phrases]
        patterns += [{"label": r.label, "pattern": list(p), "id": r.id} for p in r.patterns]
    ruler.add_patterns(patterns)
    return ruler


def _every_matcher(detector: RuleSetDetector) -> tuple:
    n = sum(len(r.patterns) for r in detector.ruleset.rules)
    return tuple(m for m in (detector._token_matcher(frozenset(range(n))), detector._phrase_matcher) if m is not None)


def _read(spans) -> list[tuple[int, int, str, str]]:
    return [(s.start_char, s.end_char, s.label_, s.id_) for s in spans]


@pytest.fixture(scope="module")
def detector(tmp_path_factory) -> RuleSetDetector:
    path = tmp_path_factory.mktemp("rules") / "matching.yaml"
    path.write_text(RULES, encoding="utf-8")
    taxonomy = default_taxonomy()
    return RuleSetDetector(load_ruleset(path, taxonomy), taxonomy)


def test_a_phrase_and_a_pattern_of_one_rule_on_the_same_words_are_one_span(detector):
    doc = get_nlp().make_doc("Les heures d'insertion sont dues.")
    spans = _read(detector._spans(doc, _every_matcher(detector)))
    assert [s for s in spans if s[3] == "heures"] == [(4, 22, "social.insertion", "heures")]


def test_two_rules_on_overlapping_words_are_two_spans_in_span_order(detector):
    doc = get_nlp().make_doc("Les heures d'insertion et la clause sociale.")
    spans = detector._spans(doc, _every_matcher(detector))
    assert _read(spans) == _read(_span_ruler(detector).match(doc))
    assert [s.id_ for s in spans] == ["heures", "insertion", "clause"]


def test_a_rule_set_without_token_patterns_in_use_matches_its_phrases_only(detector):
    doc = get_nlp().make_doc("La clause sociale des heures d'insertion.")
    phrases_only = tuple(m for m in (detector._token_matcher(frozenset()), detector._phrase_matcher) if m is not None)
    assert {s.id_ for s in detector._spans(doc, phrases_only)} == {"heures", "insertion"}


@pytest.mark.corpus
def test_the_shipped_rule_sets_match_as_a_span_ruler_on_the_development_corpus():
    nlp = get_nlp()
    detectors = tuple(shipped_rules(default_taxonomy()))
    gate = _prefilter(detectors)
    rulers = [_span_ruler(d) for d in detectors]
    compared = spans = 0
    for _, document in dev_documents():
        for p in split_passages(document):
            wanted = gate.groups_of(p.nlp_text, p.text)
            if not wanted:
                continue
            doc = nlp.make_doc(p.nlp_text)
            for k in wanted:
                # Every token pattern, and only those the passage's words let match: both as the whole SpanRuler.
                expected = _read(rulers[k].match(doc))
                assert _read(detectors[k]._spans(doc, _every_matcher(detectors[k]))) == expected
                assert _read(detectors[k]._spans(doc, detectors[k]._matchers_for(p.nlp_text))) == expected
                compared += 1
                spans += len(expected)
    assert compared > 500 and spans > 1000
