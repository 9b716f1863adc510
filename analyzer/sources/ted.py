"""`clauses pull ted`: French eForms notices from the TED Search API v3, one XML file per
publication number (`ted-<publication-number>.xml`).

A JOUE notice is published on BOAMP and on TED: the BOAMP record's `contractfolderid` is the eForms
procedure identifier (BT-04) that TED returns as `procedure-identifier`. A TED notice whose
procedure is already in the folder as a BOAMP record is not written: one procedure, one tender.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from analyzer.sources.boamp_api import as_list, safe_key
from analyzer.sources.eforms_meta import eforms_meta
from analyzer.sources.files import write_if_new
from analyzer.sources.http import PoliteClient, PullError
from analyzer.sources.metadata import TenderMeta
from analyzer.sources.tree import xml_to_tree

SEARCH_URL = "https://api.ted.europa.eu/v3/notices/search"
NOTICE_XML_URL = "https://ted.europa.eu/en/notice/{pn}/xml"
NOTICE_URL = "https://ted.europa.eu/en/notice/-/detail/{pn}"
FIELDS = ["publication-number", "procedure-identifier", "buyer-name", "buyer-city", "publication-date", "notice-type"]
PAGE = 250  # the API's maximum per page


@dataclass(frozen=True)
class TedQuery:
    since: date
    until: date
    buyer: str | None = None  # part of the buyer's name

    def expert_query(self) -> str:
        q = f"buyer-country=FRA AND publication-date>={self.since:%Y%m%d} AND publication-date<={self.until:%Y%m%d}"
        if self.buyer:
            q += f' AND buyer-name~"{self.buyer.replace(chr(34), "")}"'
        return q + " SORT BY publication-date ASC"


@dataclass
class TedCounts:
    new: int = 0
    existing: int = 0
    twins: int = 0  # the same procedure is already in the folder as a BOAMP record
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def boamp_procedures(folder: Path) -> set[str]:
    """The `contractfolderid` of every BOAMP record pulled into `folder`."""
    out: set[str] = set()
    for path in Path(folder).glob("*.json"):
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError, UnicodeDecodeError):
            continue
        if isinstance(rec, dict) and rec.get("contractfolderid"):
            out.add(str(rec["contractfolderid"]).strip().lower())
    return out


def search(client: PoliteClient, q: TedQuery, url: str = SEARCH_URL) -> Iterator[dict[str, Any]]:
    """Every notice of the query, page after page (ITERATION mode: no cap on the number)."""
    token = None
    while True:
        body: dict[str, Any] = {"query": q.expert_query(), "fields": FIELDS, "limit": PAGE, "paginationMode": "ITERATION"}
        if token:
            body["iterationNextToken"] = token
        response = client.post(url, json=body)
        if response.status_code != 200:
            raise PullError(f"TED search: HTTP {response.status_code} {response.text[:200]!r}")
        try:
            page = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise PullError("TED search: the answer is not valid JSON") from None
        notices = page.get("notices") or []
        yield from (n for n in notices if isinstance(n, dict))
        token = page.get("iterationNextToken")
        if not notices or not token:
            return


def _one(value: Any) -> str | None:
    values = as_list(value) if not isinstance(value, dict) else [v for vs in value.values() for v in as_list(vs)]
    return values[0] if values else None


def ted_meta(xml: bytes, publication_number: str) -> TenderMeta | None:
    meta = eforms_meta(xml_to_tree(xml), f"ted-{publication_number}", "ted", publication_number)
    if meta is not None:
        meta.url = NOTICE_URL.format(pn=publication_number)
    return meta


def pull_ted(
    q: TedQuery,
    out: Path,
    client: PoliteClient | None = None,
    search_url: str = SEARCH_URL,
    xml_url: str = NOTICE_XML_URL,
    progress: Callable[[str, dict[str, Any]], None] | None = None,
) -> TedCounts:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    own = client is None
    client = client or PoliteClient()
    counts = TedCounts()
    twins = boamp_procedures(out)
    progress = progress or (lambda event, data: None)
    try:
        for notice in search(client, q, search_url):
            pn = _one(notice.get("publication-number"))
            if not pn:
                counts.failed += 1
                counts.errors.append("a TED notice without publication-number was skipped")
                continue
            procedure = (_one(notice.get("procedure-identifier")) or "").lower()
            if procedure and procedure in twins:
                counts.twins += 1
                continue
            path = out / f"ted-{safe_key(pn)}.xml"
            if path.exists():
                counts.existing += 1
                continue
            try:
                response = client.get(xml_url.format(pn=pn))
                if response.status_code != 200:
                    raise PullError(f"HTTP {response.status_code}")
                meta = ted_meta(response.content, pn)  # parses with defusedxml: a hostile or cut file stops here
                if meta is None:
                    raise PullError("not an eForms notice")
            except Exception as exc:  # noqa: BLE001 - one bad notice must not stop the pull
                counts.failed += 1
                counts.errors.append(f"TED {pn}: {exc}")
                continue
            if meta.procedure_id and meta.procedure_id.lower() in twins:
                counts.twins += 1
                continue
            if write_if_new(path, response.content):
                counts.new += 1
                progress("record", {"id": pn, "status": "new"})
    except PullError as exc:
        counts.errors.append(str(exc))
    finally:
        if own:
            client.close()
    return counts
