"""Buyer identification from notices; SIRET and SIREN stay strings and are validated."""

from __future__ import annotations

import pytest

from analyzer.documents import read_document
from analyzer.facts.buyer import buyer_from_text, parse_identifier
from tests.conftest import notice


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("doc_id", "name", "siret"),
    [
        ("35593402", "CA PAU BEARN PYRENEES", "20006725400017"),
        ("35593405", "MINDEF/SGA/SPAC/S-Direction des achats", None),
    ],
)
def test_buyer_is_read_from_the_notice(doc_id: str, name: str, siret: str | None) -> None:
    doc = read_document(notice(doc_id))
    buyer = buyer_from_text(doc.text, doc.file)
    assert buyer is not None and buyer.name.lower() == name.lower()
    assert buyer.siret == siret


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20006725400017", ("20006725400017", "200067254")),
        ("200 067 254 00017", ("20006725400017", "200067254")),
        ("585980022", (None, "585980022")),
        ("20006725400018", ("20006725400018"[:0] or None, "200067254")),  # bad SIRET check digit: keep the valid SIREN only
        ("12345", (None, None)),
        (None, (None, None)),
    ],
)
def test_identifiers_are_validated_strings(raw, expected) -> None:  # noqa: ANN001
    assert parse_identifier(raw) == expected
