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


def _vectorizers(shipped) -> dict:
    return dict((n, v) for n, v, _ in shipped.pipeline.named_steps["features"].transformers_)


def _same_matrix(ours, theirs) -> bool:
    return (
        ours.dtype == theirs.dtype
        and np.array_equal(ours.indptr, theirs.indptr)
        and np.array_equal(ours.indices, theirs.indices)
        and np.array_equal(ours.data, theirs.data)
    )


_TEXTS = [
    "Le titulaire s'engage à réaliser 210 heures d'insertion.",
    "clause clause clause sociale sociale",  # n-grams that come back
    "insertion",  # one token: no bigram, no trigram
    "clause sociale",  # two tokens: no trigram
    "",
    "Cafe\u0301 e\u0301quitable : CRITÈRE   ENVIRONNEMENTAL\n\t20 %",
]


@pytest.mark.parametrize("name", ["sentence", "passage", "heading", "context"])
def test_word_counts_are_scikit_learns_count_matrix(shipped, labelled_frame, name: str) -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    from analyzer.classifier.inference import _counts

    vectorizer = _vectorizers(shipped)[name]  # each reads the column of its name
    texts = list(dict.fromkeys(_TEXTS + list(labelled_frame[name])))
    assert _same_matrix(_counts(vectorizer, texts, {}), CountVectorizer.transform(vectorizer, texts))


def test_texts_preprocessed_for_one_vectorizer_serve_another_that_preprocesses_alike(shipped) -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    from analyzer.classifier.inference import _counts

    vectorizers = _vectorizers(shipped)
    shared: dict = {}
    _counts(vectorizers["sentence"], _TEXTS, shared)
    assert len(shared) == 2  # the preprocessed texts and the tokens
    chars = _counts(vectorizers["sentence_chars"], _TEXTS, shared)
    assert len(shared) == 2  # the character vectorizer preprocesses alike: nothing new
    assert (chars != CountVectorizer.transform(vectorizers["sentence_chars"], _TEXTS)).nnz == 0
    _counts(vectorizers["context"], ["kind=RC cue=must"], shared)
    assert len(shared) == 4  # no lower case, no accents stripped: its own


@pytest.mark.parametrize(
    "text",
    ["plain ascii", "", "éèêëàç", "Cafe\u0301 ﬁlière ½", "Tiếng Việt", "ΣΟΦΊΑ ὅς", "한국어", "a\u0301\u0323\u0308", "\u00a0\u2009x"],
)
def test_accents_are_stripped_as_scikit_learn_strips_them(text: str) -> None:
    from sklearn.feature_extraction.text import strip_accents_unicode

    from analyzer.classifier.inference import _strip_accents

    assert _strip_accents(text) == strip_accents_unicode(text)


def test_word_counts_kept_for_a_vectorizer_follow_its_new_vocabulary() -> None:
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    from analyzer.classifier.inference import _char_wb_counts

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4), strip_accents="unicode")
    vectorizer.fit(["clause sociale", "insertion professionnelle"])
    first = _char_wb_counts(vectorizer, ["clause sociale"])
    assert (first != CountVectorizer.transform(vectorizer, ["clause sociale"])).nnz == 0
    vectorizer.fit(["déchets de chantier", "clause environnementale"])  # a new vocabulary
    again = _char_wb_counts(vectorizer, ["clause sociale"])
    assert (again != CountVectorizer.transform(vectorizer, ["clause sociale"])).nnz == 0
    assert again.shape != first.shape


@pytest.mark.parametrize("settings", [{"binary": True}, {"stop_words": ["de"]}, {"analyzer": "char"}, {"preprocessor": str.lower}])
def test_a_vectorizer_of_other_settings_is_counted_by_scikit_learn(settings: dict) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analyzer.classifier.inference import _counts

    vectorizer = TfidfVectorizer(**settings).fit(["clause sociale de insertion", "gestion de déchets"])
    assert _counts(vectorizer, ["clause de gestion"], {}) is None


def test_a_vectorizer_of_the_usual_settings_is_counted_here() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analyzer.classifier.inference import _counts

    vectorizer = TfidfVectorizer(strip_accents="unicode").fit(["clause sociale de insertion", "gestion de déchets"])
    assert _counts(vectorizer, ["clause de gestion"], {}) is not None
