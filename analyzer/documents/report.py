"""How well a document was read: the ingestion report kept in `Document.metadata["ingestion"]`."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from analyzer.documents.model import Document


@dataclass
class IngestionReport:
    """Per document: what was read, how, and what was not.

    Page lists are 1-based page numbers. `layout_pages` are the pages laid out again from
    pypdfium2's character positions and ruling lines (two columns or tables); `ordered_pages`
    are column or ruled pages without a table whose pypdfium2 text already reads in order
    (kept as it comes, like every other page).
    """

    pages: int | None = None
    pages_with_text: int = 0
    chars_per_page: list[int] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    unread_pages: list[int] = field(default_factory=list)  # scanned or garbled and not OCRed
    blank_pages: list[int] = field(default_factory=list)
    garbled_pages: list[int] = field(default_factory=list)  # "(cid:NN)" or undecodable glyphs
    column_pages: list[int] = field(default_factory=list)
    layout_pages: list[int] = field(default_factory=list)
    ordered_pages: list[int] = field(default_factory=list)
    tables: int = 0
    table_rows: int = 0
    header_footer_lines_removed: int = 0
    hyphens_joined: int = 0
    hyphens_kept: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        # What dataclasses.asdict gives (the lists copied), without its generic recursive copy: for a
        # BOAMP record of a few thousand characters it cost a third of the notice's cleaning.
        return {name: list(v) if isinstance(v := getattr(self, name), list) else v for name in _FIELDS}


_FIELDS = tuple(f.name for f in fields(IngestionReport))


def ingestion_report(doc: Document) -> IngestionReport:
    """The document's report: the one its reader recorded, completed with what the text itself says."""
    stored = doc.metadata.get("ingestion")
    report = IngestionReport(**stored) if isinstance(stored, dict) else IngestionReport()
    if not report.chars_per_page:
        report.chars_per_page = [len(p.text) for p in doc.pages]
        report.pages_with_text = sum(1 for p in doc.pages if p.text.strip())
        report.pages = doc.page_count
    report.warnings = list(doc.warnings)
    return report
