"""Model clauses are quoted faithfully from the guides of the shared corpus, and each one says where it belongs."""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from analyzer.scoring.suggestions import load_suggestions
from tests.conftest import REPO, SHARED

SUGGESTIONS = load_suggestions()


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)  # the guides' HTML tables and highlights
    text = re.sub(r"^\s*(?:[-*•]|\d+\.)\s+", " ", text, flags=re.M)  # list markers
    text = text.replace("`*`", " ").replace("**", " ")
    return " ".join(text.split())


def _source_text(corpus_file: str) -> str:
    path = SHARED / corpus_file
    if path.suffix == ".doc":
        return subprocess.run(["antiword", "-w", "0", str(path)], capture_output=True, text=True, check=True).stdout
    return path.read_text(encoding="utf-8")


@pytest.mark.corpus
@pytest.mark.parametrize("sid", sorted(SUGGESTIONS))
def test_each_paragraph_of_a_model_clause_is_in_its_source(sid: str) -> None:
    s = SUGGESTIONS[sid]
    assert s.corpus_file, sid
    source = _plain(_source_text(s.corpus_file))
    for paragraph in s.text.split("\n\n"):
        assert _plain(paragraph) in source, (sid, paragraph[:80])


def test_every_obligation_suggestion_exists() -> None:
    items = yaml.safe_load((REPO / "analyzer" / "data" / "obligations.yaml").read_text(encoding="utf-8"))["items"]
    for item in items:
        spec = item.get("suggestion")
        ids = [spec] if isinstance(spec, str) else list((spec or {}).values())
        assert ids, item["id"]
        assert all(i in SUGGESTIONS for i in ids), item["id"]


def test_a_suggestion_without_its_document_fails_with_the_file(tmp_path) -> None:
    f = tmp_path / "suggestions.yaml"
    f.write_text("suggestions:\n  - {id: x, fr: X, legal_basis: L, source: S, section: s, text: t}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks document"):
        load_suggestions(f)
