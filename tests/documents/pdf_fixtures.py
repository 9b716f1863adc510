"""Small PDFs, one per construct the reader must handle, built with tests.fixtures.documents."""

from __future__ import annotations

from tests.fixtures.documents import Line, PdfPage, Text, build_pdf, render_text_image, text_lines

LEFT = [
    "Article 1 - Objet. Le présent marché porte",
    "sur l’entretien des espaces verts de la",
    "commune et la gestion des déchets verts.",
    "Le titulaire met en œuvre une démarche",
    "d'insertion pro-",
    "fessionnelle et d'éco-",
    "conception des produits utilisés.",
    "FIN DE LA COLONNE GAUCHE.",
]
RIGHT = [
    "Article 2 - Durée. Le marché est conclu",
    "pour une durée de quatre ans à compter",
    "de sa notification au titulaire, sans",
    "reconduction possible.",
    "Article 3 - Prix. Les prix sont fermes",
    "et définitifs pour toute la durée.",
    "Ceci est la fin de la seconde colonne",
    "FIN DE LA COLONNE DROITE.",
]
HEADER = "Commune de Saint-Exemple - CCAP espaces verts"


def _interleaved(left: list[str], right: list[str], top: float = 700) -> list[Text]:
    # Written row by row across both columns, as some producers do: pdfium's raw text then
    # alternates between the columns.
    out: list[Text] = []
    for i, (a, b) in enumerate(zip(left, right)):
        out += [Text(60, top - 14 * i, a), Text(320, top - 14 * i, b)]
    return out


def two_columns() -> bytes:
    return build_pdf([PdfPage(texts=[Text(60, 780, "CAHIER DES CLAUSES ADMINISTRATIVES", 12)] + _interleaved(LEFT, RIGHT))])


def _column_by_column(left: list[str], right: list[str], top: float = 700) -> list[Text]:
    # Written as most producers do: the whole left column, then the right one.
    return text_lines(60, top, left) + text_lines(320, top, right)


def two_columns_in_order() -> bytes:
    """Two columns written column by column: pdfium's text already reads in order."""
    return build_pdf([PdfPage(texts=[Text(60, 780, "CAHIER DES CLAUSES ADMINISTRATIVES", 12)] + _column_by_column(LEFT, RIGHT))])


def two_columns_footer_first(pages: int = 3, running: bool = True) -> bytes:
    """Two-column pages whose footer is written before the body (pdfium reads it first); the
    footer repeats on every page when `running`, else it is a different line on each page."""
    out = []
    words = ["alpha", "bravo", "charlie", "delta"]
    for n in range(1, pages + 1):
        footer = f"Page {n} sur {pages} - CCAP espaces verts" if running else f"Note {words[n - 1]} : une remarque"
        # Every line names its page: body lines that repeat across pages would look like running lines.
        body = _column_by_column([f"{line} {words[n - 1]}" for line in LEFT], [f"{line} {words[n - 1]}" for line in RIGHT])
        out.append(PdfPage(texts=[Text(250, 30, footer, 9), Text(60, 780, f"CAHIER {words[n - 1]}", 12)] + body))
    return build_pdf(out)


def ruled_text_without_table() -> bytes:
    """Label and value rows (two cells a row) under horizontal and vertical rules that draw no
    grid of cells: a table hint, but no table, and pdfium reads it in order."""
    rows = [("Durée du marché", "4 ans"), ("Lieu d'exécution", "Saint-Exemple"), ("Reconduction", "Aucune")]
    texts = [Text(60, 760, "Article 2 - Caractéristiques")]
    for r, (label, value) in enumerate(rows):
        texts += [Text(60, 730 - 20 * r, label), Text(300, 730 - 20 * r, value)]
    texts += text_lines(60, 640, ["Le titulaire s'engage à respecter ces caractéristiques."])
    # Separate rules, far apart: underlines under the title and margin marks, no cells.
    lines = [Line(60, 755, 250, 755), Line(60, 600, 250, 600), Line(400, 590, 540, 590)]
    lines += [Line(30, 700, 30, 760), Line(30, 560, 30, 620), Line(565, 400, 565, 460)]
    return build_pdf([PdfPage(texts=texts, lines=lines)])


