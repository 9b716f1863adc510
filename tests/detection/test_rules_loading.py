"""Rule sets are data, checked on load: a bad rule names its file and line."""

from __future__ import annotations

import pytest

from analyzer.detection.rules import RuleError, load_ruleset, shipped_ruleset_paths
from analyzer.detection.taxonomy import TaxonomyError, default_taxonomy, load_taxonomy

GOOD = """name: test.rules
version: "1"
rules:
  - id: a
    label: env.waste
    phrases: ["tri des déchets"]
"""


def test_shipped_rule_sets_load_and_only_use_taxonomy_labels() -> None:
    tax = default_taxonomy()
    paths = shipped_ruleset_paths()
    assert {p.stem for p in paths} >= {"social", "environmental", "reserved"}
    for p in paths:
        rs = load_ruleset(p, tax)
        assert rs.rules and all(r.label in tax.labels for r in rs.rules)


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (GOOD.replace("env.waste", "env.nope"), "unknown taxonomy label"),
        (GOOD.replace('phrases: ["tri des déchets"]', "patterns: [[{LOWERR: tri}]]"), "bad token pattern"),
        (GOOD.replace('phrases: ["tri des déchets"]', "phrases: []"), "needs phrases or patterns"),
        (GOOD + "    score: 3\n", "score must be"),
        (GOOD + "    requires: '(['\n", "bad regex"),
        (GOOD + "    colour: red\n", "unknown keys"),
        (GOOD + "    context: everywhere\n", "context must be one of"),
        (GOOD + "    language: de\n", "language must be one of"),
        (GOOD + "    harmful: yes please\n", "harmful must be true or false"),
    ],
)
def test_bad_rule_fails_with_file_and_line(tmp_path, broken: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_ruleset(path, default_taxonomy())
    assert message in str(err.value)
    assert f"{path}:4" in str(err.value)


def test_taxonomy_maps_side_and_instrument_to_decp() -> None:
    tax = default_taxonomy()
    assert tax.decp_value("social.insertion", "execution_condition") == "Clause sociale"
    assert tax.decp_value("env.generic", "award_criterion") == "Critère environnemental"
    assert tax.decp_value("reserved.ess", "reservation") == "Marché réservé"
    assert tax.decp_value("env.generic", "mention") is None


def test_taxonomy_with_unknown_instrument_is_rejected(tmp_path) -> None:
    from importlib import resources

    text = resources.files("analyzer.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "tax.yaml"
    bad.write_text(text.replace("instruments: [reservation]", "instruments: [lottery]", 1), encoding="utf-8")
    with pytest.raises(TaxonomyError, match="unknown instruments"):
        load_taxonomy(bad)


def test_every_label_and_instrument_maps_to_ocds_or_says_it_cannot() -> None:
    tax = default_taxonomy()
    assert tax.labels["env.waste"].ocds == "environmental.wasteReduction"
    assert tax.instruments["execution_condition"].ocds == "contractPerformanceConditions"
    assert tax.instruments["reservation"].ocds is None  # OCDS has no strategy code for reservations
    assert all(label.ocds for label in tax.labels.values())


def test_taxonomy_with_a_made_up_ocds_code_is_rejected(tmp_path) -> None:
    from importlib import resources

    text = resources.files("analyzer.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "tax.yaml"
    bad.write_text(text.replace("ocds: environmental.wasteReduction", "ocds: environmental.zeroWaste"), encoding="utf-8")
    with pytest.raises(TaxonomyError, match="OCDS sustainabilityGoal"):
        load_taxonomy(bad)
