"""An audit folder's tenders: pulled records, API export files (CSV, JSON, JSONL as the API exports
them), DECP rows, TED notices, beside DCE folders; one record is one tender, found lazily."""

from __future__ import annotations

import csv
import json
import pickle
import shutil
import types

import pytest

from analyzer.documents.read import read_document, read_record
from analyzer.sources.boamp_api import iter_csv_records, iter_json_array
from analyzer.sources.tenders import content_hash, iter_tenders, open_tender
from tests.conftest import GRENOBLE_DCE, SHARED
from tests.sources.decp_fixture import consolidated_rows
from tests.sources.standin import DEV_CSV, real_records

pytestmark = pytest.mark.corpus  # every test here reads the real records of ../shared/corpus

JSON_2025 = SHARED / "boamp-api-json-2025" / "data" / "raw" / "boamp" / "boamp_geometre_20251124.json"
TED_NOTICE = SHARED / "ted-eforms-real-fr-2025" / "00175200_2025.xml"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return real_records()


def _write_ods_csv(path, records) -> None:  # noqa: ANN001
    """Explore v2.1 CSV exports: ";" separated, multivalued fields joined with ","."""
    fields = list(records[0])
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fields, delimiter=";")
        w.writeheader()
        for r in records:
            w.writerow({k: ",".join(v) if isinstance(v, list) else ("" if v is None else v) for k, v in r.items()})


