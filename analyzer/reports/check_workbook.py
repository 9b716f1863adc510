"""The Excel workbook of `clauses check --xlsx` (openpyxl): obligations first, as in the terminal, then the
summary, the clauses with their quotes and the documents read."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analyzer.facts.tender import TenderFacts, TenderResult
from analyzer.records import flat_row, to_json
from analyzer.reports.contract import penalty_texts
from analyzer.reports.groups import group_findings, shown_text
from analyzer.reports.tables import excel_value, header
from analyzer.scoring.obligations import STATUS_FR, TenderCheck

_FILL = {
    "met": PatternFill("solid", fgColor="D9EAD3"),
    "missing": PatternFill("solid", fgColor="F4CCCC"),
    "cannot_verify": PatternFill("solid", fgColor="FFF2CC"),
    "not_applicable": PatternFill("solid", fgColor="EEEEEE"),
}
FINDING_HEADERS = [
    "Instrument",
    "Clause",
    "Valeur DECP",
    "Fichier",
    "Page",
    "Citation",
    "Occurrences",
    "Score",
    "Faits",
    "Pourquoi",
    "Absence déclarée",
]


def write_check_workbook(path: Path, result: TenderResult, check: TenderCheck) -> Path:
    from analyzer.detection.taxonomy import default_taxonomy

    taxonomy = default_taxonomy()
    wb = Workbook()
    ws = wb.active
    ws.title = "Obligations"
    ws.append(
        [
            "Obligation ou cible",
            "Article",
            "Statut",
            "Pourquoi",
            "Preuve (fichier, page, citation)",
            "À ajouter",
            "Document",
            "Source du modèle",
            "Base",
        ]
    )
    for o in check.obligations:
        best = o.evidence[0] if o.evidence else None
        proof = f"{best.file} p. {best.page or '-'} : « {shown_text(best)} »" if best else ""
        s = o.suggestion
        ws.append(
            [
                o.fr,
                o.article,
                STATUS_FR[o.status],
                o.reason,
                proof,
                s.text if s else None,
                s.document if s else None,
                s.citation if s else None,
                o.legal_basis,
            ]
        )
        ws.cell(ws.max_row, 3).fill = _FILL[o.status]
    _style(ws, 1)
    ws = wb.create_sheet("Synthèse")
    ws.append([f"Marché : {result.tender_id}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Acheteur", result.buyer.name if result.buyer else "non identifié"])
    p = check.procedure
    for label, k in [
        ("Date de lancement", p.launch_date),
        ("Date limite des offres", p.offer_deadline),
        ("Montant estimé (€ HT)", p.amount),
        ("Nature", p.nature),
        ("Type d'acheteur", p.buyer_kind),
    ]:
        value = k.value.isoformat() if hasattr(k.value, "isoformat") else k.value
        ws.append([label, value if k.known else "inconnu", k.source_fr()])
    ws.append(["Considérations sociales", "; ".join(result.considerations_sociales) or "aucune"])
    ws.append(["Considérations environnementales", "; ".join(result.considerations_environnementales) or "aucune"])
    # Every fact of the record, with its French header from analyzer/data/columns.yaml.
    for column, value in flat_row(result.facts, TenderFacts, prefix="facts_").items():
        if column == "facts_penalties":  # typed values, worded for the reader
            value = "; ".join(penalty_texts(result.facts.penalties))
        ws.append([header(column), excel_value(value)])
    _style(ws, 0)
    ws = wb.create_sheet("Clauses")
    ws.append(FINDING_HEADERS)
    for negated, findings in ((False, result.findings), (True, result.negatives)):
        for g in group_findings(findings):
            x = g.best
            ws.append(
                [
                    taxonomy.instruments[x.instrument].fr,
                    "; ".join(dict.fromkeys(taxonomy.labels[label].fr for label in g.labels)),
                    x.decp_value,
                    x.file,
                    x.page,
                    shown_text(x),
                    g.count,
                    round(x.score, 2),
                    "; ".join(f"{k}: {v}" for k, v in to_json(x.facts).items()),
                    x.explanation,
                    "oui" if negated else "non",
                ]
            )
    _style(ws, 1)
    ws = wb.create_sheet("Documents")
    ws.append(["Fichier", "Type", "Pages", "Caractères", "Erreur", "Avertissements"])
    for d in result.documents:
        ws.append([d.file, d.kind, d.page_count, d.chars, d.error, "; ".join(d.warnings)])
    _style(ws, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _style(ws, header_row: int) -> None:  # noqa: ANN001 - openpyxl worksheet
    if header_row:
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
        ws.freeze_panes = ws.cell(header_row + 1, 1)
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, col in enumerate(ws.iter_cols(min_row=1, max_row=min(ws.max_row, 200)), start=1):
        width = max((len(str(c.value)) for c in col if c.value is not None), default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))
