"""`clauses inspect FILE`: how well one document was read, and a picture of a page's detected layout."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from analyzer.cli.errors import existing, usage_error


def inspect(
    file: Path = typer.Argument(..., help="One document: PDF, DOCX, ODT, DOC, MD, TXT, HTML, XML or JSON notice."),
    page: int = typer.Option(None, "--page", "-p", min=1, help="With --png: the page to draw (1-based)."),
    png: Path = typer.Option(
        None, "--png", help="Write the page as a PNG with columns (blue), header/footer bands (red) and tables (green)."
    ),
    resolution: int = typer.Option(100, "--resolution", min=36, max=400, help="PNG resolution in dpi."),
    show_text: bool = typer.Option(False, "--text", help="Also print the text read from the page (or the whole document)."),
) -> None:
    """Show the ingestion report of one document: pages, text per page, OCR, headers and footers removed, tables.

    Use it when the analyzer missed a clause: it shows whether the text was read at all.
    """
    from analyzer.documents import read_document
    from analyzer.documents.report import ingestion_report

    existing(file, "file")
    console = Console()
    doc = read_document(file)
    report = ingestion_report(doc)
    summary = Table(title=f"{doc.file} ({doc.kind})", show_header=False)
    summary.add_column("", style="bold")
    summary.add_column("")
    summary.add_row("error", f"[red]{doc.error}[/red]" if doc.error else "none")
    summary.add_row("pages", str(report.pages if report.pages is not None else "not paged"))
    summary.add_row("pages with text", str(report.pages_with_text))
    summary.add_row("characters", str(doc.chars))
    for label, numbers in (
        ("OCR pages", report.ocr_pages),
        ("unread pages", report.unread_pages),
        ("blank pages", report.blank_pages),
        ("two-column pages", report.column_pages),
        ("pages read for layout", report.layout_pages),
        ("pages already in order", report.ordered_pages),
    ):
        summary.add_row(label, _pages(numbers))
    summary.add_row("tables (rows)", f"{report.tables} ({report.table_rows})")
    summary.add_row("header/footer lines removed", str(report.header_footer_lines_removed))
    for key in ("headers", "footers"):
        values = doc.metadata.get(key) or []
        summary.add_row(key, "\n".join(str(v) for v in values) or "-")  # type: ignore[union-attr]
    summary.add_row("hyphens joined / kept", f"{report.hyphens_joined} / {report.hyphens_kept}")
    summary.add_row("warnings", "\n".join(report.warnings) or "none")
    summary.add_row("read in", f"{report.seconds:.2f} s" if report.seconds else "-")
    console.print(summary)
    if report.chars_per_page and len(report.chars_per_page) > 1:
        pages = Table("page", "characters", title="Characters per page")
        for number, chars in enumerate(report.chars_per_page, start=1):
            pages.add_row(str(number), f"[red]{chars}[/red]" if chars == 0 else str(chars))
        console.print(pages)
    if show_text and not doc.error:
        text = next((p.text for p in doc.pages if p.number == page), None) if page else doc.text
        console.print(text if text is not None else f"[red]no page {page}[/red]", markup=False, highlight=False)
    if png is not None:
        if file.suffix.lower() != ".pdf":
            usage_error(f"--png draws PDF pages only, not {file.suffix or 'a file without extension'}")
        _draw(file, page or 1, png, resolution)
        console.print(f"page {page or 1} drawn to {png}")


def _draw(file: Path, number: int, out: Path, resolution: int) -> None:
    import pdfplumber

    from analyzer.documents.model import DocumentReadError
    from analyzer.documents.pdf import page_layout

    try:
        layout = page_layout(file, number)
    except DocumentReadError as exc:
        usage_error(f"--page {number}: {exc}")
    with pdfplumber.open(file) as pdf:
        image = pdf.pages[number - 1].to_image(resolution=resolution)
        if layout.gutter:
            image.draw_rects(
                [(layout.gutter.x0, 0, layout.gutter.x1, layout.height)], fill=(0, 90, 255, 50), stroke=(0, 90, 255), stroke_width=2
            )
        if layout.headers:
            image.draw_rects([_band(layout.headers, layout.width)], fill=(255, 0, 0, 40), stroke=(255, 0, 0), stroke_width=2)
        if layout.footers:
            image.draw_rects([_band(layout.footers, layout.width)], fill=(255, 0, 0, 40), stroke=(255, 0, 0), stroke_width=2)
        if layout.tables:
            image.draw_rects(layout.tables, fill=(0, 200, 0, 40), stroke=(0, 160, 0), stroke_width=2)
        image.save(str(out), format="PNG")


def _band(boxes: list[tuple[float, float, float, float]], width: float) -> tuple[float, float, float, float]:
    return (0.0, min(b[1] for b in boxes) - 2, width, max(b[3] for b in boxes) + 2)


def _pages(numbers: list[int]) -> str:
    if not numbers:
        return "-"
    return ", ".join(str(n) for n in numbers[:30]) + (f" … ({len(numbers)})" if len(numbers) > 30 else "")