def running_header_footer(pages: int = 4) -> bytes:
    out = []
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
    for n in range(1, pages + 1):
        body = text_lines(60, 720, [f"Corps de la page {words[n - 1]}.", f"Le texte propre à la page {words[n - 1]} continue ici."])
        out.append(PdfPage(texts=[Text(60, 805, HEADER, 9)] + body + [Text(250, 30, f"Page {n} sur {pages}", 9)]))
    return build_pdf(out)


def hyphenated() -> bytes:
    return build_pdf(
        [
            PdfPage(
                texts=text_lines(
                    60, 780, ["Le titulaire favorise l'insertion pro-", "fessionnelle et l'éco-", "conception des emballages."]
                )
            )
        ]
    )


def ligature() -> bytes:
    return build_pdf(
        [PdfPage(texts=text_lines(60, 780, ["Les produits bénéﬁcient d'un proﬁl écolabel", "et la ﬂotte de véhicules est propre."]))]
    )


def apostrophe() -> bytes:
    return build_pdf([PdfPage(texts=text_lines(60, 780, ["L’entreprise s’engage à réserver des heures d’insertion."]))])


def criteria_table() -> bytes:
    rows = [
        ("Critère", "Pondération", "Note"),
        ("Prix", "60 %", "60"),
        ("Valeur technique", "30 %", "30"),
        ("Performance environnementale", "10 %", "10"),
    ]
    xs, top, height = [60, 260, 400, 500], 700, 20
    texts = [Text(60, 760, "Article 5 - Critères de jugement des offres")]
    lines = []
    for r, row in enumerate(rows):
        y = top - r * height
        texts += [Text(xs[c] + 4, y - 14, cell) for c, cell in enumerate(row)]
    for r in range(len(rows) + 1):
        lines.append(Line(xs[0], top - r * height, xs[-1], top - r * height))
    for x in xs:
        lines.append(Line(x, top, x, top - len(rows) * height))
    texts += text_lines(60, 580, ["Les offres sont classées par ordre décroissant."])
    return build_pdf([PdfPage(texts=texts, lines=lines)])


def _two_column_ruled_table(rows: list[tuple[str, str]]) -> bytes:
    """A one-page PDF with a ruled table of two columns, one row per pair."""
    xs, top, height = [60, 300, 500], 700, 20
    texts, lines = [], []
    for r, row in enumerate(rows):
        texts += [Text(xs[c] + 4, top - r * height - 14, cell) for c, cell in enumerate(row)]
    for r in range(len(rows) + 1):
        lines.append(Line(xs[0], top - r * height, xs[-1], top - r * height))
    for x in xs:
        lines.append(Line(x, top, x, top - len(rows) * height))
    return build_pdf([PdfPage(texts=texts, lines=lines)])


def two_rows_table() -> bytes:
    """A two-cell table: label and value ("Clauses sociales : Sans")."""
    return _two_column_ruled_table([("Clauses sociales", "Sans"), ("Clauses environnementales", "Avec"), ("Durée", "6 mois")])


SCANNED_LINES = ["CLAUSE SOCIALE D INSERTION", "Le titulaire reserve 500 heures", "a des personnes eloignees de l emploi."]


def image_only(with_text_page: bool = True) -> bytes:
    pages = [PdfPage(texts=text_lines(60, 780, ["Une page de texte ordinaire, lisible sans OCR."]))] if with_text_page else []
    return build_pdf(pages + [PdfPage(images=[render_text_image(SCANNED_LINES, scale=3)])])


def garbled() -> bytes:
    junk = "(cid:12)(cid:34)(cid:56)(cid:78)(cid:90)(cid:11) (cid:3)(cid:4)(cid:5)"
    return build_pdf(
        [PdfPage(texts=text_lines(60, 780, ["Page lisible avant la page illisible."]))] + [PdfPage(texts=text_lines(60, 780, [junk] * 6))]
    )


def encrypted() -> bytes:
    return build_pdf([PdfPage(texts=text_lines(60, 780, ["Document confidentiel."]))], user_password="secret")


def blank() -> bytes:
    return build_pdf([PdfPage(), PdfPage()])


def accented_capitals_table() -> bytes:
    """A ruled table whose cells hold capitals with accents (taller glyphs than their line)."""
    return _two_column_ruled_table([("CRITÈRE ÉNONCÉ", "PONDÉRATION À 10 %"), ("Prix", "60 %"), ("ÉCO-CONCEPTION", "Évaluée")])
