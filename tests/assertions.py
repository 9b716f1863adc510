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


# The JSON contract of `clauses check --format json` as issue 2 set it: later keys may be added, never these removed.
CONTRACT_KEYS = {
    "tender_id",
    "path",
    "documents",
    "considerations_sociales",
    "considerations_environnementales",
    "facts",
    "findings",
    "errors",
}
DOCUMENT_KEYS = {"file", "kind", "pages", "chars", "error"}
FINDING_KEYS = {"label", "decp_value", "file", "page", "start", "end", "quote", "score", "detector", "explanation"}
FACT_KEYS = {"env_criterion_weight_pct", "social_criterion_weight_pct", "insertion_hours", "label_required", "recycled_or_reuse"}


def assert_follows_contract(data: dict) -> None:
    assert CONTRACT_KEYS <= set(data)
    assert all(DOCUMENT_KEYS <= set(d) for d in data["documents"])
    assert FACT_KEYS <= set(data["facts"])
    assert all(FINDING_KEYS <= set(f) for f in data["findings"])
    assert all(set(e) == {"file", "error"} for e in data["errors"])
