"""City scorecards on a real audit of real notices: BOAMP API records of Saint-Nazaire and Le Havre (2015-2025),
2020 notices of Nanterre, Marseille, Rennes and two EPCI. Expected figures come from the records themselves
(publication dates, amounts, which record was truncated), not from running the scorer."""

from __future__ import annotations

import pandas as pd
import pytest

from analyzer.scoring.inputs import scoring_table
from analyzer.scoring.scorecard import score
from analyzer.scoring.targets import TargetsError, load_targets, pick_profile

SAINT_NAZAIRE, CARENE, STRASBOURG, NANTERRE = "44184", "244400644", "246700488", "92050"


def _card(real_audit, profile="pnad-2022-2025", meta=None, **kw):
    _out, stored, metadata = real_audit
    default, profiles, settings = load_targets()
    table = scoring_table(stored, metadata if meta is None else meta)
    return score(table, profiles[profile], settings, **kw)


def _row(card, kind, eid):
    e = card.entities
    return e[(e["entity_kind"] == kind) & (e["entity_id"] == eid)].iloc[0]


@pytest.mark.parametrize(("min_tenders", "status", "ranked"), [(10, "classé", True), (11, "échantillon insuffisant", False), (3, "classé", True)])
@pytest.mark.corpus
def test_a_city_below_the_minimum_sample_is_shown_but_not_ranked(real_audit, min_tenders, status, ranked):
    # Saint-Nazaire: 11 commune records, one of them truncated, so 10 tenders are scored.
    row = _row(_card(real_audit, min_tenders=min_tenders), "commune", SAINT_NAZAIRE)
    assert row["status"] == status
    assert (not pd.isna(row["rank"])) is ranked


@pytest.mark.corpus
def test_the_default_minimum_sample_is_ten_tenders_from_the_targets_file(real_audit):
    # Le Havre has 4 commune notices: fewer than 10.
    assert load_targets()[2].min_tenders == 10
    assert _row(_card(real_audit), "commune", "76351")["status"] == "échantillon insuffisant"


@pytest.mark.parametrize(("year", "found", "read"), [(2018, 2, 2), (2023, 2, 1), (2021, 0, 0), (None, 11, 10)])
@pytest.mark.corpus
def test_year_filter_keeps_the_tenders_published_that_year(real_audit, year, found, read):
    # Saint-Nazaire's records by dateparution: 2015 ×1, 2016 ×2, 2017 ×2, 2018 ×2, 2019, 2020, 2023 ×2 (one truncated).
    card = _card(real_audit, year=year)
    e = card.entities
    mine = e[(e["entity_kind"] == "commune") & (e["entity_id"] == SAINT_NAZAIRE)]
    assert (int(mine["tenders_found"].sum()), int(mine["tenders_read"].sum())) == (found, read)


@pytest.mark.corpus
def test_the_trend_has_one_row_per_year_of_publication(real_audit):
    years = _card(real_audit).by_year
    mine = years[(years["entity_kind"] == "commune") & (years["entity_id"] == SAINT_NAZAIRE)]
    assert list(mine["year"]) == [2015, 2016, 2017, 2018, 2019, 2020, 2023]


@pytest.mark.corpus
def test_the_law_applies_to_no_tender_launched_before_21_august_2026(real_audit):
    card = _card(real_audit, profile="loi-climat-2026", min_tenders=1)
    assert (card.entities["tenders_scored"] == 0).all()
    assert (card.entities["tenders_out_of_scope"] == card.entities["tenders_read"]).all()


@pytest.mark.parametrize(("published", "in_scope"), [("2026-08-20", 0), ("2026-08-21", 1), (None, 0)])
@pytest.mark.corpus
def test_the_law_date_filter_at_its_boundary(real_audit, published, in_scope):
    # The same real Nanterre notice, its publication date set either side of the law's start, or unknown.
    meta = real_audit[2].copy()
    meta.loc[meta["tender_id"] == "35598034", "publication_date"] = published
    row = _row(_card(real_audit, profile="loi-climat-2026", meta=meta, min_tenders=1), "commune", NANTERRE)
    assert row["tenders_scored"] == in_scope
    assert row["tenders_scope_unknown"] == (1 if published is None else 0)


@pytest.mark.corpus
def test_the_recycled_share_is_weighted_by_value_when_amounts_are_known(real_audit):
    # Eurométropole de Strasbourg, 2020 notices: the 33 000 000 € sorting contract asks for a recycling rate
    # ("Taux de recyclage que le candidat s'engage à atteindre"); the 500 000 € and the 1 € (sic) ones do not.
    card = _card(real_audit, profile="pacte-ess-villes")
    s = card.shares
    row = s[(s["entity_id"] == STRASBOURG) & (s["metric"] == "share_recycled_or_reuse") & (s["year_scope"] == "toutes")].iloc[0]
    assert row["basis"] == "value"
    assert row["share"] == pytest.approx(round(33_000_000 / 33_500_001 * 100, 1))


@pytest.mark.corpus
def test_without_amounts_the_recycled_share_is_a_labelled_count(real_audit):
    meta = real_audit[2].assign(amount_eur=None)
    card = _card(real_audit, profile="pacte-ess-villes", meta=meta)
    s = card.shares
    row = s[(s["entity_id"] == STRASBOURG) & (s["metric"] == "share_recycled_or_reuse") & (s["year_scope"] == "toutes")].iloc[0]
    assert (row["basis"], row["share"]) == ("count_proxy", round(1 / 3 * 100, 1))


