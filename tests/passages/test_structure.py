"""Document structure: contents lines, heading paths, and where a passage stands."""

from __future__ import annotations

import pytest

from analyzer.passages.structure import (
    BODY,
    DOCUMENTS_LIST,
    OBJECT,
    QA,
    TOC,
    heading_level,
    is_qa_document,
    is_toc_block,
    is_toc_line,
    position_of,
    section_tree,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1.5 Clause environnementale ........ 10", True),
        ("4.5.1 Actions d'insertion ……", True),
        ("ARTICLE 5 CLAUSES ENVIRONNEMENTALES.................................................", True),
        ("3.1.\tLivraison\t8", True),  # a Word contents field: tab, page number
        ("10 - Développement durable ....9", True),
        # near misses
        ("4.5 Insertion professionnelle", False),  # a heading, no leader, no page
        ("Nom : ……………………………...…………", False),  # a form field to fill in
        ("Dénomination sociale : ......................................", False),
        ("Le titulaire réalise 35 heures d'insertion par tranche de 100 000 €.", False),
    ],
)
def test_contents_lines(line: str, expected: bool) -> None:
    assert is_toc_line(line) is expected


def test_a_contents_page_is_a_contents_block_and_a_clause_is_not() -> None:
    assert is_toc_block("SOMMAIRE\n1 Objet ....... 3\n2 Durée ....... 4")
    assert is_toc_block("4.5 Clause sociale ....... 12\n4.6 Clause environnementale ....... 13")
    assert not is_toc_block("4.5 Clause sociale\nLe titulaire s'engage à réaliser une action d'insertion.")


@pytest.mark.parametrize(
    ("line", "level"),
    [("4.5.1 Actions d'insertion", 3), ("ARTICLE 5 CLAUSES ENVIRONNEMENTALES", 1), ("II.2.5) Critères d'attribution", 3), ("4 - Contenu", 1)],
)
def test_heading_levels(line: str, level: int) -> None:
    assert heading_level(line) == level


@pytest.mark.parametrize("line", ["46 avenue Félix Viallet", "38031 GRENOBLE CEDEX 1", "Le titulaire devra"])
def test_addresses_and_sentences_are_not_headings(line: str) -> None:
    assert heading_level(line) is None


def test_heading_path_nests_numbered_headings() -> None:
    text = "ARTICLE 4 EXÉCUTION\nx\n4.5 Insertion professionnelle\ny\n4.5.2 Public concerné\nz\nARTICLE 5 CLAUSES ENVIRONNEMENTALES\nw"
    tree = section_tree(text)
    assert tree.path_at(text.index("z")) == ("ARTICLE 4 EXÉCUTION", "4.5 Insertion professionnelle", "4.5.2 Public concerné")
    assert tree.path_at(text.index("w")) == ("ARTICLE 5 CLAUSES ENVIRONNEMENTALES",)


def test_contents_lines_are_not_headings_of_the_tree() -> None:
    text = "1.5 Clause environnementale ........ 10\nLe titulaire trie ses déchets."
    assert section_tree(text).path_at(len(text) - 1) == ()


@pytest.mark.parametrize(
    ("text", "path", "qa", "expected"),
    [
        ("1.5 Clause environnementale ........ 10\n1.6 Clause sociale ........ 11", (), False, TOC),
        ("- le questionnaire RSE (QRSE) propre à chaque lot", ("5 - Présentation des offres", "5.1 - Documents à produire"), False, DOCUMENTS_LIST),
        # near miss: what the holder produces during performance is an obligation
        ("Le titulaire remet le bilan des heures d'insertion.", ("8.8 Documents à produire au cours de l'exécution",), False, BODY),
        ("Objet du marché : collecte des déchets ménagers", (), False, OBJECT),
        ("Les critères environnementaux sont-ils notés ?", (), True, QA),
        ("Le titulaire trie ses déchets de chantier.", ("ARTICLE 5 CLAUSES ENVIRONNEMENTALES",), False, BODY),
    ],
)
def test_positions(text: str, path: tuple[str, ...], qa: bool, expected: str) -> None:
    assert position_of(text, path, qa) == expected


def test_question_answer_documents() -> None:
    assert is_qa_document("DCE/Registre Questions-Reponses_2026.docx", "")
    assert is_qa_document("faq.pdf", "")
    assert not is_qa_document("RC_2026.pdf", "Le règlement de la consultation répond aux questions de forme.")


# A contents page whose leaders were tabs or graphics reads as numbered titles each followed by its page number.
_PLAIN_CONTENTS = "1 Objet du marché 3\n2 Pièces contractuelles 4\n5 Clause sociale d'insertion 9\n6 Conditions d'exécution à caractère environnemental 11"


def test_numbered_titles_with_rising_page_numbers_are_a_contents_block() -> None:
    assert is_toc_block(_PLAIN_CONTENTS)


@pytest.mark.parametrize(
    "text",
    [
        # near misses: a criteria list whose weights rise, a heading that ends with a number, pages that go down
        "1. Environnement : 10\n2. Valeur technique : 30\n3. Prix : 60",
        "1 Performance environnementale 10 %\n2 Valeur technique 30 %\n3 Prix 60 %",
        "4.2 Délai de paiement 30\nLe délai global de paiement est de 30 jours.",
        "1 Objet du marché 9\n2 Pièces contractuelles 4\n3 Clause sociale d'insertion 2",
        "1 Objet du marché 3\n2 Pièces contractuelles 4",  # two lines are too few to tell
    ],
)
def test_numbered_lines_that_are_no_contents(text: str) -> None:
    assert not is_toc_block(text)


def test_plain_contents_lines_are_not_headings_of_the_tree() -> None:
    text = f"SOMMAIRE\n\n{_PLAIN_CONTENTS}\n\nLe présent marché a pour objet le nettoyage des locaux."
    assert section_tree(text).path_at(len(text) - 1) == ()
