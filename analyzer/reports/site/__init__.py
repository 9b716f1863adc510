"""The static site of a scorecard: a ranking page and one page per city, EPCI and buyer, in French.

Plain HTML from Jinja2 templates (package data), inline CSS and inline SVG: it opens from the file system and from
any static host, with no JavaScript and nothing loaded from elsewhere.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from analyzer.reports.scorecard_labels import BASIS_FR, KIND_FR
from analyzer.reports.site.method import method_sections
from analyzer.reports.site.svg import Bar, bars, trend

_EVIDENCE_MAX = 300  # rows of evidence per page; the workbook holds them all


@lru_cache(maxsize=1)
def _env() -> Environment:
    """The site's Jinja environment, made once per process: it keeps the templates it compiled (compiling
    them was most of the site of a small audit) and checks their files' times as it hands them out."""
    env = Environment(loader=PackageLoader("analyzer.reports.site", "templates"), autoescape=select_autoescape(["html", "j2"]))
    env.filters["pct"] = lambda v: "–" if v is None or (isinstance(v, float) and pd.isna(v)) else f"{v:g} %".replace(".", ",")
    env.filters["num"] = lambda v: "–" if v is None or (isinstance(v, float) and pd.isna(v)) else f"{int(v):,}".replace(",", " ")
    env.filters["eur"] = lambda v: "–" if v is None or (isinstance(v, float) and pd.isna(v)) else f"{v:,.0f} €".replace(",", " ")
    env.filters["yesno"] = lambda v: "–" if v is None or v is pd.NA else ("oui" if v else "non")
    return env


def page_name(kind: str, entity_id: str) -> str:
    """The file of an entity's page: ville-<INSEE>.html, epci-<SIREN>.html, acheteur-<id>.html."""
    prefix = {"commune": "ville", "epci": "epci"}.get(kind, "acheteur")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", entity_id).strip("-").lower() or "inconnu"
    return f"{prefix}-{slug}.html"


def _clean(v: object) -> object:
    if v is pd.NA or v is None:
        return None
    if isinstance(v, float) and pd.isna(v):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain values; column by column, as pandas' own to_dict is slow on nullable dtypes."""
    if df is None or not len(df):
        return []
    cols = list(df.columns)
    return [{c: _clean(v) for c, v in zip(cols, row, strict=True)} for row in zip(*(df[c].tolist() for c in cols), strict=True)]


