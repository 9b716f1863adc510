"""Web fixtures: the Grenoble INP DCE as a ZIP upload, and the browser helpers of tests/browser.py."""

from __future__ import annotations

import zipfile

import pytest

from tests.browser import browser_type_launch_args  # noqa: F401 - pytest-playwright's launch args, Debian chromium
from tests.conftest import GRENOBLE_DCE


@pytest.fixture(scope="session")
def grenoble_zip(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - a Path
    """The real DCE zipped as a buyer would send it (a folder inside the ZIP, as on a buyer profile)."""
    path = tmp_path_factory.mktemp("upload") / "DCE_2026FCSSA0025.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(GRENOBLE_DCE.iterdir()):
            z.write(f, f"DCE_2026FCSSA0025 - v3/{f.name}")
    return path
