"""Cut a passage to at most 600 chars at a sentence or line end (used by rand_label.py)."""

import re


def cut600(t: str) -> str:
    t = t.strip()
    if len(t) <= 600:
        return t
    ends = [m.end() for m in re.finditer(r"[.!?;:](?=\s)|\n", t[:601])]
    ends = [e for e in ends if 100 <= e <= 600]
    if ends:
        return t[: ends[-1]].strip()
    return t[:600].rsplit(" ", 1)[0].strip()  # no sentence/line end: last word boundary
