"""`clauses check`: obligations decided from the launch date, the amount and the EU thresholds, with reasons,
evidence and a model clause; exit codes; a quiet terminal. On the real Grenoble INP DCE (Institut polytechnique
de Grenoble, a State public body: central thresholds; offers due 15 July 2026; no social clause)."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from tests.conftest import AQUAREEL, GRENOBLE, GRENOBLE_DCE, REPO

runner = CliRunner()
DEMO_GRENOBLE = REPO / "corpus" / "demo" / "dce-grenoble-inp-2026"
pytestmark = pytest.mark.usefixtures("analysed_once")


def _check(*args: str, path=GRENOBLE) -> dict:  # noqa: ANN001
    res = runner.invoke(app, ["check", str(path), "--format", "json", *args])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _statuses(data: dict) -> dict[str, str]:
    return {o["id"]: o["status"] for o in data["obligations"]}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Issue 12, "What it must show".
        (
            ["--launch-date", "2026-07-01", "--amount", "500000", "--nature", "services"],
            {"L2112-2": "not_applicable", "L2152-7": "not_applicable", "L2112-2-1": "not_applicable"},
        ),
        (
            ["--launch-date", "2026-09-15", "--amount", "500000", "--nature", "services"],
            {"L2112-2": "met", "L2152-7": "met", "L2112-2-1": "missing"},
        ),
        (["--launch-date", "2026-09-15", "--amount", "40000", "--nature", "services"], {"L2112-2-1": "not_applicable"}),
    ],
)
@pytest.mark.corpus
def test_obligations_follow_launch_date_and_amount(args: list[str], expected: dict[str, str]) -> None:
    statuses = _statuses(_check(*args))
    assert {k: statuses[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("launch", "expected"),
    [("2026-08-20", "not_applicable"), ("2026-08-21", "met")],  # the day before the start, and the start itself
)
@pytest.mark.corpus
def test_environmental_condition_applies_from_21_august_2026(launch: str, expected: str) -> None:
    [o] = [o for o in _check("--launch-date", launch)["obligations"] if o["id"] == "L2112-2"]
    assert o["status"] == expected
    assert launch in o["reason"] and "2026-08-21" in o["reason"]


@pytest.mark.corpus
def test_without_launch_date_the_rc_offer_deadline_says_it_was_launched_before() -> None:
    data = _check()
    deadline = data["procedure"]["offer_deadline"]
    assert (deadline["value"], deadline["page"]) == ("2026-07-15", 1) and deadline["file"].endswith("RC_2026FCSSA0025 v2.pdf")
    assert "15 JUILLET 2026" in deadline["quote"]
    for o in data["obligations"][:3]:
        assert o["status"] == "not_applicable" and "2026-07-15" in o["reason"], o


@pytest.mark.corpus
def test_every_value_says_where_it_came_from() -> None:
    p = _check("--amount", "500000")["procedure"]
    assert p["amount"]["origin"] == "option" and p["amount"]["value"] == 500000
    assert p["buyer_kind"]["value"] == "central" and "Institut polytechnique" in p["buyer_kind"]["quote"]
    assert p["nature"]["origin"] == "document" and p["nature"]["page"] == 1
    assert p["launch_date"] == {"value": None, "origin": "unknown", "file": None, "page": None, "quote": None, "source": "inconnu"}


@pytest.mark.parametrize(
    ("buyer_kind", "amount", "expected"),
    [
        ("central", "139999", "not_applicable"),
        ("central", "140000", "missing"),  # "égale ou supérieure" to the threshold
        ("central", "180000", "missing"),
        ("local", "180000", "not_applicable"),  # the same amount, below the 216 000 € of other contracting authorities
        ("local", "215999", "not_applicable"),
        ("local", "216000", "missing"),
        ("entite-adjudicatrice", "431999", "not_applicable"),
        ("entite-adjudicatrice", "432000", "missing"),
    ],
)
@pytest.mark.corpus
def test_social_condition_applies_at_the_eu_threshold_of_the_buyer_kind(buyer_kind: str, amount: str, expected: str) -> None:
    data = _check("--launch-date", "2026-09-15", "--nature", "services", "--buyer-kind", buyer_kind, "--amount", amount)
    [o] = [o for o in data["obligations"] if o["id"] == "L2112-2-1"]
    assert o["status"] == expected, o["reason"]
    assert "seuil européen" in o["reason"]


@pytest.mark.corpus
def test_works_threshold_is_the_works_one() -> None:
    data = _check("--launch-date", "2026-09-15", "--nature", "travaux", "--amount", "5000000")
    [o] = [o for o in data["obligations"] if o["id"] == "L2112-2-1"]
    assert o["status"] == "not_applicable" and "5 404 000 €" in o["reason"]


@pytest.mark.corpus
def test_unknown_buyer_kind_between_thresholds_cannot_be_verified(tmp_path) -> None:
    # The CCTP alone does not name the buyer's legal form: 180 000 € is above the central threshold, below the local one.
    shutil.copy(GRENOBLE_DCE / "CCTP_2026FCSSA0025 v2.pdf", tmp_path / "CCTP.pdf")
    data = _check("--launch-date", "2026-09-15", "--nature", "services", "--amount", "180000", path=tmp_path)
    [o] = [o for o in data["obligations"] if o["id"] == "L2112-2-1"]
    assert data["procedure"]["buyer_kind"]["value"] is None
    assert o["status"] == "cannot_verify" and "--buyer-kind" in o["reason"]


@pytest.mark.corpus
def test_each_missing_obligation_comes_with_a_cited_model_clause() -> None:
    data = _check("--launch-date", "2026-09-15", "--amount", "500000", "--nature", "services")
    missing = [o for o in data["obligations"] if o["status"] == "missing"]
    assert {o["id"] for o in missing} >= {"L2112-2-1", "pnad-social", "pacte-ess"}
    for o in missing:
        s = o["suggestion"]
        assert s is not None, o["id"]
        assert s["document"] in {"RC", "CCAP", "CCTP"} and s["legal_basis"] and s["source"] and s["section"] and s["licence"]
        assert len(s["text"]) > 80
    for o in data["obligations"]:
        if o["status"] in ("met", "not_applicable"):
            assert o["suggestion"] is None


@pytest.mark.corpus
def test_met_obligation_carries_its_evidence_in_the_clause_document() -> None:
    data = _check("--launch-date", "2026-09-15")
    [o] = [o for o in data["obligations"] if o["id"] == "L2152-7"]
    assert o["evidence"] and o["evidence"][0]["file"].endswith("RC_2026FCSSA0025 v2.pdf")
    assert all(e["decp_value"] == "Critère environnemental" for e in o["evidence"])
    # The keys of the first contract stay beside the new ones.
    assert {"id", "article", "label", "status", "reason", "evidence", "suggestion", "fr", "legal_basis", "kind", "met", "applies_from"} <= set(o)
    assert o["met"] is True


@pytest.mark.corpus
def test_an_exemption_invoked_by_the_documents_makes_the_social_condition_not_applicable(tmp_path) -> None:
    (tmp_path / "RC.md").write_text(
        "# Règlement de la consultation\n\nClauses sociales : conformément à l'article L. 2112-2-1 du code de la commande publique, "
        "aucune condition d'exécution sociale n'est prévue : une telle prise en compte n'est pas susceptible de présenter un "
        "lien suffisant avec l'objet du marché.\n",
        encoding="utf-8",
    )
    data = _check("--launch-date", "2026-09-15", "--amount", "500000", "--nature", "services", "--buyer-kind", "local", path=tmp_path)
    [o] = [o for o in data["obligations"] if o["id"] == "L2112-2-1"]
    assert o["status"] == "not_applicable" and "exemption" in o["reason"] and "RC.md" in o["reason"]


@pytest.mark.corpus
def test_the_same_words_without_the_social_condition_are_no_exemption(tmp_path) -> None:
    (tmp_path / "RC.md").write_text(
        "# Règlement de la consultation\n\nLes variantes sont interdites : elles ne présentent pas de lien suffisant avec l'objet du marché.\n",
        encoding="utf-8",
    )
    data = _check("--launch-date", "2026-09-15", "--amount", "500000", "--nature", "services", "--buyer-kind", "local", path=tmp_path)
    [o] = [o for o in data["obligations"] if o["id"] == "L2112-2-1"]
    assert o["status"] == "missing"


# Exit codes: 0 the check ran, 2 usage error, 3 nothing could be read.
def _empty_folder(tmp_path):  # noqa: ANN001, ANN202
    (tmp_path / "empty").mkdir()
    return tmp_path / "empty"


def _png(tmp_path):  # noqa: ANN001, ANN202
    p = tmp_path / "scan.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    return p


def _empty_pdf(tmp_path):  # noqa: ANN001, ANN202
    p = tmp_path / "RC.pdf"
    p.write_bytes(b"")
    return p


@pytest.mark.parametrize("make", [_empty_folder, _png, _empty_pdf], ids=["empty folder", "png", "0-byte pdf"])
def test_nothing_readable_exits_3_and_nothing_is_verified(tmp_path, make) -> None:  # noqa: ANN001
    res = runner.invoke(app, ["check", str(make(tmp_path)), "--format", "json"])
    assert res.exit_code == 3, res.output
    data = json.loads(res.stdout)
    assert {o["status"] for o in data["obligations"]} == {"cannot_verify"}


@pytest.mark.corpus
def test_a_readable_tender_exits_0() -> None:
    assert runner.invoke(app, ["check", str(DEMO_GRENOBLE), "--format", "json"]).exit_code == 0


@pytest.mark.corpus
@pytest.mark.parametrize(
    "args",
    [
        ["check", "/nonexistent/tender"],
        ["check", str(DEMO_GRENOBLE), "--launch-date", "15/07/2026"],
        ["check", str(DEMO_GRENOBLE), "--nature", "works"],
        ["check", str(DEMO_GRENOBLE), "--amount", "-5"],
        ["check", str(DEMO_GRENOBLE), "--buyer-kind", "mairie"],
    ],
    ids=["no such path", "date not ISO", "unknown nature", "negative amount", "unknown buyer kind"],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert runner.invoke(app, args).exit_code == 2


def test_help_documents_the_exit_codes() -> None:
    res = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "200"})
    assert "Exit codes" in res.stdout and "3 nothing in the tender could be read" in " ".join(res.stdout.split())


@pytest.mark.corpus
@pytest.mark.parametrize("path", [GRENOBLE, AQUAREEL], ids=["grenoble", "vigicrues"])
def test_terminal_output_fits_80_lines_at_100_columns(path) -> None:  # noqa: ANN001
    res = runner.invoke(app, ["check", str(path), "--launch-date", "2026-09-15"], env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert len(lines) < 80, res.stdout
    assert max(len(line) for line in lines) <= 100
    # Obligations come first, findings after.
    assert res.stdout.index("Obligations et cibles") < res.stdout.index("Constats")


@pytest.mark.corpus
def test_terminal_shows_best_evidence_and_the_clause_to_add() -> None:
    res = runner.invoke(app, ["check", str(GRENOBLE), "--launch-date", "2026-09-15", "--amount", "500000"], env={"COLUMNS": "100"})
    out = " ".join(res.stdout.split())
    l2152_7 = out[out.index("(L2152-7)") : out.index("(L2112-2-1)")]
    assert "RC_2026FCSSA0025 v2.pdf p. 11" in l2152_7  # L2152-7's evidence: the RC's criteria table (10 %)
    assert "À ajouter au CCAP" in out and "Le titulaire s’engage à réaliser une action de formation" in out


@pytest.mark.corpus
def test_all_lists_every_group_once_with_its_count() -> None:
    quiet = runner.invoke(app, ["check", str(GRENOBLE)], env={"COLUMNS": "100"}).stdout
    every = runner.invoke(app, ["check", str(GRENOBLE), "--all"], env={"COLUMNS": "100"}).stdout
    assert len(every.splitlines()) > len(quiet.splitlines())
    assert "Documents lus" in every and "Documents lus" not in quiet
    # The CRTE repeats its contents lines as headings: one group, not two rows.
    assert " ".join(every.split()).count("Consommation énergétique") == 1


@pytest.mark.corpus
def test_excel_workbook_shows_obligations_first_with_the_json_statuses(tmp_path) -> None:
    target = tmp_path / "grenoble.xlsx"
    res = runner.invoke(app, ["check", str(GRENOBLE), "--launch-date", "2026-09-15", "--amount", "500000", "--xlsx", str(target)])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Obligations", "Synthèse", "Clauses", "Documents"]
    rows = list(wb["Obligations"].iter_rows(min_row=2, values_only=True))
    by_article = {r[1]: r for r in rows if r[1]}
    assert by_article["L2112-2"][2] == "respectée" and by_article["L2112-2-1"][2] == "manquante"
    assert "action de formation" in by_article["L2112-2-1"][5] and by_article["L2112-2-1"][6] == "CCAP"
