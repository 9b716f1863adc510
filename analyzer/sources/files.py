"""Writing pulled records: atomically (a temporary file in the same folder, then a rename), so an
interrupted pull leaves either the whole record or nothing, never half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_new(path: Path, data: bytes) -> bool:
    """Write `path` unless it exists; True when written. What is already there is never touched."""
    if Path(path).exists():
        return False
    atomic_write(path, data)
    return True
