"""The decision: DECP values from findings and the combination config, weighed by detector kind, never by name."""

from __future__ import annotations

import pytest

from analyzer.decision import CombineConfig, decide, is_positive, load_config
from analyzer.detection.finding import Finding


def _f(value: str, kind: str, score: float, negated: bool = False, detector: str = "any.detector@1") -> Finding:
    return Finding(
        label="social.generic",
        instrument="execution_condition",
        decp_value=value,
        file="f",
        page=1,
        start=0,
        end=1,
        quote="q",
        score=score,
        detector=detector,
        rule_id=None,
        explanation="e",
        negated=negated,
        kind=kind,
    )


FINDINGS = [
    _f("Clause sociale", "rule", 0.9),
    _f("Clause sociale", "model", 0.8),
    _f("Critère environnemental", "rule", 0.9),
    _f("Clause environnementale", "model", 0.7),
    _f("Critère social", "rule", 0.9, negated=True),
    _f("Marché réservé", "rule", 0.3),
]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("rules", {"Clause sociale": "both", "Critère environnemental": "rules"}),
        ("model", {"Clause sociale": "both", "Clause environnementale": "model"}),
        ("union", {"Clause sociale": "both", "Critère environnemental": "rules", "Clause environnementale": "model"}),
        ("weighted", {"Clause sociale": "both", "Critère environnemental": "rules"}),
    ],
)
def test_decision_says_which_side_decided(mode, expected) -> None:
    d = decide(FINDINGS, CombineConfig(mode=mode, rule_weight=0.6, model_weight=0.4, vote_threshold=0.5))
    assert d.decided_by == expected
    assert d.considerations_sociales == [v for v in ("Clause sociale", "Critère social", "Marché réservé") if v in expected]


@pytest.mark.parametrize(
    ("kind", "detector", "kept_in_rules_mode"),
    [
        ("model", "acme.transformer@2", False),  # a third party's model, whatever its name, is a model
        ("rule", "clauses.model@1", True),  # a rule detector that happens to carry the model's name is a rule
        ("structured", "clauses.notice_fields@1", True),  # a notice's coded field counts with the rules
    ],
)
def test_kind_not_name_decides_the_side(kind, detector, kept_in_rules_mode) -> None:
    f = _f("Marché réservé", kind, 0.9, detector=detector)
    d = decide([f], CombineConfig(mode="rules"))
    assert ("Marché réservé" in d.decided_by) is kept_in_rules_mode
    assert is_positive(f, CombineConfig(mode="rules")) is kept_in_rules_mode


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        decide([_f("Clause sociale", "oracle", 0.9)], CombineConfig())


def test_combine_config_is_checked(tmp_path) -> None:
    bad = tmp_path / "c.yaml"
    bad.write_text("mode: both\n", encoding="utf-8")
    with pytest.raises(ValueError, match="mode"):
        load_config(bad)
    bad.write_text("mode: rules\nthreshhold: 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown keys"):
        load_config(bad)
    assert load_config().mode in ("rules", "model", "union", "weighted", "verifier")


def test_combine_config_env_var_names_another_file(tmp_path, monkeypatch) -> None:
    from analyzer.decision import config

    other = tmp_path / "combine.yaml"
    other.write_text("mode: union\nrule_threshold: 0.7\n", encoding="utf-8")
    monkeypatch.setenv("CLAUSES_COMBINE_CONFIG", str(other))
    config.default_config.cache_clear()
    try:
        assert config.default_config() == CombineConfig(mode="union", rule_threshold=0.7)
    finally:
        config.default_config.cache_clear()
