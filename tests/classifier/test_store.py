"""Saving and loading: the card's hash is checked, untrusted types are refused, training is reproducible."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import Pipeline

from analyzer.classifier.model import TrainedModel
from analyzer.classifier.store import ModelError, ModelHashMismatch, UntrustedModel, card_path, clear_cache, load_model, save_model


class NotSklearn(TransformerMixin, BaseEstimator):
    """A type skops has never heard of: loading a file holding it must be refused."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return X


def test_saved_model_loads_and_predicts_the_same(tmp_path, small_model) -> None:
    path = tmp_path / "m.skops"
    card = save_model(small_model, path, {"version": "test"})
    assert card_path(path).name == "m.card.json" and card["labels"] == list(small_model.labels)
    loaded = load_model(path)
    texts = ["Le titulaire réalisera 500 heures d'insertion.", "Prix : 60 %"]
    assert np.allclose(loaded.model.predict_proba(texts), small_model.predict_proba(texts))
    assert load_model(path) is loaded  # once per process


def test_hash_mismatch_fails_with_both_hashes(tmp_path, small_model) -> None:
    path = tmp_path / "m.skops"
    card = save_model(small_model, path, {"version": "test"})
    with open(path, "ab") as fh:
        fh.write(b"tampered")
    clear_cache()
    with pytest.raises(ModelHashMismatch) as exc:
        load_model(path)
    msg = str(exc.value)
    actual = msg.split("has sha256 ")[1].split()[0]
    assert len(actual) == 64 and actual != card["sha256"]
    assert f"records {card['sha256']}" in msg and str(path) in msg


def test_missing_card_is_refused(tmp_path, small_model) -> None:
    path = tmp_path / "m.skops"
    save_model(small_model, path, {"version": "test"})
    card_path(path).unlink()
    clear_cache()
    with pytest.raises(ModelError, match="card"):
        load_model(path)


def test_untrusted_type_is_refused(tmp_path) -> None:
    path = tmp_path / "evil.skops"
    save_model(TrainedModel(pipeline=Pipeline([("x", NotSklearn())]), labels=("a",)), path, {"version": "test"})
    assert json.loads(card_path(path).read_text())["sha256"]  # the hash matches: only the type is wrong
    clear_cache()
    with pytest.raises(UntrustedModel, match="NotSklearn"):
        load_model(path)


def test_shipped_pipeline_has_no_untrusted_type(tmp_path, small_model) -> None:
    import skops.io as sio

    path = tmp_path / "m.skops"
    save_model(small_model, path, {"version": "test"})
    assert sio.get_untrusted_types(file=path) == []
    assert path.stat().st_size < 5_000_000


def _vocabularies(model: TrainedModel) -> list[dict]:
    from analyzer.classifier.store import _estimators

    return [e.vocabulary_ for e in _estimators(model.pipeline) if isinstance(getattr(e, "vocabulary_", None), dict)]


def test_vocabularies_come_back_equal_and_the_saved_model_is_left_as_it_was(tmp_path, small_model) -> None:
    before = [dict(v) for v in _vocabularies(small_model)]
    assert before and all(len(v) > 100 for v in before)
    path = tmp_path / "m.skops"
    save_model(small_model, path, {"version": "test"})
    assert _vocabularies(small_model) == before  # saving swaps them out and back
    clear_cache()
    assert _vocabularies(load_model(path).model) == before


def test_a_vocabulary_is_one_entry_of_the_file_not_one_per_term(tmp_path, small_model) -> None:
    import zipfile

    path = tmp_path / "m.skops"
    save_model(small_model, path, {"version": "test"})
    schema = zipfile.ZipFile(path).read("schema.json").decode()
    # skops would write each term of a dict as its own node; the terms are one string in column order instead
    assert '"vocabulary_"' not in schema and "_clauses_vocabulary_terms" in schema
    terms = sum(len(v) for v in _vocabularies(small_model))
    assert schema.count('"__loader__"') < terms / 10
