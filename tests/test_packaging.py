"""What a wheel ships: the model the checkout uses is package data, found the same way installed or not."""

from __future__ import annotations

import fnmatch
import tomllib

from analyzer.classifier.store import card_path, default_model_path, models_dir
from tests.conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGE_DATA = PYPROJECT["tool"]["setuptools"]["package-data"]


def _shipped(path) -> bool:  # noqa: ANN001
    """Whether a package-data pattern of pyproject.toml puts `path` in the wheel."""
    path = path.resolve()
    for package, patterns in PACKAGE_DATA.items():
        folder = (REPO / package.replace(".", "/")).resolve()
        if path.is_relative_to(folder) and any(fnmatch.fnmatch(path.relative_to(folder).as_posix(), p) for p in patterns):
            return True
    return False


def test_the_model_is_looked_for_inside_the_package(monkeypatch) -> None:
    monkeypatch.delenv("CLAUSES_MODELS_DIR", raising=False)
    assert models_dir().resolve() == (REPO / "analyzer" / "models").resolve()
    assert (REPO / "models").resolve() == models_dir().resolve()  # the documented place links to it


def test_the_model_its_card_and_metrics_are_package_data(monkeypatch) -> None:
    monkeypatch.delenv("CLAUSES_MODELS_DIR", raising=False)
    model = default_model_path()
    for path in (model, card_path(model), models_dir() / "metrics.json", models_dir() / "MODEL_CARD.md"):
        assert path.is_file() and _shipped(path), path


def test_every_data_file_the_analyzer_reads_is_package_data() -> None:
    data = [p for p in (REPO / "analyzer" / "data").rglob("*") if p.is_file() and p.suffix == ".yaml"]
    assert data and [p.name for p in data if not _shipped(p)] == []
