"""The Dask worker plugin that loads the models once per worker process.

Kept apart from analyzer.distributed so that importing the audit never imports Dask: this module
is imported only when a cluster is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin


class Preload(WorkerPlugin):
    """Run `fn` (e.g. load spaCy and the detectors) when a worker starts, before its first task."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn = fn

    def setup(self, worker: Any) -> None:
        self.fn()
