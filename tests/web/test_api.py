"""POST /api/check: the JSON contract for a real DCE; limits (size while streaming, types, time, ZIP rules);
a bad upload gets a French 4xx message and the server goes on."""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import tempfile
import zipfile

import httpx
import pytest
from fastapi.testclient import TestClient

from analyzer.web.app import WebSettings, create_app
from tests.assertions import assert_follows_contract

MB = 2**20


@pytest.fixture(scope="module")
def client():  # noqa: ANN201 - a TestClient with the app's lifespan (models loaded once, at start)
    with TestClient(create_app(WebSettings())) as c:
        yield c


@pytest.mark.corpus
def test_api_answers_the_contract_for_a_zip_of_the_dce(client: TestClient, grenoble_zip) -> None:  # noqa: ANN001
    with open(grenoble_zip, "rb") as f:
        res = client.post(
            "/api/check",
            files={"file": (grenoble_zip.name, f, "application/zip")},
            data={"launch_date": "2026-09-15", "amount": "500000", "nature": "services"},
        )
    assert res.status_code == 200, res.text
    data = res.json()
    assert_follows_contract(data)
    assert data["findings"] and data["path"] == grenoble_zip.name
    statuses = {o["id"]: o["status"] for o in data["obligations"]}
    assert (statuses["L2112-2"], statuses["L2152-7"], statuses["L2112-2-1"]) == ("met", "met", "missing")
    assert data["procedure"]["amount"] == {**data["procedure"]["amount"], "value": 500000.0, "origin": "option"}


def _multipart_chunks(total: int, chunk: int = MB):  # noqa: ANN202 - an async generator of bytes
    """A multipart body with a `total`-byte file, generated lazily; `pulled` counts the chunks the server asked for."""
    boundary = "clausesboundary"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    state = {"pulled": 0}

    async def body():  # noqa: ANN202
        yield head.encode() + b"%PDF-1.7\n"
        sent = 0
        while sent < total:
            state["pulled"] += 1
            yield b"\0" * chunk
            sent += chunk
        yield f"\r\n--{boundary}--\r\n".encode()

    return body(), boundary, state


def _post_streamed(app, path: str, total: int, declare_length: bool):  # noqa: ANN001, ANN202
    body, boundary, state = _multipart_chunks(total)
    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
    if declare_length:
        headers["content-length"] = str(total + 300)

    async def go() -> httpx.Response:
        # httpx's ASGI transport hands the body to the app chunk by chunk, as a real server would.
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
            return await c.post(path, content=body, headers=headers)

    # In a thread of its own: pytest-playwright's sync API may already run an event loop in this one
    # (the browser tests of the scorecard site run before these), and asyncio.run refuses to nest.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, go()).result(), state


def test_a_declared_120_mb_upload_is_refused_before_it_is_read() -> None:
    res, state = _post_streamed(create_app(WebSettings(warm_up=False)), "/api/check", 120 * MB, declare_length=True)
    assert res.status_code == 413
    assert "100 Mo" in res.json()["error"]
    assert state["pulled"] == 0


def test_a_120_mb_upload_without_length_is_cut_off_while_it_streams() -> None:
    res, state = _post_streamed(create_app(WebSettings(warm_up=False)), "/api/check", 120 * MB, declare_length=False)
    assert res.status_code == 413
    assert state["pulled"] <= 101  # stopped just past 100 MB, not after reading 120


def test_the_upload_limit_is_configurable_and_answers_the_form_in_french() -> None:
    res, _ = _post_streamed(create_app(WebSettings(max_upload_bytes=2 * MB, warm_up=False)), "/check", 3 * MB, declare_length=False)
    assert res.status_code == 413 and res.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in res.text and "2 Mo" in res.text


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("RC.pdf", "w") as member:
            for _ in range(60):
                member.write(b"\0" * MB)  # 60 MiB of zeros compress about 1000:1
    return buf.getvalue()


