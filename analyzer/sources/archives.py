"""Safe ZIP extraction: no path leaves the extraction root, size and count are bounded,
encrypted members are reported, nested ZIPs are opened up to a small depth."""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class ArchiveLimits:
    max_total_bytes: int = 1024 * 1024 * 1024  # uncompressed, all members, nested ZIPs included
    max_members: int = 5000
    max_ratio: float = 200.0  # compression ratio above which a member is treated as a bomb
    max_depth: int = 3


@dataclass
class Extraction:
    files: list[tuple[str, Path]] = field(default_factory=list)  # (name inside the tender, path on disk)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (name, message)
    total_bytes: int = 0
    members: int = 0


def _safe_relative(name: str) -> PurePosixPath | None:
    """The member's path if it stays inside the root, else None (absolute, '..', drive letters)."""
    name = name.replace("\\", "/")
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or (p.parts and ":" in p.parts[0]):
        return None
    return p


def extract_zip(
    archive: Path,
    root: Path,
    limits: ArchiveLimits = ArchiveLimits(),
    prefix: str = "",
    result: Extraction | None = None,
    depth: int = 0,
) -> Extraction:
    """Extract `archive` under `root`; what could not be extracted is in `errors`, never raised."""
    result = result if result is not None else Extraction()
    label = prefix + archive.name
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        result.errors.append((label, f"not a readable ZIP: {exc}"))
        return result
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            member = f"{label}/{info.filename}"
            rel = _safe_relative(info.filename)
            if rel is None:
                result.errors.append((member, "refused: path leaves the extraction folder (zip slip)"))
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                result.errors.append((member, "refused: symbolic link in archive"))
                continue
            if info.flag_bits & 0x1:
                result.errors.append((member, "encrypted archive member: a password is required"))
                continue
            result.members += 1
            if result.members > limits.max_members:
                result.errors.append((label, f"archive stopped: more than {limits.max_members} files"))
                return result
            if info.compress_size and info.file_size / info.compress_size > limits.max_ratio and info.file_size > 10 * 2**20:
                result.errors.append((member, f"refused: compression ratio {info.file_size // info.compress_size}:1 (zip bomb?)"))
                continue
            if result.total_bytes + info.file_size > limits.max_total_bytes:
                result.errors.append((member, f"refused: archive exceeds {limits.max_total_bytes // 2**20} MiB uncompressed"))
                continue
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                written = _copy_bounded(zf, info, target, limits.max_total_bytes - result.total_bytes)
            except _TooLarge:
                target.unlink(missing_ok=True)
                result.errors.append((member, "refused: member larger than declared (zip bomb?)"))
                continue
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                target.unlink(missing_ok=True)
                result.errors.append((member, f"damaged archive member: {exc}"))
                continue
            result.total_bytes += written
            if target.suffix.lower() == ".zip":
                if depth + 1 >= limits.max_depth:
                    result.errors.append((member, f"refused: ZIPs nested deeper than {limits.max_depth}"))
                    continue
                nested_root = target.with_suffix(target.suffix + ".d")
                extract_zip(
                    target, nested_root, limits, prefix=f"{label}/{rel.parent}/".replace("/./", "/"), result=result, depth=depth + 1
                )
                continue
            result.files.append((f"{label}/{rel}", target))
    return result


class _TooLarge(Exception):
    pass


def _copy_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int) -> int:
    # Read in chunks and stop past the declared size: headers can lie about sizes.
    written = 0
    limit = min(info.file_size, budget)
    with zf.open(info) as src, open(target, "wb") as dst:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > limit:
                raise _TooLarge
            dst.write(chunk)
    return written
