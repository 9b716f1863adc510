"""The structure of a document: numbered headings as a section tree, contents pages, and where a passage sits.

Words mean different things depending on where they stand: "4.5.1 Actions d'insertion ........ 12" on a contents
page imposes nothing, "Questionnaire RSE (QRSE)" in the list of documents to provide is a form to fill in, the
object line names what is bought, and a question-and-answer document quotes the tender without adding to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Positions of a passage, from the most to the least specific.
TOC, DOCUMENTS_LIST, OBJECT, QA, BODY = "toc", "documents_list", "object", "qa", "body"
POSITIONS = (TOC, DOCUMENTS_LIST, OBJECT, QA, BODY)

# A contents line: a heading followed by a leader (dots, ellipses, underscores, middle dots) and
# usually a page number: "1.5 Clause environnementale ........ 10", "4.5.1 Actions d'insertion ……".
_LEADER = r"(?:\s*(?:\.\s?){4,}|\s*…{1,}|\s*_{4,}|\s*(?:·\s?){4,})"
_NUMBER_START = r"(?:#+\s*)?(?:article\s+\d+[\d.]*|[IVX]+(?:\.\d+)*\)?|\d+(?:\.\d+)*[.)]?)\s*[-.)–]?\s+"
# A form field to fill in ("Nom : ………") has a leader too but neither a number before nor a page after.
_TOC_LINE = re.compile(
    rf"^\s*(?:.{{2,160}}?{_LEADER}\s*(?:p(?:age|\.)?\s*)?\d{{1,4}}|{_NUMBER_START}.{{2,160}}?{_LEADER}\s*(?:p(?:age|\.)?\s*)?\d{{0,4}})\s*$",
    re.I,
)
# Numbered heading then a page number after a tab or several spaces: "ARTICLE 5 - CLAUSES SOCIALES    12".
_TOC_NUMBERED = re.compile(
    r"^\s*(?:article\s+\d+[\d.]*|[IVX]+(?:\.\d+)*\)?|\d+(?:\.\d+)*)\s*[-.)–]?\s+.{3,120}?(?:\t+|\s{3,}|\s\|\s)\d{1,3}\s*$", re.I
)
_TOC_TITLE = re.compile(r"^\s*(?:#+\s*)?(?:sommaire|table des mati[èe]res|table of contents|contents)\s*:?\s*$", re.I)

# A numbered heading and its depth: "4.5.1 ...", "ARTICLE 5 ...", "II.2.5) ...", "## ...".
_NUMBERED = re.compile(
    r"^\s*(?:(?P<md>#{1,6})\s*)?(?:(?:article|art\.)\s+(?P<art>\d+(?:\.\d+)*)|(?P<roman>[IVX]+(?:\.\d+)*)\)"
    # "4.5.1 Actions", or a single number before a capital ("4 - Contenu", not "46 avenue")
    r"|(?P<num>\d{1,2}(?:\.\d{1,2})+|\d{1,2}(?=\.?\s*[-.)–]?\s+(?-i:[A-ZÉÈÀÂÎÔÛÇ])))\.?\s*[-.)–]?\s+(?=[A-ZÉÈÀÂÎÔÛÇa-zé]))",
    re.I,
)

# Sections that list the documents a candidate hands in: what they name is a form, not a clause.
_DOCUMENTS_SECTION = re.compile(
    r"pi[èe]ces?\s+(?:[àa]\s+(?:fournir|produire|remettre|joindre)|constitutives|justificatives|de\s+(?:l.offre|la\s+candidature))|"
    r"documents?\s+[àa]\s+(?:fournir|produire|remettre|joindre)|contenu\s+(?:de\s+l.offre|des\s+offres|du\s+dossier|des\s+plis|du\s+pli)|"
    r"composition\s+(?:de\s+l.offre|du\s+dossier|du\s+pli)|constitution\s+(?:de\s+l.offre|du\s+dossier)|"
    r"pr[ée]sentation\s+des\s+(?:offres|plis|candidatures)|dossier\s+de\s+(?:r[ée]ponse|candidature)|"
    r"documents?\s+to\s+be\s+(?:provided|submitted)",
    re.I,
)
# "Documents à produire au cours de l'exécution" are the holder's reports: obligations, not a list of offer documents.
_DURING_EXECUTION = re.compile(r"ex[ée]cution|titulaire|attributaire", re.I)
_OBJECT_LINE = re.compile(
    r"^\s*[-•▫]?\s*(?:objet(?:\s+du\s+march[ée]|\s+de\s+la\s+consultation|\s+du\s+contrat|\s+de\s+l.accord[- ]cadre)?|intitul[ée]|titre|"
    r"description\s+succincte|II\.1\.1\)|II\.1\.4\)|II\.2\.4\)|title|short\s+description)\s*[:)]",
    re.I,
)
_QA_FILE = re.compile(r"(?:^|[^a-z])(?:questions?[-_ ]*r[ée]ponses?|q\s?&\s?r|q\s?-\s?r|faq|qr)(?:[^a-z]|$)", re.I)
_QA_TEXT = re.compile(r"^\s*(?:question\s*(?:n\s*°\s*)?\d*\s*[:\-–]|r[ée]ponse\s*(?:de\s+l.acheteur|du\s+pouvoir\s+adjudicateur)?\s*[:\-–])", re.I | re.M)


def is_toc_line(line: str) -> bool:
    """True for a contents line: a title with a leader and a page number, or a numbered title ending with a page number."""
    line = line.rstrip()
    # The regular expressions backtrack over the whole line; most lines have neither a leader
    # (4 dots, an ellipsis, 4 underscores, 4 middle dots) nor a final digit, which both need.
    if _may_have_leader(line) and _TOC_LINE.match(line):
        return True
    # A numbered title (article, roman or arabic number first) that ends with a page number.
    if not line[-1:].isdigit():
        return False
    first = line.lstrip()[:1]
    return (first in _NUMBERED_FIRST or first.isdigit()) and bool(_TOC_NUMBERED.match(line))


# What "article", [IVX] and \d can start with, case-insensitively: Python's re also folds the dotted
# and dotless i (U+0130, U+0131) onto I.
_NUMBERED_FIRST = frozenset("aAiIvVxX\u0130\u0131")


def _may_have_leader(line: str) -> bool:
    return line.count(".") >= 4 or "…" in line or "____" in line or line.count("·") >= 4


def is_toc_block(text: str) -> bool:
    """True when most lines of a passage are contents lines (a contents page cut into passages)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return False
    if _TOC_TITLE.match(lines[0]):
        return True
    hits = sum(1 for ln in lines if is_toc_line(ln))
    return hits >= 1 and hits * 2 >= len(lines)


