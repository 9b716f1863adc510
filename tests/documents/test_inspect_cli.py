"""`clauses inspect`: the ingestion report printed, and a page drawn with its detected layout."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from analyzer.cli import app
from tests.documents import pdf_fixtures as fx


def test_inspect_prints_the_ingestion_report(tmp_path: Path) -> None:
    path = tmp_path / "ccap.pdf"
    path.write_bytes(fx.running_header_footer(pages=3))
    result = CliRunner().invoke(app, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    for label in ("pages with text", "header/footer lines removed", "Characters per page", fx.HEADER):
        assert label in result.output


def test_inspect_draws_the_page_layout_as_png(tmp_path: Path) -> None:
    path, png = tmp_path / "two.pdf", tmp_path / "page.png"
    path.write_bytes(fx.two_columns())
    result = CliRunner().invoke(app, ["inspect", str(path), "--page", "1", "--png", str(png), "--resolution", "50"])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_inspect_reports_an_unreadable_file_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(fx.encrypted())
    result = CliRunner().invoke(app, ["inspect", str(path)])
    assert result.exit_code == 0 and "encrypted PDF" in result.output
    assert "Traceback" not in result.output
