"""Scorecards: cities, intercommunalities and other buyers against a target profile, per year, with coverage.

Every share comes with its coverage (tenders found, read, unreadable, in the profile's scope). Unreadable tenders
are left out of the shares and counted apart; tenders whose date, amount or CPV is unknown where the profile needs
it are counted apart too. Below `min_tenders` scored tenders an entity is "échantillon insuffisant" and not ranked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

import numpy as np
import pandas as pd

from analyzer.facts.tender import TenderResult
from analyzer.records import flat_json_row, to_json
from analyzer.scoring.agec import Agec, load_agec
from analyzer.scoring.baseline import Baseline, load_baseline
from analyzer.scoring.entities import UNKNOWN_BUYER, _blank, with_entities
from analyzer.scoring.scope import ThresholdFn, applies
from analyzer.scoring.table import DuckTable, FrameTable, frame_records
from analyzer.scoring.targets import Profile, Settings, Target

RANKED = "classé"
TOO_FEW = "échantillon insuffisant"
NONE_IN_SCOPE = "aucun marché concerné"
BASIS_FR = {"count": "en nombre", "value": "en valeur", "count_proxy": "en nombre (approximation : montants inconnus)"}
SHARE_COLUMNS = ["entity_kind", "entity_id", "entity_name", "year_scope", "metric", "target_fr", "min_pct", "share", "numerator", "denominator"]
SHARE_COLUMNS += ["scope_unknown", "basis", "amount_known", "meets"]
AGEC_COLUMNS = ["entity_kind", "entity_id", "entity_name", "category", "tenders", "requiring", "reuse_target_pct", "recycled_target_pct", "target_year"]
RECONCILIATION = ("agree", "declared_not_found", "found_not_declared", "none", "not_declared")


@dataclass
class Scorecard:
    profile: Profile
    settings: Settings
    year: int | None
    min_tenders: int
    tenders: pd.DataFrame | None  # the scoring table with entity, year and applicability columns, when held in memory
    entities: pd.DataFrame  # one row per entity for the chosen years
    by_year: pd.DataFrame  # one row per entity and year of publication
    shares: pd.DataFrame  # one row per entity, year scope ("toutes" or the year) and target
    reconciliation: pd.DataFrame  # declared vs found, per entity and side
    agec: pd.DataFrame  # per entity and AGEC category (AGEC profile only)
    baseline: Baseline
    city_epci: dict[str, tuple[str, str]] = field(default_factory=dict)
    years: tuple[int, ...] = ()
    overall_by_year: pd.DataFrame = field(default_factory=pd.DataFrame)  # every tender of the audit, per year
    table: FrameTable | DuckTable | None = None  # the same tenders, read a group or a chunk at a time (reports)
    coverage: dict = field(default_factory=dict)  # tenders found, read, and missing metadata over the whole audit


def _applies_col(t: Target) -> str:
    return f"applies:{t.metric}"


def mark_scope(table: pd.DataFrame, profile: Profile, agec: Agec | None = None, threshold: ThresholdFn | None = None) -> pd.DataFrame:
    """The table with `in_profile` and one `applies:<metric>` column per target (True, False or NA)."""
    out = table.copy()
    records = frame_records(out)
    prof = [applies(r, profile.scope, agec, threshold) for r in records]
    out["in_profile"] = pd.array(prof, dtype="boolean")
    for t in profile.targets:
        vals = []
        for r, p in zip(records, prof, strict=True):
            own = applies(r, t.scope, agec, threshold)
            vals.append(False if p is False or own is False else (None if p is None or own is None else True))
        out[_applies_col(t)] = pd.array(vals, dtype="boolean")
    return out


def _missing(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def _true(v: object) -> bool:
    """pandas' `fillna(False).astype(bool)` of one value."""
    if v is True or v is False:  # most flags: asked first
        return v
    return False if _missing(v) else bool(v)


def _sum(values: list[float]) -> float:
    # numpy's sum, as pandas' Series.sum does it on the same values in the same order: same float, same CSV
    return float(np.asarray(values, dtype=float).sum()) if values else 0.0


