"""Metrics on a tiny hand-made table, where precision and recall are known."""

from __future__ import annotations

import pytest

from analyzer.classifier.metrics import micro, per_label, scores


def test_scores_on_a_hand_made_table() -> None:
    # 6 items: truth T T T F F F, predicted T T F T F F -> tp 2, fp 1, fn 1, tn 2
    s = scores([True, True, True, False, False, False], [True, True, False, True, False, False])
    assert (s.tp, s.fp, s.fn, s.tn, s.support) == (2, 1, 1, 2, 3)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(2 / 3) and s.f1 == pytest.approx(2 / 3)


def test_per_label_and_micro() -> None:
    truth = [{"A"}, {"A", "B"}, set(), {"B"}]
    pred = [{"A"}, {"A"}, {"B"}, {"B"}]
    t = per_label(truth, pred, ["A", "B", "C"])
    assert t["A"].precision == 1.0 and t["A"].recall == 1.0 and t["A"].support == 2
    assert t["B"].precision == 0.5 and t["B"].recall == 0.5 and t["B"].f1 == pytest.approx(0.5)
    assert t["C"].support == 0 and t["C"].precision is None and t["C"].recall is None and t["C"].f1 is None
    m = micro(t)
    assert (m.tp, m.fp, m.fn) == (3, 1, 1) and m.f1 == pytest.approx(0.75)
    assert t["B"].to_dict()["support"] == 2


def test_no_prediction_gives_no_precision_but_zero_recall() -> None:
    s = scores([True, False], [False, False])
    assert s.precision is None and s.recall == 0.0 and s.f1 == 0.0
