"""The command line: `check` prints the JSON contract, `audit` goes on past bad tenders, bad input is one line."""

from __future__ import annotations

import json
import shutil

import duckdb
import openpyxl
import pandas as pd
import pytest
import typer.main
from typer.testing import CliRunner

from analyzer import __version__
from analyzer.cli import app
from tests.assertions import assert_follows_contract
from tests.conftest import AQUAREEL, GRENOBLE_DCE, REPO, notice

runner = CliRunner()


@pytest.mark.corpus
def test_check_json_follows_the_contract() -> None:
    res = runner.invoke(app, ["check", str(GRENOBLE_DCE), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert_follows_contract(data)
    assert {d["kind"] for d in data["documents"]} >= {"RC", "CCAP", "CCTP"}
    assert data["considerations_sociales"] == []
    assert data["facts"]["env_criterion_weight_pct"] == 10.0
    assert data["decided_by"] == {"Clause environnementale": "verifier", "Critère environnemental": "verifier"}


@pytest.mark.corpus
def test_check_table_shows_the_quote_and_page() -> None:
    res = runner.invoke(app, ["check", str(AQUAREEL / "CCAP_2025 TMA AQUAREEL_vd.md")], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    out = " ".join(res.stdout.split())
    assert "Condition d'exécution sociale" in out and "insertion" in out and "AQUAREEL_vd.md p. " in out


def test_check_missing_path_is_a_usage_error() -> None:
    res = runner.invoke(app, ["check", "/nonexistent/tender"])
    assert res.exit_code == 2


@pytest.mark.corpus
def test_audit_goes_on_past_bad_tenders_and_writes_every_output(tmp_path) -> None:
    src = tmp_path / "tenders"
    src.mkdir()
    shutil.copy(notice("35593402"), src / "avis-pau.html")
    shutil.copy(notice("35594345"), src / "avis-paris.html")
    dce = src / "dce-grenoble"
    dce.mkdir()
    for f in GRENOBLE_DCE.glob("*.pdf"):
        shutil.copy(f, dce / f.name)
    (dce / "broken.docx").write_bytes(b"garbage")
    (src / "corrupt.zip").write_bytes(b"PK garbage")
    (src / "tenders.csv").write_text("tender,buyer,buyer_siret\ndce-grenoble,Grenoble INP,19380000000000\n", encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(app, ["audit", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    tenders = pd.read_csv(out / "tenders.csv", dtype=str)
    assert set(tenders.tender_id) == {"avis-pau", "avis-paris", "dce-grenoble", "corrupt"}
    errors = pd.read_csv(out / "errors.csv", dtype=str)
    assert {"broken.docx", "corrupt.zip"} <= set(errors.file)
    scores = pd.read_csv(out / "scorecard.csv", dtype={"entity_id": str})
    assert "Grenoble INP" in set(scores.entity_name)
    wb = openpyxl.load_workbook(out / "scorecard.xlsx")
    assert wb.sheetnames[0] == "Tableau de bord"
    assert {"Marchés", "Constats", "Erreurs", "Méthode"} <= set(wb.sheetnames)
    assert (out / "site" / "index.html").exists()
    con = duckdb.connect(str(out / "audit.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM tenders").fetchone()[0] == 4
    assert con.execute("SELECT count(*) FROM findings WHERE quote IS NULL OR quote = ''").fetchone()[0] == 0
    for name in ("tenders", "findings", "documents", "errors"):
        assert (out / f"{name}.parquet").exists()


def test_taxonomy_command_lists_labels_with_legal_basis() -> None:
    res = runner.invoke(app, ["taxonomy", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["labels"]["reserved.ess"]["legal_basis"][0] == "L2113-15"
    assert data["labels"]["social.esus_preference"]["legal_risk"] is True


@pytest.mark.corpus
def test_interrupted_audit_keeps_and_reports_what_was_done(tmp_path, monkeypatch) -> None:
    import analyzer.pipeline as pipeline

    src = tmp_path / "tenders"
    src.mkdir()
    for doc_id in ("35593402", "35594345", "35593405"):
        shutil.copy(notice(doc_id), src / f"avis-{doc_id}.html")
    real = pipeline.read_document
    calls = []

    def stop_on_third(path, *args, **kw):  # noqa: ANN001, ANN002, ANN003 - stands for a user's Ctrl-C while the third tender is read
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(path, *args, **kw)

    # The two tenders read before are still waiting for the verifier, which judges a few at a time: they are kept.
    monkeypatch.setattr(pipeline, "read_document", stop_on_third)
    out = tmp_path / "out"
    res = runner.invoke(app, ["audit", str(src), "--out", str(out)])
    assert res.exit_code == 130
    assert "Interrupted after 2 of 3 tenders" in res.output
    assert len(pd.read_csv(out / "tenders.csv", dtype=str)) == 2
    con = duckdb.connect(str(out / "audit.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM tenders").fetchone()[0] == 2


@pytest.mark.corpus
def test_check_writes_an_excel_workbook_for_the_officer(tmp_path) -> None:
    target = tmp_path / "grenoble.xlsx"
    res = runner.invoke(app, ["check", str(GRENOBLE_DCE), "--xlsx", str(target)])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Obligations", "Synthèse", "Clauses", "Documents"]
    summary = {row[0]: row[1] for row in wb["Synthèse"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Considérations sociales"] == "aucune"
    assert summary["Poids du critère environnemental (%)"] == 10.0
    quotes = [row[5] for row in wb["Clauses"].iter_rows(min_row=2, values_only=True)]
    assert any("protection de l" in (q or "") for q in quotes)


COMMAND_NAMES = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_version_is_printed() -> None:
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.stdout.strip() == f"clauses {__version__}"


@pytest.mark.parametrize("args", [["-h"], *[[name, "-h"] for name in COMMAND_NAMES]])
def test_short_help_works_for_every_command(args: list[str]) -> None:
    res = runner.invoke(app, args)
    assert res.exit_code == 0 and "Usage" in res.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["audit", "corpus/demo", "--profile", "pnad"], "Error: unknown profile 'pnad'; known: agec-2024-134, loi-climat-2026, pacte-ess-villes, pnad-2022-2025"),
        (["audit", "corpus/demo", "--targets", "corpus/targets.yaml"], "Error: --targets corpus/targets.yaml: no such file; corpus holds: "),
        (["audit", "corpus/dem"], "Error: corpus/dem: no such folder; corpus holds: README.md, demo/, labels/"),
        (["check", "corpus/demo/avis-0.html"], "Error: corpus/demo/avis-0.html: no such path; corpus/demo holds: avis-"),
        (["inspect", "corpus/CCAP.pdf"], "Error: corpus/CCAP.pdf: no such file; corpus holds: "),
        (["train", "--data", "corpus/labels/passage.jsonl"], "Error: --data corpus/labels/passage.jsonl: no such file; corpus/labels holds: "),
    ],
)
def test_bad_input_is_one_line_naming_what_is_known_with_exit_code_2(args: list[str], message: str, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), res.stderr
    assert "Traceback" not in res.output


def test_evaluate_leaves_the_readme_alone_unless_asked() -> None:
    readme = next(p for p in typer.main.get_command(app).commands["evaluate"].params if p.name == "readme")  # type: ignore[attr-defined]
    assert readme.default is False and readme.secondary_opts == ["--no-readme"]


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_help_shows_no_absolute_path_of_this_checkout(name: str) -> None:
    res = runner.invoke(app, [name, "--help"], env={"COLUMNS": "300"})
    assert str(REPO) not in res.stdout