def _zip_slip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../../etc/evil.md", "Clause sociale d'insertion")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("files", "data", "status", "says"),
    [
        ({"file": ("bomb.zip", _zip_bomb(), "application/zip")}, {}, 422, "zip bomb"),
        ({"file": ("slip.zip", _zip_slip(), "application/zip")}, {}, 422, "zip slip"),
        ({"file": ("RC.pdf", b"", "application/pdf")}, {}, 400, "vide"),
        ({"file": ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")}, {}, 415, "non accepté"),
        ({"file": ("setup.exe", b"MZ" + b"\0" * 100, "application/octet-stream")}, {}, 415, "non accepté"),
        ({"file": ("RC.pdf", b"<html>not a pdf</html>", "application/pdf")}, {}, 415, "pas un PDF"),
        ({"file": ("DCE.zip", b"not a zip at all", "application/zip")}, {}, 415, "pas un ZIP"),
        ({}, {"launch_date": "2026-09-15"}, 400, "Aucun fichier"),
        ({"file": ("RC.md", b"# RC", "text/markdown")}, {"launch_date": "15/09/2026"}, 400, "AAAA-MM-JJ"),
        ({"file": ("RC.md", b"# RC", "text/markdown")}, {"nature": "works"}, 400, "Nature invalide"),
        ({"file": ("RC.md", b"# RC", "text/markdown")}, {"amount": "beaucoup"}, 400, "Montant invalide"),
    ],
    ids=["zip bomb", "zip slip", "empty file", "png", "exe", "fake pdf", "fake zip", "no file", "bad date", "bad nature", "bad amount"],
)
def test_bad_uploads_get_a_clear_4xx_and_the_server_goes_on(client: TestClient, files, data, status, says) -> None:  # noqa: ANN001
    res = client.post("/api/check", files=files or None, data=data)
    assert res.status_code == status, res.text
    assert says in res.json()["error"]
    assert client.get("/").status_code == 200


def test_a_malformed_multipart_body_is_a_400(client: TestClient) -> None:
    res = client.post("/api/check", content=b"garbage", headers={"content-type": "multipart/form-data; boundary=zz"})
    assert res.status_code == 400 and "Formulaire illisible" in res.json()["error"]


@pytest.mark.corpus
def test_the_time_limit_answers_504(grenoble_zip) -> None:  # noqa: ANN001
    with TestClient(create_app(WebSettings(timeout_s=0.01, warm_up=False))) as c:
        res = c.post("/api/check", files={"file": (grenoble_zip.name, grenoble_zip.read_bytes(), "application/zip")})
    assert res.status_code == 504 and "0.01 s" in res.json()["error"]


def test_uploads_are_deleted_once_answered(client: TestClient, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ok = client.post("/api/check", files={"file": ("CCAP.md", "Le titulaire réalise 350 heures d'insertion.".encode(), "text/markdown")})
    bad = client.post("/api/check", files={"file": ("RC.pdf", b"", "application/pdf")})
    assert (ok.status_code, bad.status_code) == (200, 400)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("clauses-")]


def test_uploads_are_kept_only_when_asked(tmp_path) -> None:  # noqa: ANN001
    kept = tmp_path / "kept"
    with TestClient(create_app(WebSettings(keep_uploads=kept, warm_up=False))) as c:
        res = c.post("/api/check", files={"file": ("CCAP.md", b"Clauses sociales : Sans", "text/markdown")})
    assert res.status_code == 200
    assert [p.name for p in kept.iterdir()] == ["CCAP.md"]


def test_an_unreadable_tender_gets_a_page_that_says_so(client: TestClient) -> None:
    res = client.post("/check", files={"file": ("bomb.zip", _zip_bomb(), "application/zip")})
    assert res.status_code == 422
    assert "Rien n'a pu être lu" in res.text and "zip bomb" in res.text and "Invérifiable" in res.text


def test_errors_never_show_the_server_s_temporary_folder(client: TestClient) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("logo.png", b"\x89PNG\r\n\x1a\n")  # images are skipped: nothing left to read
    res = client.post("/api/check", files={"file": ("images.zip", buf.getvalue(), "application/zip")})
    assert res.status_code == 422
    assert res.json()["contract"]["errors"] == [{"file": "images.zip", "error": "no readable document in this tender"}]
    assert "clauses-upload" not in res.text and tempfile.gettempdir() not in res.text
