"""The README table: written only between its markers, with support and low-support flags."""

from __future__ import annotations

from analyzer.classifier.metrics import scores
from analyzer.detection.taxonomy import DECP_VALUES
from analyzer.evaluation.report import MODES, readme_table, update_readme


def _metrics() -> dict:
    good = scores([True] * 12 + [False] * 8, [True] * 11 + [False] * 9).to_dict()
    rare = scores([True, False], [True, True]).to_dict()
    block = {v: (rare if v == "Marché réservé" else good) for v in DECP_VALUES}
    level = {"items": 20, "decp": {m: block for m in MODES}, "micro": {m: good for m in MODES}}
    fact = {"correct": 1, "labelled": 2, "missing": 1, "wrong": 0}
    return {
        "generated": "2026-01-01",
        "seed": 1,
        "config": {
            "mode": "rules",
            "rule_threshold": 0.5,
            "model_threshold": 0.5,
            "rule_weight": 0.6,
            "model_weight": 0.4,
            "vote_threshold": 0.5,
        },
        "tender_level": {
            **level,
            "facts": {"env_criterion_weight_pct": fact, "social_criterion_weight_pct": fact, "insertion_hours": fact},
        },
        "passage_level": level,
    }


def test_readme_table_has_support_and_flags_low_support() -> None:
    text = readme_table(_metrics())
    assert "| Clause sociale | 12 | 1.00 / 0.92 / 0.96 |" in text
    assert "Marché réservé (support < 10, not claimed) | 1 |" in text


def test_update_readme_touches_only_the_marked_region(tmp_path) -> None:
    readme = tmp_path / "README.md"
    before, after = "# Title\n\nintro\n\n", "\n\n## Limits\n\nkeep me\n"
    readme.write_text(before + "<!-- metrics:start -->\nOLD TABLE\n<!-- metrics:end -->" + after, encoding="utf-8")
    assert update_readme(_metrics(), readme)
    text = readme.read_text(encoding="utf-8")
    assert text.startswith(before) and text.endswith(after) and "OLD TABLE" not in text and "Tender level" in text
    readme.write_text("no markers", encoding="utf-8")
    assert not update_readme(_metrics(), readme) and readme.read_text(encoding="utf-8") == "no markers"


def test_readme_table_shows_rules_verifier_and_the_shipped_decision() -> None:
    m = _metrics()
    m["shipped_mode"] = "verifier"
    m["error_analysis"] = {
        "passages": {"misses": [{"decp_value": "Clause sociale", "why": "no candidate", "count": 3}], "false_positives": []},
        "tenders": [{"tender_id": "t1", "decp_value": "Clause sociale", "kind": "missed", "evidence": []}],
    }
    text = readme_table(m)
    assert "| DECP value | Support | Rules only | Rules + verifier | Shipped (verifier) | Model only |" in text
    assert "| Clause sociale | missed: no candidate | 3 |" in text
    assert "Clause sociale missed 1" in text
