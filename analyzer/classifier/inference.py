"""`pipeline.predict_proba(frame)` of a fitted text pipeline, with each distinct text featurised once.

A verifier call judges hundreds of candidates at once, and they repeat themselves: several rules
fire in one passage (a PDF audit's 817 candidates hold 248 distinct passages), and the words of a
tender's sentences are few and often the same. Counting n-grams is most of the cost (sklearn's
`_count_vocab` loops in Python over every n-gram of every text, a dict operation each), so:

- each column's distinct values are transformed once, and their rows repeated;
- a text is preprocessed (lower case, accents) once for every vectorizer that preprocesses it the
  same way, and tokenized once for every word vectorizer that also tokenizes it the same way (the
  sentence column has a word and a character vectorizer);
- a word vectorizer's n-grams are made from the tokens as `_word_ngrams` makes them (every run of
  n tokens joined by a space, for each n of its range) and counted by `collections.Counter`;
- a `char_wb` vectorizer counts the n-grams of each distinct word once per process (its n-grams
  never cross a blank: `CountVectorizer._char_wb_ngrams` makes them word by word), with
  scikit-learn's own `_char_wb_ngrams`, and a sentence's counts are the sum of its words' counts.

The count matrix is the one `_count_vocab` builds (the same integer counts, indices sorted, in the
vectorizer's dtype); scikit-learn's TF-IDF transformer weighs it and its classifier predicts. So the
probabilities are the same, to the bit (tests/classifier/test_inference.py compares them on real
candidates). A vectorizer with other settings (its own preprocessor, tokenizer or analyzer, stop
words, binary counts) goes through its own `transform`; a pipeline of another shape is left to
`predict_proba` as it is.
"""

from __future__ import annotations

import itertools
import unicodedata
import weakref
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np

# Per char_wb vectorizer: the n-gram counts of each word met so far, as `_count_vocab` finds them, in
# bytes: (column, count) pairs of int32, columns in increasing order (about 300 bytes a word). French
# tender text has a few tens of thousands of distinct words; past _WORDS_MAX the memo starts again, so
# that its memory stays bounded (about 15 MB).
_WORDS_MAX = 50_000
_PAIR = np.dtype(np.int32).itemsize * 2
_word_memos: weakref.WeakKeyDictionary[Any, tuple[Any, tuple[int, int], dict[str, bytes]]] = weakref.WeakKeyDictionary()


def predict_proba(pipeline: Any, frame: Any) -> np.ndarray:
    """`pipeline.predict_proba(frame)` for a Pipeline([ColumnTransformer of text vectorizers, classifier])."""
    features = _features(pipeline)
    if features is None:
        return pipeline.predict_proba(frame)
    from scipy import sparse

    blocks = []
    weights = features.transformer_weights or {}
    shared: dict[Any, dict[str, Any]] = {}  # preprocessed texts and tokens, by how they were made
    for name, vectorizer, column in features.transformers_:
        if vectorizer == "drop":
            continue
        block = _transform_distinct(vectorizer, list(frame[column]), shared)
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


def _transform_distinct(vectorizer: Any, texts: list[str], shared: dict[Any, dict[str, Any]] | None = None) -> Any:
    """vectorizer.transform(texts), each distinct text featurised once (`shared`: what other vectorizers
    of the same call made of the same texts, filled here too)."""
    distinct = list(dict.fromkeys(texts))
    counts = _counts(vectorizer, distinct, {} if shared is None else shared)
    if counts is None:
        matrix = vectorizer.transform(distinct)
    else:
        matrix = vectorizer._tfidf.transform(counts, copy=False)  # as TfidfVectorizer.transform after its counts
    if len(distinct) == len(texts):
        return matrix
    row = {text: i for i, text in enumerate(distinct)}
    return matrix[[row[t] for t in texts]]


def _counts(vectorizer: Any, texts: list[str], shared: dict[Any, dict[str, Any]]) -> Any:
    """CountVectorizer.transform(texts) made the short way, or None when the vectorizer's settings are
    not those it knows (the caller then asks scikit-learn)."""
    if vectorizer.binary or vectorizer.preprocessor is not None or not all(type(t) is str for t in texts):
        return None
    if vectorizer.strip_accents is not None and not isinstance(vectorizer.strip_accents, str):
        return None  # a callable: no key to share its output by
    if vectorizer.analyzer == "char_wb":
        return _char_wb_counts(vectorizer, texts, shared)
    if vectorizer.analyzer == "word" and vectorizer.tokenizer is None and vectorizer.get_stop_words() is None:
        return _word_counts(vectorizer, texts, shared)
    return None


