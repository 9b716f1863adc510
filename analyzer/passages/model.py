"""A passage: a paragraph-sized span of one document, addressed by file, page and offsets."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Passage:
    file: str
    kind: str  # the document kind (RC, CCAP, CCTP, AE, avis, other)
    page: int | None
    start: int  # offsets into Document.text
    end: int
    text: str  # the document's text, unchanged: quotes come from here
    section: str = ""  # the nearest heading above the passage, for context
    heading_path: tuple[str, ...] = ()  # the numbered headings above it, outermost first (passages.structure)
    position: str = "body"  # toc, documents_list, object, qa or body (passages.structure.POSITIONS)

    @classmethod
    def of(cls, **fields: object) -> Passage:
        """A Passage from all its fields, without the frozen __init__'s object.__setattr__ per field
        (a third of the cost of splitting a notice into passages): the same instance dict, in field order."""
        p = object.__new__(cls)
        p.__dict__.update(fields)
        return p

    @cached_property  # read by the prefilter and by each rule set's gate: computed once
    def nlp_text(self) -> str:
        return for_nlp(self.text)


# Same-length replacements only, so that offsets in nlp_text are offsets in text.
# spaCy's French lemmas differ on U+2019 ("s’" stays "s’", "s'" becomes "se"); newlines become
# spaces so that a phrase broken across PDF lines still matches.
_NLP_MAP = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2011": "-",
        "\u2013": "-",
        "\u00ab": '"',
        "\u00bb": '"',
        "\n": " ",
        "\t": " ",
    }
)


_NLP_PAIRS = [(chr(k), v) for k, v in _NLP_MAP.items()]


def for_nlp(text: str) -> str:
    # text.translate(_NLP_MAP), hundreds of times faster on long texts: str.translate with a dict
    # looks every character up; str.replace scans in C (no replacement is itself replaced).
    for old, new in _NLP_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text
