"""Cut a document into passages: paragraphs, notice sections, and no passage longer than a page."""

from __future__ import annotations

import bisect
import re

from analyzer.documents.model import Document
from analyzer.passages.model import Passage
from analyzer.passages.structure import TOC, after_newlines, contents_runs, is_qa_document, line_end, position_of, section_tree

MAX_CHARS = 1500
MIN_CHARS = 3

# A heading line: "4.5 Insertion professionnelle", "ARTICLE 5 CLAUSES ...", "II.2.5) Critères", "2.5 - Développement durable".
_HEADING_BODY = (
    r"(?:#{1,6}\s*)?(?:article\s+\d+[\d.]*|[IVX]+(?:\.\d+)*\)|\d+(?:\.\d+)*\s*[-.)]?\s+[A-ZÉÈÀÂÎÔÛÇa-zé]|(?-i:[A-ZÉÈÀ][A-ZÉÈÀÂÎÔÛÇ' ]{8,}$)"
    # A short label line of a notice form: "Objet :", "Critères d'attribution :", "Description succincte :".
    # The look-ahead (a colon closes the line, 3 to 61 characters on) changes nothing the rest
    # matches, but rules most lines out before the class repeat backtracks over 60 characters.
    r"|(?-i:[A-ZÉ](?=.{3,61}:\s*$)[\w'’ ()/.-]{2,60}\s:\s*$))"
)
_HEADING = re.compile(r"^\s*" + _HEADING_BODY, re.I)  # on one line
_HEADING_AFTER_NEWLINE = after_newlines(_HEADING_BODY, re.I)  # the same on every line but the first of a page
# Notice section codes ("II.2.5)", "III.1.5)") start a new passage even inside a line.
NOTICE_SECTION = re.compile(r"\b[IVX]{1,4}\.\d(?:\.\d{1,2})?\)")  # matches cannot overlap: each starts one
# The same found from its dot, the letters before it looked behind at (one look-behind per length:
# each must have a fixed width), so that the search jumps from dot to dot in C. A code starts at
# its dot less the run of I, V and X before it.
_NOTICE_SECTION_DOT = re.compile(r"\.(?:(?<=\b[IVX]\.)|(?<=\b[IVX]{2}\.)|(?<=\b[IVX]{3}\.)|(?<=\b[IVX]{4}\.))\d(?:\.\d{1,2})?\)")
# A newline that ends a paragraph: followed by a blank line (spaces and tabs only).
_PARAGRAPH_END = re.compile(r"\n(?=[ \t]*\n)")
_SENTENCE_END_CHARS = ".;:!?"


def split_passages(doc: Document) -> list[Passage]:
    """Paragraph-sized passages covering the whole text, each with page, offsets and section."""
    out: list[Passage] = []
    section = ""
    tree = section_tree(doc.text)
    qa = is_qa_document(doc.file, doc.text)
    file, kind = doc.file, doc.kind
    for page in doc.pages:
        for start, end, contents in _blocks(page.text):
            text = page.text[start:end]  # stripped already: no blank line at either end
            newline = text.find("\n")
            first_line = text if newline < 0 else text[:newline]
            if not contents and len(first_line) < 160 and _HEADING.match(first_line):  # a contents line names no section
                section = first_line.strip().lstrip("#").strip()
            if len(text) >= MIN_CHARS:
                at = page.start + start
                path = tree.path_at(at)
                out.append(
                    Passage.of(
                        file=file,
                        kind=kind,
                        page=page.number,
                        start=at,
                        end=page.start + end,
                        text=text,
                        section=section,
                        heading_path=path,
                        position=TOC if contents else position_of(text, path, qa),
                    )
                )
    return out


def _blocks(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, contents) of paragraphs: blank-line separated, then cut at headings, notice sections, length;
    `contents` when the paragraph starts a contents run (structure.contents_runs)."""
    cuts = _cut_points(text)
    # A contents run ("5 Clause sociale d'insertion 9" and the lines around it) is read as contents, and stays
    # one passage when no blank line parts its lines: each of them alone would be a heading of its own.
    runs = contents_runs(text, cuts)
    contents = {start for run in runs for start in run}
    if runs:
        inner = {start for run in runs for start in run[1:]}
        cuts = [c for c in cuts if c not in inner]
    out: list[tuple[int, int]] = []
    # The paragraphs are the runs of text between newlines that end one (the newline itself left
    # out): what matching (?:[^\n]|\n(?![ \t]*\n))+ gives, without testing every character.
    start = 0
    for m in _PARAGRAPH_END.finditer(text):
        if m.start() > start:
            _cut(text, start, m.start(), cuts, out)
        start = m.end()
    if len(text) > start:
        _cut(text, start, len(text), cuts, out)
    return [(s, e, s in contents) for s, e in out]


def _cut_points(text: str) -> list[int]:
    """Where a passage may start inside a paragraph, sorted: heading lines and notice section codes.

    A paragraph starts after a newline and ends before one, so its lines are whole lines of the page
    and one search over the page finds what a search of each paragraph's lines finds.
    """
    cuts = []
    for m in _HEADING_AFTER_NEWLINE.finditer(text):
        line = m.start() + 1
        if line_end(text, line) - line < 160:
            cuts.append(line)
    # Section codes inside a line (not at its start); a code holds no newline and no paragraph
    # boundary, so one search over the page finds what a search of each paragraph finds.
    notices = []
    for m in _NOTICE_SECTION_DOT.finditer(text):
        at = m.start() - 1
        while at and text[at - 1] in "IVX":
            at -= 1
        if at and text[at - 1] != "\n":
            notices.append(at)
    if notices:
        cuts = sorted(set(cuts).union(notices))
    return cuts


def _cut(text: str, start: int, end: int, cuts: list[int], out: list[tuple[int, int]]) -> None:
    # Split before the headings and notice section codes inside [start, end), then keep passages
    # under MAX_CHARS by cutting at line ends that close a sentence (or at any line end if none);
    # blank pieces are dropped, the others trimmed of their spaces.
    i = bisect.bisect_right(cuts, start)
    j = bisect.bisect_left(cuts, end, i)
    bounds = [start, *cuts[i:j], end]
    for s, e in zip(bounds, bounds[1:]):
        if e - s > MAX_CHARS:
            pieces = _limit(text, s, e)
        else:
            pieces = ((s, e),)
        for s2, e2 in pieces:
            chunk = text[s2:e2]
            kept = chunk.strip()
            if kept:
                s2 += len(chunk) - len(chunk.lstrip())
                out.append((s2, s2 + len(kept)))


def _limit(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    while end - start > MAX_CHARS:
        window = text[start : start + MAX_CHARS]
        best = _last_sentence_line_end(window)
        if best < MAX_CHARS // 3:
            best = window.rfind("\n")
        if best < MAX_CHARS // 3:
            best = max(window.rfind(". "), window.rfind(" "))
            best = best + 1 if best > 0 else MAX_CHARS
        out.append((start, start + best))
        start += best
    out.append((start, end))
    return out


def _last_sentence_line_end(window: str) -> int:
    """The last newline of `window` whose text before it ends with [.;:!?] but for spaces, else -1.

    What searching [.;:!?]\\s*$ in the text before each newline gives, without a search per newline.
    """
    at = window.rfind("\n")
    while at > 0:
        last = at - 1  # the last character before the newline that is not a space
        while last >= 0 and window[last].isspace():  # str.isspace is re's \s
            last -= 1
        if last < 0:
            return -1
        if window[last] in _SENTENCE_END_CHARS:
            return at
        at = window.rfind("\n", 0, last)  # the newlines skipped over have the same last character
    return -1