def _preprocessed(vectorizer: Any, texts: list[str], shared: dict[Any, dict[str, Any]]) -> dict[str, str]:
    """Each text as the vectorizer's preprocessor leaves it (lower case, accents), made once per way of
    preprocessing: vectorizers without a preprocessor of their own preprocess alike when their
    `lowercase` and `strip_accents` are the same."""
    done = shared.setdefault(("pre", vectorizer.lowercase, vectorizer.strip_accents), {})
    missing = [t for t in texts if t not in done]
    if missing:
        preprocess = _preprocessor(vectorizer)
        for t in missing:
            done[t] = preprocess(t)
    return done


def _preprocessor(vectorizer: Any) -> Callable[[str], str]:
    """vectorizer.build_preprocessor() for a vectorizer without a preprocessor of its own, with
    scikit-learn's strip_accents_unicode made the short way (`_strip_accents`)."""
    if vectorizer.strip_accents != "unicode":
        return vectorizer.build_preprocessor()
    if vectorizer.lowercase:
        return lambda doc: _strip_accents(doc.lower())
    return _strip_accents


def _strip_accents(s: str) -> str:
    """sklearn's strip_accents_unicode: NFKD, then every combining character left out. It keeps the
    characters one by one in Python; here each distinct combining character of the text is removed by
    str.replace (a French text has a handful of distinct ones), which leaves the same string."""
    try:
        s.encode("ASCII", errors="strict")
        return s
    except UnicodeEncodeError:
        normalized = unicodedata.normalize("NFKD", s)
        for mark in [c for c in set(normalized) if unicodedata.combining(c)]:
            normalized = normalized.replace(mark, "")
        return normalized


def _word_counts(vectorizer: Any, texts: list[str], shared: dict[Any, dict[str, Any]]) -> Any:
    """CountVectorizer.transform(texts) for a word vectorizer with its token pattern and no stop words."""
    pre = _preprocessed(vectorizer, texts, shared)
    tokens = shared.setdefault(("tokens", vectorizer.lowercase, vectorizer.strip_accents, vectorizer.token_pattern), {})
    missing = [t for t in texts if t not in tokens]
    if missing:
        tokenize = vectorizer.build_tokenizer()
        for t in missing:
            tokens[t] = tokenize(pre[t])
    vocabulary = vectorizer.vocabulary_
    lookup = vocabulary.get
    min_n, max_n = vectorizer.ngram_range
    j_indices: list[int] = []
    values: list[int] = []
    indptr = [0]
    for t in texts:
        words = tokens[t]
        # The n-grams of `_word_ngrams`: for each n of the range, every run of n consecutive tokens
        # joined by one space (a text shorter than n has none); their order does not change the counts.
        found = Counter(map(lookup, words)) if min_n == 1 else Counter()
        for n in range(max(min_n, 2), max_n + 1):
            found.update(map(lookup, map(" ".join, zip(*(words[k:] for k in range(n))))))
        found.pop(None, None)  # out of the vocabulary: ignored, as _count_vocab does
        j_indices.extend(found)
        values.extend(found.values())
        indptr.append(len(j_indices))
    return _count_matrix(vectorizer, j_indices, values, indptr, len(vocabulary))


def _count_matrix(vectorizer: Any, j_indices: list[int], values: list[int], indptr: list[int], width: int) -> Any:
    """The CSR matrix `_count_vocab` builds from its per-row features and counts."""
    from scipy import sparse

    if indptr[-1] > np.iinfo(np.int32).max:
        return None
    counts = sparse.csr_matrix(
        (np.asarray(values, dtype=np.intc), np.asarray(j_indices, dtype=np.int32), np.asarray(indptr, dtype=np.int32)),
        shape=(len(indptr) - 1, width),
        dtype=vectorizer.dtype,
    )
    counts.sort_indices()
    return counts


