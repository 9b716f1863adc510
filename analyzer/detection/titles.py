"""A numbered title names what its section is about; it is evidence of a clause only while the section does not say
that side has none.

"Article 9 : Clauses sociales et environnementales", then "9.1 Clause sociale : néant" and "9.2 Clause
environnementale : le titulaire trie ses déchets": the title's social finding is the only social evidence and its own
section denies it, so it is dropped; its environmental finding stays, as the section holds the clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from analyzer.detection.finding import Finding
from analyzer.passages.structure import heading_level

_LOT = re.compile(r"\blots?\b", re.I)
_SECTION_REACH = 6000  # characters read for a title's section: a template's article, not the rest of the document


def drop_titles_denied_by_their_section(findings: Sequence[Finding], text: str, side_of: Callable[[str], str | None]) -> list[Finding]:
    """`findings` of one document (file), minus each positive finding that starts on a numbered title line whose section
    holds a negated finding of the same side and no positive one of that side off a title line."""
    titled = {id(f): _title_level(text, f.start) for f in findings if not f.negated}
    dropped: set[int] = set()
    for f in findings:
        level = titled.get(id(f))
        if level is None:
            continue
        side = side_of(f.label)
        begin = _line_end(text, f.start)
        end = _section_end(text, begin, level)
        inside = [g for g in findings if g is not f and g.file == f.file and begin <= g.start < end and side_of(g.label) == side]
        # "9.2 Lot 2 : clause sociale : sans objet" denies one lot, not the title over every lot
        denied = any(g.negated and not _LOT.search(text[_line_start(text, g.start) : _line_end(text, g.start)]) for g in inside)
        held = any(not g.negated and titled.get(id(g)) is None for g in inside)
        if denied and not held:
            dropped.add(id(f))
    return [f for f in findings if id(f) not in dropped]


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end == -1 else end


def _title_level(text: str, at: int) -> int | None:
    line = text[_line_start(text, at) : _line_end(text, at)]
    return heading_level(line.strip()) if len(line) <= 150 else None


def _section_end(text: str, begin: int, level: int) -> int:
    """Where the next title of the same or an outer level starts, within _SECTION_REACH."""
    limit = min(len(text), begin + _SECTION_REACH)
    at = begin
    while at < limit:
        nxt = text.find("\n", at + 1)
        nxt = limit if nxt == -1 or nxt > limit else nxt
        line = text[at:nxt].strip()
        found = heading_level(line) if line and len(line) <= 150 else None
        if found is not None and found <= level:
            return at
        at = nxt
    return limit
