"""A batch audit: every tender of a folder, stored as it goes, then scored and reported."""

from __future__ import annotations

import csv
import functools
import hashlib
import itertools
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analyzer.detection.taxonomy import default_taxonomy
from analyzer.distributed import Done, Failed, one_line, run_many
from analyzer.facts.buyer import Buyer, BuyerResolver, parse_identifier
from analyzer.facts.tender import TenderResult
from analyzer.pipeline import BatchLimits, analyze_stream
from analyzer.records import quote_name
from analyzer.registry import default_detectors
from analyzer.reports.tables import write_csv, write_csv_rows
from analyzer.rescore import write_scorecard
from analyzer.scoring.declared import DeclaredTally
from analyzer.scoring.scorecard import flat_tender_row, tender_frame
from analyzer.scoring.targets import load_targets, pick_profile
from analyzer.sources.tenders import TenderRef, content_hash, iter_tenders
from analyzer.storage.store import AuditStore

MANIFEST = "tenders.csv"
BUYERS = "buyers.csv"  # the user's buyer -> commune table; it wins over the resolver


@dataclass
class AuditOutcome:
    run_id: str
    results: list[TenderResult]  # the tenders analysed by this audit (empty with keep_results=False)
    failures: list[tuple[str, str]]  # tenders that crashed: (tender_id, message)
    outputs: dict[str, Path] = field(default_factory=dict)
    scores: pd.DataFrame | None = None
    tenders_total: int = 0
    analysed: int = 0
    reused: int = 0  # unchanged since the last audit of the folder: stored result reused
    skipped: list[tuple[str, str]] = field(default_factory=list)  # left out by discovery, and why
    interrupted: bool = False  # stopped by the user (Ctrl-C): outputs cover the tenders done
    documents_unread: int = 0  # over every tender of the folder (errors.csv says why)

    @property
    def tenders(self) -> pd.DataFrame | None:
        """One row per tender of the folder, analysed now or reused (tenders.csv as a table), read from
        the database when asked: the audit itself does not hold it."""
        database = self.outputs.get("database")
        if database is None:
            return None
        with AuditStore(database) as store:
            return tender_frame(store.tender_records(self.run_id))


def read_manifest(folder: Path) -> dict[str, Buyer]:
    """Optional `tenders.csv` (columns: tender, buyer, buyer_siret) naming the buyer of each tender."""
    path = Path(folder) / MANIFEST
    if not path.exists():
        return {}
    out = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("tender") and row.get("buyer"):
                sret, sren = parse_identifier(row.get("buyer_siret"))
                out[row["tender"].strip()] = Buyer(name=row["buyer"].strip(), siret=sret, siren=sren, source=MANIFEST)
    return out


