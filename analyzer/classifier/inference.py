"""`pipeline.predict_proba(frame)` of a fitted text pipeline, with each distinct text featurised once.

A verifier call judges hundreds of candidates at once, and they repeat themselves: several rules
fire in one passage (a PDF audit's 817 candidates hold 248 distinct passages), and the words of a
tender's sentences are few and often the same. Counting character n-grams is most of the cost
(sklearn's `_count_vocab` loops in Python over every n-gram of every sentence), so:

- each column's distinct values are transformed once, and their rows repeated;
- a `char_wb` vectorizer counts the n-grams of each distinct word once (its n-grams never cross
  a blank: `CountVectorizer._char_wb_ngrams` makes them word by word), with scikit-learn's own
  analyzer, and a sentence's counts are the sum of its words' counts.

Everything else is scikit-learn's: its analyzers make the n-grams, its TF-IDF transformer weighs
them, its classifier predicts. The result is the same matrix, so the same probabilities, to the bit
(tests/classifier/test_inference.py compares them on real candidates). A pipeline of another shape
is left to `predict_proba` as it is.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def predict_proba(pipeline: Any, frame: Any) -> np.ndarray:
    """`pipeline.predict_proba(frame)` for a Pipeline([ColumnTransformer of text vectorizers, classifier])."""
    features = _features(pipeline)
    if features is None:
        return pipeline.predict_proba(frame)
    from scipy import sparse

    blocks = []
    weights = features.transformer_weights or {}
    for name, vectorizer, column in features.transformers_:
        if vectorizer == "drop":
            continue
        block = _transform_distinct(vectorizer, list(frame[column]))
        weight = weights.get(name)
        blocks.append(block if weight is None else block * weight)  # as ColumnTransformer's _transform_one
    return pipeline.steps[-1][1].predict_proba(sparse.hstack(blocks).tocsr())  # as its _hstack


def _features(pipeline: Any) -> Any:
    """The pipeline's ColumnTransformer when every part of it is a fitted TF-IDF vectorizer of one
    text column and its output is sparse; else None."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer

    steps = getattr(pipeline, "steps", None)
    if not steps or len(steps) != 2 or not isinstance(steps[0][1], ColumnTransformer):
        return None
    features = steps[0][1]
    if not getattr(features, "sparse_output_", False):
        return None
    for _, vectorizer, column in features.transformers_:
        if vectorizer == "drop":
            continue
        if type(vectorizer) is not TfidfVectorizer or not isinstance(column, str) or vectorizer.input != "content":
            return None
    return features


def _transform_distinct(vectorizer: Any, texts: list[str]) -> Any:
    """vectorizer.transform(texts), each distinct text featurised once."""
    distinct = list(dict.fromkeys(texts))
    if vectorizer.analyzer == "char_wb" and not vectorizer.binary:
        counts = _char_wb_counts(vectorizer, distinct)
        matrix = vectorizer._tfidf.transform(counts, copy=False)  # as TfidfVectorizer.transform after its counts
    else:
        matrix = vectorizer.transform(distinct)
    if len(distinct) == len(texts):
        return matrix
    row = {text: i for i, text in enumerate(distinct)}
    return matrix[[row[t] for t in texts]]


def _char_wb_counts(vectorizer: Any, texts: list[str]) -> Any:
    """CountVectorizer.transform(texts) for a char_wb vectorizer, each distinct word counted once.

    `_char_wb_ngrams` preprocesses the text (lower case, accents), normalises its blanks and makes the
    n-grams of each word apart. So the words here are cut from the preprocessed text the same way,
    and each distinct word goes through scikit-learn's own CountVectorizer.transform, whose
    preprocessing leaves a preprocessed word as it is (checked: a word it would change sends the
    whole call back to scikit-learn)."""
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    preprocess = vectorizer.build_preprocessor()
    blanks = vectorizer._white_spaces
    word_ids: dict[str, int] = {}
    rows, cols = [], []
    for r, text in enumerate(texts):
        for word in blanks.sub(" ", preprocess(text)).split():
            rows.append(r)
            cols.append(word_ids.setdefault(word, len(word_ids)))
    words = list(word_ids)
    if not words or any(preprocess(w) != w for w in words):
        return CountVectorizer.transform(vectorizer, texts)
    per_word = CountVectorizer.transform(vectorizer, words)  # n-gram counts of each distinct word
    in_text = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(texts), len(words)))
    counts = (in_text @ per_word).astype(vectorizer.dtype)  # integer counts: exact in any float type
    counts.sum_duplicates()
    counts.eliminate_zeros()
    counts.sort_indices()
    return counts