def write_site(folder: Path, card, stored) -> Path:  # noqa: ANN001 - Scorecard, StoredAudit
    """Write index.html, methode.html and one page per entity under `folder`; return the index path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.html"):  # a re-score replaces the pages of the previous one
        old.unlink()
    env = _env()
    p = card.profile
    targets = [{"metric": t.metric, "fr": t.fr, "min_pct": t.min_pct, "note": t.note} for t in p.targets]
    entities = _records(card.entities)
    for e in entities:
        e["page"] = page_name(e["entity_kind"], e["entity_id"])
        e["kind_fr"] = KIND_FR.get(e["entity_kind"], e["entity_kind"])
    common = {
        "profile": p,
        "targets": targets,
        "year": card.year,
        "min_tenders": card.min_tenders,
        "basis_fr": BASIS_FR,
    }
    groups = {k: [e for e in entities if e["entity_kind"] == k] for k in ("commune", "epci", "autre")}
    ranked = [e for e in groups["commune"] if e.get("rank") is not None]
    index_chart = ""
    counted = [t for t in p.targets if t.min_pct is not None]
    if ranked and counted:
        first = counted[0]
        index_chart = bars(
            "classement-graphique",
            f"{first.fr} : part mesurée par ville classée, cible {first.min_pct:g} %",
            [Bar(e["entity_name"], e.get(first.metric), first.min_pct) for e in ranked[:15]],
        )
    (folder / "index.html").write_text(
        env.get_template("index.html.j2").render(**common, groups=groups, index_chart=index_chart, page="index"), encoding="utf-8"
    )
    (folder / "methode.html").write_text(
        env.get_template("methode.html.j2").render(**common, sections=method_sections(card, stored), page="methode"), encoding="utf-8"
    )
    by_year = card.by_year
    pages = {(e["entity_kind"], e["entity_id"]): e for e in entities}
    members: dict[str, list[dict]] = {}
    for insee, (siren, _name) in card.city_epci.items():
        if ("commune", insee) in pages:
            members.setdefault(siren, []).append(pages[("commune", insee)])
    # The per-entity tables of the scorecard (one row per entity and year or target), turned into plain
    # rows and grouped once: a frame filtered or sliced per entity cost more than the page it fills.
    keys = ["entity_kind", "entity_id"]
    groups_of = {name: _grouped_records(frame, keys) for name, frame in (("years", by_year), ("shares", card.shares), ("rec", card.reconciliation), ("agec", card.agec))}
    # The tenders and the evidence of each entity come in entity order from the database, one entity
    # at a time: a page is written from them and they are dropped.
    evidence = iter(stored.evidence(_EVIDENCE_MAX))
    pending = next(evidence, None)
    for key, mine in card.table.group_columns(keys, _TENDER_COLUMNS):
        ev, total = [], 0
        while pending is not None and pending[0] <= key:
            if pending[0] == key:
                ev, total = pending[1], pending[2]
            pending = next(evidence, None)
        e = pages.get(key)
        if e is None:  # no tender of the chosen year: no page
            continue
        kind, eid = key
        years = groups_of["years"].get((kind, eid), [])
        epci = None
        if kind == "commune" and eid in card.city_epci:
            siren, name = card.city_epci[eid]
            epci = {"siren": siren, "name": name, "entity": pages.get(("epci", siren))}
        parts = {n: groups_of[n].get((kind, eid), []) for n in ("shares", "rec", "agec")}
        ctx = _entity_context(e, mine, years, ev, total, parts, card, counted)
        html = env.get_template("entity.html.j2").render(
            **common, e=e, epci=epci, members=members.get(eid, []) if kind == "epci" else [], page="entity", **ctx
        )
        (folder / e["page"]).write_text(html, encoding="utf-8")
    return folder / "index.html"


_TENDER_COLUMNS = ["tender_id", "url", "title", "publication_date", "buyer_name", "buyer_kind", "amount_eur", "readable", "in_profile", "social"]
_TENDER_COLUMNS += ["environmental", "declared_sociales", "declared_environnementales", "documents", "documents_unreadable", "findings", "esus_preference"]


def _grouped_records(frame: pd.DataFrame, keys: list[str]) -> dict[tuple, list[dict]]:
    """The rows of `frame` as `_records` gives them, by the values of `keys`, in frame order (pandas' groupby
    with sort=False: rows with a missing key belong to no group)."""
    out: dict[tuple, list[dict]] = {}
    for r in _records(frame):
        key = tuple(r[k] for k in keys)
        if None not in key:
            out.setdefault(key, []).append(r)
    return out


def _entity_context(e: dict, mine: dict[str, list], years: list[dict], ev: list[dict], total: int, parts: dict, card, counted) -> dict:  # noqa: ANN001
    """What an entity's page shows: `mine` its tenders (column -> values), `years` and `parts` its rows of the
    per-year, shares, declared-vs-found and AGEC tables, `ev` its first findings."""
    p = card.profile
    chart = bars(
        f"parts-{e['page'][:-5]}",
        f"{e['entity_name']} : parts mesurées et cibles ({card.year or 'toutes années'})",
        [Bar(t.fr, e.get(t.metric), t.min_pct, _baseline_for(t.metric, e)) for t in p.targets],
    )
    trend_svg = ""
    if years:
        ys = [int(y["year"]) for y in years]
        series = [(t.fr, [y[t.metric] for y in years]) for t in counted if t.metric in years[0]]
        if series:
            trend_svg = trend(
                f"evolution-{e['page'][:-5]}",
                f"{e['entity_name']} : évolution par année de publication",
                ys,
                series,
                [(t.fr, t.min_pct) for t in counted],
            )
    scope = card.year or "toutes"
    urls = dict(zip(mine["tender_id"], mine["url"], strict=True))
    evidence = []
    for r in ev[:_EVIDENCE_MAX]:  # by tender, file and place, from the database
        quote = " ".join(str(r.get("quote") or "").split())
        evidence.append({**r, "quote": quote if len(quote) <= 400 else quote[:399] + "…", "url": _clean(urls.get(r["tender_id"]))})
    return {
        "chart": chart,
        "trend": trend_svg,
        "trend_rows": years,
        "reconciliation": parts["rec"],
        "shares": [s for s in parts["shares"] if s["year_scope"] == scope],
        "evidence": evidence,
        "evidence_total": total,
        "tender_rows": _tender_rows(mine),
        "agec_rows": parts["agec"],
    }


def _tender_rows(mine: dict[str, list]) -> list[dict]:
    """The tenders of a page by publication date, unknown dates last, ties in table order (a stable sort, as
    pandas' sort_values(kind="stable", na_position="last") did)."""
    cols = [mine[c] for c in _TENDER_COLUMNS]
    rows = [{c: _clean(v) for c, v in zip(_TENDER_COLUMNS, row, strict=True)} for row in zip(*cols, strict=True)]
    return sorted(rows, key=lambda r: (r["publication_date"] is None, r["publication_date"] or ""))


def _baseline_for(metric: str, e: dict) -> float | None:
    if metric == "share_social":
        return e.get("baseline_social_pct")
    if metric == "share_environmental":
        return e.get("baseline_environmental_pct")
    return None