def run_audit(
    folder: Path,
    out: Path,
    targets: Path | None = None,
    profile_id: str | None = None,
    threshold: float | None = None,
    progress: Callable[[str, int, int | None], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    force: bool = False,
    keep_results: bool = True,
) -> AuditOutcome:
    """Analyse every tender of `folder` and write the reports to `out`.

    `workers` > 1 runs the tenders on a local Dask cluster of that many processes; `scheduler`
    (tcp://HOST:PORT) on an existing one. Results are stored by this process as they arrive.
    A tender whose content and analysis settings have the hash stored by the last audit of the
    same folder is not analysed again (`force` redoes it); the folder keeps one set of rows in the
    database. The tables are built from the database, so memory does not grow with the number of
    tenders when `keep_results` is False.
    """
    folder, out = Path(folder), Path(out)
    loaded = load_targets(targets)  # read once: the scorecard at the end takes it too
    default_profile, profiles, _ = loaded
    profile = pick_profile(profiles, profile_id, default_profile)
    manifest = read_manifest(folder)
    discovery = iter_tenders(folder)
    out.mkdir(parents=True, exist_ok=True)
    results: list[TenderResult] = []
    failures: list[tuple[str, str]] = []
    detector_ids = [d.id for d in default_detectors()]
    taxonomy_version = default_taxonomy().version
    settings = f"{taxonomy_version}|{','.join(detector_ids)}|{threshold}"
    seen: set[str] = set()  # the tenders of the folder
    paths: dict[str, str] = {}  # tender id -> where it was found, while it is analysed (an error names it)
    counts = {"analysed": 0, "reused": 0}
    with AuditStore(out / "audit.duckdb") as store:
        run_id = store.open_run(str(folder.resolve()), taxonomy_version, detector_ids, profile.id)
        interrupted = False

        def jobs() -> Iterator[tuple[str, tuple[TenderRef, Buyer | None, str]]]:
            # Lazily, as the workers take them: an unchanged tender is marked reused and not sent.
            for ref in discovery:
                seen.add(ref.tender_id)
                digest = hashlib.sha256(f"{content_hash(ref)}|{settings}".encode()).hexdigest()
                if not force and store.stored_hash(run_id, ref.tender_id) == digest:
                    store.mark_reused(run_id, ref.tender_id)
                    counts["reused"] += 1
                    if progress:
                        progress(ref.tender_id, counts["reused"] + counts["analysed"] + len(failures), None)
                    continue
                paths[ref.tender_id] = str(ref.path)
                yield ref.tender_id, (ref, manifest.get(ref.path.name) or manifest.get(ref.tender_id), digest)

        if progress:
            progress("", 0, None)
        try:
            # One writer: outcomes come back here as tenders finish, in this process or from the
            # cluster's workers, and are stored at once.
            for outcome in _outcomes(jobs(), workers, scheduler, threshold, str(folder / BUYERS)):
                if isinstance(outcome, Failed):  # one broken tender must not stop the batch: record it, go on
                    failures.append((outcome.key, outcome.message))
                    store.forget(run_id, outcome.key)
                    store.add_error(run_id, outcome.key, paths.pop(outcome.key, outcome.key), outcome.message + "\n" + outcome.details)
                else:
                    paths.pop(outcome.key, None)
                    store.add_tender(run_id, outcome.result)
                    counts["analysed"] += 1
                    if keep_results:
                        results.append(outcome.result)
                if progress:
                    progress(outcome.key, counts["reused"] + counts["analysed"] + len(failures), None)
        except KeyboardInterrupt:
            # Ctrl-C on a long audit: what was analysed is in the database already; write the
            # reports for it too, and let the caller say the audit stopped early.
            interrupted = True
        if not interrupted:
            store.prune(run_id, seen)  # tenders that left the folder leave the audit
            if progress:
                progress("", len(seen), len(seen))
        outcome = AuditOutcome(
            run_id=run_id,
            results=results,
            failures=failures,
            tenders_total=len(seen),
            analysed=counts["analysed"],
            reused=counts["reused"],
            skipped=discovery.skipped,
            interrupted=interrupted,
        )
        outcome.outputs.update(_write_outputs(store, run_id, out, outcome))
    # The scorecard, its workbook and its site are written from the stored audit, exactly as
    # `clauses scorecard OUT` re-scores it later.
    published = write_scorecard(out, targets=targets, profile_id=profile.id, run_id=run_id, loaded=loaded)
    outcome.outputs.update(published.paths)
    outcome.scores = published.card.entities
    return outcome


def _write_outputs(store: AuditStore, run_id: str, out: Path, outcome: AuditOutcome) -> dict[str, Path]:
    """The audit's tables, streamed from the database: tenders a chunk at a time, findings and errors
    row by row, Parquet by DuckDB's COPY; only per-buyer counts (declared vs found) are kept."""
    paths = {
        "tenders_csv": out / "tenders.csv",
        "findings_csv": out / "findings.csv",
        "errors_csv": out / "errors.csv",
        "declared_vs_found_csv": out / "declared_vs_found.csv",
        "database": out / "audit.duckdb",
    }
    tally = DeclaredTally()
    columns: list[str] = []
    unread = 0

    chunks = store.iter_flat_tenders(run_id)
    first = next(chunks, [])  # the columns are those of the first row's

    def tender_rows() -> Iterator[list]:
        nonlocal unread
        for chunk in itertools.chain([first] if first else [], chunks):
            rows = [flat_tender_row(flat, buyer_name, counts) for flat, buyer_name, counts in chunk]
            tally.add(rows)
            for row in rows:
                unread += row["documents_unread"]
                yield [row[c] for c in columns]

    columns = list(flat_tender_row(dict(first[0][0]), *first[0][1:])) if first else list(tender_frame([]).columns)
    write_csv_rows(paths["tenders_csv"], columns, tender_rows())
    outcome.documents_unread = unread
    # Findings and explicit absences in one table, by tender, file and place (findings first on a tie, as stored).
    finding_cols = [n for n, _ in store.tables["findings"] if n not in ("run_id", "position")]
    cols = ", ".join(quote_name(c) for c in finding_cols)
    sql = (
        f"SELECT {cols} FROM (SELECT {cols}, 0 AS _t, position FROM findings WHERE run_id = $run "
        f"UNION ALL SELECT {cols}, 1 AS _t, position FROM negatives WHERE run_id = $run) "
        "ORDER BY tender_id, file NULLS LAST, start NULLS LAST, _t, position"
    )
    write_csv_rows(paths["findings_csv"], finding_cols, (r for _, batch in store.iter_rows(sql, {"run": run_id}) for r in batch))
    # Read back: it also holds the tenders that crashed.
    error_cols = [n for n, _ in store.tables["errors"] if n not in ("run_id", "position")]
    sql = f"SELECT {', '.join(quote_name(c) for c in error_cols)} FROM errors WHERE run_id = $run ORDER BY tender_id, position"
    write_csv_rows(paths["errors_csv"], error_cols, (r for _, batch in store.iter_rows(sql, {"run": run_id}) for r in batch))
    write_csv(tally.frame() if tally.names else pd.DataFrame(), paths["declared_vs_found_csv"])
    for p in store.export_parquet(run_id, out):
        paths[p.stem + "_parquet"] = p
    return paths


Job = tuple[TenderRef, Buyer | None, str]  # a tender, the buyer its folder's manifest names, its content hash


CLUSTER_BATCH = 8  # tenders a cluster task analyses together (one verifier call, one round trip)


def _outcomes(
    jobs: Iterator[tuple[str, Job]], workers: int, scheduler: str | None, threshold: float | None, buyers: str
) -> Iterator[Done[TenderResult] | Failed]:
    """Each tender's result or failure. In this process the tenders stream through the pipeline,
    which judges a few at a time with one verifier call. On a cluster a task is a batch of
    CLUSTER_BATCH tenders; a batch whose worker dies is tried again one tender a task, so that the
    tender that kills a worker is the only one reported failed."""
    if workers > 1 or scheduler:
        analyse = functools.partial(_analyse_batch, threshold=threshold, buyers=buyers)
        batches = _batches(jobs, CLUSTER_BATCH)
        for done in run_many(batches, analyse, workers=workers, scheduler=scheduler, preload=_preload, split=_split):
            if isinstance(done, Failed):
                yield done  # a lone tender's task (a batch is split before it fails)
            else:
                yield from done.result
        return
    yield from _stream(jobs, threshold, buyers)


def _stream(
    jobs: Iterator[tuple[str, Job]], threshold: float | None, buyers: str | None, limits: BatchLimits | None = None
) -> Iterator[Done[TenderResult] | Failed]:
    digests: dict[str, str] = {}

    def refs() -> Iterator[tuple[str, TenderRef, Buyer | None]]:
        for key, (ref, buyer, digest) in jobs:
            digests[key] = digest
            yield key, ref, buyer

    for key, result in analyze_stream(refs(), threshold=threshold, resolver=_resolver(buyers), limits=limits):
        digest = digests.pop(key)
        if isinstance(result, Exception):
            yield Failed(key, one_line(result), "".join(traceback.format_exception(type(result), result, result.__traceback__, limit=3)))
            continue
        result.content_hash, result.reused = digest, False
        yield Done(key, result)


def _batches(jobs: Iterator[tuple[str, Job]], size: int) -> Iterator[tuple[str, list[tuple[str, Job]]]]:
    """Consecutive jobs in lists of `size`, each list keyed by its first tender."""
    chunk: list[tuple[str, Job]] = []
    for key, job in jobs:
        chunk.append((key, job))
        if len(chunk) >= size:
            yield chunk[0][0], chunk
            chunk = []
    if chunk:
        yield chunk[0][0], chunk


def _split(chunk: list[tuple[str, Job]]) -> list[tuple[str, list[tuple[str, Job]]]]:
    return [(key, [(key, job)]) for key, job in chunk]


def _analyse_batch(chunk: list[tuple[str, Job]], threshold: float | None = None, buyers: str | None = None) -> list[Done[TenderResult] | Failed]:
    """A batch of tenders, as a worker runs it (module-level so that Dask can send it by reference):
    each tender's result or failure, so that one broken tender leaves the others of the batch stored."""
    limits = BatchLimits(tenders=len(chunk), candidates=1 << 30, seconds=float("inf"))
    return list(_stream(iter(chunk), threshold, buyers, limits))


@functools.lru_cache(maxsize=4)
def _resolver(buyers: str | None) -> BuyerResolver:
    """The buyer resolver of an audit folder (its buyers.csv wins), built once per process."""
    return BuyerResolver(Path(buyers) if buyers else None)


def _preload() -> None:
    """Load spaCy, the detectors and (in mode verifier) the verifier once per worker, before its first tender."""
    from analyzer.decision import default_config
    from analyzer.detection.nlp import get_nlp

    get_nlp()
    default_detectors()
    if default_config().uses_verifier:
        from analyzer.classifier.verifier import load

        load()
