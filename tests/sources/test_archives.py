"""Tender sources: ZIPs are extracted safely, hostile members are refused and reported."""

from __future__ import annotations

import io
import zipfile

import pytest

from analyzer.sources.archives import ArchiveLimits, extract_zip
from analyzer.sources.tenders import discover_tenders, open_tender
from tests.conftest import GRENOBLE_DCE


def _zip(path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED):  # noqa: ANN001
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_slip_member_is_refused_and_nothing_is_written_outside(tmp_path) -> None:
    archive = _zip(tmp_path / "dce.zip", {"../evil.txt": b"x", "/abs.txt": b"y", "ok/RC.txt": b"RC"})
    root = tmp_path / "root"
    result = extract_zip(archive, root)
    assert [n for n, _ in result.files] == ["dce.zip/ok/RC.txt"]
    assert sum("zip slip" in e for _, e in result.errors) == 2
    assert not (tmp_path / "evil.txt").exists()


def test_zip_bomb_member_is_refused(tmp_path) -> None:
    archive = _zip(tmp_path / "bomb.zip", {"big.txt": b"0" * (64 * 2**20)})
    result = extract_zip(archive, tmp_path / "root", ArchiveLimits(max_total_bytes=8 * 2**20))
    assert result.files == []
    assert any("refused" in e for _, e in result.errors)


def test_member_count_is_bounded(tmp_path) -> None:
    archive = _zip(tmp_path / "many.zip", {f"f{i}.txt": b"x" for i in range(20)})
    result = extract_zip(archive, tmp_path / "root", ArchiveLimits(max_members=5))
    assert len(result.files) == 5
    assert any("more than 5 files" in e for _, e in result.errors)


def test_encrypted_member_is_reported(tmp_path) -> None:
    archive = _zip(tmp_path / "enc.zip", {"RC.txt": b"secret"})
    raw = bytearray(archive.read_bytes())
    # Set the "encrypted" flag bit in the local and central headers, as a password-protected ZIP has.
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        i = raw.find(sig)
        flag_at = i + (6 if sig == b"PK\x03\x04" else 8)
        raw[flag_at] |= 1
    archive.write_bytes(bytes(raw))
    result = extract_zip(archive, tmp_path / "root")
    assert result.files == []
    assert any("encrypted" in e for _, e in result.errors)


def test_nested_zip_is_opened(tmp_path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("CCAP.txt", b"Cahier des clauses administratives particulieres")
    archive = _zip(tmp_path / "outer.zip", {"pieces/inner.zip": inner.getvalue(), "RC.txt": b"RC"})
    result = extract_zip(archive, tmp_path / "root")
    names = sorted(n for n, _ in result.files)
    assert names == ["outer.zip/RC.txt", "outer.zip/pieces/inner.zip/CCAP.txt"]


def test_not_a_zip_is_an_error_not_an_exception(tmp_path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip at all")
    result = extract_zip(bad, tmp_path / "root")
    assert result.files == [] and "not a readable ZIP" in result.errors[0][1]


@pytest.mark.corpus
def test_real_dce_zipped_lists_its_documents(tmp_path) -> None:
    archive = tmp_path / "DCE.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in GRENOBLE_DCE.iterdir():
            zf.write(f, f"DCE/{f.name}")
    with open_tender(archive) as tender:
        assert tender.tender_id == "DCE"
        assert len(tender.files) == 5 and all(p.exists() for _, p in tender.files)


def test_audit_folder_tenders_are_subfolders_zips_and_notice_files(tmp_path) -> None:
    (tmp_path / "t1").mkdir()
    (tmp_path / "t2.zip").write_bytes(b"")
    (tmp_path / "avis.html").write_text("x")
    (tmp_path / "ccap.odt").write_text("x")
    (tmp_path / "tenders.csv").write_text("tender,buyer\n")
    (tmp_path / "notes.xlsx").write_text("x")
    assert [p.name for p in discover_tenders(tmp_path)] == ["avis.html", "ccap.odt", "t1", "t2.zip"]
