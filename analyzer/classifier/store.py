"""Saving and loading the model: skops (never pickle), a JSON model card, and a hash check.

A model file is loaded only when its sha256 equals the one its card records, and only when skops
finds no type to trust in it (the Pipeline holds public scikit-learn types only). Loading happens
lazily, once per process.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import skops.io as sio
from sklearn.pipeline import Pipeline

from analyzer.classifier.data import sha256_file
from analyzer.classifier.model import TrainedModel

MODEL_NAME = "clauses.model"
MODEL_FILE = "clauses-decp.skops"


class ModelError(RuntimeError):
    """A model file that cannot be used: missing card, hash mismatch, untrusted types."""


class ModelHashMismatch(ModelError):
    pass


class UntrustedModel(ModelError):
    pass


def models_dir() -> Path:
    """Where the shipped model lives: analyzer/models, package data (`models/` of the repository links to it,
    so a wheel finds the same files as a checkout); env CLAUSES_MODELS_DIR overrides."""
    env = os.environ.get("CLAUSES_MODELS_DIR")
    return Path(env) if env else _PACKAGE_MODELS


_PACKAGE_MODELS = Path(__file__).resolve().parents[1] / "models"  # resolved once: it is asked for every tender


def default_model_path() -> Path:
    return models_dir() / MODEL_FILE


def card_path(model_path: Path) -> Path:
    """models/clauses-decp.skops -> models/clauses-decp.card.json"""
    model_path = Path(model_path)
    return model_path.with_name(model_path.name.removesuffix(".skops") + ".card.json")


def save_model(model: TrainedModel, path: Path, card: dict[str, Any]) -> dict[str, Any]:
    """Write the model with skops and its card (with the file's sha256); return the card."""
    return dump_checked(model.pipeline, path, {**card, "labels": list(model.labels)})


def dump_checked(pipeline: Any, path: Path, card: dict[str, Any]) -> dict[str, Any]:
    """Write a fitted pipeline with skops, and beside it its card holding the file's sha256."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _vocabularies_as_text(pipeline):
        sio.dump(pipeline, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    card = {**card, "file": path.name, "sha256": sha256_file(path)}
    card_path(path).write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return card


def load_checked(path: Path, what: str = "model", retrain: str = "clauses train") -> tuple[Any, dict[str, Any]]:
    """A skops file and its card, refused unless the card is there, records the file's sha256, and
    skops trusts every type in the file (never pickle)."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{what} file {path} is missing: run `{retrain}`")
    card = read_card(path, what)
    expected, actual = card.get("sha256"), sha256_file(path)
    if actual != expected:
        raise ModelHashMismatch(
            f"{what} file {path} has sha256 {actual} but its card {card_path(path)} records {expected}: "
            f"the file is not the one the card describes; retrain with `{retrain}` or restore the matching pair"
        )
    from skops.io.exceptions import UntrustedTypesFoundException

    try:
        # skops audits every type of the file before it builds anything (one walk of its tree): only
        # its default trusted types, which are public scikit-learn, numpy and builtin types.
        obj = sio.load(path)
    except UntrustedTypesFoundException as exc:
        raise UntrustedModel(f"{what} file {path} holds types skops does not trust: {exc}; refusing to load it") from None
    _vocabularies_from_text(obj)
    return obj, card


# A fitted TfidfVectorizer's vocabulary_ is a dict of up to 30 000 terms: skops would save it, and audit and
# rebuild it at every load, as one node per term (160 000 nodes, most of a `clauses check`'s time). It is saved
# as one string instead, the terms in the order of their column, and made a dict again after the load.
_TERMS = "_clauses_vocabulary_terms"


def _estimators(obj: Any, seen: set[int] | None = None) -> list[Any]:
    """Every scikit-learn object inside a fitted pipeline (steps, fitted transformers, sub-estimators)."""
    from sklearn.base import BaseEstimator

    seen = set() if seen is None else seen
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    if isinstance(obj, (list, tuple)):
        return [e for x in obj for e in _estimators(x, seen)]
    if isinstance(obj, dict):
        return [e for x in obj.values() for e in _estimators(x, seen)]
    if not isinstance(obj, BaseEstimator):
        return []
    return [obj, *(e for x in vars(obj).values() for e in _estimators(x, seen))]


@contextmanager
def _vocabularies_as_text(pipeline: Any) -> Iterator[None]:
    swapped = []
    for est in _estimators(pipeline):
        vocab = getattr(est, "vocabulary_", None)
        if not isinstance(vocab, dict) or not vocab:
            continue
        terms = sorted(vocab, key=vocab.__getitem__)
        if [vocab[t] for t in terms] != list(range(len(terms))) or any("\n" in t for t in terms):
            continue  # not one column per term, or a term a newline would cut: saved as it is
        swapped.append((est, vocab))
        del est.vocabulary_
        setattr(est, _TERMS, "\n".join(terms))
    try:
        yield
    finally:
        for est, vocab in swapped:
            delattr(est, _TERMS)
            est.vocabulary_ = vocab


def _vocabularies_from_text(pipeline: Any) -> None:
    for est in _estimators(pipeline):
        text = vars(est).pop(_TERMS, None)
        if isinstance(text, str):
            terms = text.split("\n")
            est.vocabulary_ = dict(zip(terms, range(len(terms)), strict=True))


def read_card(model_path: Path, what: str = "model") -> dict[str, Any]:
    cp = card_path(model_path)
    if not cp.is_file():
        raise ModelError(f"{what} card {cp} is missing: a model is loaded only with the card that records its hash")
    return json.loads(cp.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class LoadedModel:
    model: TrainedModel
    card: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.card.get("version", "unknown"))


def load_model(path: Path | None = None) -> LoadedModel:
    """The model at `path` (the shipped one by default), checked and loaded once per process."""
    return _load(str(Path(path) if path is not None else default_model_path()))


@lru_cache(maxsize=4)
def _load(path_str: str) -> LoadedModel:
    path = Path(path_str)
    pipeline, card = load_checked(path)
    if not isinstance(pipeline, Pipeline):
        raise ModelError(f"model file {path} holds a {type(pipeline).__name__}, not a scikit-learn Pipeline")
    labels = tuple(card.get("labels") or ())
    n_out = len(pipeline.steps[-1][1].estimators_)
    if len(labels) != n_out:
        raise ModelError(f"model card {card_path(path)} names {len(labels)} labels but the model has {n_out} outputs")
    return LoadedModel(model=TrainedModel(pipeline=pipeline, labels=labels), card=card)


def clear_cache() -> None:
    _load.cache_clear()
