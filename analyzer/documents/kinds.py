"""Recognise what a tender document is (RC, CCAP, CCTP, AE, avis, other) from its name, then its text."""

from __future__ import annotations

import re

from analyzer.documents.clean import strip_accents

KINDS = ("RC", "CCAP", "CCTP", "AE", "avis", "other")

# File-name tokens, checked on the upper-cased name split on non-letters. Order matters:
# "CCAP" must win over "AP", "CCTP" over "CCT".
_NAME_TOKENS: list[tuple[str, str]] = [
    ("CCAP", "CCAP"),
    ("CCP", "CCAP"),  # cahier des clauses particulières: administrative and technical in one
    ("CCTP", "CCTP"),
    ("CCTP-DPGF", "CCTP"),
    ("RC", "RC"),
    ("REGLEMENT", "RC"),
    ("AE", "AE"),
    ("ATTRI", "AE"),
    ("AVIS", "avis"),
]

_CONTENT_MARKERS: list[tuple[str, str]] = [
    # TED's English version of a notice, pasted or saved under a name of its own
    (r"avis d.appel public|avis de march[eé]|annonce no|avis no \d|contract notice|section i\s*:\s*contracting authority", "avis"),
    (r"r[eè]glement de (la )?consultation", "RC"),
    (r"cahier des clauses administratives particuli[eè]res", "CCAP"),
    (r"cahier des clauses techniques particuli[eè]res", "CCTP"),
    (r"cahier des clauses particuli[eè]res", "CCAP"),
    (r"acte d.engagement", "AE"),
]


def _fold(s: str) -> str:
    return strip_accents(s).upper()


def kind_from_name(name: str) -> str | None:
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", name.rsplit("/", 1)[-1])
    tokens = set(re.split(r"[^A-Z]+", _fold(stem)))
    for token, kind in _NAME_TOKENS:
        if token in tokens:
            return kind
    if re.match(r"^T\d{6,}$", stem) or stem.lower().startswith("boamp-avis"):
        return "avis"
    if "LOT" in tokens and ("CCTP" in tokens or "DPGF" in tokens):
        return "CCTP"
    return None


def kind_from_text(text: str) -> str | None:
    head = text[:3000].lower()
    for pattern, kind in _CONTENT_MARKERS:
        if re.search(pattern, head):
            return kind
    return None


def recognise_kind(name: str, text: str) -> str:
    """The document kind: the file name decides when it is explicit, else the first page's title."""
    return kind_from_name(name) or kind_from_text(text) or "other"
