"""Scorecards: shares per buyer against a target profile read from an editable file."""

from __future__ import annotations

import pandas as pd
import pytest

from analyzer.scoring import load_profiles, scorecard
from analyzer.scoring.targets import TargetsError


def _tenders(rows: list[tuple[str, bool, bool]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "buyer": b,
                "buyer_siret": None,
                "social": s,
                "environmental": e,
                "social_and_environmental": s and e,
                "env_criterion": e,
                "reserved": False,
                "facts_recycled_or_reuse": False,
            }
            for b, s, e in rows
        ]
    )


def test_national_plan_is_the_default_profile_with_30_and_100_percent() -> None:
    default, profiles = load_profiles()
    p = profiles[default]
    assert {(t.metric, t.min_pct) for t in p.targets} == {("share_social", 30), ("share_environmental", 100)}


def test_buyer_meets_a_target_at_exactly_the_threshold() -> None:
    _, profiles = load_profiles()
    df = _tenders(
        [("Ville A", True, True), ("Ville A", False, True), ("Ville A", False, True), ("Ville B", False, True), ("Ville B", False, False)]
    )
    s = scorecard(df, profiles["pnad-2022-2025"]).set_index("buyer")
    assert s.loc["Ville A", "share_social"] == pytest.approx(33.3)
    assert bool(s.loc["Ville A", "all_targets_met"]) is True
    assert s.loc["Ville B", "share_environmental"] == 50.0
    assert s.loc["Ville B", "targets_met"] == 0
    assert list(s.index) == ["Ville A", "Ville B"]


def test_targets_come_from_a_user_file(tmp_path) -> None:
    f = tmp_path / "cibles.yaml"
    f.write_text(
        "default_profile: p\nprofiles:\n  p:\n    fr: Ma ville\n    targets:\n      - {metric: share_social, min_pct: 50}\n",
        encoding="utf-8",
    )
    default, profiles = load_profiles(f)
    s = scorecard(_tenders([("V", True, False), ("V", False, False)]), profiles[default])
    assert bool(s.loc[0, "all_targets_met"]) is True


@pytest.mark.parametrize("bad", ["{metric: share_of_nothing, min_pct: 5}", "{metric: share_social, min_pct: 150}"])
def test_bad_target_file_is_rejected_with_its_name(tmp_path, bad: str) -> None:
    f = tmp_path / "cibles.yaml"
    f.write_text(f"default_profile: p\nprofiles:\n  p:\n    targets:\n      - {bad}\n", encoding="utf-8")
    with pytest.raises(TargetsError, match="cibles.yaml"):
        load_profiles(f)
