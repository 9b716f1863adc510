"""Insertion hours stated after the heading that matched are read by the detector, from the document text."""

from __future__ import annotations

import pytest

from analyzer.detection.analyze import detect
from analyzer.documents.read import read_document
from analyzer.passages.split import split_passages
from tests.conftest import AQUAREEL

pytestmark = pytest.mark.corpus


def _heading_findings(with_document: bool) -> list:
    # Vigicrues CCAP 4.5.1: "SOIT un nombre d'heures d'insertion sociale :" then, in the next passage,
    # "▫ Lot unique : 35 H par tranche de 100 000 € de commandes facturées".
    path = next(AQUAREEL.glob("CCAP*_vd.md"))
    doc = read_document(path, path.name)
    found = detect(split_passages(doc), document=doc if with_document else None)
    return [f for f in found if f.label == "social.insertion" and f.quote.rstrip(" :").endswith("heures d’insertion sociale")]


def test_hours_after_the_heading_are_a_fact_of_its_finding() -> None:
    [f] = _heading_findings(with_document=True)
    hours = f.facts["insertion_hours"]
    assert (hours.hours, hours.per_eur) == (35, 100000)


def test_without_the_document_the_passage_alone_states_no_hours() -> None:
    [f] = _heading_findings(with_document=False)
    assert "insertion_hours" not in f.facts
