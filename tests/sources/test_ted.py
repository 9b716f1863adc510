"""`pull ted`: TED Search API v3 answers (recorded through MockTransport) and the real French eForms
notices; a procedure already pulled from BOAMP is not counted twice."""

from __future__ import annotations

import json
from datetime import date

import httpx
import pytest

from analyzer.sources.http import PoliteClient
from analyzer.sources.ted import TedQuery, pull_ted
from tests.conftest import SHARED

pytestmark = pytest.mark.corpus  # every test here reads the real records of ../shared/corpus

NOTICES = {
    "175200-2025": SHARED / "ted-eforms-real-fr-2025" / "00175200_2025.xml",
    "185800-2025": SHARED / "ted-eforms-real-fr-2025" / "00185800_2025.xml",
    "41387-2024": SHARED / "ted-eforms-real-fr" / "2024-OJS015-00041387.xml",
}
PROCEDURES = {
    "175200-2025": "48f4192d-9667-452d-b222-5291f8cde014",
    "185800-2025": "25d41de4-3518-4270-9ea9-6c04c471c44c",
    "41387-2024": "8720c370-2bc2-4afa-a8c6-97fd4287ab59",
}


class Ted:
    def __init__(self) -> None:
        self.bodies: list[dict] = []
        self.xml_requests: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/notices/search"):
            body = json.loads(request.content)
            self.bodies.append(body)
            numbers = list(NOTICES)
            if "iterationNextToken" not in body:  # two pages, as ITERATION mode gives them
                page, token = numbers[:2], "next-1"
            else:
                page, token = numbers[2:], None
            notices = [{"publication-number": n, "procedure-identifier": [PROCEDURES[n]]} for n in page]
            return httpx.Response(200, json={"notices": notices, "totalNoticeCount": 3, "iterationNextToken": token})
        number = request.url.path.split("/")[-2]
        self.xml_requests.append(number)
        if number == "185800-2025":
            return httpx.Response(200, content=NOTICES[number].read_bytes()[:2000])  # cut: not well-formed
        return httpx.Response(200, content=NOTICES[number].read_bytes())


def _pull(tmp_path, server):  # noqa: ANN001
    client = PoliteClient(transport=httpx.MockTransport(server), sleep=lambda s: None)
    return pull_ted(TedQuery(date(2024, 1, 1), date(2025, 12, 31)), tmp_path, client=client)


def test_french_notices_are_searched_page_after_page_and_stored_per_publication_number(tmp_path) -> None:
    server = Ted()
    counts = _pull(tmp_path, server)
    assert server.bodies[0]["query"].startswith("buyer-country=FRA AND publication-date>=20240101 AND publication-date<=20251231")
    assert server.bodies[1]["iterationNextToken"] == "next-1" and server.bodies[0]["paginationMode"] == "ITERATION"
    assert sorted(p.name for p in tmp_path.glob("*.xml")) == ["ted-175200-2025.xml", "ted-41387-2024.xml"]
    assert (tmp_path / "ted-175200-2025.xml").read_bytes() == NOTICES["175200-2025"].read_bytes()
    assert (counts.new, counts.failed) == (2, 1) and "TED 185800-2025" in counts.errors[0]


def test_a_notice_whose_procedure_is_already_there_from_boamp_is_not_fetched(tmp_path) -> None:
    (tmp_path / "25-99999.json").write_text(json.dumps({"idweb": "25-99999", "contractfolderid": PROCEDURES["41387-2024"]}), encoding="utf-8")
    server = Ted()
    counts = _pull(tmp_path, server)
    assert counts.twins == 1 and "41387-2024" not in server.xml_requests
    assert not (tmp_path / "ted-41387-2024.xml").exists()


def test_a_second_pull_fetches_no_notice_again(tmp_path) -> None:
    _pull(tmp_path, Ted())
    server = Ted()
    counts = _pull(tmp_path, server)
    assert (counts.new, counts.existing) == (0, 2) and server.xml_requests == ["185800-2025"]
