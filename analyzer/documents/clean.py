"""Text normalisation at the ingestion boundary: what every reader's text goes through once."""

from __future__ import annotations

import re
import unicodedata

# pdfium marks a hyphen that breaks a word at a line end as U+FFFE (seen in the Grenoble RC:
# "sous\ufffetraitance"); U+00AD is the same in other producers.
_SOFT_HYPHENS = {"\ufffe": "-", "\u00ad": "-"}
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}


def clean_page_text(text: str) -> str:
    """NFC, Unix newlines, ligatures expanded, soft hyphens made visible, trailing spaces dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for src, dst in {**_SOFT_HYPHENS, **_LIGATURES}.items():
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[ \t]+\n", "\n", text).strip("\n")
