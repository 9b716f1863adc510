"""French and English versions of one clause: a TED notice often states each field twice, once per language.

Both versions are found (the rules read French and English); they are one clause, so the English finding joins
the French one's group: it is kept in the French finding's facts["translations"] instead of counting twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from analyzer.detection.finding import Finding

_EN = re.compile(r"\b(?:the|and|of|shall|must|contract|with|for|is|are|which|to|be|will|criterion|weighting)\b", re.I)
_FR = re.compile(r"\b(?:le|la|les|des|du|et|est|sont|pour|dans|avec|une?|au|aux|sera|doit|crit[èe]re|pond[ée]ration)\b", re.I)


def language(text: str) -> str:
    """"en" when English function words outnumber French ones, else "fr"."""
    return "en" if reads_as(text, "en") else "fr"


def reads_as(text: str, lang: str) -> bool:
    """Whether `text` reads as `lang` ("fr" or "en"): more of its function words than of the other's. A text with
    as many of each (a heading, a bare criterion name) reads as neither, and as both."""
    en, fr = len(_EN.findall(text)), len(_FR.findall(text))
    return en > fr if lang == "en" else fr > en


def _key(f: Finding) -> tuple:
    weight = f.facts.get("weight_pct")
    return (f.file, f.decp_value, f.instrument, None if weight is None else round(float(weight), 2))


def merge_translations(findings: Sequence[Finding]) -> list[Finding]:
    """Findings with each English duplicate of a French finding (same file, DECP value, instrument and weight)
    folded into the French one; an English finding with no French twin stays as it is."""
    out = list(findings)
    french: dict[tuple, int] = {}
    for i, f in enumerate(out):
        if f.decp_value and not f.negated and language(f.quote) == "fr":
            french.setdefault(_key(f), i)
    drop: set[int] = set()
    for i, f in enumerate(out):
        if not f.decp_value or f.negated or language(f.quote) != "en":
            continue
        j = french.get(_key(f))
        if j is None:
            continue
        twin = out[j]
        translations = [*twin.facts.get("translations", []), {"quote": f.quote, "start": f.start, "end": f.end, "page": f.page}]
        out[j] = replace(twin, facts={**twin.facts, "translations": translations})
        drop.add(i)
    return [f for i, f in enumerate(out) if i not in drop]
