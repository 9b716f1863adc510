"""The JSON contract: issue 2's keys are all there, added keys never replace them."""

from __future__ import annotations

import json

import pytest

from analyzer.reports.contract import tender_contract
from tests.assertions import assert_follows_contract

pytestmark = pytest.mark.corpus  # every test here reads ../shared/corpus


def test_contract_keeps_every_key_of_the_first_version(grenoble_result) -> None:
    assert_follows_contract(tender_contract(grenoble_result))


def test_contract_is_plain_json(grenoble_result) -> None:
    text = json.dumps(tender_contract(grenoble_result), ensure_ascii=False)
    assert json.loads(text)["tender_id"] == "dce-grenoble-inp-2026"


def test_every_finding_quote_is_its_document_text(grenoble_result) -> None:
    texts = {d.file: d.text for d in grenoble_result.documents}
    for f in tender_contract(grenoble_result)["findings"]:
        assert texts[f["file"]][f["start"] : f["end"]] == f["quote"]
