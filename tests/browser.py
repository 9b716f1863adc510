"""Browser helpers for tests: Debian's chromium driven by pytest-playwright (never a browser download), a uvicorn
server on 127.0.0.1 started by the test, and axe-core (npm, tests/web/node_modules) injected into a page.

Use from a conftest.py: `from tests.browser import browser_type_launch_args, live_server  # noqa: F401`, then the
`page` fixture of pytest-playwright, `live_server(app)` and `assert_accessible(page)`."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(__file__).resolve().parent / "web" / "node_modules" / "axe-core" / "axe.min.js"
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is missing: apt-get install chromium")
needs_axe = pytest.mark.skipif(not AXE.exists(), reason="axe-core is missing: npm ci --prefix tests/web")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments, pointed at Debian's chromium."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(app: Any, timeout: float = 120.0) -> Iterator[str]:  # noqa: ANN401 - any ASGI app
    """Serve `app` with uvicorn on 127.0.0.1 in a thread (lifespan included); yield its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:  # noqa: ANN401 - a playwright Page
    """axe-core's violations of the page at the given impacts (WCAG 2.x A and AA rules and best practices)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in impacts]


def assert_accessible(page: Any) -> None:  # noqa: ANN401 - a playwright Page
    found = axe_violations(page)
    assert not found, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in found)