@pytest.mark.corpus
def test_an_unreadable_tender_is_counted_apart_and_left_out_of_the_shares(real_audit):
    card = _card(real_audit)
    row = _row(card, "commune", SAINT_NAZAIRE)
    assert (row["tenders_found"], row["tenders_read"], row["tenders_unreadable"]) == (11, 10, 1)
    s = card.shares
    mine = s[(s["entity_id"] == SAINT_NAZAIRE) & (s["year_scope"] == "toutes")]
    assert set(mine["denominator"]) == {10}
    assert "23-65926" not in set(card.tenders[card.tenders["readable"] == True]["tender_id"])  # noqa: E712


@pytest.mark.corpus
def test_the_epci_is_scored_apart_and_named_on_its_cities(real_audit):
    card = _card(real_audit, min_tenders=1)
    assert _row(card, "epci", CARENE)["tenders_found"] == 1  # the CARENE record is not added to Saint-Nazaire
    assert card.city_epci[SAINT_NAZAIRE][0] == CARENE


@pytest.mark.corpus
def test_the_national_baseline_is_shown_beside_each_city_for_its_year(real_audit):
    years = _card(real_audit).by_year
    mine = years[(years["entity_id"] == SAINT_NAZAIRE)].set_index("year")
    assert (mine.loc[2019, "baseline_social_pct"], mine.loc[2019, "baseline_environmental_pct"]) == (12.5, 15.8)
    assert pd.isna(mine.loc[2020, "baseline_social_pct"])  # no recensement figure given for 2020
    assert mine.loc[2023, "baseline_local_social_pct"] == 12.7


@pytest.mark.parametrize(("profile_id", "ok"), [("pacte-ess-villes", True), ("pacte-ess", False)])
def test_an_unknown_profile_is_a_one_line_error_listing_the_known_ones(profile_id, ok):
    default, profiles, _ = load_targets()
    if ok:
        assert pick_profile(profiles, profile_id, default).id == profile_id
    else:
        with pytest.raises(TargetsError, match="known: .*pacte-ess-villes"):
            pick_profile(profiles, profile_id, default)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("default_profile: p\nprofiles:\n  p:\n    targets:\n      - {metric: share_unknown, min_pct: 10}\n", "unknown metric"),
        ("default_profile: p\nprofiles:\n  p:\n    targets:\n      - {metric: share_social, min_pct: 120}\n", "min_pct"),
        ("default_profile: p\nprofiles:\n  p:\n    applies_to: {launched_from: 21/08/2026}\n    targets: []\n", "ISO date"),
        ("default_profile: q\nprofiles:\n  p:\n    targets: []\n", "default_profile"),
    ],
)
def test_a_bad_targets_file_names_the_problem(tmp_path, text, message):
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TargetsError, match=message):
        load_targets(path)


@pytest.mark.parametrize(
    ("cpv", "category"),
    [
        ("30230000", "Matériel informatique et téléphonie"),  # Saint-Nazaire 16-79523: computers
        ("34928400", "Mobilier urbain"),  # Strasbourg 35593788: street furniture
        ("34928480", "Equipements de collecte de déchets"),  # waste bins: the longer prefix wins
        ("18143000", None),  # protective equipment is excluded from textiles
        ("72514300", None),  # Le Havre 24-145499: a maintenance-software service
        (None, None),
    ],
)
def test_agec_categories_are_known_from_the_cpv_code_only(cpv, category):
    from analyzer.scoring.agec import load_agec

    assert load_agec().category_for_cpv(cpv) == category


def test_agec_values_not_found_in_the_annex_stay_empty():
    from analyzer.scoring.agec import load_agec

    agec = load_agec()
    assert len(agec.categories) == 17
    textiles = agec.categories[0]
    assert textiles.targets[2024] == {"reuse_pct": 8, "recycled_pct": 20}
    assert agec.targets_for(textiles.name, 2028) == {"reuse_pct": 15, "recycled_pct": 25}
    assert all(c.targets is None and c.note for c in agec.categories[1:])


@pytest.mark.corpus
def test_the_agec_profile_counts_only_tenders_of_its_categories_from_july_2024(real_audit):
    # Le Havre's 2024-12-27 notice buys a maintenance-software service (CPV 72514300): out of scope, like every
    # notice published before 1 July 2024.
    card = _card(real_audit, profile="agec-2024-134", min_tenders=1)
    row = _row(card, "commune", "76351")
    assert (row["tenders_scored"], row["tenders_out_of_scope"]) == (0, 4)


@pytest.mark.parametrize(("profile", "year"), [("pnad-2022-2025", None), ("pacte-ess-villes", 2018), ("agec-2024-134", None)])
@pytest.mark.corpus
def test_the_scorecard_streamed_from_the_database_is_the_one_scored_in_memory(real_audit, tmp_path, profile, year):
    # `clauses audit` and `clauses scorecard` score a chunk of tenders at a time through a scratch DuckDB file;
    # the same stored audit loaded whole and scored with pandas must give the same tables.
    import shutil

    from analyzer.rescore import _threshold_fn, write_scorecard

    out, _stored, metadata = real_audit
    shutil.copy(out / "audit.duckdb", tmp_path / "audit.duckdb")
    streamed = write_scorecard(tmp_path, profile_id=profile, year=year, metadata=metadata).card
    whole = _card(real_audit, profile, year=year, threshold=_threshold_fn())
    for name in ("entities", "by_year", "shares", "reconciliation", "agec", "overall_by_year"):
        pd.testing.assert_frame_equal(getattr(streamed, name), getattr(whole, name), obj=name)
    assert (streamed.city_epci, streamed.years) == (whole.city_epci, whole.years)
    assert streamed.coverage["found"] == len(whole.tenders) and streamed.coverage["read"] == int(whole.tenders["readable"].sum())
