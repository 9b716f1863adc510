"""Like the acceptance: a stand-in of Explore v2.1 that ignores filters and answers 429 first,
`clauses pull boamp` twice, then `clauses audit`; tenders.csv carries the source's metadata."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.cli import pull as pull_cli
from analyzer.sources.http import PoliteClient
from tests.sources.standin import ExploreStandIn, real_records

pytestmark = pytest.mark.corpus  # every test here reads the real records of ../shared/corpus

runner = CliRunner()
API = "http://127.0.0.1:8765/api/explore/v2.1"
# Records chosen by reading them: a legacy commune notice without SIRET (Coulaines, 72), a simplified
# 2024 notice with SIRET and an environmental declaration, and a notice of the Nantes area.
PICK = ("19-95263", "24-28199", "19-55110")
TENDER_COLUMNS = [
    "tender_id", "source", "source_id", "url", "title", "publication_date", "deadline", "procedure", "nature", "cpv", "amount_eur",
    "buyer_name", "buyer_siret", "buyer_siren", "buyer_kind", "commune_insee", "city",
    "declared_sociales", "declared_environnementales", "considerations_sociales", "considerations_environnementales",
    "reconciliation_sociale", "reconciliation_environnementale",
]  # fmt: skip


@pytest.fixture()
def server(monkeypatch):  # noqa: ANN201
    records = [r for r in real_records() if r["idweb"] in PICK]
    standin = ExploreStandIn(records)  # ignores filters, 429 first
    monkeypatch.setattr(pull_cli, "make_client", lambda **kw: PoliteClient(transport=standin.transport(), sleep=lambda s: None, **kw))
    return standin


def _pull(out) -> object:  # noqa: ANN001
    return runner.invoke(app, ["pull", "boamp", "--since", "2015-01-01", "--until", "2026-12-31", "--api-url", API, "--out", str(out)])


def test_pull_twice_then_audit(tmp_path, server) -> None:
    pulled = tmp_path / "pulled"
    first = _pull(pulled)
    assert first.exit_code == 0, first.output
    assert "3 new, 0 already there, 0 failed" in first.stdout
    before = {p.name: p.read_bytes() for p in pulled.glob("*.json")}
    second = _pull(pulled)
    assert second.exit_code == 0, second.output
    assert "0 new, 3 already there, 0 failed" in second.stdout
    assert {p.name: p.read_bytes() for p in pulled.glob("*.json")} == before

    out = tmp_path / "out"
    res = runner.invoke(app, ["audit", str(pulled), "--out", str(out)])
    assert res.exit_code == 0, res.output
    tenders = pd.read_csv(out / "tenders.csv", dtype=str, keep_default_na=False)
    assert [c for c in TENDER_COLUMNS if c not in tenders.columns] == []
    assert sorted(tenders.tender_id) == sorted(PICK)
    rows = tenders.set_index("tender_id")
    records = {r["idweb"]: r for r in real_records() if r["idweb"] in PICK}
    for idweb, rec in records.items():
        assert rows.loc[idweb, "publication_date"] == rec["dateparution"]
        criteres = rec["criteres"] or []
        assert rows.loc[idweb, "declared_environnementales"] == ("" if not criteres else str("environnementaux" in criteres))
        assert rows.loc[idweb, "declared_sociales"] == ("" if not criteres else str("sociaux" in criteres))
        assert rows.loc[idweb, "source"] == "boamp" and rows.loc[idweb, "url"] == rec["url_avis"]
    assert rows.loc["24-28199", "buyer_siret"] == "79820357600029"  # organisme.codeIdentificationNational
    assert (rows.loc["19-95263", "commune_insee"], rows.loc["19-95263", "buyer_kind"]) == ("72095", "commune")  # "ville de Coulaines", 72
    for _, row in tenders.iterrows():
        for side, declared, found in (
            ("sociale", row.declared_sociales, row.considerations_sociales),
            ("environnementale", row.declared_environnementales, row.considerations_environnementales),
        ):
            expected = {(True, True): "agree", (True, False): "declared_not_found", (False, True): "found_not_declared", (False, False): "none"}[
                (declared == "True", bool(found))
            ]
            assert row[f"reconciliation_{side}"] == expected


def test_an_export_csv_dropped_in_the_folder_is_audited(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [r for r in real_records() if r["idweb"] in PICK]
    pd.DataFrame([{k: json.dumps(v) if isinstance(v, list) else v for k, v in r.items()} for r in rows]).to_csv(folder / "export.csv", index=False)
    out = tmp_path / "out"
    res = runner.invoke(app, ["audit", str(folder), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "3 tenders analysed" in res.stdout
    assert sorted(pd.read_csv(out / "tenders.csv", dtype=str).tender_id) == sorted(PICK)


def test_a_second_audit_reuses_what_did_not_change_and_keeps_one_set_of_rows(tmp_path, server) -> None:
    pulled = tmp_path / "pulled"
    _pull(pulled)
    out = tmp_path / "out"
    runner.invoke(app, ["audit", str(pulled), "--out", str(out)])
    res = runner.invoke(app, ["audit", str(pulled), "--out", str(out)])
    assert res.exit_code == 0, res.output
    tenders = pd.read_csv(out / "tenders.csv", dtype=str)
    assert len(tenders) == 3 and set(tenders.reused) == {"True"}
    forced = runner.invoke(app, ["audit", str(pulled), "--out", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert set(pd.read_csv(out / "tenders.csv", dtype=str).reused) == {"False"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2025-13-01", "--until", "2025-12-31"], "Error: --since '2025-13-01' is not a date YYYY-MM-DD"),
        (["--since", "2025-12-31", "--until", "2025-01-01"], "Error: --until 2025-01-01 is before --since 2025-12-31"),
    ],
)
def test_bad_dates_are_usage_errors(tmp_path, args, message) -> None:  # noqa: ANN001
    res = runner.invoke(app, ["pull", "boamp", *args, "--out", str(tmp_path)])
    assert res.exit_code == 2 and res.output.strip() == message


def test_a_changed_record_is_analysed_again_and_a_removed_one_leaves_the_audit(tmp_path, server) -> None:
    pulled = tmp_path / "pulled"
    _pull(pulled)
    out = tmp_path / "out"
    runner.invoke(app, ["audit", str(pulled), "--out", str(out)])
    (pulled / "19-55110.json").unlink()
    record = json.loads((pulled / "24-28199.json").read_text(encoding="utf-8"))
    record["objet"] += " (rectifié)"
    (pulled / "24-28199.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    res = runner.invoke(app, ["audit", str(pulled), "--out", str(out)])
    assert res.exit_code == 0, res.output
    rows = pd.read_csv(out / "tenders.csv", dtype=str).set_index("tender_id")
    assert sorted(rows.index) == ["19-95263", "24-28199"]
    assert (rows.loc["19-95263", "reused"], rows.loc["24-28199", "reused"]) == ("True", "False")
    assert rows.loc["24-28199", "title"].endswith("(rectifié)")


def test_check_of_a_pulled_record_gives_the_tender_key_of_the_contract(tmp_path, server) -> None:
    pulled = tmp_path / "pulled"
    _pull(pulled)
    res = runner.invoke(app, ["check", str(pulled / "24-28199.json"), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    tender = data["tender"]
    assert (tender["source"], tender["source_id"], tender["publication_date"]) == ("boamp", "24-28199", "2024-03-07")
    assert (tender["buyer_siret"], tender["declared_environnementales"], tender["declared_sociales"]) == ("79820357600029", True, False)
    assert data["buyer"]["siret"] == "79820357600029"
    assert data["reconciliation_environnementale"] in ("agree", "declared_not_found")
    assert data["reconciliation_environnementale"] == ("agree" if data["considerations_environnementales"] else "declared_not_found")


def test_pull_decp_from_a_local_file_then_audit_counts_its_contracts(tmp_path) -> None:
    from tests.sources.decp_fixture import write_parquet

    parquet = write_parquet(tmp_path / "decp.parquet")
    pulled = tmp_path / "pulled"
    res = runner.invoke(app, ["pull", "decp", "--source", str(parquet), "--siren", "200039949", "--out", str(pulled)])
    assert res.exit_code == 0, res.output
    assert "1 new contracts, 0 already there" in res.stdout
    out = tmp_path / "out"
    assert runner.invoke(app, ["audit", str(pulled), "--out", str(out)]).exit_code == 0
    row = pd.read_csv(out / "tenders.csv", dtype=str).iloc[0]
    assert (row.source, row.buyer_siret, row.declared_sociales, row.declared_environnementales) == ("decp", "20003994900017", "True", "True")
    declared = pd.read_csv(out / "declared_vs_found.csv")
    assert set(declared.decp_contracts) == {1} and set(declared.decp_declared_pct) == {100.0}


def test_pull_decp_refuses_a_file_of_another_schema_in_one_line(tmp_path) -> None:
    bad = tmp_path / "decp.parquet"
    import duckdb

    duckdb.sql("SELECT 1 AS uid, 2 AS id").write_parquet(str(bad))
    res = runner.invoke(app, ["pull", "decp", "--source", str(bad), "--siren", "200039949", "--out", str(tmp_path / "o")])
    assert res.exit_code == 1
    assert "not the consolidated DECP file (missing columns: acheteur_id" in res.output


def test_pull_decp_needs_a_buyer(tmp_path) -> None:
    res = runner.invoke(app, ["pull", "decp", "--out", str(tmp_path)])
    assert res.exit_code == 2 and "--siret" in res.output


def _check_json(path) -> dict:  # noqa: ANN001
    res = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_the_declared_flag_read_as_a_finding_is_not_counted_as_found(tmp_path) -> None:
    from tests.conftest import SHARED

    # test-pub.xml declares environmental criteria (<CRITERES_SOCIAUX_ENV><ENVIRONNEMENTAUX/>) and states, in its
    # particular execution condition, "des dispositions à caractère environnementale décrites à l'article 1.5.2 du CCAP".
    real = SHARED / "boamp-xml-2016" / "test" / "xml" / "test-pub.xml"
    data = _check_json(real)
    assert data["tender"]["declared_environnementales"] is True
    counted = [f for f in data["findings"] if f["decp_value"] == "Clause environnementale"]
    assert counted and all(f["field"] is None and "dispositions à caractère" in f["quote"] for f in counted)  # the text, not the flag
    assert data["reconciliation_environnementale"] == "agree"
    # The same notice without that sentence: the flag alone is a declaration, never a finding.
    text = real.read_text(encoding="utf-8")
    sentence = "Les marchés comportent des dispositions à caractère environnementale décrites à l'article 1.5.2 du CCAP."
    assert sentence in text
    silent = tmp_path / "test-pub-silent.xml"
    silent.write_text(text.replace(sentence, "Néant."), encoding="utf-8")
    data = _check_json(silent)
    assert data["tender"]["declared_environnementales"] is True
    assert data["considerations_environnementales"] == []
    assert data["reconciliation_environnementale"] == "declared_not_found"
