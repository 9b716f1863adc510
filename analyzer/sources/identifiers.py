"""SIRET / SIREN as strings (leading zeros matter), checked with python-stdnum: an invalid number is
dropped, never repaired."""

from __future__ import annotations

import re
from functools import lru_cache

from stdnum.fr import siren, siret


def parse_identifier(raw: object) -> tuple[str | None, str | None]:
    """(siret, siren) from a raw identifier; invalid numbers are dropped rather than guessed."""
    if raw is None:
        return None, None
    return _parse(str(raw))


@lru_cache(maxsize=4096)  # a buyer's SIRET comes back with each of its notices, and each is checked twice
def _parse(raw: str) -> tuple[str | None, str | None]:
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 14 and siret.is_valid(digits):
        return digits, digits[:9]
    if len(digits) == 9 and siren.is_valid(digits):
        return None, digits
    if len(digits) >= 9 and siren.is_valid(digits[:9]):
        return None, digits[:9]
    return None, None


def valid_siret(raw: object) -> str | None:
    return parse_identifier(raw)[0]
