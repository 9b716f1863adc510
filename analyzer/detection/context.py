"""Context around a match: is it negated, which instrument is it, what weight does it carry.

The same words mean an award criterion in the RC's criteria section and an execution condition
in the CCAP; "sans objet", "néant", "Clauses sociales : Sans" and a weight of 0 are negatives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.passages.model import Passage

# Right after the match, on the same line: "Clauses sociales : Sans", "... : sans objet", ": néant", ": non";
# "|" too, for table rows read as "Clauses sociales | Sans".
_NEG_AFTER = re.compile(
    r"^[\s:.\-–|]*\(?\s*(?:sans\b|s\.o\.|néant|neant|non\b(?! ?-? ?(?:discrimination|respect))|aucune?\b|pas de\b|☐)", re.I
)
# Just before: "ne comporte pas de clause ...", "aucune clause ...", "pas de critère ...".
_NEG_BEFORE = re.compile(
    r"(?:\bpas\s+(?:de|d')|\baucune?\b|\bne\s+(?:comporte|pr[ée]voit|contient)\s+(?:pas|aucune?)\s*(?:de|d')?|\bsans\b|☐)\s*(?:\w+\s+){0,2}$",
    re.I,
)
_CRITERIA_WORDS = re.compile(
    r"crit[èe]res?\b|sous-crit[èe]re|pond[ée]ration|pond[ée]r[ée]|jugement des offres|analyse des offres|not[ée]e? sur|notation|valeur technique",
    re.I,
)
_CRITERIA_SECTION = re.compile(r"crit[èe]re|jugement|attribution|II\.2\.5|IV\.2\.1|classement des offres|analyse des offres", re.I)
_CONDITION_WORDS = re.compile(r"conditions? d.ex[ée]cution|condition particuli[èe]re|III\.2\.2|s.engage|devra|doit|oblig", re.I)
_SELECTION_WORDS = re.compile(
    r"capacit[ée]s? (?:technique|professionnelle)|crit[èe]res? de s[ée]lection|candidature|garanties (?:apport[ée]es|professionnelles)",
    re.I,
)
# Notice sections III.1.x are the conditions of participation (selection), not the contract's clauses.
_SELECTION_SECTION = re.compile(r"^III\.1\.\d\)|conditions de participation|capacit[ée] (?:technique|professionnelle)", re.I)
# Where a notice or an RC names what is bought: "Étude ... énergies renouvelables" is the object, not a clause.
_OBJECT_SECTION = re.compile(
    r"^(?:II\.1\.1|II\.1\.4|II\.2\.1|II\.2\.4)\)|^Intitul[ée]|^Objet (?:du march[ée]|de la consultation|du contrat|de l.accord)|"
    r"^Description (?:succincte|des prestations)?\s*:|^Objet\s*:|^Titre\s*:|^Intitul[ée]\s*:",
    re.I,
)
_OBLIGATION_WORDS = re.compile(r"exig|impos|devra|doit|doivent|s.engage|oblig|conditions? d.ex[ée]cution|clause|heures", re.I)
# Notices glue list items as ".-Les candidats": a period followed by a dash ends a sentence too.
_SENTENCE_STOP = re.compile(r"[.;!?](?:\s|$|-)|\n\s*\n|\n\s*[-•▫–]\s")

_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|pour\s?cent)")
_POINTS = re.compile(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:points?|pts)\b", re.I)
_TOTAL = re.compile(r"(?:sur|/)\s*(\d{2,4})\b")
# JOUE notice form: "4. Performance en matière de protection de l'environnement / Pondération : 5.0" (in % or points of 100).
_PONDERATION = re.compile(r"pond[ée]ration\s*:?\s*(\d{1,3}(?:[.,]\d{1,2})?)(?!\s*(?:points?|pts|%))", re.I)


# Forms with boxes: the CHECKED box decides ("☐ Oui ☒ Non" is a no, "☒ Oui ☐ Non" a yes).
_CHECKED_BOX = re.compile(r"(?:☒|☑|■|\[\s*[xX]\s*\])\s*(oui|non|avec|sans)\b", re.I)
_BOX = re.compile(r"[☐☒☑□■]|\[\s*[xX ]?\s*\]")


def is_negated(text: str, start: int, end: int) -> str | None:
    """The negating words if the match at text[start:end] is stated as absent, else None."""
    after = text[end : end + 40].split("\n", 1)[0]
    if _BOX.search(after[:12]):
        checked = _CHECKED_BOX.search(after)
        if checked:
            return checked.group(0) if checked.group(1).lower() in ("non", "sans") else None
    m = _NEG_AFTER.match(after)
    if m:
        return m.group(0).strip(" :.-–")
    before = text[max(0, start - 60) : start].split("\n")[-1]
    m = _NEG_BEFORE.search(before)
    if m:
        return m.group(0).strip()
    return None


@dataclass(frozen=True)
class InstrumentGuess:
    instrument: str
    reason: str


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence (or list item) holding text[start:end], at most `limit` characters each side."""
    left = max(0, start - limit)
    stops = list(_SENTENCE_STOP.finditer(text, left, start))
    left = stops[-1].end() if stops else left
    m = _SENTENCE_STOP.search(text, end, min(len(text), end + limit))
    return text[left : m.start() + 1 if m else min(len(text), end + limit)]


