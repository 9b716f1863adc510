"""The classifier: word and character n-gram TF-IDF, one calibrated logistic regression per label.

Calibration is CalibratedClassifierCV (sigmoid, ensemble=False): the logistic regression is fitted
on all the training data and a Platt sigmoid on its cross-validated decision scores. The sigmoid is
then folded into the regression's coefficients (P = expit(-a * (w.x + b0) - b) is a logistic
regression with weights -a * w and intercept -a * b0 - b), so the saved Pipeline holds only public
scikit-learn types and skops loads it with no type to trust. `test_folded_calibration_matches`
checks that the folded model gives CalibratedClassifierCV's probabilities.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from analyzer.classifier.data import DEFAULT_SEED
from analyzer.passages.model import for_nlp

CALIBRATION_FOLDS = 5
# A label needs this many positive passages to be learned (calibration cross-validates on them).
MIN_POSITIVES = 8
C = 4.0


def normalise(text: str) -> str:
    """The text the model sees: typographic apostrophes and spaces made plain, whitespace collapsed."""
    return " ".join(for_nlp(text).split())


def make_features() -> FeatureUnion:
    return FeatureUnion(
        [
            (
                "word",
                TfidfVectorizer(
                    ngram_range=(1, 2), min_df=2, max_features=20000, sublinear_tf=True, strip_accents="unicode", dtype=np.float32
                ),
            ),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=2,
                    max_features=40000,
                    sublinear_tf=True,
                    strip_accents="unicode",
                    dtype=np.float32,
                ),
            ),
        ]
    )


def make_linear(seed: int) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=seed)


@dataclass
class TrainedModel:
    """A fitted Pipeline and the label of each of its probability columns."""

    pipeline: Pipeline
    labels: tuple[str, ...]

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Rows = texts, columns = self.labels: calibrated probability of each label."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        proba = self.pipeline.predict_proba([normalise(t) for t in texts])
        return np.asarray(proba, dtype=float).reshape(len(texts), len(self.labels))


def learnable(Y: np.ndarray, labels: Sequence[str], min_positives: int = MIN_POSITIVES) -> list[int]:
    """Columns with enough positives and negatives to learn and calibrate."""
    pos = Y.sum(axis=0)
    return [i for i in range(len(labels)) if pos[i] >= max(min_positives, CALIBRATION_FOLDS) and Y.shape[0] - pos[i] >= CALIBRATION_FOLDS]


def train(
    texts: Sequence[str], Y: np.ndarray, labels: Sequence[str], seed: int = DEFAULT_SEED, min_positives: int = MIN_POSITIVES
) -> TrainedModel:
    """Fit the pipeline on texts x Y (0/1, one column per label); labels too rare to learn are dropped."""
    keep = learnable(Y, labels, min_positives)
    if not keep:
        raise ValueError("no label has enough positive passages to learn")
    Yk = Y[:, keep]
    features = make_features()
    X = features.fit_transform([normalise(t) for t in texts])
    for _, vectorizer in features.transformer_list:
        # numpy ints would be saved by skops as one .npy file each (about 5 MB); plain ints go in its JSON.
        vectorizer.vocabulary_ = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
    ovr = OneVsRestClassifier(make_linear(seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)
        ovr.fit(X, Yk)
    for j in range(Yk.shape[1]):
        ovr.estimators_[j] = _calibrated_linear(X, Yk[:, j], seed)
    return TrainedModel(pipeline=Pipeline([("features", features), ("clf", ovr)]), labels=tuple(labels[i] for i in keep))


def calibrated_classifier(seed: int) -> CalibratedClassifierCV:
    cv = StratifiedKFold(n_splits=CALIBRATION_FOLDS, shuffle=True, random_state=seed)
    return CalibratedClassifierCV(make_linear(seed), method="sigmoid", cv=cv, ensemble=False)


def _calibrated_linear(X, y: np.ndarray, seed: int) -> LogisticRegression:
    cal = calibrated_classifier(seed).fit(X, y)
    inner = cal.calibrated_classifiers_[0]
    base, sigmoid = inner.estimator, inner.calibrators[0]
    base.coef_ = (-sigmoid.a_ * base.coef_).astype(np.float64)
    base.intercept_ = (-sigmoid.a_ * base.intercept_ - sigmoid.b_).astype(np.float64)
    return base
