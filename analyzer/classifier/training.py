"""`clauses train`: fit the classifier on the labelled passages, cross-validate it by buyer, save it with its card."""

from __future__ import annotations

import datetime as dt
import platform
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from analyzer.classifier.data import PASSAGES_PATH, REPO, LabelledPassage, decp_matrix, read_passages, sha256_file
from analyzer.classifier.folds import N_SPLITS, buyer_key, group_splits
from analyzer.classifier.metrics import scores
from analyzer.classifier.model import CALIBRATION_FOLDS, DEFAULT_SEED, MIN_POSITIVES, C, TrainedModel, train
from analyzer.classifier.store import MODEL_FILE, MODEL_NAME, card_path, save_model
from analyzer.detection.taxonomy import DECP_VALUES

CARD_THRESHOLD = 0.5


def fit(passages: Sequence[LabelledPassage], seed: int = DEFAULT_SEED, labels: tuple[str, ...] = DECP_VALUES) -> TrainedModel:
    return train([p.text for p in passages], decp_matrix(list(passages), labels), labels, seed=seed)


def out_of_fold(
    passages: Sequence[LabelledPassage], seed: int = DEFAULT_SEED, n_splits: int = N_SPLITS, labels: tuple[str, ...] = DECP_VALUES
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """Probabilities of each passage from a model that saw none of its buyer's passages (GroupKFold by buyer).

    A label a fold's training part is too poor to learn gets probability 0 in that fold."""
    passages = list(passages)
    splits = group_splits([buyer_key(p.buyer) for p in passages], n_splits)
    proba = np.zeros((len(passages), len(labels)))
    for train_idx, test_idx in splits:
        model = fit([passages[i] for i in train_idx], seed, labels)
        p = model.predict_proba([passages[i].text for i in test_idx])
        for j, lab in enumerate(model.labels):
            proba[test_idx, labels.index(lab)] = p[:, j]
    return proba, splits


def average_precision(y: np.ndarray, p: np.ndarray) -> float | None:
    if y.sum() == 0:
        return None
    from sklearn.metrics import average_precision_score

    return round(float(average_precision_score(y, p)), 4)


def cv_metrics(
    passages: Sequence[LabelledPassage], proba: np.ndarray, labels: tuple[str, ...] = DECP_VALUES, threshold: float = CARD_THRESHOLD
) -> dict:
    Y = decp_matrix(list(passages), labels)
    out = {}
    for j, lab in enumerate(labels):
        s = scores(Y[:, j].astype(bool).tolist(), (proba[:, j] >= threshold).tolist())
        out[lab] = {**s.to_dict(), "average_precision": average_precision(Y[:, j], proba[:, j])}
    return out


def versions() -> dict[str, str]:
    import sklearn
    import skops

    from analyzer import __version__ as analyzer_version

    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "skops": skops.__version__,
        "analyzer": analyzer_version,
    }


def train_and_save(
    data: Path = PASSAGES_PATH, out_dir: Path | None = None, seed: int = DEFAULT_SEED, n_splits: int = N_SPLITS
) -> dict[str, Any]:
    """Train on `data`, cross-validate by buyer, write models/clauses-decp.skops, its card and MODEL_CARD.md."""
    out_dir = Path(out_dir) if out_dir is not None else REPO / "models"
    passages = read_passages(data)
    proba, splits = out_of_fold(passages, seed, n_splits)
    model = fit(passages, seed)
    Y = decp_matrix(passages)
    data_sha = sha256_file(data)
    today = dt.date.today().isoformat()
    card = {
        "name": MODEL_NAME,
        "version": f"{today}.{data_sha[:8]}.s{seed}",
        "description": "Calibrated probability that a French tender passage states each DECP 2022 consideration.",
        "pipeline": (
            "Pipeline(FeatureUnion(word 1-2-gram TF-IDF, char_wb 2-5-gram TF-IDF), "
            f"OneVsRestClassifier(LogisticRegression(C={C}, class_weight='balanced'))), each label calibrated by "
            f"CalibratedClassifierCV(method='sigmoid', cv={CALIBRATION_FOLDS}, ensemble=False) folded into the regression"
        ),
        "training_data": {
            "path": _rel(data),
            "sha256": data_sha,
            "passages": len(passages),
            "buyers": len({buyer_key(p.buyer) for p in passages}),
            "positives": {lab: int(Y[:, j].sum()) for j, lab in enumerate(DECP_VALUES)},
        },
        "labels_not_learned": {
            lab: f"{int(Y[:, j].sum())} positive passage(s), fewer than {MIN_POSITIVES}"
            for j, lab in enumerate(DECP_VALUES)
            if lab not in model.labels
        },
        "seed": seed,
        "cross_validation": {
            "scheme": f"GroupKFold by buyer, {len(splits)} folds (no buyer in both training and test)",
            "threshold": CARD_THRESHOLD,
            "metrics": cv_metrics(passages, proba),
        },
        "trained_at": today,
        "versions": versions(),
    }
    card = save_model(model, out_dir / MODEL_FILE, card)
    (out_dir / "MODEL_CARD.md").write_text(model_card_markdown(card), encoding="utf-8")
    return card


def _rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def model_card_markdown(card: dict[str, Any]) -> str:
    cv = card["cross_validation"]
    rows = "\n".join(
        f"| {lab} | {_fmt(m['precision'])} | {_fmt(m['recall'])} | {_fmt(m['f1'])} | {_fmt(m['average_precision'])} | {m['support']}"
        f"{' (< 10: not measured)' if m['support'] < 10 else ''} |"
        for lab, m in cv["metrics"].items()
    )
    not_learned = "\n".join(f"  - {lab}: {why}; the model never emits it." for lab, why in card["labels_not_learned"].items()) or "  - none"
    v = card["versions"]
    td = card["training_data"]
    return f"""# Model card: {card["name"]} {card["version"]}

{card["description"]}

- **File**: `models/{card["file"]}` (skops; sha256 `{card["sha256"]}`), checked against
  `models/{card_path(Path(card["file"])).name}` before every load; skops must find no untrusted type in it.
- **Model**: {card["pipeline"]}.
- **Training data**: `{td["path"]}` (sha256 `{td["sha256"]}`), {td["passages"]} passages from {td["buyers"]} buyers, labelled by
  reading (see `corpus/labels/GUIDELINE-passages.md`); never from the rules' output.
- **Labels learned**: {", ".join(card["labels"])}.
- **Labels not learned**:
{not_learned}
- **Seed**: {card["seed"]}; trained {card["trained_at"]} with scikit-learn {v["scikit-learn"]}, skops {v["skops"]}, analyzer {v["analyzer"]},
  Python {v["python"]}. The same data and seed give the same metrics below.

## Cross-validated passage-level metrics

{cv["scheme"]}; a passage is predicted positive when its probability is at least {cv["threshold"]}.

| DECP value | Precision | Recall | F1 | Average precision | Support |
|---|---|---|---|---|---|
{rows}

## Intended use and limits

- Scores paragraph-sized passages of French tender documents; it is one detector beside the rules, and
  `analyzer/data/combine.yaml` decides how the two are combined. Its findings name the side's generic goal only.
- Trained on {td["passages"]} passages, most from a handful of DCE, two guides and BOAMP award-criterion cells:
  wordings far from these (other sectors, English notices) are out of its experience.
- Probabilities are calibrated on the labelled sample, where clauses are far more frequent than in a whole
  tender: on full documents a probability overstates the chance that a random paragraph is a clause.
"""
