"""The JSON contract: issue 2's keys are all there, added keys never replace them."""

from __future__ import annotations

import json

from analyzer.reports.contract import tender_contract

ISSUE_2_KEYS = {
    "tender_id",
    "path",
    "documents",
    "considerations_sociales",
    "considerations_environnementales",
    "facts",
    "findings",
    "errors",
}


def test_contract_keeps_every_key_of_the_first_version(grenoble_result) -> None:
    data = tender_contract(grenoble_result)
    assert ISSUE_2_KEYS <= set(data)
    assert {"file", "kind", "pages", "chars", "error"} <= set(data["documents"][0])
    assert {"env_criterion_weight_pct", "social_criterion_weight_pct", "insertion_hours", "label_required", "recycled_or_reuse"} <= set(
        data["facts"]
    )


def test_contract_is_plain_json(grenoble_result) -> None:
    text = json.dumps(tender_contract(grenoble_result), ensure_ascii=False)
    assert json.loads(text)["tender_id"] == "dce-grenoble-inp-2026"


def test_every_finding_quote_is_its_document_text(grenoble_result) -> None:
    texts = {d.file: d.text for d in grenoble_result.documents}
    for f in tender_contract(grenoble_result)["findings"]:
        assert texts[f["file"]][f["start"] : f["end"]] == f["quote"]