def heading_level(line: str) -> int | None:
    """Depth of a numbered heading ("4.5.1" = 3, "ARTICLE 5" = 1, "II.2.5)" = 3, "## x" = 2), None if not one."""
    m = _NUMBERED.match(line)
    if not m:
        return None
    if m.group("md") and not (m.group("num") or m.group("art") or m.group("roman")):
        return len(m.group("md"))
    number = m.group("num") or m.group("art") or m.group("roman") or ""
    return number.count(".") + 1


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    offset: int  # offset of the heading line in the document text


class SectionTree:
    """The numbered headings of a document as a stack per offset: `path_at(offset)` is the heading path."""

    def __init__(self, headings: Sequence[Heading]) -> None:
        self.headings = list(headings)

    def path_at(self, offset: int) -> tuple[str, ...]:
        stack: list[Heading] = []
        for h in self.headings:
            if h.offset > offset:
                break
            while stack and stack[-1].level >= h.level:
                stack.pop()
            stack.append(h)
        return tuple(h.title for h in stack)


def section_tree(text: str) -> SectionTree:
    """Headings of `text`: numbered lines shorter than 160 characters, contents lines excluded."""
    headings, offset = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and len(stripped) < 160:
            level = heading_level(stripped)
            if level is not None and not is_toc_line(stripped):
                headings.append(Heading(level=level, title=stripped.lstrip("#").strip(), offset=offset))
        offset += len(line) + 1
    return SectionTree(headings)


def is_qa_document(file: str, text: str) -> bool:
    """A question-and-answer document: named so, or made of "Question n° …" / "Réponse :" items."""
    name = file.rsplit("/", 1)[-1]
    return bool(_QA_FILE.search(name)) or len(_QA_TEXT.findall(text[:20000])) >= 4


def position_of(text: str, heading_path: Sequence[str], in_qa_document: bool = False) -> str:
    """Where a passage sits: contents page, list of documents to provide, object line, Q&A, or body."""
    if is_toc_block(text):
        return TOC
    if any(_is_documents_heading(h) for h in heading_path):
        return DOCUMENTS_LIST
    if in_qa_document:
        return QA
    if _OBJECT_LINE.match(text):
        return OBJECT
    return BODY


@lru_cache(maxsize=4096)  # the passages of a section share its headings
def _is_documents_heading(heading: str) -> bool:
    return bool(_DOCUMENTS_SECTION.search(heading) and not _DURING_EXECUTION.search(heading))
