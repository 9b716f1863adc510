"""Assertion helpers shared by the tests."""

from __future__ import annotations


def assert_has_evidence(finding) -> None:  # noqa: ANN001
    """A finding without evidence is a bug: file, quote, offsets, detector and explanation."""
    assert finding.file, finding
    assert finding.quote.strip(), finding
    assert finding.end > finding.start, finding
    assert finding.detector and "@" in finding.detector, finding
    assert finding.explanation, finding
    assert 0 < finding.score <= 1, finding