def line_of(text: str, start: int) -> str:
    """The line holding offset `start`."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", start)
    return text[left : right if right != -1 else len(text)]


def on_object_line(text: str, start: int) -> bool:
    """True when offset `start` is on a line that names the contract's object ("Objet du marché :", "Intitulé :")."""
    return bool(_OBJECT_SECTION.search(line_of(text, start).lstrip("-•▫ ")))


def is_object_of_contract(passage: Passage, start: int, end: int) -> bool:
    """True when the match names what is bought (a title, "Objet du marché :", "Intitulé :", II.2.4) and
    imposes nothing. Notice forms often pack the object line and other fields into one passage, so the
    match's own line counts as well as the passage's section."""
    # A notice's title lines come before its first heading.
    title = passage.kind == "avis" and not passage.section
    in_object = (
        title or _OBJECT_SECTION.search(passage.section) or _OBJECT_SECTION.search(passage.text[:60]) or on_object_line(passage.text, start)
    )
    return bool(in_object) and not _OBLIGATION_WORDS.search(sentence_around(passage.text, start, end))


def guess_instrument(passage: Passage, start: int, end: int) -> InstrumentGuess:
    """Award criterion in a criteria context; else technical spec in a CCTP; else execution condition.

    Criteria words count only in the match's own sentence: a notice's VI.3 often runs an insertion
    clause and the award criteria together in one paragraph.
    """
    window = sentence_around(passage.text, start, end)
    weighted = passage.kind in ("RC", "avis", "other") and criterion_weight(passage.text, end) is not None
    if weighted:
        return InstrumentGuess("award_criterion", "a weight follows the match in an RC or notice")
    if _CRITERIA_WORDS.search(window) or (passage.kind in ("RC", "avis") and _CRITERIA_SECTION.search(passage.section)):
        if not _CONDITION_WORDS.search(passage.text[max(0, start - 80) : start]):
            return InstrumentGuess("award_criterion", "criteria words near the match")
    if (_SELECTION_WORDS.search(window) or _SELECTION_SECTION.search(passage.section)) and not _CONDITION_WORDS.search(window):
        return InstrumentGuess("selection_criterion", "selection words near the match")
    if passage.kind == "CCTP":
        return InstrumentGuess("technical_specification", "in a CCTP")
    return InstrumentGuess("execution_condition", f"in a {passage.kind} outside a criteria section")


@dataclass(frozen=True)
class Weight:
    pct: float
    quote: str
    how: str
    end: int  # offset in the text just after the stated weight, where a criterion's quote ends


def criterion_weight(text: str, end: int) -> Weight | None:
    """The weight stated after a criterion's name, within its line or the next two, in % of the total."""
    tail = text[end:]
    m = _PONDERATION.search(tail[:250])
    if m and not re.search(r"\d+\s*\.\s+[A-ZÉ]", tail[: m.start()]):  # not past the next numbered criterion
        return Weight(pct=_num(m.group(1)), quote=m.group(0), how="notice 'Pondération', read as % of 100", end=end + m.end())
    lines = tail.split("\n")[:3]
    # The weight follows the criterion's name closely: within its line or the next two, 120 characters,
    # and before the sentence ends ("... détaillées dans le CCAP. Avance : 30 %" is not a weight).
    window = "\n".join(lines)[:120]
    stop = re.search(r"[.;](?:\s+[A-ZÉ]|-)", window)
    window = window[: stop.start()] if stop else window
    m = _PERCENT.search(window)
    if m:
        return Weight(pct=_num(m.group(1)), quote=m.group(0), how="stated in %", end=end + m.end())
    m = _POINTS.search(window)
    if m:
        points = _num(m.group(1))
        total_m = _TOTAL.search(text)
        total = _num(total_m.group(1)) if total_m else 100.0
        if total <= 0 or points > total:
            total = 100.0
        how = f"{points:g} points out of {total:g}" + ("" if total_m else " (total assumed 100)")
        return Weight(pct=round(100 * points / total, 2), quote=m.group(0), how=how, end=end + m.end())
    return None


def _num(s: str) -> float:
    return float(s.replace(",", "."))
