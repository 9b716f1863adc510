"""`pull boamp` against recorded Explore v2.1 answers built from the real BOAMP records: retries,
paging at the 10 000 cap, client-side filters, atomic writes, resuming, and bad pages."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx
import pytest

from analyzer.sources import pull_boamp as pb
from analyzer.sources.http import USER_AGENT, PoliteClient, RetryPolicy, retry_after_seconds
from analyzer.sources.pull_boamp import BoampQuery, pull_boamp
from tests.sources.standin import ExploreStandIn, real_records

pytestmark = pytest.mark.corpus  # every test here reads the real records of ../shared/corpus

API = "http://127.0.0.1:9/api/explore/v2.1"
ALL = BoampQuery(date(2015, 1, 1), date(2026, 12, 31))


def _pull(server: ExploreStandIn, out: Path, q: BoampQuery = ALL, policy: RetryPolicy = RetryPolicy()):
    waits: list[float] = []
    client = PoliteClient(transport=server.transport(), policy=policy, sleep=waits.append)
    counts = pull_boamp(q, out, api_url=API, client=client)
    return counts, waits


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.glob("*.json"))}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return real_records()


def test_a_429_is_waited_out_as_retry_after_says_then_every_record_is_written(tmp_path, records) -> None:
    server = ExploreStandIn(records[:120], retry_after="7")
    counts, waits = _pull(server, tmp_path)
    assert waits == [7.0]
    assert (counts.new, counts.existing, counts.failed) == (120, 0, 0)
    assert sorted(p.stem for p in tmp_path.glob("*.json")) == sorted(r["idweb"] for r in records[:120])


def test_each_request_names_the_project_and_none_asks_past_the_api_limits(tmp_path, records) -> None:
    server = ExploreStandIn(records)
    _pull(server, tmp_path)
    assert all(r.headers["User-Agent"] == USER_AGENT and "clauses" in USER_AGENT for r in server.requests)
    for r in server.record_requests():
        limit, offset = int(r.url.params["limit"]), int(r.url.params["offset"])
        assert limit <= 100 and offset + limit <= 10_000


def test_a_written_record_is_the_record_the_api_gave(tmp_path, records) -> None:
    server = ExploreStandIn(records[:5])
    _pull(server, tmp_path)
    for rec in records[:5]:
        assert json.loads((tmp_path / f"{rec['idweb']}.json").read_text(encoding="utf-8")) == rec


def test_a_second_run_fetches_nothing_whole_and_changes_nothing(tmp_path, records) -> None:
    server = ExploreStandIn(records[:150], ignore_filters=False, honour_select=True, first_429=False)
    first, _ = _pull(server, tmp_path)
    assert first.new == 150
    before = _snapshot(tmp_path)
    again = ExploreStandIn(records[:150], ignore_filters=False, honour_select=True, first_429=False)
    second, _ = _pull(again, tmp_path)
    assert (second.new, second.existing, second.failed) == (0, 150, 0)
    assert _snapshot(tmp_path) == before
    # Only light listings the second time: every records request asked for a few fields, none for `donnees`.
    assert all(r.url.params.get("select") for r in again.record_requests())


def test_a_resumed_run_fetches_only_the_missing_records(tmp_path, records) -> None:
    server = ExploreStandIn(records[:150], ignore_filters=False, honour_select=True, first_429=False)
    _pull(server, tmp_path)
    for name in ("19-95263.json", "20-103489.json"):
        (tmp_path / name).unlink()
    again = ExploreStandIn(records[:150], ignore_filters=False, honour_select=True, first_429=False)
    counts, _ = _pull(again, tmp_path)
    assert (counts.new, counts.existing) == (2, 148)
    whole = [r for r in again.record_requests() if not r.url.params.get("select")]
    assert len(whole) == 1 and "19-95263" in whole[0].url.params["where"] and "20-103489" in whole[0].url.params["where"]


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        # Dates, département and buyer are checked here, whatever the server sent back.
        (BoampQuery(date(2019, 1, 1), date(2019, 12, 31)), lambda r: r["dateparution"].startswith("2019")),
        (BoampQuery(date(2015, 1, 1), date(2026, 12, 31), departement="44"), lambda r: "44" in (r["code_departement"] or [])),
        (BoampQuery(date(2015, 1, 1), date(2026, 12, 31), buyer="saint-nazaire"), lambda r: "nazaire" in (r["nomacheteur"] or "").lower()),
        (BoampQuery(date(2015, 1, 1), date(2026, 12, 31), buyer="79820357600029"), lambda r: r["idweb"] == "24-28199"),
    ],
)
def test_filters_are_checked_client_side_when_the_server_ignores_them(tmp_path, records, query, kept) -> None:  # noqa: ANN001
    counts, _ = _pull(ExploreStandIn(records), tmp_path, query)
    expected = sorted(r["idweb"] for r in records if kept(r))
    assert expected, "the corpus must hold matching records for this case"
    assert sorted(p.stem for p in tmp_path.glob("*.json")) == expected
    assert counts.out_of_scope == len(records) - len(expected)


def test_timeouts_and_5xx_are_retried_with_exponential_backoff(tmp_path, records) -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    def busy(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503)

    server = ExploreStandIn(records[:30], first_429=False, faults={1: timeout, 2: busy, 3: busy})
    counts, waits = _pull(server, tmp_path)
    assert waits == [1.0, 2.0, 4.0]
    assert counts.new == 30 and counts.errors == []


def test_a_page_that_keeps_failing_with_500_is_reported_and_the_other_pages_are_kept(tmp_path, records) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, text="Internal Server Error")

    # Request 1 counts, 2 is the first page (offset 0), 3-5 are the second page and its two retries.
    server = ExploreStandIn(records[:250], first_429=False, faults={3: broken, 4: broken, 5: broken})
    counts, _ = _pull(server, tmp_path, policy=RetryPolicy(attempts=3))
    assert counts.new == 150 and counts.failed == 100
    assert any("HTTP 500 after 3 attempts" in e for e in counts.errors)
    assert all(json.loads(p.read_text(encoding="utf-8"))["idweb"] == p.stem for p in tmp_path.glob("*.json"))
    # The next run fetches the 100 that failed, and only them.
    again, _ = _pull(ExploreStandIn(records[:250], first_429=False), tmp_path)
    assert (again.new, again.existing, again.failed) == (100, 150, 0)


def test_a_page_of_malformed_json_is_asked_again_then_reported_and_nothing_written_is_touched(tmp_path, records) -> None:
    _pull(ExploreStandIn(records[:100], first_429=False), tmp_path)
    before = _snapshot(tmp_path)

    def cut(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b'{"total_count": 250, "results": [{"idweb": "19-95263", "donn')

    # Request 1 counts, 2 is the first page, 3 and 4 the second page and its second try.
    server = ExploreStandIn(records[:250], first_429=False, faults={3: cut, 4: cut})
    counts, _ = _pull(server, tmp_path)
    assert any("offset 100: the page is not valid JSON" in e for e in counts.errors)
    assert {k: v for k, v in _snapshot(tmp_path).items() if k in before} == before
    assert (counts.existing, counts.failed, counts.new) == (100, 100, 50)


def test_three_bad_pages_in_a_row_stop_the_pull_cleanly(tmp_path, records) -> None:
    def cut(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"<html>maintenance</html>")

    # Pages 2, 3 and 4 (requests 3-8, each page tried twice) fail: the fourth page is never asked.
    server = ExploreStandIn(records, first_429=False, faults={n: cut for n in range(3, 20)})
    counts, _ = _pull(server, tmp_path)
    assert counts.stopped and counts.new == 100
    assert "run the pull again" in counts.errors[-1]


def test_an_empty_page_before_the_announced_total_ends_the_listing_quietly(tmp_path, records) -> None:
    server = ExploreStandIn(records[:200], first_429=False, total_override=260)
    counts, _ = _pull(server, tmp_path)
    assert (counts.new, counts.failed, counts.errors) == (200, 0, [])
    offsets = [int(r.url.params["offset"]) for r in server.record_requests()[1:]]
    assert offsets == [0, 100, 200]


def test_paging_stops_at_the_10000_cap(tmp_path, records) -> None:
    # 10 000 notices, all already in the folder: the listing pages up to offset 9 900 + 100 and no further.
    many = [{**records[i % len(records)], "idweb": f"99-{i:05d}"} for i in range(10_000)]
    for rec in many:
        (tmp_path / f"{rec['idweb']}.json").write_text("{}", encoding="utf-8")
    server = ExploreStandIn(many, first_429=False, honour_select=True)
    counts, _ = _pull(server, tmp_path)
    pages = server.record_requests()[1:]
    assert (int(pages[-1].url.params["offset"]), int(pages[-1].url.params["limit"])) == (9_900, 100)
    assert len(pages) == 100 and counts.existing == 10_000


def test_a_period_over_the_cap_is_split_until_each_part_fits(tmp_path, records, monkeypatch) -> None:
    monkeypatch.setattr(pb, "CAP", 100)  # the rule is the same at 10 000; 345 real records show it
    server = ExploreStandIn(records, ignore_filters=False, first_429=False)
    counts, _ = _pull(server, tmp_path)
    assert counts.new == len(records)
    for r in server.record_requests():
        assert int(r.url.params["offset"]) + int(r.url.params["limit"]) <= 100
    assert not [r for r in server.requests if "exports" in r.url.path]


def test_a_server_that_ignores_the_period_is_read_from_the_exports_endpoint(tmp_path, records, monkeypatch) -> None:
    monkeypatch.setattr(pb, "CAP", 100)
    server = ExploreStandIn(records, first_429=False)
    counts, _ = _pull(server, tmp_path)
    assert counts.new == len(records)
    assert len([r for r in server.requests if r.url.path.endswith("/exports/jsonl")]) == 1


def test_a_truncated_export_keeps_the_records_before_the_cut(tmp_path, records, monkeypatch) -> None:
    monkeypatch.setattr(pb, "CAP", 100)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[:150])
    cut = lines[: lines.index("\n", len(lines) // 2) + 40]  # the 76th line is cut in the middle

    def truncated(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=cut.encode("utf-8"))

    server = ExploreStandIn(records[:150], first_429=False)
    server.faults = {3: truncated}  # count, count of the first half (same: filter ignored), then the export
    counts, _ = _pull(server, tmp_path)
    assert any("truncated download" in e for e in counts.errors)
    assert counts.new == cut.count("\n")
    assert all(json.loads(p.read_text(encoding="utf-8")) for p in tmp_path.glob("*.json"))


def test_a_record_whose_donnees_does_not_parse_is_kept_as_received_and_reported(tmp_path, records) -> None:
    bad = {**records[0], "donnees": '{"IDENTITE": {"DENOMINATION": "ville de Coul'}
    server = ExploreStandIn([bad, *records[1:10]], first_429=False)
    counts, _ = _pull(server, tmp_path)
    assert counts.new == 10
    assert any(bad["idweb"] in e and "not valid JSON" in e for e in counts.errors)
    assert json.loads((tmp_path / f"{bad['idweb']}.json").read_text(encoding="utf-8"))["donnees"] == bad["donnees"]


def test_no_partial_file_is_left_behind(tmp_path, records) -> None:
    _pull(ExploreStandIn(records[:40]), tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(("header", "seconds"), [("7", 7.0), ("0", 0.0), ("soon", None), (None, None)])
def test_retry_after_is_read_as_seconds(header, seconds) -> None:  # noqa: ANN001
    assert retry_after_seconds(header) == seconds


def test_retry_after_as_an_http_date_in_the_past_means_now() -> None:
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_a_server_that_honours_select_but_ignores_the_idweb_filter_still_gives_every_record(tmp_path, records) -> None:
    server = ExploreStandIn(records[:150], honour_select=True)  # light listing, then `idweb IN` ignored
    counts, _ = _pull(server, tmp_path)
    assert (counts.new, counts.failed) == (150, 0)
    assert sorted(p.stem for p in tmp_path.glob("*.json")) == sorted(r["idweb"] for r in records[:150])


def test_a_server_that_gives_no_total_count_is_paged_until_an_empty_page(tmp_path, records) -> None:
    server = ExploreStandIn(records[:130], first_429=False)

    def no_total(request: httpx.Request) -> httpx.Response:
        answer = server.handle_plain(request)
        body = json.loads(answer.content)
        body.pop("total_count")
        return httpx.Response(200, json=body)

    server.faults = {n: no_total for n in range(1, 10)}
    counts, _ = _pull(server, tmp_path)
    assert (counts.new, counts.failed) == (130, 0)
