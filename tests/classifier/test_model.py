"""The classifier: folded calibration equals CalibratedClassifierCV, training is reproducible."""

from __future__ import annotations

import json

import numpy as np

from analyzer.classifier.data import decp_matrix
from analyzer.classifier.model import _calibrated_linear, calibrated_classifier, make_features, normalise


def test_folded_calibration_matches_calibrated_classifier_cv(subset) -> None:
    X = make_features().fit_transform([normalise(p.text) for p in subset])
    y = decp_matrix(subset)[:, 4]  # Critère environnemental
    reference = calibrated_classifier(seed=3).fit(X, y).predict_proba(X)[:, 1]
    folded = _calibrated_linear(X, y, seed=3).predict_proba(X)[:, 1]
    assert np.allclose(reference, folded, atol=1e-9)


def test_rare_labels_are_not_learned(small_model) -> None:
    assert "Marché réservé" not in small_model.labels  # one positive passage in the whole corpus
    assert {"Clause sociale", "Critère environnemental"} <= set(small_model.labels)


def test_probabilities_point_the_right_way(small_model) -> None:
    p = small_model.predict_proba(["Performances en matière de protection de l'environnement / Pondération : 10", "Délai de livraison"])
    env = small_model.labels.index("Critère environnemental")
    assert p[0, env] > 0.5 > p[1, env]


def test_training_is_reproducible(tmp_path, subset) -> None:
    from analyzer.classifier.training import train_and_save

    data = tmp_path / "passages.jsonl"
    small = subset[::2]
    data.write_text(
        "\n".join(
            json.dumps(
                {
                    "id": p.id,
                    "source": p.source,
                    "file": p.file,
                    "page": p.page,
                    "buyer": p.buyer,
                    "text": p.text,
                    "labels": list(p.labels),
                    "instrument": p.instrument,
                    "decp": list(p.decp),
                }
            )
            for p in small
        ),
        encoding="utf-8",
    )
    a = train_and_save(data, tmp_path / "a", seed=11, n_splits=3)
    b = train_and_save(data, tmp_path / "b", seed=11, n_splits=3)
    assert a["cross_validation"] == b["cross_validation"]
    assert a["training_data"]["sha256"] == b["training_data"]["sha256"]
    assert a["labels"] == b["labels"] and a["seed"] == 11
    assert {"scikit-learn", "skops", "analyzer"} <= set(a["versions"])
    assert (tmp_path / "a" / "MODEL_CARD.md").read_text(encoding="utf-8").startswith("# Model card")
