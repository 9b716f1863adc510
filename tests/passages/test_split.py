"""Passages cover the text with exact offsets, stay paragraph-sized and know their section."""

from __future__ import annotations

import pytest

from analyzer.documents import read_document
from analyzer.documents.model import Document
from analyzer.passages import for_nlp, split_passages
from analyzer.passages.split import MAX_CHARS
from tests.conftest import GRENOBLE_DCE, notice


@pytest.mark.corpus
def test_passage_text_is_the_document_text_at_its_offsets() -> None:
    doc = read_document(GRENOBLE_DCE / "CCAP_2026FCSSA0025.pdf")
    passages = split_passages(doc)
    assert len(passages) > 50
    assert all(doc.text[p.start : p.end] == p.text for p in passages)
    assert all(len(p.text) <= MAX_CHARS for p in passages)


@pytest.mark.corpus
def test_passage_remembers_page_and_section() -> None:
    doc = read_document(GRENOBLE_DCE / "CCAP_2026FCSSA0025.pdf")
    p = next(p for p in split_passages(doc) if "éléments à caractère environnemental" in p.text)
    assert p.page == 9
    assert p.section.startswith("10 - Développement durable")


@pytest.mark.corpus
def test_notice_sections_start_new_passages() -> None:
    doc = read_document(notice("35593402"))
    sections = [p.text.split(")")[0] for p in split_passages(doc) if p.text.startswith(("II.2.5", "III.1.5"))]
    assert "II.2.5" in sections


def test_long_block_without_blank_lines_is_cut_under_the_limit() -> None:
    text = "\n".join(f"Ligne {i} du cahier des charges qui continue sans point final" for i in range(200))
    doc = Document.from_page_texts("long.txt", [text], paged=False)
    passages = split_passages(doc)
    assert len(passages) > 1
    assert all(len(p.text) <= MAX_CHARS for p in passages)
    assert "".join(p.text for p in passages).replace("\n", "") == text.replace("\n", "")


def test_nlp_view_keeps_offsets_and_maps_typographic_apostrophes() -> None:
    text = "l’insertion\u00a0professionnelle\nd’emploi"
    assert for_nlp(text) == "l'insertion professionnelle d'emploi"
    assert len(for_nlp(text)) == len(text)


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_plain_contents_lines_are_contents_passages_and_the_body_after_them_is_not(gap: str) -> None:
    lines = ["1 Objet du marché 3", "2 Pièces contractuelles 4", "5 Clause sociale d'insertion 9", "6 Gestion des déchets de chantier 11"]
    text = "SOMMAIRE\n\n" + gap.join(lines) + "\n\n5 Clause sociale d'insertion\nLe titulaire réalise 300 heures d'insertion.\n"
    passages = split_passages(Document.from_page_texts("CCAP.txt", [text], paged=False, kind="CCAP"))
    contents = [p for p in passages if "Objet du marché" in p.text or " 9" in p.text or " 11" in p.text]
    assert contents and all(p.position == "toc" for p in contents)
    (body,) = [p for p in passages if "300 heures" in p.text]
    assert body.position == "body" and body.heading_path == ("5 Clause sociale d'insertion",)
