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
from analyzer.passages.structure import line_end, section_tree

_LOT = re.compile(r"\blots?\b", re.I)
_SECTION_REACH = 6000  # characters read for a title's section: a template's article, not the rest of the document


def drop_titles_denied_by_their_section(findings: Sequence[Finding], text: str, side_of: Callable[[str], str | None]) -> list[Finding]:
    """`findings` of one document (file), minus each positive finding that starts on a numbered title line whose section
    holds a negated finding of the same side and no positive one of that side off a title line. The titles are the
    document's section tree (passages.structure), the one its passages were split by."""
    headings = section_tree(text).headings
    by_line = {h.offset: i for i, h in enumerate(headings)}
    titled = {id(f): by_line.get(_line_start(text, f.start)) for f in findings if not f.negated}
    dropped: set[int] = set()
    for f in findings:
        i = titled.get(id(f))
        if i is None:
            continue
        title = headings[i]
        begin = line_end(text, title.offset)
        following = next((h.offset for h in headings[i + 1 :] if h.level <= title.level), len(text))
        end = min(following, begin + _SECTION_REACH)
        side = side_of(f.label)
        inside = [g for g in findings if g is not f and g.file == f.file and begin <= g.start < end and side_of(g.label) == side]
        # "9.2 Lot 2 : clause sociale : sans objet" denies one lot, not the title over every lot
        denied = any(g.negated and not _LOT.search(text[_line_start(text, g.start) : line_end(text, g.start)]) for g in inside)
        held = any(not g.negated and titled.get(id(g)) is None for g in inside)
        if denied and not held:
            dropped.add(id(f))
    return [f for f in findings if id(f) not in dropped]


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1
