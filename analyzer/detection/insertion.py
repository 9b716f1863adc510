"""Insertion hours as the text states them: an absolute number, a number per year, or a rate.

A rate is hours per amount invoiced, with its threshold when there is one: "5 h par tranche de 10 000 € HT
au-delà de 1 M€" is 5 hours per 10 000 € excluding VAT, counted above 1 000 000 €. The total is never
guessed from a rate: it depends on what will be invoiced.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from analyzer.detection.regex import led

ABSOLUTE, PER_YEAR, RATE = "absolute", "per_year", "rate"

_NUMBER = r"\d{1,3}(?:[ \u202f\u00a0.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_AMOUNT_UNIT = r"k\s?€|m\s?€|millions?\s+d.euros|millions?\s+€|€|euros?|keur|meur"


def _amount_rx(name: str) -> str:
    return f"(?P<{name}>{_NUMBER})\\s*(?P<{name}_unit>{_AMOUNT_UNIT})"


_HOURS = rf"(?P<hours>{_NUMBER})\s*(?:h\b|heures?\b)(?:\s+(?:de\s+travail\s+)?d.insertion)?"
_RATE = led(
    _HOURS
    + r"[^.\n]{0,30}?(?:par|pour|/)\s*(?:tranche\s+(?:de\s+)?|chaque\s+tranche\s+de\s+)?"
    + _amount_rx("per")
    + r"(?:\s*(?P<basis>HT|TTC))?(?:\s+(?:de\s+)?(?:commandes?\s+)?(?:factur[ée]e?s?|de\s+travaux|de\s+march[ée]))?"
    + r"(?:[^.\n]{0,40}?(?:au-del[àa]\s+(?:de\s+|d.)?|[àa]\s+partir\s+(?:de\s+|d.)|au-dessus\s+(?:de\s+|d.)|exc[ée]dant\s+)"
    + _amount_rx("above")
    + r")?",
    re.I,
)
_YEARLY = r"par\s+an(?:n[ée]e)?\b|/\s*an\b|annuelles?\b|chaque\s+ann[ée]e\b"  # what makes hours a number per year
# "150 heures minimum par an", "200 heures au moins chaque année": a bound between the hours and the year
_BOUND = r"(?:(?:au\s+)?minimum|au\s+moins|environ|maximum|minimum\s+requis)\s*"
_PER_YEAR = led(_HOURS + rf"\s*(?:{_BOUND})?(?:{_YEARLY}|per\s+year)", re.I)
_ABSOLUTE = led(_HOURS, re.I)
# Notice form: "Nombre d'heures de travail à réaliser au titre de l'engagement d'insertion ... : 5043".
_FIELD = led(rf"nombre\s+d.heures(?P<label>[^:\n]{{0,160}}):\s*(?P<hours>{_NUMBER})\b(?!\s*(?:%|€|euros?))", re.I)
_YEARLY_LABEL = re.compile(_YEARLY, re.I)
_FIELD_PER_YEAR = re.compile(rf"\s*(?:h\b|heures?\b)?\s*(?:{_YEARLY})", re.I)


# TED's English versions: "350 hours of integration work", "35 hours per EUR 100,000 invoiced above EUR 1 million".
# A comma groups thousands there, a point marks decimals; the word "hours" is required, so that "1,5 h" stays French.
_NUMBER_EN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _amount_en_rx(name: str) -> str:
    mult = r"(?:\s*(?P<{}>million|m\b|k\b))?"
    return (
        rf"(?:(?:EUR|€)\s*(?P<{name}_a>{_NUMBER_EN}){mult.format(name + '_a_mult')}"
        rf"|(?P<{name}_b>{_NUMBER_EN}){mult.format(name + '_b_mult')}\s*(?:EUR|euros?|€))"
    )


# A delay or an opening time is not insertion work: "within 48 hours", "24 hours a day", "72 hours' notice".
_HOURS_EN = (
    rf"(?<![\d.,])(?<!within )(?<!under )(?<!after )(?<!before )(?P<hours>{_NUMBER_EN})\s*(?:(?:social\s+)?(?:integration|insertion)\s+)?hours\b"
    r"(?!\s*(?:a|per|/)\s*day)(?!['’]?\s*(?:of\s+)?notice)(?!\s+(?:in\s+advance|before|after|from|of\s+(?:the\s+)?(?:request|notification|receipt)))"
    r"(?:\s+(?:of\s+)?(?:social\s+)?(?:integration|insertion)(?:\s+work)?)?"
)
_RATE_EN = led(
    _HOURS_EN
    + r"[^.\n]{0,30}?(?:per|for\s+(?:each|every)|/)\s*(?:(?:tranche|bracket|block)\s+of\s+)?"
    + _amount_en_rx("per")
    + r"(?:\s*(?P<basis>excl(?:uding)?\.?\s+VAT|incl(?:uding)?\.?\s+VAT|HT|TTC))?(?:\s+(?:invoiced|of\s+(?:works|the\s+contract)))?"
    + r"(?:[^.\n]{0,40}?(?:above|beyond|over|exceeding|in\s+excess\s+of)\s+"
    + _amount_en_rx("above")
    + r")?",
    re.I,
)
_PER_YEAR_EN = led(_HOURS_EN + r"\s*(?:per\s+(?:year|annum)\b|a\s+year\b|/\s*year\b|each\s+year\b|annually\b)", re.I)
_ABSOLUTE_EN = led(_HOURS_EN, re.I)


@dataclass(frozen=True)
class InsertionHours:
    kind: str  # absolute, per_year or rate
    hours: float
    per_eur: float | None = None  # rate: hours per this amount
    above_eur: float | None = None  # rate: counted above this amount only
    basis: str | None = None  # HT or TTC, when stated
    quote: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _number(s: str) -> float:
    s = re.sub(r"[ \u202f\u00a0]", "", s)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "")
    return float(s.replace(",", "."))


def _number_en(s: str) -> float:
    return float(s.replace(",", ""))


def _amount_en(m: re.Match[str], name: str) -> float | None:
    for form in ("a", "b"):
        num = m.group(f"{name}_{form}")
        if num:
            mult = (m.group(f"{name}_{form}_mult") or "").lower()
            return _number_en(num) * {"million": 1_000_000, "m": 1_000_000, "k": 1_000}.get(mult, 1)
    return None


_BASIS_EN = {"excl": "HT", "incl": "TTC"}


def _amount(num: str, unit: str) -> float:
    value = _number(num)
    u = unit.lower().replace(" ", "")
    if u.startswith(("m€", "meur", "million")):
        return value * 1_000_000
    if u.startswith(("k€", "keur")):
        return value * 1_000
    return value


def insertion_hours(text: str) -> InsertionHours | None:
    """The first insertion hours stated in `text`, typed: a rate (with its threshold), per year, or absolute."""
    m = _FIELD.search(text)
    if m and _number(m.group("hours")) > 0:
        # "Nombre d'heures d'insertion : 420 h/an" and "Nombre d'heures d'insertion par an : 300" state hours per
        # year, not a total
        year = _FIELD_PER_YEAR.match(text, m.end())
        if year:
            return InsertionHours(kind=PER_YEAR, hours=_number(m.group("hours")), quote=(m.group(0) + year.group(0)).strip())
        if _YEARLY_LABEL.search(m.group("label")):
            return InsertionHours(kind=PER_YEAR, hours=_number(m.group("hours")), quote=m.group(0).strip())
        return InsertionHours(kind=ABSOLUTE, hours=_number(m.group("hours")), quote=m.group(0).strip())
    candidates = []
    for rx, kind, read in _READINGS:
        for m in rx.finditer(text):
            stated = read(kind, m)
            if read is _french and _a_time_not_a_volume(text, m):
                continue
            if stated.hours > 0 and not _BASE_OF_A_SHARE.search(text, max(0, m.start() - 80), m.start()):
                candidates.append((m.start(), -len(m.group(0)), kind, read is _english, stated))
                break
    if not candidates:
        return None
    # The earliest statement wins; at the same place, the most specific reading (the longest match).
    return min(candidates, key=lambda c: c[:4])[4]


# Hours that say when or how soon, not how much work: "Le délai d'intervention est de 48 heures", "dans les 24 heures",
# "sous 4 h", "de 8 heures à 18 heures", "24 heures à l'avance", "7 heures par jour" (made up). The English readings
# rule these out in their own pattern.
_TIME_BEFORE = re.compile(
    r"(?<![\w'’])(?:d[ée]lais?\b[^.;:]{0,40}?|dans\s+les|dans\s+un\s+d[ée]lai\s+(?:maximum\s+|maximal\s+)?de|sous|avant|apr[èe]s|pendant|"
    r"entre|jusqu.[àa]|au\s+plus\s+tard|[àa]\s+partir\s+de|d[èe]s|[àa]|de\s+\d{1,2}\s*(?:h|heures?)\s*[àa])\s*$",
    re.I,
)
_TIME_AFTER = re.compile(
    r"\s*(?:\d{0,2}\s*)?(?:[àa]\s+\d|et\s+\d|ouvr[ée]es|ouvrables|par\s+jour|/\s*jour|par\s+semaine|/\s*semaine|hebdomadaires?|"
    r"quotidiennes?|avant|apr[èe]s|[àa]\s+l.avance|suivant|cons[ée]cutives|d.intervention|de\s+pr[ée]avis)",
    re.I,
)


def _a_time_not_a_volume(text: str, m: re.Match[str]) -> bool:
    """Whether the hours of match `m` state a time limit or a schedule rather than a volume of work."""
    if m.group(0).lower().rstrip().endswith("insertion"):
        return False  # "48 heures d'insertion" is a volume, whatever stands before it
    return bool(_TIME_BEFORE.search(text, max(0, m.start() - 60), m.start()) or _TIME_AFTER.match(text, m.end()))


# The hours a share is taken from are no insertion hours: "5 % du nombre total d'heures travaillées, estimé à 10 000
# heures, soit 500 heures" states 500.
_BASE_OF_A_SHARE = re.compile(
    r"(?:total\s+(?:des\s+|d.)heures|heures\s+(?:de\s+travail\s+)?travaill[ée]es|total\s+(?:number\s+of\s+)?hours\s+worked)"
    r"[^.;]{0,40}?(?:estim[ée]e?s?|[ée]valu[ée]e?s?|de|à|:|estimated\s+at|of)\s*$",
    re.I,
)
_LOT = led(r"\blot\s*(?:n\s*[°ºo]\s*)?(\d{1,3})\b", re.I)
# "140 heures pour le lot 1 et 70 heures pour le lot 2": the lot named after its hours
_HOURS_FOR_LOT = led(
    _HOURS + r"\s+(?:pour|au\s+titre\s+du|sur|dans)\s+(?:le\s+)?lot\s*(?:n\s*[°ºo]\s*)?(?P<lot>\d{1,3})\b", re.I
)


def hours_by_lot(text: str) -> tuple[tuple[str, InsertionHours], ...]:
    """Absolute insertion hours stated lot by lot in one passage: "Lot 1 : 300 heures d'insertion ; Lot 2 : 150
    heures d'insertion" is (("1", 300 h), ("2", 150 h)). Each lot's first statement before the next lot is named; or,
    when no two lots come first, the lots named after their hours ("140 heures pour le lot 1 et 70 heures pour le lot
    2"). Empty unless two lots or more state hours, so that a single figure stays the passage's own reading."""
    marks = list(_LOT.finditer(text))
    found: dict[str, InsertionHours] = {}
    for m, after in zip(marks, [*marks[1:], None]):
        stated = insertion_hours(text[m.end() : after.start() if after else len(text)])
        if stated is not None and stated.kind == ABSOLUTE and m.group(1) not in found:
            found[m.group(1)] = stated
    if len(found) < 2:
        found = {}
        for m in _HOURS_FOR_LOT.finditer(text):
            if m.group("lot") not in found and _number(m.group("hours")) > 0:
                found[m.group("lot")] = _french(ABSOLUTE, m)
    return tuple(found.items()) if len(found) >= 2 else ()


def _french(kind: str, m: re.Match[str]) -> InsertionHours:
    hours = _number(m.group("hours"))
    if kind != RATE:
        return InsertionHours(kind=kind, hours=hours, quote=m.group(0).strip())
    return InsertionHours(
        kind=RATE,
        hours=hours,
        per_eur=_amount(m.group("per"), m.group("per_unit")),
        above_eur=_amount(m.group("above"), m.group("above_unit")) if m.group("above") else None,
        basis=(m.group("basis") or "").upper() or None,
        quote=m.group(0).strip(),
    )


def _english(kind: str, m: re.Match[str]) -> InsertionHours:
    hours = _number_en(m.group("hours"))
    if kind != RATE:
        return InsertionHours(kind=kind, hours=hours, quote=m.group(0).strip())
    basis = (m.group("basis") or "").lower()
    return InsertionHours(
        kind=RATE,
        hours=hours,
        per_eur=_amount_en(m, "per"),
        above_eur=_amount_en(m, "above") if m.group("above_a") or m.group("above_b") else None,
        basis=next((v for k, v in _BASIS_EN.items() if basis.startswith(k)), basis.upper() or None),
        quote=m.group(0).strip(),
    )


# Each statement's pattern, its kind, and how its numbers read (French or English).
_READINGS = (
    (_RATE, RATE, _french),
    (_PER_YEAR, PER_YEAR, _french),
    (_ABSOLUTE, ABSOLUTE, _french),
    (_RATE_EN, RATE, _english),
    (_PER_YEAR_EN, PER_YEAR, _english),
    (_ABSOLUTE_EN, ABSOLUTE, _english),
)