@pytest.mark.parametrize("kind", ["csv-comma", "csv-semicolon", "json", "jsonl"])
def test_an_export_file_is_one_tender_per_record(tmp_path, records, kind) -> None:  # noqa: ANN001
    if kind == "csv-comma":
        shutil.copy(DEV_CSV, tmp_path / "export.csv")
    elif kind == "csv-semicolon":
        _write_ods_csv(tmp_path / "export.csv", records)
    elif kind == "json":
        (tmp_path / "export.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    else:
        (tmp_path / "export.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    refs = list(iter_tenders(tmp_path))
    assert [r.tender_id for r in refs] == [r["idweb"] for r in records]
    by_id = {r.tender_id: r for r in refs}
    assert by_id["24-28199"].meta.buyer_siret == "79820357600029"
    assert by_id["24-28199"].meta.declared_environnementales is True
    assert by_id["24-28199"].meta.publication_date == "2024-03-07"


def test_discovery_is_lazy(tmp_path, records) -> None:
    (tmp_path / "export.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    found = iter(iter_tenders(tmp_path))
    assert isinstance(found, types.GeneratorType)
    assert next(found).tender_id == records[0]["idweb"]


def test_a_json_array_is_read_incrementally_across_small_chunks(tmp_path, records) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(records[:20], ensure_ascii=False, indent=1), encoding="utf-8")
    assert [r["idweb"] for r in iter_json_array(path, chunk=4096)] == [r["idweb"] for r in records[:20]]


def test_a_truncated_export_gives_the_records_before_the_cut_and_says_so(tmp_path, records) -> None:
    text = json.dumps(records[:10], ensure_ascii=False)
    (tmp_path / "export.json").write_text(text[: len(text) - 500], encoding="utf-8")
    discovery = iter_tenders(tmp_path)
    refs = list(discovery)
    assert [r.tender_id for r in refs] == [r["idweb"] for r in records[:9]]
    assert discovery.skipped and "stopped after 9 records" in discovery.skipped[0][1]


def test_pulled_records_decp_rows_ted_notices_and_dce_folders_sit_side_by_side(tmp_path, records) -> None:
    (tmp_path / "24-28199.json").write_text(json.dumps(next(r for r in records if r["idweb"] == "24-28199")), encoding="utf-8")
    rows = [r for r in consolidated_rows() if r["donneesActuelles"]]
    (tmp_path / "decp-200039949.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[:3]), encoding="utf-8")
    shutil.copy(TED_NOTICE, tmp_path / "ted-00175200-2025.xml")
    shutil.copytree(GRENOBLE_DCE, tmp_path / "dce-grenoble")
    (tmp_path / "tenders.csv").write_text("tender,buyer\n", encoding="utf-8")
    (tmp_path / "figures.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # a data table, not an export
    refs = list(iter_tenders(tmp_path))
    assert [(r.tender_id, r.meta.source) for r in refs] == [
        ("24-28199", "boamp"),
        ("dce-grenoble", "dce"),
        ("decp-" + rows[0]["uid"], "decp"),
        ("decp-" + rows[1]["uid"], "decp"),
        ("decp-" + rows[2]["uid"], "decp"),
        ("ted-00175200-2025", "ted"),
    ]


def test_a_ted_notice_of_a_procedure_already_there_from_boamp_is_counted_once(tmp_path) -> None:
    shutil.copy(TED_NOTICE, tmp_path / "ted-00175200-2025.xml")
    boamp = json.loads(JSON_2025.read_text(encoding="utf-8"))[0]["raw_fields"]
    # The BOAMP JOUE notice of the same procedure carries its BT-04 as contractfolderid.
    boamp = {**boamp, "contractfolderid": "48f4192d-9667-452d-b222-5291f8cde014"}
    (tmp_path / f"{boamp['idweb']}.json").write_text(json.dumps(boamp), encoding="utf-8")
    discovery = iter_tenders(tmp_path)
    assert [r.tender_id for r in discovery] == [boamp["idweb"]]
    assert "same procedure" in discovery.skipped[0][1]


def test_the_same_notice_in_two_files_is_one_tender(tmp_path, records) -> None:
    shutil.copy(DEV_CSV, tmp_path / "a-export.csv")
    (tmp_path / "19-95263.json").write_text(json.dumps(records[0]), encoding="utf-8")
    discovery = iter_tenders(tmp_path)
    ids = [r.tender_id for r in discovery]
    assert len(ids) == len(set(ids)) == 345
    assert discovery.skipped == [("a-export.csv#19-95263", "notice 19-95263 already read from another file")]


def test_a_record_opens_as_one_notice_in_memory_and_its_hash_follows_its_content(tmp_path, records) -> None:
    (tmp_path / "export.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[:2]), encoding="utf-8")
    first, second = list(iter_tenders(tmp_path))
    with open_tender(first) as files:
        assert files.files == []  # no scratch file written for it
        [record] = files.records
        assert record.name == f"export.jsonl#{first.tender_id}" and record.text is None
        assert record.notice == {**records[0], "donnees": json.loads(records[0]["donnees"])}  # the record, its notice parsed
    assert content_hash(first) != content_hash(second)
    assert content_hash(first) == content_hash(list(iter_tenders(tmp_path))[0])


def test_a_folder_hash_changes_when_one_of_its_files_does(tmp_path) -> None:
    shutil.copytree(GRENOBLE_DCE, tmp_path / "dce")
    before = content_hash(list(iter_tenders(tmp_path))[0])
    rc = next((tmp_path / "dce").glob("*.docx"))
    rc.write_bytes(rc.read_bytes() + b"\0")
    assert content_hash(list(iter_tenders(tmp_path))[0]) != before


def test_csv_rows_keep_identifiers_as_strings(tmp_path) -> None:
    rows = list(iter_csv_records(DEV_CSV))
    assert all(isinstance(r["idweb"], str) for r in rows)


def _as_file_document(tmp_path, record):  # noqa: ANN001, ANN202
    """What the record gave when it was written alone to a scratch file and read from there."""
    suffix = ".json" if record.notice is not None else ".txt"
    path = tmp_path / f"scratch{suffix}"
    path.write_text(json.dumps(record.notice, ensure_ascii=False) if record.notice is not None else record.text, encoding="utf-8")
    return read_document(path, record.name)


@pytest.mark.parametrize("kind", ["boamp", "decp"])
def test_an_export_record_read_in_memory_is_the_document_its_file_gave(tmp_path, records, kind) -> None:
    if kind == "boamp":
        lines = records[:40]
    else:
        lines = [r for r in consolidated_rows() if r["donneesActuelles"]]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "export.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    refs = [r for r in iter_tenders(tmp_path / "in") if r.record_kind == kind]
    assert len(refs) >= min(len(lines), 3)
    for ref in refs:
        with open_tender(ref) as files:
            [record] = files.records
            in_memory = read_record(record.name, notice=record.notice, text=record.text)
            assert in_memory.error is None
            assert in_memory == _as_file_document(tmp_path, record)


def test_an_export_record_that_holds_no_notice_is_reported_like_its_file(tmp_path) -> None:
    from analyzer.sources.tenders import RecordFile

    record = RecordFile(name="export.jsonl#1", notice={"idweb": "1", "objet": "Travaux"})
    assert read_record(record.name, notice=record.notice) == _as_file_document(tmp_path, record)
    assert read_record(record.name, notice=record.notice).error == "JSON without a BOAMP notice (no 'donnees', eForms or BOAMP fields)"


def test_a_pulled_record_is_read_from_what_discovery_parsed_as_its_file_reads(tmp_path, records) -> None:
    for r in records[:20]:
        (tmp_path / f"{r['idweb']}.json").write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
    for ref in iter_tenders(tmp_path):
        from_file = read_document(ref.path, ref.path.name)
        ref.path.unlink()  # what the reader gets was parsed by discovery: the file is not opened again
        with open_tender(ref) as files:
            [record] = files.records
            assert files.files == [] and record.name == ref.path.name
            assert read_record(record.name, notice=record.notice) == from_file
        assert ref.notice is None  # taken by open_tender: the ref keeps no notice once read


def test_an_export_record_is_read_from_the_notice_discovery_parsed(tmp_path, records) -> None:
    shutil.copy(DEV_CSV, tmp_path / "export.csv")
    for ref in list(iter_tenders(tmp_path))[:20]:
        assert isinstance(ref.record["donnees"], str) and isinstance(ref.notice["donnees"], dict)  # the record stays as exported
        with open_tender(ref) as files:
            [record] = files.records
            assert record.notice is not ref.record and record.name == f"export.csv#{ref.tender_id}"
            assert read_record(record.name, notice=record.notice) == read_record(record.name, notice=ref.record)
        assert ref.notice is None


def test_a_pulled_record_goes_to_another_process_without_its_parsed_notice(tmp_path, records) -> None:
    (tmp_path / "r.json").write_text(json.dumps(records[0], ensure_ascii=False), encoding="utf-8")
    [ref] = iter_tenders(tmp_path)
    assert ref.notice is not None
    sent = pickle.loads(pickle.dumps(ref))
    assert sent.notice is None and sent == ref
    with open_tender(sent) as files:  # the other process reads the file
        assert [n for n, _ in files.files] == ["r.json"] and files.records == []


def test_a_json_file_that_is_not_a_pulled_record_is_read_from_its_file(tmp_path, records) -> None:
    (tmp_path / "bad.json").write_text('{"idweb": "1", "objet": ', encoding="utf-8")  # not JSON
    (tmp_path / "other.json").write_text('{"title": "pas un avis"}', encoding="utf-8")  # no idweb
    refs = list(iter_tenders(tmp_path))
    assert [r.notice for r in refs] == [None, None]
    for ref in refs:
        with open_tender(ref) as files:
            assert [n for n, _ in files.files] == [ref.path.name] and files.records == []


def test_tenders_come_in_the_order_of_their_paths(tmp_path) -> None:  # noqa: ANN001
    names = ["b.txt", "B.txt", "a b.txt", "a.txt", "é.txt", "10.txt", "9.txt", "a_dossier", "Z"]
    for name in names:
        if name.endswith(".txt"):
            (tmp_path / name).write_text("Le titulaire s'engage.\n", encoding="utf-8")
        else:
            (tmp_path / name).mkdir()
            (tmp_path / name / "rc.txt").write_text("Règlement de la consultation\n", encoding="utf-8")
    assert [r.path for r in iter_tenders(tmp_path)] == sorted(tmp_path / n for n in names)
