"""The one-search-per-page forms of split and structure find what the line-by-line definitions find.

Each reference below is the plain definition (a match per line, a walk over the headings, a search
of the text before each newline); the near misses are the texts where a page-wide search could
drift from it: heading-like lines of 160 characters or more, section codes inside a line or after
a letter, runs of five roman letters, leaders on indented lines, form fields, carriage returns.
"""

from __future__ import annotations

import re

import pytest

from analyzer.documents.model import Document
from analyzer.passages import split, structure
from analyzer.passages.split import MAX_CHARS, split_passages

NEAR_MISSES = [
    "ARTICLE 5 CLAUSES SOCIALES\nLe titulaire s'engage.\n4.5 Insertion professionnelle\nx",
    "Intro\n4.5 " + "Insertion " * 16 + "\nsuite",  # a heading-like line of 163 characters: not a cut
    "Intro\n4.5 " + "a" * 155 + "\nsuite",  # 159 characters: a cut
    "Intro\n" + "4.5 " + "a" * 156 + "\nsuite",  # exactly 160: not a cut
    "Section II.2.5) Critères III.1.5) Conditions\nII.2.4) en début de ligne",
    "codexII.2.5) après une lettre, IIIII.1) cinq lettres, (IV.1) entre parenthèses, VIII.2.13)",
    "Objet :\nObjet : collecte\nCritères d'attribution : \nDescription succincte :\r\nNom: x",
    "CLAUSES ENVIRONNEMENTALES\nCLAUSES\nDÉVELOPPEMENT DURABLE \n## 2. Titre\n#Titre",
    "Préambule\n  4.5 Insertion indentée\n\t10 - Développement durable\n\xa04 - Contenu",
    "1.5 Clause environnementale ........ 10\n4.5.1 Actions d'insertion ……\n3.1.\tLivraison\t8",
    "  a… 3\nNom : ……………\nDénomination sociale : ......\nARTICLE 5 - CLAUSES SOCIALES    12",
    "SOMMAIRE\n1 Objet ....... 3\n2 Durée ....... 4",
    "  Table des matières :\n1 Objet . . . . 3\n2 Durée ···· 4\n3 Prix ____ 5",
    "4.5 Clause sociale 12\n4.6 Clause environnementale   13\n46 avenue Félix Viallet   38",
    "Question n° 1 : x\nRéponse : y\nquestion 2 - z\n\nréponse de l'acheteur : w\nQUESTION:\n",
    "46 avenue Félix Viallet\n38031 GRENOBLE CEDEX 1\nLe titulaire devra\n4 - Contenu\nII.2.5) Critères",
    # a number, a word or a colon alone on its line: what follows on the next line is no part of it
    "Intro\n4.5\nInsertion professionnelle\narticle\n5 suite\n4\n- Contenu\nCritères d'attribution\n:\n1.2\nx\t\n3",
]


def _reference_cuts(text: str) -> list[int]:
    """Cut points of every paragraph of `text`, a match per line (split's definition)."""
    cuts = set()
    start = 0
    spans = []
    for m in split._PARAGRAPH_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if len(text) > start:
        spans.append((start, len(text)))
    for s, e in spans:
        offset = s
        for line in text[s:e].split("\n"):
            if offset > s and split._HEADING.match(line) and len(line) < 160:
                cuts.add(offset)
            offset += len(line) + 1
        cuts.update(m.start() for m in split.NOTICE_SECTION.finditer(text, s, e) if m.start() > s and text[m.start() - 1] != "\n")
    return sorted(cuts)


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_cut_points_are_the_line_by_line_cuts(text: str) -> None:
    assert split._cut_points(text) == _reference_cuts(text)


def test_long_heading_lines_and_codes_after_letters_do_not_cut() -> None:
    assert split._cut_points(NEAR_MISSES[1]) == []
    assert split._cut_points(NEAR_MISSES[2]) == [6]
    assert split._cut_points(NEAR_MISSES[3]) == []
    codes = NEAR_MISSES[5]
    assert [codes[c : c + 6] for c in split._cut_points(codes)] == ["IV.1) ", "VIII.2"]


