"""Site fixtures: the site of a real audit, and the browser helpers shared with tests/web (tests/browser.py)."""

from __future__ import annotations

import pytest

from tests.browser import browser_type_launch_args  # noqa: F401 - pytest-playwright's launch args, Debian chromium
from tests.conftest import SHARED


@pytest.fixture(scope="session")
def site():
    """OUT/site of a real audit of real notices, with the tender metadata read from the notices."""
    if not SHARED.is_dir():
        pytest.skip(f"the shared corpus is missing at {SHARED}")
    from analyzer.rescore import write_scorecard
    from tests.scoring.real_audit import audited

    out, _stored, metadata = audited()
    write_scorecard(out, metadata=metadata)
    return out / "site"