def _char_wb_counts(vectorizer: Any, texts: list[str], shared: dict[Any, dict[str, Any]] | None = None) -> Any:
    """CountVectorizer.transform(texts) for a char_wb vectorizer, each distinct word counted once.

    `_char_wb_ngrams` preprocesses the text (lower case, accents), normalises its blanks and makes the
    n-grams of each word apart (a word of `split()` has no blank left, so `_char_wb_ngrams` of the word
    alone gives the same n-grams). So the words here are cut from the preprocessed text the same way,
    and each distinct word's n-grams are made by scikit-learn's own `_char_wb_ngrams` and counted once
    per process (kept in a memo per vectorizer)."""
    from scipy import sparse

    pre = _preprocessed(vectorizer, texts, {} if shared is None else shared)
    blanks = vectorizer._white_spaces
    word_ids: dict[str, int] = {}
    cols: list[int] = []
    ends = [0]
    for text in texts:
        cols.extend([word_ids.setdefault(word, len(word_ids)) for word in blanks.sub(" ", pre[text]).split()])
        ends.append(len(cols))
    memo = _word_memo(vectorizer)
    _count_words(vectorizer, [w for w in word_ids if w not in memo], memo)
    rows = [memo[w] for w in word_ids]
    pairs = np.frombuffer(b"".join(rows), dtype=np.int32).reshape(-1, 2)
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, rows), dtype=np.int64, count=len(rows)) // _PAIR, out=indptr[1:])
    per_word = None  # n-gram counts of each word, as _count_matrix builds them
    if indptr[-1] <= np.iinfo(np.int32).max:
        per_word = sparse.csr_matrix(
            (pairs[:, 1].astype(np.intc), pairs[:, 0].copy(), indptr.astype(np.int32)),
            shape=(len(rows), len(vectorizer.vocabulary_)),
            dtype=vectorizer.dtype,
        )
    if per_word is None:
        from sklearn.feature_extraction.text import CountVectorizer

        return CountVectorizer.transform(vectorizer, texts)
    # Row r: a 1 at each of its words' column, a word that comes back twice twice (the product sums them).
    in_text = sparse.csr_matrix(
        (np.ones(len(cols), dtype=np.int64), np.asarray(cols, dtype=np.int32), np.asarray(ends, dtype=np.int32)), shape=(len(texts), len(word_ids))
    )
    counts = (in_text @ per_word).astype(vectorizer.dtype)  # integer counts: exact in any float type
    counts.sum_duplicates()
    counts.eliminate_zeros()
    counts.sort_indices()
    return counts


def _count_words(vectorizer: Any, words: list[str], memo: dict[str, bytes]) -> None:
    """The n-gram counts of each of `words` into `memo`: (column, count) pairs, columns in increasing
    order (as sort_indices leaves a row). The n-grams are scikit-learn's `_char_wb_ngrams` of the word;
    they are counted for all the words at once, by numpy (a (word, column) pair is one integer key)."""
    if not words:
        return
    lookup, width = vectorizer.vocabulary_.get, len(vectorizer.vocabulary_)
    found: list[int] = []
    owners: list[int] = []
    for k, word in enumerate(words):
        grams = vectorizer._char_wb_ngrams(word)
        found.extend(map(lookup, grams, itertools.repeat(-1)))  # -1: out of the vocabulary, ignored as _count_vocab does
        owners.extend(itertools.repeat(k, len(grams)))
    columns, owner = np.asarray(found, dtype=np.int64), np.asarray(owners, dtype=np.int64)
    kept = columns >= 0
    keys, counts = np.unique(owner[kept] * width + columns[kept], return_counts=True)  # sorted by word, then column
    bounds = (np.searchsorted(keys, np.arange(len(words) + 1, dtype=np.int64) * width) * _PAIR).tolist()
    blob = np.column_stack((keys % width, counts)).astype(np.int32).tobytes()
    for k, word in enumerate(words):
        memo[word] = blob[bounds[k] : bounds[k + 1]]


def _word_memo(vectorizer: Any) -> dict[str, bytes]:
    """The vectorizer's memo of word counts; a new one when its vocabulary or n-gram range changed, or
    when it is full."""
    entry = _word_memos.get(vectorizer)
    if entry is None or entry[0] is not vectorizer.vocabulary_ or entry[1] != vectorizer.ngram_range or len(entry[2]) > _WORDS_MAX:
        entry = (vectorizer.vocabulary_, tuple(vectorizer.ngram_range), {})
        _word_memos[vectorizer] = entry
    return entry[2]
