"""Excel workbooks (openpyxl), with French headers from analyzer/data/columns.yaml: the audit scorecard (dashboard with
native charts, one table per view, method; conditional formatting, a filter and frozen headers on every table) and the
one-tender check."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from analyzer.facts.tender import TenderResult
from analyzer.reports.fast_sheet import FastSheet
from analyzer.reports.scorecard_labels import french_value, target_headers, value_labels
from analyzer.reports.tables import excel_value, header

_OK = PatternFill("solid", fgColor="D9EAD3")
_KO = PatternFill("solid", fgColor="F4CCCC")
_GREY = PatternFill("solid", fgColor="E7E6E6")
_STYLE = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)


EXCEL_MAX_ROWS = 1_048_576  # rows of an Excel sheet: a longer table is cut there, with a note naming its CSV file
_WIDTH_ROWS = 200  # rows read to size a column


class _Book:
    """A write-only workbook (rows go to disk as they are written, so a sheet of a national audit does not
    sit in memory) and the count of its tables, whose names must be unique."""

    def __init__(self) -> None:
        self.wb = Workbook(write_only=True)
        self.tables = 0

    def sheet(self, title: str) -> FastSheet:
        """A new sheet at the end, as `Workbook.create_sheet` adds one, that writes its tables' rows in batches."""
        ws = FastSheet(parent=self.wb, title=title)
        self.wb._add_sheet(ws)
        return ws


