"""BOAMP API exports: a CSV row becomes a tender the JSON notice reader reads."""

from __future__ import annotations

import pytest

from analyzer.documents import read_document
from analyzer.sources.boamp_api import RecordNotFound, donnees, read_record, with_parsed_donnees, write_record
from tests.conftest import SHARED

pytestmark = pytest.mark.corpus  # every test here reads ../shared/corpus

EXPORT = SHARED / "boamp-api-2015-2025" / "boamp_api_records_dev.csv"


def test_a_record_is_read_by_its_idweb_with_string_identifiers() -> None:
    record = read_record(EXPORT, "19-95263")
    assert record["idweb"] == "19-95263"
    assert isinstance(record["donnees"], str) and len(record["donnees"]) > 1000


def test_written_record_reads_as_a_notice(tmp_path) -> None:
    path = write_record(read_record(EXPORT, "19-95263"), tmp_path / "t")
    doc = read_document(path)
    assert doc.error is None and doc.chars > 500


def test_unknown_record_is_a_clear_error() -> None:
    with pytest.raises(RecordNotFound, match="no record idweb=00-00000"):
        read_record(EXPORT, "00-00000")


def test_a_record_s_donnees_is_parsed_once_for_every_reader() -> None:
    rec = {"idweb": "1", "donnees": '{"IDENTITE": {"DENOMINATION": "Ville de Metz"}}'}
    parsed = with_parsed_donnees(rec)
    assert parsed["donnees"] == {"IDENTITE": {"DENOMINATION": "Ville de Metz"}} and rec["donnees"].startswith("{")
    assert donnees(parsed) is parsed["donnees"]


@pytest.mark.parametrize("raw", ["", "  ", "{pas du JSON", "[1, 2]", None])
def test_a_donnees_that_holds_no_object_is_left_as_it_is(raw) -> None:
    rec = {"idweb": "1", "donnees": raw}
    assert with_parsed_donnees(rec) is rec


@pytest.mark.parametrize(
    ("tree", "path"),
    [
        ({"a": [{"b": [None, "x"]}, {"b": "y"}]}, ("a", "b")),  # a null in a list is a value: the first one
        ({"a": [{"c": 1}, [{"b": "y"}], {"b": "z"}]}, ("a", "b")),  # lists along the way are walked in order
        ({"a": {"b": []}}, ("a", "b")),
        ([None, {"a": 1}], ()),
        ("leaf", ("a",)),
    ],
)
def test_first_is_the_first_value_get_finds(tree, path) -> None:  # noqa: ANN001
    from analyzer.sources.tree import first, get

    found = get(tree, *path)
    assert first(tree, *path) == (found[0] if found else None)
