"""`clauses pull boamp`: BOAMP notices from the Opendatasoft Explore v2.1 API, one JSON file per
notice (`<idweb>.json`) in a folder that `clauses audit` reads.

How it pages (Explore v2.1 limits): the records endpoint gives at most 100 records a page and
offset + limit ≤ 10 000 per query, so a period whose count passes 10 000 is split in halves until
each part fits; a part that cannot be split further (one day, or a server that ignores the filter)
is read from the exports endpoint, which has no cap. A first pass lists the period with a few light
fields; only the notices missing from the folder are then fetched whole, so a second run fetches
only what is missing and rewrites nothing. Every record is checked client-side against the
filters: a server that ignores them (or a mirror) cannot put a foreign notice in the folder.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from analyzer.sources.boamp_api import BadRecord, as_list, boamp_meta, donnees, flat_record, safe_key
from analyzer.sources.files import write_if_new
from analyzer.sources.http import PoliteClient, PullError
from analyzer.sources.metadata import iso_date

DEFAULT_API = "https://boamp-datadila.opendatasoft.com/api/explore/v2.1"
DATASET = "boamp"
PAGE = 100  # records endpoint maximum
CAP = 10_000  # offset + limit must stay within this
LIGHT_FIELDS = "idweb,dateparution,code_departement,nomacheteur"
FETCH_BATCH = 50  # idweb values per "idweb IN (...)" query


@dataclass(frozen=True)
class BoampQuery:
    since: date
    until: date
    departement: str | None = None
    buyer: str | None = None  # a SIRET (14 digits), a SIREN (9) or part of the buyer's name

    @property
    def buyer_id(self) -> str | None:
        digits = re.sub(r"\D", "", self.buyer or "")
        return digits if self.buyer and len(digits) in (9, 14) and not re.search(r"[A-Za-z]", self.buyer) else None


@dataclass
class PullCounts:
    new: int = 0
    existing: int = 0  # already in the folder: not fetched again, not rewritten
    failed: int = 0
    out_of_scope: int = 0  # returned by the server but outside the filters (checked client-side)
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    stopped: bool = False  # the pull stopped early (the server kept failing): the folder holds what came

    def error(self, message: str) -> None:
        self.errors.append(message)


Progress = Callable[[str, dict[str, Any]], None]


def _date_where(start: date, end: date) -> str:
    return f"dateparution >= date'{start.isoformat()}' AND dateparution <= date'{end.isoformat()}'"


def where_clause(q: BoampQuery, start: date, end: date) -> str:
    parts = [_date_where(start, end)]
    if q.departement:
        parts.append(f'code_departement = "{_quote(q.departement)}"')
    if q.buyer_id:
        parts.append(f'search(donnees, "{q.buyer_id}")')
    elif q.buyer:
        parts.append(f'search(nomacheteur, "{_quote(q.buyer)}")')
    return " AND ".join(parts)


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", "".join(c for c in text if not unicodedata.combining(c)).lower()).split())


def in_scope(rec: dict[str, Any], q: BoampQuery, full: bool) -> bool:
    """Whether a record meets the filters. On a light record (no `donnees`) the buyer SIRET cannot be
    checked yet: it is checked again on the whole record."""
    published = iso_date(rec.get("dateparution"))
    if published is None or not (q.since.isoformat() <= published <= q.until.isoformat()):
        return False
    if q.departement:
        if q.departement.upper().zfill(2) not in {d.upper().zfill(2) for d in as_list(rec.get("code_departement"))}:
            return False
    if q.buyer_id:
        if not full:
            return True
        try:
            meta = boamp_meta(rec)
        except BadRecord:
            return False
        ids = {meta.buyer_siret or "", meta.buyer_siren or ""}
        return q.buyer_id in ids or (len(q.buyer_id) == 9 and (meta.buyer_siret or "").startswith(q.buyer_id)) or (
            q.buyer_id in str(rec.get("donnees") or "")
        )
    if q.buyer:
        return _norm(q.buyer) in _norm(str(rec.get("nomacheteur") or ""))
    return True


class BoampPuller:
    def __init__(self, client: PoliteClient, api_url: str = DEFAULT_API, progress: Progress | None = None) -> None:
        self.client = client
        self.base = api_url.rstrip("/") + f"/catalog/datasets/{DATASET}"
        self.progress = progress or (lambda event, data: None)

    # -- requests ---------------------------------------------------------------------------

    def _page(self, where: str, offset: int, limit: int, select: str | None) -> dict[str, Any]:
        params: dict[str, Any] = {"where": where, "limit": limit, "offset": offset, "order_by": "dateparution, idweb"}
        if select:
            params["select"] = select
        problem = ""
        for _ in range(2):  # a page cut on the way is asked for once more
            response = self.client.get(f"{self.base}/records", params=params)
            if response.status_code != 200:
                raise PullError(f"records offset {offset}: HTTP {response.status_code} {response.text[:200]!r}")
            try:
                page = response.json()
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                problem = f"records offset {offset}: the page is not valid JSON ({exc})"
                continue
            if not isinstance(page, dict) or not isinstance(page.get("results", []), list):
                raise PullError(f"records offset {offset}: unexpected page shape (no 'results' list)")
            return page
        raise PullError(problem)

    def count(self, where: str) -> int | None:
        """The number of records of `where`; None when the server does not say (then: page until empty)."""
        page = self._page(where, 0, 1, "idweb")
        total = page.get("total_count")
        return total if isinstance(total, int) else None

    def export(self, where: str, select: str | None = None) -> Iterator[dict[str, Any]]:
        """Every record of `where` from the exports endpoint (JSONL, streamed line by line)."""
        params: dict[str, Any] = {"where": where}
        if select:
            params["select"] = select
        with self.client.stream("GET", f"{self.base}/exports/jsonl", params=params) as response:
            if response.status_code != 200:
                raise PullError(f"exports/jsonl: HTTP {response.status_code}")
            n = 0
            try:
                for line in response.iter_lines():
                    if not line.strip():
                        continue
                    n += 1
                    try:
                        item = json.loads(line)
                    except json.JSONDecodeError:
                        raise PullError(f"exports/jsonl: line {n} is not valid JSON (truncated download?)") from None
                    if isinstance(item, dict):
                        yield item
            except httpx.HTTPError as exc:
                raise PullError(f"exports/jsonl: download cut after {n} records ({type(exc).__name__})") from None

    # -- listing ----------------------------------------------------------------------------

    def windows(self, q: BoampQuery, counts: PullCounts) -> Iterator[tuple[date, date, int, bool]]:
        """(start, end, count, paged) periods that each fit under the cap; paged False = use exports."""
        stack = [(q.since, q.until, None)]
        while stack:
            start, end, parent = stack.pop()
            total = self.count(where_clause(q, start, end))
            if total is None:
                yield start, end, CAP, True
                continue
            if total <= CAP:
                yield start, end, total, True
                continue
            if parent is not None and total >= parent:
                # Half the period holds as many as the whole: the server ignores the date filter.
                # Splitting further would fetch the same records again; one export of the period reads them.
                yield q.since, q.until, total, False
                return
            if end <= start:  # one day over the cap: exports have no cap
                yield start, end, total, False
                continue
            middle = start + timedelta(days=(end - start).days // 2)
            stack.append((middle + timedelta(days=1), end, total))
            stack.append((start, middle, total))

    def list_window(self, q: BoampQuery, start: date, end: date, total: int, paged: bool, counts: PullCounts) -> Iterator[dict[str, Any]]:
        where = where_clause(q, start, end)
        if not paged:
            try:
                yield from self.export(where)
            except PullError as exc:
                counts.error(f"{start}..{end}: {exc}; what came before is kept, the next run fetches the rest")
            return
        offset, failures_in_row = 0, 0
        while offset < min(total, CAP):
            limit = min(PAGE, CAP - offset)
            try:
                page = self._page(where, offset, limit, LIGHT_FIELDS)
            except PullError as exc:
                counts.error(f"{start}..{end}: {exc}")
                counts.failed += min(limit, total - offset)
                failures_in_row += 1
                if failures_in_row >= 3:
                    counts.stopped = True
                    counts.error("stopped: three pages in a row failed; run the pull again to fetch the rest")
                    return
                offset += limit
                continue
            failures_in_row = 0
            results = page.get("results") or []
            if not results:
                break  # fewer records than announced: nothing more to read
            yield from (r for r in results if isinstance(r, dict))
            offset += len(results)

    # -- the pull ---------------------------------------------------------------------------

    def pull(self, q: BoampQuery, out: Path) -> PullCounts:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        counts = PullCounts()
        missing: list[str] = []
        try:
            for start, end, total, paged in self.windows(q, counts):
                self.progress("window", {"start": start, "end": end, "total": total, "paged": paged})
                for raw in self.list_window(q, start, end, total, paged, counts):
                    rec = flat_record(raw)
                    self._take(rec, q, out, counts, missing)
                    if counts.stopped:
                        break
                if counts.stopped:
                    break
            if missing and not counts.stopped:
                self._fetch_missing(missing, q, out, counts)
        except PullError as exc:
            counts.error(str(exc))
            counts.stopped = True
        counts.requests = self.client.requests
        return counts

    def _take(self, rec: dict[str, Any], q: BoampQuery, out: Path, counts: PullCounts, missing: list[str]) -> None:
        idweb = rec.get("idweb")
        if not idweb:
            counts.failed += 1
            counts.error("a record without idweb was skipped")
            return
        full = "donnees" in rec
        if not in_scope(rec, q, full):
            counts.out_of_scope += 1
            return
        path = out / f"{safe_key(str(idweb))}.json"
        if path.exists():
            counts.existing += 1
            self.progress("record", {"idweb": idweb, "status": "existing"})
            return
        if full:
            self._write(rec, path, counts)
        elif str(idweb) not in missing:
            missing.append(str(idweb))

    def _write(self, rec: dict[str, Any], path: Path, counts: PullCounts) -> None:
        try:
            donnees(rec)  # a bad `donnees` is reported; the record is still kept as the server gave it
        except BadRecord as exc:
            counts.error(f"{rec.get('idweb')}: {exc} (kept as received; the audit reports it)")
        if write_if_new(path, json.dumps(rec, ensure_ascii=False).encode("utf-8")):
            counts.new += 1
            self.progress("record", {"idweb": rec.get("idweb"), "status": "new"})
        else:
            counts.existing += 1

    def _fetch_missing(self, missing: list[str], q: BoampQuery, out: Path, counts: PullCounts) -> None:
        self.progress("fetch", {"missing": len(missing)})
        left = set(missing)
        for i in range(0, len(missing), FETCH_BATCH):
            batch = missing[i : i + FETCH_BATCH]
            wanted = set(batch)
            where = "idweb IN (" + ", ".join(f'"{_quote(x)}"' for x in batch) + ")"
            try:
                page = self._page(where, 0, min(PAGE, len(batch)), None)
            except PullError as exc:
                counts.failed += len(batch)
                left -= wanted
                counts.error(f"fetching {len(batch)} notices: {exc}")
                continue
            results = [flat_record(r) for r in page.get("results") or [] if isinstance(r, dict)]
            if any(str(r.get("idweb") or "") not in wanted for r in results):
                # The server ignored the idweb filter: read the period again, whole, and keep the missing ones.
                self._repage_whole(q, out, counts, left)
                return
            for rec in results:
                idweb = str(rec.get("idweb") or "")
                if "donnees" not in rec:
                    continue
                wanted.discard(idweb)
                left.discard(idweb)
                if not in_scope(rec, q, full=True):
                    counts.out_of_scope += 1
                    continue
                self._write(rec, out / f"{safe_key(idweb)}.json", counts)
            if wanted:
                left -= wanted
                counts.failed += len(wanted)
                counts.error(f"{len(wanted)} notices listed but not returned: {', '.join(sorted(wanted)[:5])}")

    def _repage_whole(self, q: BoampQuery, out: Path, counts: PullCounts, left: set[str]) -> None:
        for start, end, total, paged in self.windows(q, counts):
            if not left:
                return
            where = where_clause(q, start, end)
            source = self.export(where) if not paged else self._whole_pages(where, total, counts)
            for raw in source:
                rec = flat_record(raw)
                idweb = str(rec.get("idweb") or "")
                if idweb in left and "donnees" in rec:
                    left.discard(idweb)
                    if in_scope(rec, q, full=True):
                        self._write(rec, out / f"{safe_key(idweb)}.json", counts)
                    else:
                        counts.out_of_scope += 1
        if left:
            counts.failed += len(left)
            counts.error(f"{len(left)} notices listed but never returned whole: {', '.join(sorted(left)[:5])}")

    def _whole_pages(self, where: str, total: int, counts: PullCounts) -> Iterator[dict[str, Any]]:
        offset = 0
        while offset < min(total, CAP):
            try:
                page = self._page(where, offset, min(PAGE, CAP - offset), None)
            except PullError as exc:
                counts.error(str(exc))
                return
            results = page.get("results") or []
            if not results:
                return
            yield from (r for r in results if isinstance(r, dict))
            offset += len(results)


def pull_boamp(
    q: BoampQuery, out: Path, api_url: str = DEFAULT_API, client: PoliteClient | None = None, progress: Progress | None = None
) -> PullCounts:
    own = client is None
    client = client or PoliteClient()
    try:
        return BoampPuller(client, api_url, progress).pull(q, out)
    finally:
        if own:
            client.close()
