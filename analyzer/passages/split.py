"""Cut a document into passages: paragraphs, notice sections, and no passage longer than a page."""

from __future__ import annotations

import re

from analyzer.documents.model import Document
from analyzer.passages.model import Passage
from analyzer.passages.structure import is_qa_document, position_of, section_tree

MAX_CHARS = 1500
MIN_CHARS = 3

# A heading line: "4.5 Insertion professionnelle", "ARTICLE 5 CLAUSES ...", "II.2.5) Critères", "2.5 - Développement durable".
_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:article\s+\d+[\d.]*|[IVX]+(?:\.\d+)*\)|\d+(?:\.\d+)*\s*[-.)]?\s+[A-ZÉÈÀÂÎÔÛÇa-zé]|(?-i:[A-ZÉÈÀ][A-ZÉÈÀÂÎÔÛÇ' ]{8,}$)"
    # A short label line of a notice form: "Objet :", "Critères d'attribution :", "Description succincte :".
    r"|(?-i:[A-ZÉ][\w'’ ()/.-]{2,60}\s:\s*$))",
    re.I,
)
# Notice section codes ("II.2.5)", "III.1.5)") start a new passage even inside a line.
_NOTICE_SECTION = re.compile(r"\b[IVX]{1,4}\.\d(?:\.\d{1,2})?\)")  # matches cannot overlap: each starts one
_SENTENCE_END = re.compile(r"[.;:!?]\s*$")


def split_passages(doc: Document) -> list[Passage]:
    """Paragraph-sized passages covering the whole text, each with page, offsets and section."""
    out: list[Passage] = []
    section = ""
    tree = section_tree(doc.text)
    qa = is_qa_document(doc.file, doc.text)
    for page in doc.pages:
        for start, end in _blocks(page.text):
            text = page.text[start:end]
            first_line = text.strip().split("\n", 1)[0]
            if _HEADING.match(first_line) and len(first_line) < 160:
                section = first_line.strip().lstrip("#").strip()
            if len(text.strip()) >= MIN_CHARS:
                path = tree.path_at(page.start + start)
                out.append(
                    Passage(
                        file=doc.file,
                        kind=doc.kind,
                        page=page.number,
                        start=page.start + start,
                        end=page.start + end,
                        text=text,
                        section=section,
                        heading_path=path,
                        position=position_of(text, path, qa),
                    )
                )
    return out


# A newline that ends a paragraph: followed by a blank line (spaces and tabs only).
_PARAGRAPH_END = re.compile(r"\n(?=[ \t]*\n)")


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of paragraphs: blank-line separated, then cut at headings, notice sections, length."""
    spans: list[tuple[int, int]] = []
    # The paragraphs are the runs of text between newlines that end one (the newline itself left
    # out): what matching (?:[^\n]|\n(?![ \t]*\n))+ gives, without testing every character.
    start = 0
    for m in _PARAGRAPH_END.finditer(text):
        if m.start() > start:
            spans.extend(_cut(text, start, m.start()))
        start = m.end()
    if len(text) > start:
        spans.extend(_cut(text, start, len(text)))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    chunk = text[start:end]
    return start + (len(chunk) - len(chunk.lstrip())), end - (len(chunk) - len(chunk.rstrip()))


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    # Split before headings and notice section codes, then keep passages under MAX_CHARS by
    # cutting at line ends that close a sentence (or at any line end if none).
    cuts = {start, end}
    offset = start
    for line in text[start:end].split("\n"):
        if offset > start and _HEADING.match(line) and len(line) < 160:
            cuts.add(offset)
        offset += len(line) + 1
    # Section codes inside a line (not at its start); a code holds no newline, so one search over
    # the block finds what a search of each line finds.
    for m in _NOTICE_SECTION.finditer(text, start, end):
        if m.start() > start and text[m.start() - 1] != "\n":
            cuts.add(m.start())
    bounds = sorted(c for c in cuts if start <= c <= end)
    out: list[tuple[int, int]] = []
    for s, e in zip(bounds, bounds[1:]):
        out.extend(_limit(text, s, e))
    return out


def _limit(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_CHARS:
        return [(start, end)]
    window = text[start : start + MAX_CHARS]
    best = -1
    for m in re.finditer(r"\n", window):
        if _SENTENCE_END.search(window[: m.start()]):
            best = m.start()
    if best < MAX_CHARS // 3:
        best = window.rfind("\n")
    if best < MAX_CHARS // 3:
        best = max(window.rfind(". "), window.rfind(" "))
        best = best + 1 if best > 0 else MAX_CHARS
    return [(start, start + best)] + _limit(text, start + best, end)
