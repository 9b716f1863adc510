"""The Excel scorecard (openpyxl): French headers, one sheet per view, frozen header rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analyzer.scoring.targets import Profile

SCORE_HEADERS = {
    "buyer": "Acheteur",
    "buyer_siret": "SIRET",
    "tenders": "Marchés analysés",
    "share_social": "% avec considération sociale",
    "share_environmental": "% avec considération environnementale",
    "share_social_and_environmental": "% avec les deux",
    "share_env_criterion": "% avec critère environnemental",
    "share_reserved": "% réservés",
    "share_recycled_or_reuse": "% exigeant réemploi ou recyclé",
    "targets_met": "Cibles atteintes",
    "targets_total": "Cibles",
    "all_targets_met": "Toutes les cibles atteintes",
}
TENDER_HEADERS = {
    "tender_id": "Marché",
    "buyer": "Acheteur",
    "buyer_siret": "SIRET",
    "documents": "Documents",
    "documents_unread": "Documents illisibles",
    "considerations_sociales": "Considérations sociales",
    "considerations_environnementales": "Considérations environnementales",
    "env_criterion_weight_pct": "Poids critère environnemental (%)",
    "social_criterion_weight_pct": "Poids critère social (%)",
    "insertion_hours": "Heures d'insertion",
    "insertion_hours_per_eur": "… par tranche de (€)",
    "label_required": "Label exigé",
    "recycled_or_reuse": "Réemploi / recyclé",
    "legal_risks": "Risques juridiques",
    "findings": "Constats",
    "errors": "Erreurs",
}
_OK = PatternFill("solid", fgColor="D9EAD3")
_KO = PatternFill("solid", fgColor="F4CCCC")


def write_workbook(
    path: Path, scores: pd.DataFrame, tenders: pd.DataFrame, findings: pd.DataFrame, errors: pd.DataFrame, profile: Profile
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tableau de bord"
    ws.append([f"Cibles : {profile.fr}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"Source : {profile.source}"])
    for t in profile.targets:
        ws.append([f"• {t.fr} : au moins {t.min_pct:g} %" + (f" ({t.note})" if t.note else "")])
    ws.append([])
    header_row = ws.max_row + 1
    cols = [c for c in SCORE_HEADERS if c in scores.columns]
    meets = {t.metric: f"meets:{t.metric}" for t in profile.targets}
    ws.append([SCORE_HEADERS[c] for c in cols])
    for _, row in scores.iterrows():
        ws.append([_cell(row[c]) for c in cols])
        r = ws.max_row
        for metric, flag in meets.items():
            if metric in cols:
                ws.cell(r, cols.index(metric) + 1).fill = _OK if bool(row[flag]) else _KO
    _style(ws, header_row)
    _sheet(wb, "Marchés", tenders, TENDER_HEADERS)
    _sheet(wb, "Constats", findings, {})
    _sheet(wb, "Erreurs", errors, {"tender_id": "Marché", "file": "Fichier", "error": "Erreur"})
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _sheet(wb: Workbook, title: str, df: pd.DataFrame, headers: dict[str, str]) -> None:
    ws = wb.create_sheet(title)
    cols = list(df.columns)
    ws.append([headers.get(c, c) for c in cols])
    for row in df.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    _style(ws, 1)


def _cell(v: object) -> object:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return None
    if isinstance(v, (list, tuple)):
        return "; ".join(map(str, v))
    if hasattr(v, "item"):
        return v.item()
    return v


def _style(ws, header_row: int) -> None:  # noqa: ANN001 - openpyxl worksheet
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    for i, col in enumerate(ws.iter_cols(min_row=header_row, max_row=min(ws.max_row, header_row + 200)), start=1):
        width = max((len(str(c.value)) for c in col if c.value is not None), default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))


FINDING_HEADERS = {
    "instrument": "Instrument",
    "label": "Clause",
    "decp_value": "Valeur DECP",
    "file": "Fichier",
    "page": "Page",
    "quote": "Citation",
    "score": "Score",
    "facts": "Faits",
    "explanation": "Pourquoi",
    "negated": "Absence déclarée",
}


def write_tender_workbook(path: Path, result) -> Path:  # noqa: ANN001 - a TenderResult
    """One tender, for the officer who checks a draft: summary and obligations, clauses with quotes, documents."""
    from analyzer.detection.taxonomy import default_taxonomy
    from analyzer.scoring.obligations import check_obligations

    taxonomy = default_taxonomy()
    wb = Workbook()
    ws = wb.active
    ws.title = "Synthèse"
    ws.append([f"Marché : {result.tender_id}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Acheteur", result.buyer.name if result.buyer else "non identifié"])
    ws.append(["Considérations sociales", "; ".join(result.considerations_sociales) or "aucune"])
    ws.append(["Considérations environnementales", "; ".join(result.considerations_environnementales) or "aucune"])
    f = result.facts
    for label, value in [
        ("Poids du critère environnemental (%)", f.env_criterion_weight_pct),
        ("Poids du critère social (%)", f.social_criterion_weight_pct),
        ("Heures d'insertion", f.insertion_hours),
        ("… par tranche de (€)", f.insertion_hours_per_eur),
        ("Label exigé", "oui" if f.label_required else "non"),
        ("Réemploi ou recyclé exigé", "oui" if f.recycled_or_reuse else "non"),
        ("Pénalités", "; ".join(f.penalties)),
        ("Articles cités", "; ".join(f.legal_articles)),
        ("Risques juridiques", "; ".join(f.legal_risks)),
    ]:
        ws.append([label, value])
    ws.append([])
    header_row = ws.max_row + 1
    ws.append(["Obligation ou cible", "Respectée", "Base", "À partir du"])
    for c in check_obligations(result.considerations_sociales + result.considerations_environnementales):
        ws.append([c.fr, "oui" if c.met else "non", c.legal_basis, c.applies_from])
        ws.cell(ws.max_row, 2).fill = _OK if c.met else _KO
    _style(ws, header_row)
    rows = [
        {
            "instrument": taxonomy.instruments[x.instrument].fr,
            "label": taxonomy.labels[x.label].fr,
            "decp_value": x.decp_value,
            "file": x.file,
            "page": x.page,
            "quote": " ".join(x.quote.split()),
            "score": round(x.score, 2),
            "facts": "; ".join(f"{k}: {v}" for k, v in x.facts.items()),
            "explanation": x.explanation,
            "negated": "oui" if x.negated else "non",
        }
        for x in result.findings + result.negatives
    ]
    _sheet(wb, "Clauses", pd.DataFrame(rows, columns=list(FINDING_HEADERS)), FINDING_HEADERS)
    docs = pd.DataFrame(
        [
            {"file": d.file, "kind": d.kind, "pages": d.page_count, "chars": d.chars, "error": d.error, "warnings": "; ".join(d.warnings)}
            for d in result.documents
        ]
    )
    _sheet(
        wb,
        "Documents",
        docs,
        {"file": "Fichier", "kind": "Type", "pages": "Pages", "chars": "Caractères", "error": "Erreur", "warnings": "Avertissements"},
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