def _kahan(values: list[float]) -> float:
    # pandas' groupby sum (Kahan-compensated), in the same order
    total = compensation = 0.0
    for v in values:
        y = v - compensation
        t = total + y
        compensation = (t - total) - y
        total = t
    return total


class _Rows:
    """One group's columns as lists: a share is a few counts and sums over a handful of tenders, which pandas
    does at tens of microseconds an operation, and a national audit scores tens of thousands of groups."""

    def __init__(self, columns: dict[str, list]) -> None:
        self.columns = columns
        self.n = len(next(iter(columns.values()), []))

    @classmethod
    def of(cls, g: pd.DataFrame) -> _Rows:
        return cls({c: g[c].tolist() for c in g.columns})

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, column: str) -> list:
        return self.columns[column]

    def where(self, keep: list[bool]) -> _Rows:
        return _Rows({c: list(compress(vs, keep)) for c, vs in self.columns.items()})

    def take(self, rows: list[int]) -> _Rows:
        return _Rows({c: [vs[i] for i in rows] for c, vs in self.columns.items()})

    def by_year(self) -> list[tuple[float, _Rows]]:
        """The rows of each known year, years in order, rows in table order (pandas' groupby): found in one
        pass, where a pass per year cost a big city's years times its tenders."""
        rows: dict[Any, list[int]] = {}
        for i, y in enumerate(self["year"]):
            if not _missing(y):
                rows.setdefault(y, []).append(i)
        return [(y, self.take(rows[y])) for y in sorted(rows)]


def _share(g: _Rows, t: Target, settings: Settings) -> dict:
    """Numerator, denominator, share and basis of one target over the read tenders `g`."""
    col = _applies_col(t)
    applies = g[col]
    in_base = [_true(v) for v in applies]
    unknown = sum(1 for v in applies if _missing(v))
    flags = [_true(f) for f, b in zip(g[t.flag], in_base) if b]
    n = len(flags)
    out = {"n": n, "num": sum(flags), "scope_unknown": unknown, "basis": "count", "amount_known": None, "share": None}
    if t.basis == "value_else_count" and n:
        amounts = [a for a, b in zip(g["amount_eur"], in_base) if b]
        known = [not _missing(a) for a in amounts]
        out["amount_known"] = sum(known)
        if out["amount_known"] and out["amount_known"] / n * 100 >= settings.value_min_coverage_pct:
            total = _sum([a for a, k in zip(amounts, known) if k])
            if total > 0:
                flagged = _sum([a for a, k, f in zip(amounts, known, flags) if k and f])
                out["basis"] = "value"
                out["share"] = round(flagged / total * 100, 1)
                out["num_eur"] = flagged
                out["den_eur"] = total
                return out
        out["basis"] = "count_proxy"
    if n:
        out["share"] = round(out["num"] / n * 100, 1)
    return out


def _reconcile(declared: object, found: bool) -> str:
    if declared is None or declared is pd.NA:
        return "not_declared"
    if bool(declared):
        return "agree" if found else "declared_not_found"
    return "found_not_declared" if found else "none"


