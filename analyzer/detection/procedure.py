"""What a tender's documents say about its procedure: offer deadline, launch date, estimated amount, nature and
the buyer's legal form. Each clue keeps its file, page and quote, so the check can say where a value came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from analyzer.data import read_data_file
from analyzer.documents.clean import strip_accents
from analyzer.documents.model import Document

MONTHS = {
    m: i
    for i, m in enumerate(
        ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"], 1
    )
}
_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:er)?\s+(?:" + "|".join(MONTHS) + r")\s+\d{4})"
_WEEKDAY = r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
# Patterns run on accent-free text folded character by character (fold_accents), so offsets stay those of the document.
_DEADLINE = re.compile(
    r"(?:date\s+(?:et\s+heure\s+)?limites?\s+de\s+(?:reception|remise|depot)\s+des\s+(?:offres|plis|candidatures)"
    r"|date\s+limite\s+de\s+(?:remise|reception)|remise\s+des\s+offres\s+(?:au\s+plus\s+tard\s+)?le)"
    r"[^\n\d]{0,40}?\n?\s*" + _WEEKDAY + "(" + _DATE + ")",
    re.I,
)
_LAUNCH = re.compile(
    r"(?:date\s+d.envoi\s+du\s+present\s+avis(?:\s+a\s+la\s+publication)?|date\s+d.envoi\s+de\s+l.avis"
    r"|date\s+de\s+(?:lancement|publication)\s+(?:de\s+la\s+consultation|de\s+l.avis)|date\s+de\s+publication)"
    r"\s*:?\s*" + _WEEKDAY + "(" + _DATE + ")",
    re.I,
)
_NUMBER = r"(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
_AMOUNT = re.compile(
    r"(?:(?:montant|valeur)\s+(?:total\s+|globale?\s+)?estimee?|estimation\s+(?:du\s+montant|financiere)|montant\s+maximum)"
    r"[^\n\d]{0,60}?" + _NUMBER + r"\s*(k|m|millions?\s+d.)?\s*(?:€|eur\b|euros)",
    re.I,
)
_NATURE = [
    # The title of the RC or CCAP names the kind of contract; the CCAG it refers to says it too.
    ("travaux", re.compile(r"march[e]s?\s+(?:public\s+)?de\s+travaux|ccag[\s-]*travaux|type\s+de\s+march[e]\s*:\s*travaux", re.I)),
    ("fournitures", re.compile(r"march[e]s?\s+(?:public\s+)?de\s+fournitures|type\s+de\s+march[e]\s*:\s*fournitures", re.I)),
    (
        "services",
        re.compile(r"march[e]s?\s+(?:public\s+)?de\s+(?:services|prestations)|ccag[\s-]*pi\b|type\s+de\s+march[e]\s*:\s*services", re.I),
    ),
]
NATURES = ("travaux", "fournitures", "services")
BUYER_KINDS = ("central", "local", "entite-adjudicatrice")


@dataclass(frozen=True)
class ProcedureClue:
    field: str  # "offer_deadline" | "launch_date" | "amount" | "nature" | "buyer_kind"
    value: date | float | str
    file: str
    page: int | None
    quote: str


def fold_accents(text: str) -> str:
    """strip_accents, one character for one: "…" or "ﬁ" are kept as they are, so match offsets are document offsets."""
    out = []
    for c in text:
        base = strip_accents(c)
        out.append(base if len(base) == 1 else c)
    return "".join(out)


def parse_date(text: str) -> date | None:
    """A French date ("15 JUILLET 2026", "1er mars 2026", "15/07/2026") or None."""
    t = strip_accents(text).lower().strip()
    m = re.match(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$", t)
    try:
        if m:
            year = int(m.group(3))
            return date(year + 2000 if year < 100 else year, int(m.group(2)), int(m.group(1)))
        m = re.match(r"(\d{1,2})(?:er)?\s+([a-z]+)\s+(\d{4})$", t)
        if m and m.group(2) in MONTHS:
            return date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    except ValueError:
        return None
    return None


def parse_amount(number: str, unit: str | None = None) -> float | None:
    digits = re.sub(r"[ \u00a0\u202f.]", "", number).replace(",", ".")
    try:
        value = float(digits)
    except ValueError:
        return None
    unit = (unit or "").lower()
    if unit.startswith("k"):
        value *= 1_000
    elif unit.startswith("m"):
        value *= 1_000_000
    return value


@lru_cache(maxsize=4)
def buyer_kind_patterns(path: Path | None = None) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, pattern) in file order, from the `buyer_kinds` section of analyzer/data/thresholds.yaml."""
    text, where = read_data_file("thresholds.yaml", path)
    kinds = yaml.safe_load(text).get("buyer_kinds", {})
    out = []
    for kind, spec in kinds.items():
        if kind not in BUYER_KINDS:
            raise ValueError(f"{where}: unknown buyer kind {kind!r} (expected one of {', '.join(BUYER_KINDS)})")
        for p in spec.get("patterns", []):
            out.append((kind, re.compile(strip_accents(p), re.I)))
    return tuple(out)


def procedure_clues(doc: Document, patterns_path: Path | None = None) -> list[ProcedureClue]:
    """Every procedure clue of one read document, in document order per field."""
    if doc.error or not doc.pages:
        return []
    text = doc.text
    plain = fold_accents(text)
    clues: list[ProcedureClue] = []

    def add(field: str, value: date | float | str, m: re.Match[str], group: int = 0) -> None:
        start, end = m.start(), m.end()
        line_start = text.rfind("\n", 0, start) + 1
        quote = " ".join(text[line_start:end].split())
        clues.append(ProcedureClue(field, value, doc.file, doc.page_at(start), quote[-200:]))

    for m in _DEADLINE.finditer(plain):
        d = parse_date(m.group(1))
        if d:
            add("offer_deadline", d, m)
    for m in _LAUNCH.finditer(plain):
        d = parse_date(m.group(1))
        if d:
            add("launch_date", d, m)
    for m in _AMOUNT.finditer(plain):
        v = parse_amount(m.group(1), m.group(2))
        if v and v >= 1000:  # "montant estimé : 1" is a list number, not euros
            add("amount", v, m)
    # Nature and buyer: the first pages carry the title and the buyer's name.
    head_end = doc.pages[min(len(doc.pages), 2) - 1].end if doc.paged else min(len(plain), 4000)
    head = plain[:head_end]
    for nature, pattern in _NATURE:
        m = pattern.search(head)
        if m:
            add("nature", nature, m)
    if doc.kind in ("RC", "AE", "CCAP", "avis"):
        for kind, pattern in buyer_kind_patterns(patterns_path):
            m = pattern.search(head)
            if m:
                add("buyer_kind", kind, m)
                break
    return clues
