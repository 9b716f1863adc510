"""A stand-in of the Opendatasoft Explore v2.1 API for the BOAMP dataset, served through
httpx.MockTransport, with the real records of ../shared/corpus.

Like the acceptance stand-in it can ignore every filter and answer 429 to its first request; it
can also honour `where` on dates and idweb, honour `select`, and inject faults by request number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs

import httpx

from analyzer.sources.boamp_api import iter_csv_records
from tests.conftest import SHARED

DEV_CSV = SHARED / "boamp-api-2015-2025" / "boamp_api_records_dev.csv"
ARRAY_FIELDS = ("code_departement", "code_departement_prestation", "criteres", "type_marche", "descripteur_code", "descripteur_libelle", "dc")


def api_record(row: dict[str, str]) -> dict:
    """A CSV row in the JSON shape of the API: arrays as lists, empty as null, `donnees` a string."""
    out: dict = {}
    for k, v in row.items():
        if k == "label":  # the corpus's own annotation column, not an API field
            continue
        if k in ARRAY_FIELDS and v.startswith("["):
            out[k] = json.loads(v)
        else:
            out[k] = v if v != "" else None
    return out


def real_records() -> list[dict]:
    return [api_record(r) for r in iter_csv_records(DEV_CSV)]


@dataclass
class ExploreStandIn:
    records: list[dict]
    ignore_filters: bool = True
    honour_select: bool = False
    first_429: bool = True
    retry_after: str = "3"
    faults: dict[int, Callable[[httpx.Request], httpx.Response]] = field(default_factory=dict)  # request number (1-based) -> answer
    total_override: int | None = None
    requests: list[httpx.Request] = field(default_factory=list)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        n = len(self.requests)
        if n == 1 and self.first_429:
            return httpx.Response(429, headers={"Retry-After": self.retry_after}, json={"error": "Too many requests"})
        if n in self.faults:
            return self.faults[n](request)
        return self.handle_plain(request)

    def handle_plain(self, request: httpx.Request) -> httpx.Response:
        """The answer without the scripted 429 and faults."""
        params = {k: v[0] for k, v in parse_qs(request.url.query.decode()).items()}
        rows = self.records if self.ignore_filters else [r for r in self.records if _matches(r, params.get("where", ""))]
        if request.url.path.endswith("/exports/jsonl"):
            body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
            return httpx.Response(200, content=body.encode("utf-8"), headers={"Content-Type": "application/jsonl"})
        if not request.url.path.endswith("/catalog/datasets/boamp/records"):
            return httpx.Response(404, json={"error": "unknown path"})
        limit, offset = int(params.get("limit", 10)), int(params.get("offset", 0))
        if limit > 100 or offset + limit > 10_000:
            return httpx.Response(400, json={"error": "limit must be ≤ 100 and offset + limit ≤ 10000"})
        page = rows[offset : offset + limit]
        if self.honour_select and params.get("select"):
            keep = [f.strip() for f in params["select"].split(",")]
            page = [{k: r.get(k) for k in keep} for r in page]
        total = self.total_override if self.total_override is not None else len(rows)
        return httpx.Response(200, json={"total_count": total, "results": page})

    def record_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path.endswith("/records")]


def _matches(rec: dict, where: str) -> bool:
    """The two filters the puller sends that this stand-in honours when asked: dates and idweb IN."""
    ids = re.search(r"idweb IN \(([^)]*)\)", where)
    if ids:
        return rec["idweb"] in re.findall(r'"([^"]+)"', ids.group(1))
    dates = re.findall(r"dateparution (>=|<=) date'(\d{4}-\d{2}-\d{2})'", where)
    day = date.fromisoformat(rec["dateparution"][:10])
    for op, value in dates:
        bound = date.fromisoformat(value)
        if (op == ">=" and day < bound) or (op == "<=" and day > bound):
            return False
    return True
