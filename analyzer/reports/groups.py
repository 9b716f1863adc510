"""Findings grouped for reading: the same sentence found twice (RC and CCAP, a FR/EN copy, a contents line and
its heading) is one group with a count, so a report shows each clause once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzer.detection.finding import Finding
from analyzer.detection.procedure import fold_accents

_LEADING_NUMBER = re.compile(r"^[\s\d.\)\-–•*|]+")
_LEADERS = re.compile(r"(?:\.{3,}|…{2,}|_{3,}).*$")
_TRAILING_PAGE = re.compile(r"\s+\d{1,3}$")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_TOC = re.compile(r"\.{4,}|…{2,}|\t\d{1,3}\s*$")
_TOC_LINE = re.compile(r"^\s*\d+(?:[.\)]\d*)*[.\)]?\s+[^%\n]{3,140}?\s+\d{1,3}\s*$")


def shown_text(f: Finding) -> str:
    """What a reader is shown of a finding: its quote; a structured notice field without one says what it is."""
    return " ".join((f.quote or f.explanation).split())


def normalise_quote(quote: str) -> str:
    """The words of a quote without numbering, dot leaders, page numbers, case, accents or punctuation."""
    q = " ".join(quote.split())
    q = _LEADERS.sub("", q)
    q = _TRAILING_PAGE.sub("", _LEADING_NUMBER.sub("", q))
    return _NON_WORD.sub(" ", fold_accents(q).lower()).strip()


def is_contents_line(quote: str) -> bool:
    """A table-of-contents line: dot leaders, or a numbered title ending in a page number (and no %)."""
    return bool(_TOC.search(quote) or _TOC_LINE.match(" ".join(quote.split())))


@dataclass
class FindingGroup:
    key: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def best(self) -> Finding:
        # The clause's own sentence before a contents line that names it; then the highest score.
        return sorted(self.findings, key=lambda f: (is_contents_line(f.quote), -f.score, f.file, f.page or 0))[0]

    @property
    def count(self) -> int:
        return len({(f.file, f.page, f.start) for f in self.findings})

    @property
    def contents_only(self) -> bool:
        return all(is_contents_line(f.quote) for f in self.findings)

    @property
    def places(self) -> list[str]:
        seen: dict[str, None] = {}
        for f in sorted(self.findings, key=lambda f: (f.file, f.page or 0)):
            seen[f.file.rsplit("/", 1)[-1] + (f" p. {f.page}" if f.page else "")] = None
        return list(seen)

    @property
    def labels(self) -> list[str]:
        return list(dict.fromkeys(f.label for f in self.findings))


def group_findings(findings: list[Finding]) -> list[FindingGroup]:
    """Groups by DECP value and instrument of findings whose normalised quotes are equal or one holds the other
    (a heading and its contents line, a sentence restated with more words). Order: best score first."""
    groups: list[tuple[tuple, FindingGroup]] = []
    ordered = sorted(findings, key=lambda f: -len(normalise_quote(f.quote)))
    for f in ordered:
        key = normalise_quote(shown_text(f))
        kind = (f.decp_value, f.instrument, f.field)  # a notice field is its own group
        home = None
        for gkind, g in groups:
            if gkind != kind:
                continue
            if key == g.key or (len(key) >= 20 and key in g.key):
                home = g
                break
        if home is None:
            home = FindingGroup(key=key)
            groups.append((kind, home))
        home.findings.append(f)
    out = [g for _, g in groups]
    return sorted(out, key=lambda g: (g.contents_only, -g.best.score, g.best.file, g.best.page or 0, g.best.start))