def _stats(g: _Rows | pd.DataFrame, profile: Profile, settings: Settings, min_tenders: int) -> tuple[dict, list[dict]]:
    g = g if isinstance(g, _Rows) else _Rows.of(g)
    readable = [_true(v) for v in g["readable"]]
    read = g.where(readable)
    in_prof = read["in_profile"]
    row = {
        "tenders_found": len(g),
        "tenders_read": sum(readable),
        "tenders_unreadable": len(readable) - sum(readable),
        "tenders_out_of_scope": sum(1 for v in in_prof if not _missing(v) and not v),
        "tenders_scope_unknown": sum(1 for v in in_prof if _missing(v)),
        "tenders_scored": sum(1 for v in in_prof if _true(v)),
    }
    if row["tenders_scored"] == 0:
        row["status"] = NONE_IN_SCOPE
    else:
        row["status"] = RANKED if row["tenders_scored"] >= min_tenders else TOO_FEW
    long, met, counted, ratios = [], 0, 0, []
    for t in profile.targets:
        s = _share(read, t, settings)
        meets = None if (t.is_indicator or s["share"] is None) else bool(s["share"] >= t.min_pct)
        if meets is not None:
            counted += 1
            met += int(meets)
            ratios.append(min(1.0, s["share"] / t.min_pct) if t.min_pct else 1.0)
        row[t.metric] = s["share"]
        row[f"n:{t.metric}"] = s["n"]
        row[f"num:{t.metric}"] = s["num"]
        row[f"basis:{t.metric}"] = s["basis"]
        row[f"meets:{t.metric}"] = meets
        long.append(
            {
                "metric": t.metric,
                "target_fr": t.fr,
                "min_pct": t.min_pct,
                "share": s["share"],
                "numerator": s["num"],
                "denominator": s["n"],
                "scope_unknown": s["scope_unknown"],
                "basis": s["basis"],
                "amount_known": s["amount_known"],
                "meets": meets,
            }
        )
    row["targets_met"] = met
    row["targets_total"] = len(profile.counted_targets)
    row["targets_measured"] = counted
    row["progress"] = round(sum(ratios) / len(ratios) * 100, 1) if ratios else None
    row["legal_risks"] = sum(1 for v in g["esus_preference"] if _true(v))
    amounts = [(y, a) for y, a in zip(g["year"], g["amount_eur"]) if not _missing(a)]
    row["amount_known"] = len(amounts)
    row["amount_total_eur"] = _sum([a for _, a in amounts]) if amounts else None
    if amounts:
        per_year: dict[float, list[float]] = {}
        for y, a in amounts:
            per_year.setdefault(-1 if _missing(y) else y, []).append(a)
        row["yearly_purchases_max_eur"] = float(max(_kahan(v) for v in per_year.values()))
    else:
        row["yearly_purchases_max_eur"] = None
    if settings.spaser_min_eur is None or row["yearly_purchases_max_eur"] is None:
        row["spaser_required"] = None
    else:
        row["spaser_required"] = row["yearly_purchases_max_eur"] >= settings.spaser_min_eur
    return row, long


