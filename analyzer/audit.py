"""A batch audit: every tender of a folder, stored as it goes, then scored and reported."""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analyzer.detection.taxonomy import default_taxonomy
from analyzer.distributed import Failed, run_many
from analyzer.facts.buyer import Buyer, parse_identifier
from analyzer.facts.tender import TenderResult
from analyzer.pipeline import analyze_tender
from analyzer.registry import default_detectors
from analyzer.reports.excel import write_workbook
from analyzer.reports.tables import finding_rows, write_csv
from analyzer.scoring.scorecard import scorecard, tender_rows
from analyzer.scoring.targets import Profile, TargetsError, load_profiles
from analyzer.sources.tenders import discover_tenders, tender_id_for
from analyzer.storage.store import AuditStore

MANIFEST = "tenders.csv"


@dataclass
class AuditOutcome:
    run_id: str
    results: list[TenderResult]
    failures: list[tuple[str, str]]  # tenders that crashed: (tender_id, message)
    outputs: dict[str, Path] = field(default_factory=dict)
    scores: pd.DataFrame | None = None
    tenders_total: int = 0
    interrupted: bool = False  # stopped by the user (Ctrl-C): outputs cover the tenders done


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
    progress: Callable[[str, int, int], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> AuditOutcome:
    """Analyse every tender of `folder` and write the reports to `out`.

    `workers` > 1 runs the tenders on a local Dask cluster of that many processes; `scheduler`
    (tcp://HOST:PORT) on an existing one. Results are stored by this process as they arrive.
    """
    folder, out = Path(folder), Path(out)
    default_profile, profiles = load_profiles(targets)
    if (profile_id or default_profile) not in profiles:
        raise TargetsError(f"unknown profile {profile_id!r}; known: {', '.join(sorted(profiles))}")
    profile = profiles[profile_id or default_profile]
    manifest = read_manifest(folder)
    tenders = discover_tenders(folder)
    out.mkdir(parents=True, exist_ok=True)
    results: list[TenderResult] = []
    failures: list[tuple[str, str]] = []
    with AuditStore(out / "audit.duckdb") as store:
        run_id = store.start_run(str(folder), default_taxonomy().version, [d.id for d in default_detectors()], profile.id)
        interrupted = False
        jobs = ((tender_id_for(path), (path, manifest.get(path.name) or manifest.get(tender_id_for(path)))) for path in tenders)
        analyse = functools.partial(_analyse_one, threshold=threshold)
        done = 0
        if progress:
            progress("", 0, len(tenders))
        try:
            # One writer: outcomes come back here as tenders finish, in this process or from the
            # cluster's workers, and are stored at once.
            for outcome in run_many(jobs, analyse, workers=workers, scheduler=scheduler, preload=_preload):
                done += 1
                if isinstance(outcome, Failed):  # one broken tender must not stop the batch: record it, go on
                    failures.append((outcome.key, outcome.message))
                    store.add_error(run_id, outcome.key, _path_of(tenders, outcome.key), outcome.message + "\n" + outcome.details)
                else:
                    store.add_tender(run_id, outcome.result)
                    results.append(outcome.result)
                if progress:
                    progress(outcome.key, done, len(tenders))
        except KeyboardInterrupt:
            # Ctrl-C on a long audit: what was analysed is in the database already; write the
            # reports for it too, and let the caller say the audit stopped early.
            interrupted = True
        if progress and not interrupted:
            progress("", len(tenders), len(tenders))
        outcome = AuditOutcome(run_id=run_id, results=results, failures=failures, tenders_total=len(tenders), interrupted=interrupted)
        outcome.outputs.update(_write_outputs(store, run_id, out, results, failures, profile))
    outcome.scores = pd.read_csv(outcome.outputs["scorecard_csv"], dtype={"buyer_siret": "string"})
    return outcome


def _write_outputs(
    store: AuditStore, run_id: str, out: Path, results: list[TenderResult], failures: list[tuple[str, str]], profile: Profile
) -> dict[str, Path]:
    tenders = tender_rows(results)
    scores = scorecard(tenders, profile)
    findings = finding_rows(results)
    errors = store.frame("errors", run_id)  # read back: it also holds the tenders that crashed
    paths = {
        "tenders_csv": out / "tenders.csv",
        "findings_csv": out / "findings.csv",
        "errors_csv": out / "errors.csv",
        "scorecard_csv": out / "scorecard.csv",
        "scorecard_xlsx": out / "scorecard.xlsx",
        "database": out / "audit.duckdb",
    }
    for name, frame in (("tenders_csv", tenders), ("findings_csv", findings), ("errors_csv", errors), ("scorecard_csv", scores)):
        write_csv(frame, paths[name])
    write_workbook(paths["scorecard_xlsx"], scores, tenders, findings, errors, profile)
    for p in store.export_parquet(run_id, out):
        paths[p.stem + "_parquet"] = p
    return paths


def _analyse_one(job: tuple[Path, Buyer | None], threshold: float | None = None) -> TenderResult:
    """One tender, as a worker runs it: module-level so that Dask can send it by reference."""
    path, buyer = job
    return analyze_tender(path, buyer=buyer, threshold=threshold)


def _preload() -> None:
    """Load spaCy and the detectors once per worker, before its first tender."""
    from analyzer.detection.nlp import get_nlp

    get_nlp()
    default_detectors()


def _path_of(tenders: list[Path], tender_id: str) -> str:
    return next((str(p) for p in tenders if tender_id_for(p) == tender_id), tender_id)
