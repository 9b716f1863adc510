"""Folds grouped by buyer: no buyer is on both sides of a split (the classifier's cross-validation).

Passages are grouped by their buyer, names folded (case, accents, punctuation).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from sklearn.model_selection import GroupKFold

from analyzer.documents.clean import strip_accents

N_SPLITS = 5


def buyer_key(name: str | None) -> str:
    """A buyer's name folded for comparison: "Eurométropole de Strasbourg" == "Eurometropole de strasbourg"."""
    s = strip_accents(name or "").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def group_splits(groups: Sequence[str], n_splits: int = N_SPLITS) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train, test) index arrays; deterministic; a group never straddles train and test."""
    groups = np.asarray(groups)
    n = min(n_splits, len(set(groups.tolist())))
    if n < 2:
        raise ValueError("grouped cross-validation needs at least two groups")
    return [(tr, te) for tr, te in GroupKFold(n_splits=n).split(np.zeros(len(groups)), groups=groups)]
