"""Saving and loading the model: skops (never pickle), a JSON model card, and a hash check.

A model file is loaded only when its sha256 equals the one its card records, and only when skops
finds no type to trust in it (the Pipeline holds public scikit-learn types only). Loading happens
lazily, once per process.
"""

from __future__ import annotations

import json
import os
import zipfile
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
    untrusted = sio.get_untrusted_types(file=path)
    if untrusted:
        raise UntrustedModel(f"{what} file {path} holds types skops does not trust: {untrusted}; refusing to load it")
    return sio.load(path, trusted=untrusted), card


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
