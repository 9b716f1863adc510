from __future__ import annotations

import pytest

from tests.conftest import SHARED


@pytest.fixture(scope="session")
def real_audit():
    """(OUT folder, stored audit, tender metadata read from the notices) of a real audit of real notices."""
    if not SHARED.is_dir():
        pytest.skip(f"the shared corpus is missing at {SHARED}")
    from tests.scoring.real_audit import audited

    return audited()