def write_workbook(path: Path, card, stored) -> Path:  # noqa: ANN001 - Scorecard, ScratchAudit
    """The scorecard workbook: dashboard with charts, per year, shares, declared vs found, tenders, findings, method.

    The tenders, findings and errors sheets are streamed from the audit's database a chunk at a time."""
    p = card.profile
    book = _Book()
    ws = book.sheet("Tableau de bord")
    prelude = [[_cell(ws, f"Profil : {p.fr}", font=Font(bold=True, size=13))], [f"Source : {p.source}"]]
    prelude.append([f"Années : {card.year or 'toutes'} ; champ : {p.scope.describe_fr()} ; échantillon minimal : {card.min_tenders} marchés"])
    for t in p.targets:
        goal = f"au moins {t.min_pct:g} %" if t.min_pct is not None else "indicateur, sans cible chiffrée"
        prelude.append([f"• {t.fr} : {goal}" + (f" ({t.note})" if t.note else "")])
    cols = ["rank", "entity_name", "entity_kind", "status", "tenders_found", "tenders_read", "tenders_unreadable", "tenders_scored"]
    cols += [t.metric for t in p.targets] + ["targets_met", "targets_total", "baseline_year", "baseline_social_pct", "baseline_environmental_pct"]
    cols += ["spaser_required", "legal_risks"]
    headers = target_headers(p)
    ent = card.entities
    frame = ent[[c for c in cols if c in ent.columns]] if len(ent) else pd.DataFrame(columns=cols)
    first = len(prelude) + 1
    last = _table(book, ws, list(frame.columns), _frame_rows(frame), headers, "Classement", prelude=prelude, freeze=True)
    for t in p.targets:
        if t.metric in frame.columns and t.min_pct is not None and last > first:
            letter = get_column_letter(list(frame.columns).index(t.metric) + 1)
            rng = f"{letter}{first + 1}:{letter}{last}"
            ws.conditional_formatting.add(rng, CellIsRule(operator="greaterThanOrEqual", formula=[str(t.min_pct)], fill=_OK))
            ws.conditional_formatting.add(rng, CellIsRule(operator="lessThan", formula=[str(t.min_pct)], fill=_KO))
    if "status" in frame.columns and last > first:
        letter = get_column_letter(list(frame.columns).index("status") + 1)
        ws.conditional_formatting.add(
            f"A{first + 1}:{get_column_letter(len(frame.columns))}{last}",
            FormulaRule(formula=[f'${letter}{first + 1}<>"classé"'], fill=_GREY),
        )
    _charts(book, ws, card, last + 2)
    by_year = card.by_year
    _sheet_table(book, "Par année", by_year[[c for c in ["year", *cols[1:]] if c in by_year.columns]] if len(by_year) else by_year, headers)
    _sheet_table(book, "Parts et couverture", card.shares.drop(columns=["metric"], errors="ignore"), {})
    _sheet_table(book, "Déclaré et trouvé", card.reconciliation, {})
    if len(card.agec):
        _sheet_table(book, "AGEC", card.agec, {})
    table = card.table
    tender_cols = [c for c in table.columns if not c.startswith("applies:")]
    tender_rows = (r for chunk in table.chunks(tender_cols) for r in _frame_rows(chunk))
    _sheet_rows(book, "Marchés", tender_cols, tender_rows, "scoring_tenders.csv")
    finding_cols = stored.columns("findings")
    _sheet_rows(book, "Constats", finding_cols, stored.rows("findings", finding_cols), "findings.csv (et findings.parquet)")
    error_cols = stored.columns("errors")
    _sheet_rows(book, "Erreurs", error_cols, stored.rows("errors", error_cols), "errors.csv")
    _method(book, card, stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.wb.save(path)
    return path


def _frame_rows(df: pd.DataFrame) -> Iterator[list]:
    """The rows of a frame as lists of plain values (pandas' missing values as None)."""
    cols = list(df.columns)
    if not cols or not len(df):
        return iter(())
    return (list(row) for row in zip(*(df[c].tolist() for c in cols), strict=True))


def _charts(book: _Book, ws, card, anchor_row: int) -> None:  # noqa: ANN001
    """Native charts: shares against target per city, and the trend per year. Their data sit on a sheet of their own."""
    p = card.profile
    counted = [t for t in p.targets if t.min_pct is not None]
    if not counted:
        return
    data = book.sheet("Données des graphiques")
    cities = card.entities
    cities = cities[cities["entity_kind"] == "commune"] if len(cities) else cities
    if len(cities) == 0 and len(card.entities):
        cities = card.entities
    cities = cities.head(20)
    header = ["Ville"] + [f"% {t.fr}" for t in counted] + [f"Cible : {t.fr}" for t in counted]
    rows = [[r["entity_name"]] + [r.get(t.metric) for t in counted] + [t.min_pct for t in counted] for r in cities.to_dict("records")]
    n = len(rows)
    overall = card.overall_by_year
    parts = [(header, rows, "DonneesVilles")]
    start = n + 4
    yheader, yrows = [], []
    if len(overall):
        yheader = ["Année"] + [f"% {t.fr}" for t in counted] + ["Référence nationale % social", "Référence nationale % environnemental"]
        yrows = [[int(r["year"])] + [r.get(t.metric) for t in counted] + [r.get("baseline_social_pct"), r.get("baseline_environmental_pct")] for r in overall.to_dict("records")]
        parts.append((yheader, yrows, "DonneesAnnees"))
    # A write-only sheet takes its column widths before its first row: the second table's widths win, as they would if set after.
    widths: dict[int, float] = {}
    for h, r, _ in parts:
        widths.update(_widths(_titles(h, {}), [_cells(h, x) for x in r[:_WIDTH_ROWS]]))
    _table(book, data, header, iter(rows), {}, "DonneesVilles", widths=widths, freeze=True)
    if yrows:
        for _ in range(start - 1 - (1 + n)):
            data.append([])
        _table(book, data, yheader, iter(yrows), {}, "DonneesAnnees", first_row=start, widths={})
    if n:
        bar = BarChart()
        bar.type = "col"
        bar.title = "Parts mesurées et cibles, par ville"
        bar.y_axis.title = "%"
        bar.y_axis.scaling.min, bar.y_axis.scaling.max = 0, 100
        bar.add_data(Reference(data, min_col=2, max_col=1 + len(counted), min_row=1, max_row=1 + n), titles_from_data=True)
        bar.set_categories(Reference(data, min_col=1, min_row=2, max_row=1 + n))
        line = LineChart()
        line.add_data(Reference(data, min_col=2 + len(counted), max_col=1 + 2 * len(counted), min_row=1, max_row=1 + n), titles_from_data=True)
        bar += line
        bar.height, bar.width = 9, 22
        ws.add_chart(bar, f"A{anchor_row}")
    if yrows:
        trend = LineChart()
        trend.title = "Évolution par année de publication (tous les marchés audités)"
        trend.y_axis.title = "%"
        trend.y_axis.scaling.min, trend.y_axis.scaling.max = 0, 100
        trend.add_data(Reference(data, min_col=2, max_col=len(yheader), min_row=start, max_row=start + len(yrows)), titles_from_data=True)
        trend.set_categories(Reference(data, min_col=1, min_row=start + 1, max_row=start + len(yrows)))
        trend.height, trend.width = 9, 22
        ws.add_chart(trend, f"A{anchor_row + 20}")


def _method(book: _Book, card, stored) -> None:  # noqa: ANN001
    from analyzer.reports.site.method import method_sections

    ws = book.sheet("Méthode")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 120
    _freeze(ws, 1)
    ws.append(["Rubrique", "Contenu"])
    last = 1
    wrap = Alignment(wrap_text=True, vertical="top")
    for title, lines in method_sections(card, stored):
        for line in lines:
            ws.append([title, _cell(ws, line, alignment=wrap)])
            last += 1
    _add_table(ws, "Methode", f"A1:B{last}", ["Rubrique", "Contenu"])
    book.tables += 1


def _n(v: int) -> str:
    return f"{v:,}".replace(",", " ")


def _cell(ws, value: object, font: Font | None = None, alignment: Alignment | None = None) -> WriteOnlyCell:  # noqa: ANN001
    """A styled cell of a write-only sheet."""
    cell = WriteOnlyCell(ws, value)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _titles(cols: list[str], headers: dict[str, str]) -> list[str]:
    titles, seen = [], set()
    for c in cols:
        title = str(headers.get(c) or header(c))
        while title in seen:  # Excel tables need distinct headers
            title += " "
        seen.add(title)
        titles.append(title)
    return titles


def _cells(cols: list[str], row: list) -> list:
    return _row_cells(cols)(row)


def _row_cells(cols: list[str]) -> Callable[[list], list]:
    """What turns a row of `cols` into the values of its cells (`_cell_value` of each column, chosen once):
    a sheet of a big audit has millions of cells, most of them plain strings and numbers."""
    convert = [_cell_value(c) for c in cols]

    def cells(row: list) -> list:
        return [f(v) for f, v in zip(convert, row, strict=True)]

    return cells


def _cell_value(col: str) -> Callable[[object], object]:
    """A column's cell value: `excel_value(french_value(col, excel_value(v)))`, with a short way for the most
    common values: a str (a coded column's takes its label), an int, a float that is not NaN, a missing value
    (None) and a bool (oui / non)."""
    labels = value_labels(col)

    def value(v: object) -> object:
        kind = type(v)
        if kind is str:
            return labels.get(v, v) if labels is not None else v
        if kind is int or (kind is float and v == v):
            return v
        if v is None or v is pd.NA:
            return None
        if kind is bool:
            word = "oui" if v else "non"
            return labels.get(word, word) if labels is not None else word
        return excel_value(french_value(col, excel_value(v)))

    return value


def _widths(titles: list[str], sample: list[list]) -> dict[int, float]:
    """Column widths from the headers and the first rows, as Excel shows them (10 to 60 characters)."""
    out = {}
    for j, title in enumerate(titles):
        width = max([len(title) // 2] + [len(str(r[j] or "")) for r in sample])
        out[j + 1] = min(60, max(10, width + 2))
    return out


def _add_table(ws, name: str, ref: str, titles: list[str]) -> None:  # noqa: ANN001
    """An Excel table whose columns are named here: a write-only sheet cannot read its header back
    (openpyxl warns that it must be so, and it is)."""
    table = Table(displayName=name, ref=ref, tableStyleInfo=_STYLE)
    table._initialise_columns()
    for col, title in zip(table.tableColumns, titles, strict=True):
        col.name = title
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "In write-only mode you must add table columns manually")
        ws.add_table(table)


def _table(
    book: _Book,
    ws: FastSheet,
    cols: list[str],
    rows: Iterable[list],
    headers: dict[str, str],
    name: str,
    first_row: int = 1,
    prelude: list[list] | None = None,
    widths: dict[int, float] | None = None,
    pointer: str | None = None,
    freeze: bool = False,
) -> int:
    """Write the rows at `first_row` (after the `prelude` rows) as an Excel table (its own filter), with French
    headers and display values; returns its last row. Past Excel's last row the table stops, and a note
    below it says how many rows are left out and which file holds them all (`pointer`)."""
    titles = _titles(cols, headers)
    rows = iter(rows)
    cells = _row_cells(cols)
    sample = [cells(r) for r in itertools.islice(rows, _WIDTH_ROWS)]
    if widths is None:
        widths = _widths(titles, sample)
    for j, width in widths.items():  # before the first row: a write-only sheet needs it so
        ws.column_dimensions[get_column_letter(j)].width = width
    if prelude:
        first_row = len(prelude) + 1
    if freeze:  # before the first row too: a write-only sheet writes its view first
        _freeze(ws, first_row)
    if prelude:
        for line in prelude:
            ws.append(line)
    bold, top = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    ws.append([_cell(ws, t, font=bold, alignment=top) for t in titles])
    room = EXCEL_MAX_ROWS - first_row - (1 if pointer else 0)
    n = 0
    every = itertools.chain(sample, map(cells, rows))

    def kept() -> Iterator[list]:
        nonlocal n
        for row in itertools.islice(every, room if room >= 0 else None):  # a prelude past the limit: no cut, as before
            n += 1
            yield row

    ws.append_rows(kept())
    left = sum(1 for _ in every)
    if left:
        ws.append([f"… {_n(left)} ligne{'s' if left > 1 else ''} de plus, au-delà de la limite d'Excel ({_n(EXCEL_MAX_ROWS)} lignes) : toutes dans {pointer}."])
    last = first_row + max(n, 1)
    if cols:
        # Table names must be unique in the workbook and plain ASCII.
        book.tables += 1
        _add_table(ws, f"{name}{book.tables}", f"A{first_row}:{get_column_letter(len(cols))}{last}", titles)
    return first_row + n


def _sheet_table(book: _Book, title: str, df: pd.DataFrame, headers: dict[str, str]) -> None:
    ws = book.sheet(title)
    _table(book, ws, list(df.columns), _frame_rows(df), headers, "T", freeze=True)


def _sheet_rows(book: _Book, title: str, cols: list[str], rows: Iterable[list], pointer: str) -> None:
    ws = book.sheet(title)
    _table(book, ws, cols, rows, {}, "T", pointer=pointer, freeze=True)


def _freeze(ws, header_row: int) -> None:  # noqa: ANN001
    ws.freeze_panes = f"A{header_row + 1}"


def write_tender_workbook(path: Path, result: TenderResult) -> Path:
    """One tender, for the officer who checks a draft: the workbook of `clauses check --xlsx`
    (analyzer/reports/check_workbook.py), its obligations checked from the documents alone."""
    from analyzer.reports.check_workbook import write_check_workbook
    from analyzer.scoring.obligations import check_tender

    return write_check_workbook(path, result, check_tender(result))
