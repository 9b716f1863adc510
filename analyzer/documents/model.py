"""What a reader hands to the rest of the pipeline: a document's text, page by page."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One page (or, for formats without pages, the whole text) and where it starts in `Document.text`."""

    number: int | None
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


PAGE_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class DocumentSummary:
    """What the outputs keep of a read document (the JSON contract's `documents`, the DuckDB table)."""

    file: str
    kind: str
    pages: int | None
    chars: int
    error: str | None
    warnings: list[str]


@dataclass
class Document:
    """A read document. `text` is the concatenation of page texts joined by PAGE_SEPARATOR.

    `error` is set when the file could not be read at all; `warnings` when it was read partly
    (pages without text, unsupported parts). A document with an error has no pages.
    """

    file: str
    kind: str = "autre"
    pages: list[Page] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    paged: bool = True
    metadata: dict[str, object] = field(default_factory=dict)

    def __record__(self) -> DocumentSummary:
        # Outputs hold the summary, not the text: analyzer.records writes this in its place.
        return DocumentSummary(self.file, self.kind, self.page_count, self.chars, self.error, list(self.warnings))

    @property
    def text(self) -> str:
        return PAGE_SEPARATOR.join(p.text for p in self.pages)

    @property
    def page_count(self) -> int | None:
        return len(self.pages) if self.paged and not self.error else None

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.pages)

    def page_at(self, offset: int) -> int | None:
        """The page number holding character `offset` of `text` (None for unpaged formats)."""
        if not self.paged or not self.pages:
            return None
        starts = [p.start for p in self.pages]
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        return self.pages[i].number

    @classmethod
    def from_page_texts(cls, file: str, texts: list[str], paged: bool = True, **kw: object) -> Document:
        pages: list[Page] = []
        offset = 0
        for i, t in enumerate(texts, start=1):
            pages.append(Page(number=i if paged else None, start=offset, text=t))
            offset += len(t) + len(PAGE_SEPARATOR)
        return cls(file=file, pages=pages, paged=paged, **kw)  # type: ignore[arg-type]


class DocumentReadError(Exception):
    """A file that cannot be read; the message is shown to users as is, so it says what to do."""