def _rank(frame: pd.DataFrame) -> pd.DataFrame:
    """Rank ranked entities within their kind: targets met, then progress towards them, then sample size."""
    frame = frame.copy()
    frame["rank"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    for _kind, part in frame[frame["status"] == RANKED].groupby("entity_kind"):
        key = part["targets_met"] * 1e6 + part["progress"].fillna(0) * 1e3 + part["tenders_scored"].clip(upper=999)
        frame.loc[part.index, "rank"] = key.rank(ascending=False, method="min").astype("Int64")
    order = {RANKED: 0, TOO_FEW: 1, NONE_IN_SCOPE: 2}
    frame["_o"] = frame["status"].map(order)
    frame["_k"] = frame["entity_kind"].map({"commune": 0, "epci": 1, "autre": 2})
    # Names, then codes, break the ties: the order never depends on the order tenders were stored in.
    frame = frame.sort_values(
        ["_k", "_o", "rank", "progress", "tenders_scored", "entity_name", "entity_id"],
        ascending=[True, True, True, False, False, True, True],
        na_position="last",
    )
    return frame.drop(columns=["_o", "_k"]).reset_index(drop=True)


def _with_baseline(frame: pd.DataFrame, baseline: Baseline, year: int | None, years: pd.Series | None = None) -> pd.DataFrame:
    frame = frame.copy()
    ys = years if years is not None else pd.Series([year] * len(frame), index=frame.index)
    b_all = [baseline.for_year(None if pd.isna(y) else int(y)) for y in ys]
    b_ct = [baseline.for_year(None if pd.isna(y) else int(y), "collectivites_territoriales") for y in ys]
    frame["baseline_year"] = pd.array([b.year if b else None for b in b_all], dtype="Int64")
    frame["baseline_social_pct"] = [b.social_pct if b else None for b in b_all]
    frame["baseline_environmental_pct"] = [b.environmental_pct if b else None for b in b_all]
    frame["baseline_local_social_pct"] = [b.social_pct if b else None for b in b_ct]
    return frame


def prepare(table: pd.DataFrame, profile: Profile, agec: Agec | None = None, threshold: ThresholdFn | None = None) -> pd.DataFrame:
    """The scoring table (analyzer/scoring/inputs.py) with its entity, year and scope columns: what a
    scorecard groups. Row by row, so it is done a chunk at a time on a big audit."""
    return mark_scope(with_entities(table), profile, agec or load_agec(), threshold)


def score(
    table: pd.DataFrame,
    profile: Profile,
    settings: Settings,
    year: int | None = None,
    min_tenders: int | None = None,
    agec: Agec | None = None,
    baseline: Baseline | None = None,
    threshold: ThresholdFn | None = None,
) -> Scorecard:
    """Score every city, EPCI and other buyer of the scoring `table` (analyzer/scoring/inputs.py)."""
    agec = agec or load_agec()
    full = prepare(table, profile, agec, threshold)
    card = score_table(FrameTable(full), profile, settings, year=year, min_tenders=min_tenders, agec=agec, baseline=baseline)
    card.tenders = full
    return card


_COVERAGE = ("publication_date", "commune_insee", "amount_eur")  # the metadata the method says are missing


def score_table(
    table: FrameTable | DuckTable,
    profile: Profile,
    settings: Settings,
    year: int | None = None,
    min_tenders: int | None = None,
    agec: Agec | None = None,
    baseline: Baseline | None = None,
) -> Scorecard:
    """Score a prepared table (`prepare`), one entity's tenders at a time, then one year's: what is
    held is the group at hand and one row per entity, never every tender."""
    min_tenders = settings.min_tenders if min_tenders is None else min_tenders
    agec = agec or load_agec()
    baseline = baseline or load_baseline()
    # The groups below copy their rows: only the columns a share needs, not the tenders' texts.
    needed = ["entity_kind", "entity_id", "entity_name", "year", "readable", "in_profile", "amount_eur", "cpv", "esus_preference"]
    needed += ["declared_sociales", "declared_environnementales", "social", "environmental", "recycled_or_reuse"]
    needed += [c for t_ in profile.targets for c in (_applies_col(t_), t_.flag)]
    needed = list(dict.fromkeys(needed))
    extra = ["tender_id", "epci_siren", "epci_name", *_COVERAGE]
    keys = ["entity_kind", "entity_id"]
    rows, long, long_years, yrows, rec_rows, agec_rows = [], [], [], [], [], []
    years: set[int] = set()
    cities: list[tuple[str, str, tuple[str, str]]] = []  # (first tender, INSEE, (EPCI SIREN, name))
    coverage = {"found": 0, "read": 0, "missing": dict.fromkeys(_COVERAGE, 0)}
    # Each group as plain lists (table.group_columns): a frame per group cost more than its shares.
    for (kind, eid), columns in table.group_columns(keys, list(dict.fromkeys(needed + extra))):
        g = _Rows({c: columns[c] for c in needed})
        coverage["found"] += len(g)
        coverage["read"] += sum(1 for v in g["readable"] if _true(v))
        for c in _COVERAGE:
            coverage["missing"][c] += sum(1 for v in columns[c] if _missing(v))
        if kind == "commune":
            linked = next((i for i, v in enumerate(columns["epci_siren"]) if not _missing(v)), None)
            if linked is not None:
                siren, name = columns["epci_siren"][linked], columns["epci_name"][linked]
                name = name if not _blank(name) else siren
                cities.append((str(columns["tender_id"][linked]), eid, (str(siren), str(name))))
        years.update(int(y) for y in g["year"] if not _missing(y))
        chosen = g if year is None else g.where([not _missing(y) and y == year for y in g["year"]])
        if len(chosen):
            row, parts = _stats(chosen, profile, settings, min_tenders)
            name = chosen["entity_name"][0]
            rows.append({"entity_kind": kind, "entity_id": eid, "entity_name": name, "year": year, **row})
            long.extend({"entity_kind": kind, "entity_id": eid, "entity_name": name, "year_scope": year or "toutes", **p} for p in parts)
        for y, gy in g.by_year():
            row, parts = _stats(gy, profile, settings, min_tenders)
            name = gy["entity_name"][0]
            yrows.append({"entity_kind": kind, "entity_id": eid, "entity_name": name, "year": int(y), **row})
            if year is None:
                long_years.extend({"entity_kind": kind, "entity_id": eid, "entity_name": name, "year_scope": int(y), **p} for p in parts)
        read = chosen.where([_true(v) for v in chosen["readable"]])
        if len(read):
            name = read["entity_name"][0]
            for side, declared, found in (("social", "declared_sociales", "social"), ("environmental", "declared_environnementales", "environmental")):
                counts = dict.fromkeys(RECONCILIATION, 0)
                for d, f in zip(read[declared], read[found], strict=True):
                    counts[_reconcile(d, _true(f))] += 1
                rec_rows.append({"entity_kind": kind, "entity_id": eid, "entity_name": name, "side": side, **counts})
        if profile.scope.agec_category:
            agec_rows.extend(_agec_rows(kind, eid, read.where([_true(v) for v in read["in_profile"]]), agec, year))
    empty = [*keys, "entity_name", "year", "tenders_found", "tenders_read", "tenders_unreadable", "tenders_out_of_scope"]
    empty += ["tenders_scope_unknown", "tenders_scored", "status", "rank", "targets_met", "targets_total"]
    entities = _rank(pd.DataFrame(rows)) if rows else pd.DataFrame(columns=empty + [t.metric for t in profile.targets])
    if rows:
        entities = _with_baseline(entities, baseline, year)
    by_year = pd.DataFrame(yrows) if yrows else pd.DataFrame(columns=empty + [t.metric for t in profile.targets])
    if len(by_year):
        by_year = _with_baseline(by_year, baseline, None, by_year["year"])
    overall_cols = [c for c in needed if c not in ("entity_kind", "entity_id", "entity_name")]
    orows = []
    for (y,), columns in table.group_columns(["year"], overall_cols):
        row, _ = _stats(_Rows(columns), profile, settings, min_tenders)
        orows.append({"year": int(y), **row})
    overall = pd.DataFrame(orows)
    if len(overall):
        overall = _with_baseline(overall, baseline, None, overall["year"])
    return Scorecard(
        profile=profile,
        settings=settings,
        year=year,
        min_tenders=min_tenders,
        tenders=None,
        entities=entities,
        by_year=by_year,
        shares=pd.DataFrame(long + long_years, columns=SHARE_COLUMNS),
        reconciliation=pd.DataFrame(rec_rows, columns=[*keys, "entity_name", "side", *RECONCILIATION]),
        agec=pd.DataFrame(agec_rows, columns=AGEC_COLUMNS),
        baseline=baseline,
        # In the order of each city's first tender, as they come in the table.
        city_epci={insee: link for _, insee, link in sorted(cities)},
        years=tuple(sorted(years)),
        overall_by_year=overall,
        table=table,
        coverage=coverage,
    )


def _agec_rows(kind: str, eid: str, scoped: _Rows, agec: Agec, year: int | None) -> list[dict]:
    """An entity's read tenders in the AGEC profile's scope, per AGEC category of their CPV code (categories in
    order, tenders of no category left out, as pandas' groupby did)."""
    categories = [agec.category_for_cpv(c) for c in scoped["cpv"]]
    out = []
    for cat in sorted({c for c in categories if not _missing(c)}):
        ga = scoped.where([c == cat for c in categories])
        known = [y for y in ga["year"] if not _missing(y)]
        y = year or (int(max(known)) if known else None)
        tg = agec.targets_for(cat, y)
        out.append(
            {
                "entity_kind": kind,
                "entity_id": eid,
                "entity_name": ga["entity_name"][0],
                "category": cat,
                "tenders": len(ga),
                "requiring": sum(1 for v in ga["recycled_or_reuse"] if _true(v)),
                "reuse_target_pct": tg.get("reuse_pct") if tg else None,
                "recycled_target_pct": tg.get("recycled_pct") if tg else None,
                "target_year": y,
            }
        )
    return out


def tender_rows(results: list[TenderResult]) -> pd.DataFrame:
    """One row per tender: every field of the record (analyzer.records), then the flags a scorecard counts.

    Lists stay lists (the reports decide how to show them); identifiers stay strings.
    """
    return tender_frame(
        (
            to_json(r, TenderResult),
            {
                "documents": len(r.documents),
                "documents_unread": sum(1 for d in r.documents if d.error),
                "findings": len(r.findings),
                "negatives": len(r.negatives),
                "errors": len(r.errors),
            },
        )
        for r in results
    )


def tender_frame(records: Iterable[tuple[dict[str, Any], dict[str, int]]]) -> pd.DataFrame:
    """The tender table from records in JSON form (a result, or the store's read-back) and the
    length of their lists of documents, findings, negatives and errors."""
    import pandas as pd

    rows = [tender_row(data, counts) for data, counts in records]
    df = pd.DataFrame(rows, columns=None if rows else ["tender_id", "buyer"])
    for col in ("tender_id", "buyer", "buyer_name", "buyer_siret", "buyer_siren", "commune_insee", "source_id", "cpv", "epci_siren"):
        if col in df:
            df[col] = df[col].astype("string")
    return df


def tender_row(data: dict[str, Any], counts: dict[str, int]) -> dict[str, Any]:
    """One row of the tender table (tenders.csv): the record's fields flattened, then the flags a scorecard counts."""
    return flat_tender_row(flat_json_row(data, TenderResult, record_lists=False), (data.get("buyer") or {}).get("name"), counts)


def flat_tender_row(row: dict[str, Any], buyer_name: str | None, counts: dict[str, int]) -> dict[str, Any]:
    """`tender_row` of a record already flattened (`row`, as flat_json_row gives it; updated in place), whose
    own buyer's name is `buyer_name` (the flat row's `buyer_name` is the notice's)."""
    social_found = row.get("considerations_sociales")
    environmental_found = row.get("considerations_environnementales")
    social, environmental = bool(social_found), bool(environmental_found)
    row.update(
        {
            "buyer": _buyer_label(row.get("buyer_kind"), row.get("city"), row.get("epci_siren"), buyer_name, row.get("buyer_name")),
            "documents": counts.get("documents", 0),
            "documents_unread": counts.get("documents_unread", 0),
            "findings": counts.get("findings", 0),
            "negatives": counts.get("negatives", 0),
            "errors": counts.get("errors", 0),
            "social": social,
            "environmental": environmental,
            "social_and_environmental": social and environmental,
            "env_criterion": "Critère environnemental" in (environmental_found or []),
            "reserved": "Marché réservé" in (social_found or []),
        }
    )
    return row


_KIND_FR = {"commune": "{} (commune)", "ccas": "{} (CCAS)", "caisse_des_ecoles": "{} (caisse des écoles)"}


def buyer_label(data: dict[str, Any]) -> str:
    """The name a buyer is counted under: its commune body when resolved ("Nanterre (commune)" for
    "Mairie de Nanterre" and "Commune de Nanterre" alike), its EPCI's official name, else the name read."""
    meta = data.get("tender") or {}
    own = (data.get("buyer") or {}).get("name")
    return _buyer_label(meta.get("buyer_kind"), meta.get("city"), meta.get("epci_siren"), own, meta.get("buyer_name"))


def _buyer_label(kind: str | None, city: str | None, epci_siren: str | None, own_name: str | None, notice_name: str | None) -> str:
    """`buyer_label` of the parts it reads: the notice's buyer kind, city and EPCI, the buyer's own name and the notice's."""
    if kind in _KIND_FR and city:
        return _KIND_FR[kind].format(city)
    if kind == "epci" and epci_siren:
        from analyzer.facts.territories import territories

        epci = territories().epcis.get(epci_siren)
        if epci:
            return epci.name
    return own_name or notice_name or UNKNOWN_BUYER
