"""The structure of a document: numbered headings as a section tree, contents pages, and where a passage sits.

Words mean different things depending on where they stand: "4.5.1 Actions d'insertion ........ 12" on a contents
page imposes nothing, "Questionnaire RSE (QRSE)" in the list of documents to provide is a form to fill in, the
object line names what is bought, and a question-and-answer document quotes the tender without adding to it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Positions of a passage, from the most to the least specific.
TOC, DOCUMENTS_LIST, OBJECT, QA, BODY = "toc", "documents_list", "object", "qa", "body"
POSITIONS = (TOC, DOCUMENTS_LIST, OBJECT, QA, BODY)


def after_newlines(body: str, flags: int = 0) -> re.Pattern[str]:
    """`body`, a pattern read at a line's start after its indent, found at the start of every line but the first
    of a text in one search. \\s becomes "whitespace but a newline" (on one line the same) and $ a line end
    (MULTILINE), so that a match never leaves its line; the leading newline makes the search skip from newline to
    newline in C. A match starts at its newline: the line starts one character on."""
    return re.compile(r"\n[^\S\n]*" + body.replace(r"\s", r"[^\S\n]"), flags | re.M)


def line_end(text: str, start: int) -> int:
    """Where the line of `text` that holds `start` ends (its newline, or the text's end)."""
    end = text.find("\n", start)
    return len(text) if end < 0 else end


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
_TOC_NUMBERED_BODY = (
    r"(?:article\s+\d+[\d.]*|[IVX]+(?:\.\d+)*\)?|\d+(?:\.\d+)*)\s*[-.)–]?\s+"
    # The look-ahead (the line ends with a digit) changes nothing the rest matches, but fails at
    # once where the lazy .{3,120}? would try the page-number tail at every character.
    r"(?=.*\d\s*$).{3,120}?(?:\t+|\s{3,}|\s\|\s)\d{1,3}\s*$"
)
_TOC_NUMBERED = re.compile(r"^\s*" + _TOC_NUMBERED_BODY, re.I)
_TOC_NUMBERED_AFTER_NEWLINE = after_newlines(_TOC_NUMBERED_BODY, re.I)  # the same on every line but the first
_PAGE_COLUMN_HEADER = re.compile(r"\|(?:[^|\n]*\|)+[^\S\n]*(?:pages?|p\.|pp\.)[^\S\n]*\|[^\S\n]*$", re.I)
_TOC_TITLE = re.compile(r"^\s*(?:#+\s*)?(?:sommaire|table des mati[èe]res|table of contents|contents)\s*:?\s*$", re.I)

# A numbered heading and its depth: "4.5.1 ...", "ARTICLE 5 ...", "II.2.5) ...", "## ...".
_NUMBERED_BODY = (
    r"(?:(?P<md>#{1,6})\s*)?(?:(?:article|art\.)\s+(?P<art>\d+(?:\.\d+)*)|(?P<roman>[IVX]+(?:\.\d+)*)\)"
    # "4.5.1 Actions", or a single number before a capital ("4 - Contenu", not "46 avenue")
    r"|(?P<num>\d{1,2}(?:\.\d{1,2})+|\d{1,2}(?=\.?\s*[-.)–]?\s+(?-i:[A-ZÉÈÀÂÎÔÛÇ])))\.?\s*[-.)–]?\s+(?=[A-ZÉÈÀÂÎÔÛÇa-zé]))"
)
_NUMBERED = re.compile(r"^\s*" + _NUMBERED_BODY, re.I)
_NUMBERED_AFTER_NEWLINE = after_newlines(_NUMBERED_BODY, re.I)  # the same on every line but the first

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
_QA_ITEM = r"\s*(?:question\s*(?:n\s*°\s*)?\d*\s*[:\-–]|r[ée]ponse\s*(?:de\s+l.acheteur|du\s+pouvoir\s+adjudicateur)?\s*[:\-–])"
_QA_TEXT = re.compile(r"^" + _QA_ITEM, re.I | re.M)
_QA_TEXT_AFTER_NEWLINE = re.compile(r"\n" + _QA_ITEM, re.I)


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
# What a match of _TOC_TITLE ("#", "sommaire", "table ...", "contents") and of _OBJECT_LINE (after its spaces)
# can start with, as re.I reads them: the long s (U+017F) is an s, U+0130 and U+0131 are i.
_TOC_TITLE_FIRST = frozenset("#CSTcst\u017f")
_OBJECT_FIRST = frozenset("-DIOSTdiost\u0130\u0131\u017f•▫")


def _may_have_leader(line: str) -> bool:
    return line.count(".") >= 4 or "…" in line or "____" in line or line.count("·") >= 4


# A numbered title then its page number after one space, as a contents page whose leaders were tabs or
# graphics reads: "5 Clause sociale d'insertion 9", "6.2 Gestion des déchets 11". Alone it may be a heading
# that ends with a number; CONTENTS_RUN of them in a row, their numbers never going down, are contents. The number
# follows a word or a closing bracket (not "Prix : 40", "10 %", "coefficient 2"), and weight words rule a line out.
_NUMBERED_PAGE = re.compile(
    r"^\s*(?:article\s+\d+[\d.]*|[IVX]+(?:\.\d+)*\)?|\d+(?:\.\d+)*)\s*[-.)–]?\s+.{3,120}?(?:[^\W\d_]|[)\]»])\s(?P<page>\d{1,3})\s*$",
    re.I,
)
_WEIGHT_WORDS = re.compile(r"%|\bpoints?\b|\bpts\b|\bcoef|pond[ée]r|\bnot[ée]e?\b|\bpoids\b|\bsur\s+\d", re.I)
CONTENTS_RUN = 3


def _page_of(line: str) -> int | None:
    m = _NUMBERED_PAGE.match(line)
    return int(m.group("page")) if m and not _WEIGHT_WORDS.search(line) else None


def contents_runs(text: str, line_starts: Sequence[int]) -> list[list[int]]:
    """The runs of contents lines among the numbered lines at `line_starts` (sorted), each as its lines' starts: at
    least CONTENTS_RUN of them one after the other (blank lines between allowed, no other line), each ending with
    a page number (_NUMBERED_PAGE), the numbers never going down and the last above the first."""
    out: list[list[int]] = []
    run: list[tuple[int, int]] = []  # (line start, page)

    def close() -> None:
        if len(run) >= CONTENTS_RUN and run[-1][1] > run[0][1]:
            out.append([start for start, _ in run])
        run.clear()

    previous_end = -1
    for start in line_starts:
        end = line_end(text, start)
        page = _page_of(text[start:end]) if text[end - 1 : end].isdigit() else None
        if run and (page is None or page < run[-1][1] or text[previous_end:start].strip()):  # not adjacent: another line between
            close()
        if page is not None:
            run.append((start, page))
        previous_end = end
    close()
    return out


def _is_contents_run(text: str) -> bool:
    """A passage made of contents runs (contents_runs) and little else."""
    starts, at = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(at)
        at += len(line) + 1
    found = sum(len(run) for run in contents_runs(text, starts))
    return found >= CONTENTS_RUN and found * 2 >= len(starts)


def is_toc_block(text: str) -> bool:
    """True when most lines of a passage are contents lines (a contents page cut into passages)."""
    rest = text.lstrip()  # from the first non-blank line on, without its indent (which \s* takes anyway)
    if not rest:
        return False
    first = rest[0]  # a call of a pattern costs more than the match itself: the first character rules most out
    if first in _TOC_TITLE_FIRST and _TOC_TITLE.match(rest, 0, line_end(rest, 0)):
        return True
    if first == "|" and _PAGE_COLUMN_HEADER.match(rest, 0, line_end(rest, 0)):
        return True  # a table whose last column is the page: "| N° | Article | Page |" (a Markdown document's contents)
    numbered = (first in _NUMBERED_FIRST or first.isdigit()) and _FIRST_NUMBERED_TO_DIGIT.match(rest)
    if not numbered and not _NUMBERED_TO_DIGIT_AFTER_NEWLINE.search(rest) and not _may_hold_leader(rest):
        return False  # most passages: no line can be a contents line
    if rest.count("\n") >= CONTENTS_RUN - 1 and rest.rstrip()[-1:].isdigit() and _is_contents_run(rest):
        return True
    if _may_hold_leader(rest):
        # Line by line, each with its indent: _TOC_LINE's ".{2,160}?" may take some of it.
        hits = sum(1 for ln in text.split("\n") if ln.strip() and is_toc_line(ln))
    else:
        # Most passages: no line has a leader, so a contents line is a numbered title ending with a
        # page number (_TOC_NUMBERED), and one search over the passage counts them.
        first = rest[0] in _NUMBERED_FIRST or rest[0].isdigit()  # what _TOC_NUMBERED can start with
        hits = len(_TOC_NUMBERED_AFTER_NEWLINE.findall(rest))
        if first and _TOC_NUMBERED.match(rest, 0, line_end(rest, 0)):
            hits += 1
    if not hits:
        return False
    lines = sum(1 for ln in rest.split("\n") if ln.strip())
    return hits * 2 >= lines


# What a contents line without a leader needs (_TOC_NUMBERED, and _NUMBERED_PAGE of a contents run): a number
# first ("article", a roman or an arabic numeral, as re.I reads them) and a digit last, maybe before spaces. One
# search that jumps from newline to newline says that no line of a passage has both; the line is taken whole
# (possessive) and its last character looked behind at, so that nothing backtracks.
_NUMBERED_TO_DIGIT = r"[^\S\n]*(?:article|[IVX]|\d)[^\n]*+(?<=[\d\s])"
_FIRST_NUMBERED_TO_DIGIT = re.compile(_NUMBERED_TO_DIGIT, re.I)
_NUMBERED_TO_DIGIT_AFTER_NEWLINE = re.compile(r"\n" + _NUMBERED_TO_DIGIT, re.I)


def _may_hold_leader(text: str) -> bool:
    """False when no line of `text` holds a leader: what _LEADER needs is 4 dots each maybe followed
    by a space, an ellipsis, 4 underscores or 4 middle dots. Substring tests, and searches that jump from
    dot to dot (counting the dots first walked the whole text, character by character)."""
    return (
        "…" in text
        or "____" in text
        or bool(_FOUR_DOTS.search(text))
        or ("·" in text and bool(_FOUR_MIDDLE_DOTS.search(text)))
    )


# On one line [^\S\n] is \s: no match runs over two lines.
_FOUR_DOTS = re.compile(r"\.[^\S\n]?\.[^\S\n]?\.[^\S\n]?\.")
_FOUR_MIDDLE_DOTS = re.compile(r"·[^\S\n]?·[^\S\n]?·[^\S\n]?·")


def heading_level(line: str) -> int | None:
    """Depth of a numbered heading ("4.5.1" = 3, "ARTICLE 5" = 1, "II.2.5)" = 3, "## x" = 2), None if not one."""
    m = _NUMBERED.match(line)
    return _level(m) if m else None


def _level(m: re.Match[str]) -> int:
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
        # The path after each heading, built once: path_at is then a bisection, not a walk over every
        # heading above the offset (quadratic over the passages of a long document).
        self._offsets = [h.offset for h in self.headings]
        self._paths: list[tuple[str, ...]] = []
        stack: list[Heading] = []
        for h in self.headings:
            while stack and stack[-1].level >= h.level:
                stack.pop()
            stack.append(h)
            self._paths.append(tuple(s.title for s in stack))

    def path_at(self, offset: int) -> tuple[str, ...]:
        # The headings at or before `offset` (they are in text order); ties keep them all, as the walk did.
        i = bisect.bisect_right(self._offsets, offset)
        return self._paths[i - 1] if i else ()


def section_tree(text: str) -> SectionTree:
    """Headings of `text`: numbered lines shorter than 160 characters, contents lines excluded."""
    headings = []
    # One search over the text finds the lines that start like a numbered heading, instead of a
    # match per line: the first line by _NUMBERED itself, the others after their newline.
    first = _NUMBERED.match(text, 0, line_end(text, 0))
    found = [(0, first)] if first else []
    found.extend((m.start() + 1, m) for m in _NUMBERED_AFTER_NEWLINE.finditer(text))
    contents = {start for run in contents_runs(text, [offset for offset, _ in found]) for start in run}
    for offset, m in found:
        stripped = text[offset : line_end(text, offset)].strip()
        if len(stripped) < 160 and not is_toc_line(stripped) and offset not in contents:
            headings.append(Heading(level=_level(m), title=stripped.lstrip("#").strip(), offset=offset))
    return SectionTree(headings)


def is_qa_document(file: str, text: str) -> bool:
    """A question-and-answer document: named so, or made of "Question n° …" / "Réponse :" items."""
    name = file.rsplit("/", 1)[-1]
    if _QA_FILE.search(name):
        return True
    return _qa_items(text[:20000]) >= 4


def _qa_items(text: str) -> int:
    """len(_QA_TEXT.findall(text)), with a search that jumps from newline to newline.

    A match after the first line starts after a newline and ends with [:-–], never with one, so the
    matches of the newline-led pattern are the others, one for one, and each search resumes at the
    same place."""
    first = _QA_TEXT.match(text)
    return (1 if first else 0) + len(_QA_TEXT_AFTER_NEWLINE.findall(text, first.end() if first else 0))


def position_of(text: str, heading_path: Sequence[str], in_qa_document: bool = False) -> str:
    """Where a passage sits: contents page, list of documents to provide, object line, Q&A, or body."""
    if is_toc_block(text):
        return TOC
    for heading in heading_path:  # a loop, not any() over a generator: this runs for every passage
        if _is_documents_heading(heading):
            return DOCUMENTS_LIST
    if in_qa_document:
        return QA
    first = text[:1]
    if (first in _OBJECT_FIRST or first.isspace()) and _OBJECT_LINE.match(text):
        return OBJECT
    return BODY


@lru_cache(maxsize=4096)  # the passages of a section share its headings
def _is_documents_heading(heading: str) -> bool:
    return bool(_DOCUMENTS_SECTION.search(heading) and not _DURING_EXECUTION.search(heading))
