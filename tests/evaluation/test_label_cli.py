"""`clauses label`: the person's answer is what is written, never the rules' output alone."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from analyzer.cli import app

runner = CliRunner()

# Two paragraphs: an insertion clause (Aquaréel CCAP 4.5 wording) and an ordinary delivery article.
DOC = (
    "# CCAP\n\n"
    "Le titulaire devra réaliser une action d'insertion permettant l'accès ou le retour à l'emploi de personnes "
    "rencontrant des difficultés sociales ou professionnelles particulières, soit 35 heures d'insertion.\n\n"
    "Les fournitures sont livrées au siège de l'acheteur dans un délai de quinze jours.\n"
)


def _run(tmp_path, answers: str):
    src = tmp_path / "CCAP_test.md"
    src.write_text(DOC, encoding="utf-8")
    out = tmp_path / "new.jsonl"
    res = runner.invoke(app, ["label", str(src), "--out", str(out), "--labeller", "tester", "--buyer", "Test"], input=answers)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return res, rows


def test_accept_and_negative_answers_are_recorded_with_labeller_and_method(tmp_path) -> None:
    res, rows = _run(tmp_path, "a\nn\n")
    assert res.exit_code == 0, res.output
    assert "Rules suggest" in res.output
    assert len(rows) == 2
    clause, other = rows
    assert clause["decision"] == "accepted" and "social.insertion" in clause["labels"] and "Clause sociale" in clause["decp"]
    assert other["decision"] == "negative" and other["labels"] == [] and other["decp"] == []
    assert all(r["labeller"] == "tester" and r["method"] == "rules-suggested, person-corrected" for r in rows)


def test_correction_replaces_the_suggestion(tmp_path) -> None:
    res, rows = _run(tmp_path, "c\nsocial.insertion\naward_criterion\ns\n")
    assert res.exit_code == 0, res.output
    assert len(rows) == 1
    assert rows[0]["decision"] == "corrected" and rows[0]["instrument"] == "award_criterion" and rows[0]["decp"] == ["Critère social"]


def test_nothing_is_written_without_an_answer(tmp_path) -> None:
    res, rows = _run(tmp_path, "q\n")
    assert res.exit_code == 0, res.output
    assert rows == []
