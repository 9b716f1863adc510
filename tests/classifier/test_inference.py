"""The verifier's fast predict_proba gives scikit-learn's probabilities to the bit, on real candidates."""

from __future__ import annotations

import numpy as np
import pytest

from analyzer.classifier import verifier as V
from analyzer.classifier.data import CANDIDATES_PATH
from analyzer.classifier.inference import _char_wb_counts, _features, predict_proba
from analyzer.classifier.verifier_training import read_records, rule_candidates


@pytest.fixture(scope="module")
def shipped() -> V.Verifier:
    return V.load()


@pytest.fixture(scope="module")
def labelled_frame():
    """The candidates the rules propose in the labelled development candidates (real passages:
    several rules in one passage, so repeated texts)."""
    cs = rule_candidates(read_records(CANDIDATES_PATH, "candidates")[:300])
    return V.frame(cs.candidates)


def test_the_shipped_verifier_takes_the_fast_path(shipped) -> None:
    assert _features(shipped.pipeline) is not None


def test_same_probabilities_as_scikit_learn_on_real_candidates(shipped, labelled_frame) -> None:
    assert len(labelled_frame) > 100
    assert labelled_frame["passage"].nunique() < len(labelled_frame)  # the case the fast path is for
    expected = shipped.pipeline.predict_proba(labelled_frame)
    assert np.array_equal(predict_proba(shipped.pipeline, labelled_frame), expected)


def test_same_probabilities_for_a_single_candidate(shipped, labelled_frame) -> None:
    one = labelled_frame.iloc[[3]]
    assert np.array_equal(predict_proba(shipped.pipeline, one), shipped.pipeline.predict_proba(one))


@pytest.mark.parametrize(
    "text",
    [
        "Le titulaire s'engage à réaliser 210 heures d'insertion.",
        "Le titulaire s’engage\u00a0à réduire ses déchets\u2009: tri, réemploi.",  # blanks NFKD turns into spaces
        "Les ﬁlières de valorisation — ½ des déchets — sont décrites.",  # a ligature, a fraction
        "Cafe\u0301 e\u0301quitable : CRITÈRE   ENVIRONNEMENTAL\n\t20 %",  # combining accents, blank runs
        "",
    ],
)
def test_char_counts_equal_scikit_learns_whatever_the_characters(shipped, text: str) -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    chars = dict((n, v) for n, v, _ in shipped.pipeline.named_steps["features"].transformers_)["sentence_chars"]
    texts = [text, "Le titulaire s'engage à trier ses déchets.", text]
    ours, theirs = _char_wb_counts(chars, texts), CountVectorizer.transform(chars, texts)
    assert (ours != theirs).nnz == 0
    assert ours.dtype == theirs.dtype


def test_a_pipeline_of_another_shape_is_left_to_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts = ["clause sociale d'insertion", "gestion des déchets", "clause sociale", "déchets de chantier"]
    plain = Pipeline([("tfidf", TfidfVectorizer(analyzer="char_wb")), ("clf", LogisticRegression())]).fit(texts, [1, 0, 1, 0])
    assert _features(plain) is None
    assert np.array_equal(predict_proba(plain, texts), plain.predict_proba(texts))