def _reference_is_toc_block(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return False
    if structure._TOC_TITLE.match(lines[0]):
        return True
    hits = sum(1 for ln in lines if structure.is_toc_line(ln))
    return hits >= 1 and hits * 2 >= len(lines)


@pytest.mark.parametrize("text", [*NEAR_MISSES, *(t.split("\n", 1)[-1] for t in NEAR_MISSES), "", " \n\t\n"])
def test_contents_blocks_are_the_line_by_line_verdict(text: str) -> None:
    assert structure.is_toc_block(text) is _reference_is_toc_block(text)


# Near misses of the tests that rule passages out before the patterns run: a contents line anywhere but the
# first, letters that re.I reads as the first letter of a pattern (the long s, the dotted and dotless i).
RULED_OUT = [
    ("Nom officiel : Ville\nCode postal : 72190\n4.5 Clause sociale 12\n4.6 Clause environnementale 13\n5 Prix 14", "toc"),
    ("Nom : a\nIV.2) Conditions   12\nVille : b", "body"),
    ("Intro\narticle 5 - Clauses sociales\t12", "toc"),
    ("\u017fommaire\n1 Objet 3", "toc"),
    ("\u0130ntro\n\u0130I.1.1) Intitul\u00e9   3", "toc"),
    ("\u0131v.2) x\t9", "body"),
    ("Objet : 12\nLieu : 3", "object"),
    ("Valeur technique : 60\nPrix : 40", "body"),
    ("Nom : ……\nx", "body"),
]


@pytest.mark.parametrize(("text", "position"), RULED_OUT)
def test_passages_that_may_be_contents_are_told_from_those_that_cannot(text: str, position: str) -> None:
    assert structure.position_of(text, ()) == position


def _first_characters(pattern: re.Pattern[str], tails: list[str]) -> set[str]:
    """The characters of the BMP that a match of `pattern` can start with, one of `tails` after them."""
    return {c for c in map(chr, range(0x10000)) if any(pattern.match(c + tail) for tail in tails)}


def test_the_first_characters_tested_before_a_pattern_are_those_it_can_start_with() -> None:
    # A passage is tested against a pattern only when its first character may start a match: every character
    # that can must pass (whitespace does not start a passage's first line, which is stripped).
    title = _first_characters(structure._TOC_TITLE, ["ommaire", "sommaire", "able des matières", "ontents"])
    assert title == set(structure._TOC_TITLE_FIRST) | {c for c in title if c.isspace()}
    numbered = _first_characters(structure._FIRST_NUMBERED_TO_DIGIT, ["rticle 5", "V.1) x 5", " 5"])
    assert all(c in structure._NUMBERED_FIRST or c.isdigit() or c.isspace() for c in numbered)
    obj = _first_characters(structure._OBJECT_LINE, ["bjet :", "ntitulé :", "itre :", "escription succincte :", "I.1.4) x", "hort description :", " objet :"])
    assert obj == {c for c in map(chr, range(0x10000)) if c in structure._OBJECT_FIRST or c.isspace()}


def test_an_indented_leader_line_is_read_with_its_indent() -> None:
    # _TOC_LINE's ".{2,160}?" may take part of the indent: the same line unindented is no contents line.
    assert structure.is_toc_line("  a… 3") and not structure.is_toc_line("a… 3")
    assert structure.is_toc_block("  a… 3\nNom")
    assert not structure.is_toc_block("a… 3\nNom")


def _reference_paths(text: str) -> list[tuple[str, ...]]:
    headings, offset = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and len(stripped) < 160:
            level = structure.heading_level(stripped)
            if level is not None and not structure.is_toc_line(stripped):
                headings.append((level, stripped.lstrip("#").strip(), offset))
        offset += len(line) + 1
    paths = []
    for at in range(len(text) + 1):
        stack: list[tuple[int, str, int]] = []
        for h in headings:
            if h[2] > at:
                break
            while stack and stack[-1][0] >= h[0]:
                stack.pop()
            stack.append(h)
        paths.append(tuple(h[1] for h in stack))
    return paths


@pytest.mark.parametrize("text", ["\n".join(NEAR_MISSES), "4.5 Insertion\n4.5 Insertion\n4 - Contenu\nARTICLE 2 x\n4.5.1.2 Public"])
def test_heading_paths_are_the_walk_over_the_headings(text: str) -> None:
    tree = structure.section_tree(text)
    assert [tree.path_at(at) for at in range(len(text) + 1)] == _reference_paths(text)


@pytest.mark.parametrize("text", [NEAR_MISSES[14], "\n" + NEAR_MISSES[14], "  Question 3 : a\n\n  \nRéponse : b", "Question : a" * 3])
def test_question_answer_items_are_counted_as_findall(text: str) -> None:
    assert structure._qa_items(text) == len(structure._QA_TEXT.findall(text))


def test_qa_documents_need_four_items() -> None:
    assert structure.is_qa_document("RC.pdf", "Question 1 : a\nRéponse : b\nQuestion 2 : c\nRéponse : d")
    assert not structure.is_qa_document("RC.pdf", "Question 1 : a\nRéponse : b\nQuestion 2 : c\nles réponses : d")


_SENTENCE_END = re.compile(r"[.;:!?]\s*$")


@pytest.mark.parametrize(
    "window",
    ["a.\nb\nc", "a. \t\nb;\n \nc", "a\nb\n", "\n.\n", "x" * 10 + ":\u00a0\nend", "a?\n\n\nb", "no newline at all."],
)
def test_last_sentence_line_end_is_the_search_before_each_newline(window: str) -> None:
    expected = -1
    for m in re.finditer(r"\n", window):
        if _SENTENCE_END.search(window[: m.start()]):
            expected = m.start()
    assert split._last_sentence_line_end(window) == expected


def test_long_paragraphs_are_cut_at_sentence_ends_under_the_limit() -> None:
    line = "Le titulaire réalise des heures d'insertion au titre du marché"
    text = "\n".join(f"{line} {i}" + ("." if i % 7 == 0 else "") for i in range(120))
    passages = split_passages(Document.from_page_texts("long.txt", [text], paged=False))
    assert all(len(p.text) <= MAX_CHARS for p in passages)
    assert all(p.text.endswith(".") for p in passages[:-1])  # each cut closes a sentence
    assert [text[p.start : p.end] for p in passages] == [p.text for p in passages]


def test_passages_are_built_with_all_their_fields() -> None:
    doc = Document.from_page_texts("faq.pdf", ["ARTICLE 4 EXÉCUTION\n4.5 Insertion professionnelle\nLe titulaire réalise 35 heures."])
    p = split_passages(doc)[-1]
    assert (p.file, p.kind, p.page, p.section, p.heading_path, p.position) == (
        "faq.pdf",
        doc.kind,
        1,
        "4.5 Insertion professionnelle",
        ("ARTICLE 4 EXÉCUTION", "4.5 Insertion professionnelle"),
        "qa",
    )
    assert p == type(p)(**{f: getattr(p, f) for f in p.__dataclass_fields__})
    assert hash(p) == hash(type(p)(**{f: getattr(p, f) for f in p.__dataclass_fields__}))
