"""BOAMP HTML notices (UTF-16, with base64 images and scripts): visible text, blocks on their own lines."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from analyzer.documents.clean import clean_page_text
from analyzer.documents.model import Document, DocumentReadError
from analyzer.documents.text import decode_text

_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "dt", "dd"}
_SKIP = {"script", "style", "head", "noscript"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    return "\n".join(line.strip() for line in text.splitlines()).strip()


def read_html(path: Path, name: str) -> Document:
    raw = path.read_bytes()
    if not raw.strip():
        raise DocumentReadError("empty file")
    decoded, warnings = decode_text(raw)
    text = clean_page_text(html_to_text(decoded))
    if not text.strip():
        raise DocumentReadError("HTML page without visible text")
    return Document.from_page_texts(name, [text], paged=False, warnings=warnings)
