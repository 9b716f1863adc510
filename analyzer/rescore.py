"""Score a stored audit and publish it: scorecard CSV, Excel workbook and static site, from OUT/audit.duckdb.

Used at the end of `clauses audit` and by `clauses scorecard OUT`: nothing is analysed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analyzer.reports.excel import write_workbook
from analyzer.reports.site import write_site
from analyzer.scoring.agec import load_agec
from analyzer.scoring.inputs import iter_scoring_chunks, run_of, scoring_frame
from analyzer.scoring.scorecard import Scorecard, prepare, score_table
from analyzer.scoring.table import ScratchAudit
from analyzer.scoring.targets import Profile, Settings, load_targets, pick_profile


@dataclass
class Published:
    card: Scorecard
    stored: ScratchAudit  # closed: its run_id, source and profile remain
    paths: dict[str, Path] = field(default_factory=dict)


# Cities, their CCAS and caisses des écoles, and EPCI are "other contracting authorities" for the EU thresholds.
_LOCAL_KINDS = {"commune", "ccas", "caisse_des_ecoles", "epci"}


def _threshold_fn():  # noqa: ANN202 - ThresholdFn or None
    """The EU threshold of a tender, from analyzer/data/thresholds.yaml (the draft check's periods), or None."""
    try:
        from analyzer.scoring.applicability import threshold_periods  # the draft check's reader (issue 12)
    except ImportError:
        return None
    from analyzer.scoring.entities import normalise_kind

    def threshold(launched, nature, buyer_kind):  # noqa: ANN001, ANN202
        kind = "local" if normalise_kind(buyer_kind) in _LOCAL_KINDS else None
        period = next((p for p in threshold_periods() if p.holds(launched)), None)
        if kind is None or period is None or not nature:
            return None
        return period.thresholds.get(kind, {}).get(str(nature).lower())

    return threshold


def write_scorecard(
    out: Path,
    targets: Path | None = None,
    profile_id: str | None = None,
    year: int | None = None,
    min_tenders: int | None = None,
    run_id: str | None = None,
    metadata: pd.DataFrame | None = None,
    loaded: tuple[str, dict[str, Profile], Settings] | None = None,
) -> Published:
    """Score the audit stored in `out` against a profile and write its reports beside it.

    Streamed from the database: the scoring table is built a chunk of tenders at a time into a scratch
    DuckDB file (deleted at the end), scored one entity at a time, and the workbook and the site read
    their rows from it; what is held is one row per entity, not one per tender. `loaded`: what
    load_targets(targets) gave the caller already (the audit reads the targets at its start)."""
    out = Path(out)
    default, profiles, settings = load_targets(targets) if loaded is None else loaded
    profile = pick_profile(profiles, profile_id, default)
    run_id, source, profile_used = run_of(out / "audit.duckdb", run_id)
    paths = {
        "scorecard_csv": out / "scorecard.csv",
        "scorecard_years_csv": out / "scorecard_years.csv",
        "scorecard_shares_csv": out / "scorecard_shares.csv",
        "scoring_tenders_csv": out / "scoring_tenders.csv",
        "scorecard_xlsx": out / "scorecard.xlsx",
    }
    agec, threshold = load_agec(), _threshold_fn()
    with ScratchAudit(out / "audit.duckdb", run_id, source, profile_used, folder=out) as stored:
        header = True
        for chunk in iter_scoring_chunks(stored.con, run_id, metadata):
            full = prepare(chunk, profile, agec, threshold)
            full.to_csv(paths["scoring_tenders_csv"], index=False, encoding="utf-8", mode="w" if header else "a", header=header)
            stored.table.append(full)
            header = False
        if header:  # no tender: the header of an empty table, as before
            prepare(scoring_frame([], metadata), profile, agec, threshold).to_csv(paths["scoring_tenders_csv"], index=False, encoding="utf-8")
        card = score_table(stored.table, profile, settings, year=year, min_tenders=min_tenders, agec=agec)
        card.entities.to_csv(paths["scorecard_csv"], index=False, encoding="utf-8")
        card.by_year.to_csv(paths["scorecard_years_csv"], index=False, encoding="utf-8")
        card.shares.to_csv(paths["scorecard_shares_csv"], index=False, encoding="utf-8")
        write_workbook(paths["scorecard_xlsx"], card, stored)
        paths["site"] = write_site(out / "site", card, stored)
    card.table = None  # its scratch file is gone
    return Published(card=card, stored=stored, paths=paths)
