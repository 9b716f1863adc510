"""CLI fixtures: the real analysis of a tender, run once per path and threshold and shared by the check tests
(each CLI call would otherwise re-read the same PDFs; the command's own code runs every time)."""

from __future__ import annotations

from functools import lru_cache

import pytest

import analyzer.pipeline as pipeline

_real_analyze = pipeline.analyze_tender


@lru_cache(maxsize=16)
def _analyze_once(path: str, threshold: float | None):  # noqa: ANN202 - a TenderResult
    return _real_analyze(path, threshold=threshold)


@pytest.fixture
def analysed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    def analyze_tender(path, threshold=None, **kw):  # noqa: ANN001, ANN003, ANN202 - the pipeline's signature
        if kw:
            return _real_analyze(path, threshold=threshold, **kw)
        return _analyze_once(str(path), threshold)

    monkeypatch.setattr(pipeline, "analyze_tender", analyze_tender)
