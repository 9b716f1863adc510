"""A small model trained once per session on a subset of the labelled passages (fast, deterministic)."""

from __future__ import annotations

import pytest

from analyzer.classifier.data import read_passages


@pytest.fixture(scope="session")
def subset():
    # Every third passage: enough of each learned DECP value, a few seconds to train.
    return read_passages()[::3]


@pytest.fixture(scope="session")
def small_model(subset):
    from analyzer.classifier.training import fit

    return fit(subset, seed=7)
