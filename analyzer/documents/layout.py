"""Page layout from positions: columns, running headers and footers, tables.

Nothing here uses a fixed geometry ("split the page in the middle", "crop 30 pt"): columns come
from a vertical gap that the text boxes of the page leave free, running headers and footers from
lines that repeat across pages, tables from pdfplumber's ruled-table finder.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, groupby
from operator import itemgetter

# A box is (x0, top, x1, bottom) in points, top-down (pdfplumber's convention).
Box = tuple[float, float, float, float]

MIN_GUTTER = 8.0  # points; narrower gaps are word spacing or justified text
MIN_COLUMN_LINES = 4  # each side of a gutter needs this many lines to be a column


@dataclass
class Gutter:
    x0: float
    x1: float

    def crosses(self, x0: float, x1: float) -> bool:
        return x0 < self.x1 and x1 > self.x0


def group_rows(boxes: Iterable[Box], tolerance: float = 3.0) -> list[list[Box]]:
    """Boxes grouped into visual rows (same vertical position), top to bottom, each row left to right."""
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=_TOP_X0):  # (top, x0) of each box: itemgetter, no Python call per box
        if rows and abs(rows[-1][0][1] - box[1]) <= tolerance:
            rows[-1].append(box)
        else:
            rows.append([box])
    return [sorted(r, key=_X0) for r in rows]


_FREE_RUN = re.compile(b"\x01+")


def find_gutter(segments: list[Box], page_width: float) -> Gutter | None:
    """The vertical gap between two text columns, from the segments' x extents, or None.

    A gutter is the widest run of x, in the middle half of the page, that at most a tenth of the
    segments cross (titles and full-width lines may cross it), with at least MIN_COLUMN_LINES
    segments wholly on each side and the right-hand ones starting at a shared left edge.
    """
    if len(segments) < 2 * MIN_COLUMN_LINES:
        return None
    allowed = max(1, len(segments) // 10)
    lo, hi = int(page_width * 0.25), int(page_width * 0.75)
    # More segments than allowed across the whole middle half (full-width lines of prose): no
    # x there is free, whatever the others do (two pages in five).
    if sum(1 for s in segments if s[0] < lo and s[2] >= hi) > allowed:
        return None
    width = int(page_width) + 1
    # cover[x]: how many segments span x (each adds 1 on [int(x0), int(x1)]), by a running sum.
    starts = [0] * (width + 1)
    for x0, _, x1, _ in segments:
        start, end = max(0, int(x0)), min(width, int(x1) + 1)
        if start < end:
            starts[start] += 1
            starts[end] -= 1
    cover = list(accumulate(starts[:width]))
    # The first longest run of x in [lo, hi) that few segments cover: runs of 1s found by a
    # regular expression over one flag byte per x, not by a Python loop over every x.
    free = bytes(map(allowed.__ge__, cover[lo:hi]))
    best = max((m.span() for m in _FREE_RUN.finditer(free)), key=lambda span: span[1] - span[0], default=None)
    if best is None or best[1] - best[0] < MIN_GUTTER:
        return None
    best = (best[0] + lo, best[1] + lo)
    gutter = Gutter(float(best[0]), float(best[1]))
    left = [s for s in segments if s[2] <= gutter.x0 + 1]
    right = [s for s in segments if s[0] >= gutter.x1 - 1]
    if len(left) < MIN_COLUMN_LINES or len(right) < MIN_COLUMN_LINES:
        return None
    # Right-hand text of a real column starts at one left edge; indented fragments (values of a
    # form, the second half of a centred line) do not.
    edges = Counter(round(s[0] / 4) for s in right)
    if edges.most_common(1)[0][1] < max(MIN_COLUMN_LINES, len(right) // 3):
        return None
    # Both columns must run alongside each other, not one above the other.
    left_span = (min(s[1] for s in left), max(s[3] for s in left))
    right_span = (min(s[1] for s in right), max(s[3] for s in right))
    overlap = min(left_span[1], right_span[1]) - max(left_span[0], right_span[0])
    if overlap <= 0.3 * min(left_span[1] - left_span[0], right_span[1] - right_span[0]):
        return None
    return gutter


def reading_order(boxes: list[Box], gutter: Gutter | None) -> list[int]:
    """The indices of `boxes` in reading order: rows top to bottom, each row left to right and,
    with a gutter, the rows between two full-width rows read column by column (as `lay_out_page`
    reads them).

    Boxes are taken by their vertical middle, and a box joins a row when its middle lies within
    the row's extent so far, or the row's middle within the box: pdfium's boxes are tight around
    the glyphs, so a hyphen or an apostrophe sits higher or lower than the word beside it, and a
    shared top would split the line.
    """
    middles = [(b[1] + b[3]) / 2 for b in boxes]
    lefts = [b[0] for b in boxes]
    keys = list(zip(middles, lefts))  # looked up by index in the sorts: no Python call per box
    rows: list[list[int]] = []
    top, bottom = 0.0, -1.0
    for i in sorted(range(len(boxes)), key=keys.__getitem__):
        if rows and (top <= middles[i] <= bottom or boxes[i][1] <= (top + bottom) / 2 <= boxes[i][3]):
            rows[-1].append(i)
            top, bottom = min(top, boxes[i][1]), max(bottom, boxes[i][3])
        else:
            rows.append([i])
            top, bottom = boxes[i][1], boxes[i][3]
    order: list[int] = []
    left: list[int] = []
    right: list[int] = []
    for row in rows:
        row.sort(key=lefts.__getitem__)
        if gutter is None or any(gutter.crosses(boxes[i][0], boxes[i][2]) for i in row):
            order += left + row
            order += right
            left, right = [], []
            continue
        left += [i for i in row if boxes[i][2] <= gutter.x0 + 1]
        right += [i for i in row if boxes[i][0] >= gutter.x1 - 1]
    return order + left + right


def out_of_order(boxes: list[Box], gutter: Gutter | None) -> list[int]:
    """The boxes, given in the order of the page's text, that the text puts elsewhere than
    reading order would: those outside a longest run of boxes already in reading order.
    Empty when the text reads in order, so that laying the page out again would not reorder it.
    """
    order = reading_order(boxes, gutter)
    if order == list(range(len(boxes))):
        return []
    # Longest increasing subsequence of the text positions in reading order (patience sorting).
    tails: list[int] = []  # tails[k]: position in `order` that ends the best run of length k + 1
    ends: list[int] = []  # ends[k] = order[tails[k]], increasing
    previous = [-1] * len(order)
    for pos, index in enumerate(order):
        k = bisect_left(ends, index)
        if k:
            previous[pos] = tails[k - 1]
        if k == len(tails):
            tails.append(pos)
            ends.append(index)
        else:
            tails[k], ends[k] = pos, index
    kept = set()
    pos = tails[-1] if tails else -1
    while pos >= 0:
        kept.add(order[pos])
        pos = previous[pos]
    return [i for i in range(len(boxes)) if i not in kept]


# --- Running headers and footers ---------------------------------------------------------------

_DIGITS = re.compile(r"\d+")


# Band lines are keyed when running lines are looked for across pages, again on each page as
# they are removed, and they repeat from page to page (that is what a running line is).
@lru_cache(maxsize=4096)
def line_key(line: str) -> str:
    """A line compared across pages: case and spacing folded, numbers as '#' ("Page 3 sur 15")."""
    return " ".join(_DIGITS.sub("#", line.replace("\ufffe", "-")).split()).lower()


def fold_lines(text: str) -> list[str]:
    """The lines of `text` with what `line_key` does to a line done to the whole text at once,
    but for the spacing: `" ".join(fold_lines(text)[i].split()) == line_key(text.split("\\n")[i])`.
    (Lowercasing is the same line by line or whole: a line break is neither a cased letter nor
    case-ignorable, so a final sigma is final either way.)"""
    return _DIGITS.sub("#", text.replace("\ufffe", "-")).lower().split("\n")


@dataclass
class RunningLines:
    """Lines repeated in the top and bottom bands of pages, found across the whole document."""

    headers: dict[str, str] = field(default_factory=dict)  # key -> first text seen
    footers: dict[str, str] = field(default_factory=dict)

    @property
    def keys(self) -> set[str]:
        return set(self.headers) | set(self.footers)


def find_running_lines(bands: list[tuple[list[str], list[str]]]) -> RunningLines:
    """Headers and footers from each page's (top lines, bottom lines).

    A line is running when its key comes back on at least 3 pages and a quarter of them: chapter
    headers of a long guide repeat less than on every page, a title that happens to open two
    pages does not count.
    """
    n = len(bands)
    found = RunningLines()
    if n < 3:
        return found
    need = max(3, (n + 3) // 4)
    for index, target in ((0, found.headers), (1, found.footers)):
        counts: Counter[str] = Counter()
        first: dict[str, str] = {}
        for band in bands:
            keys = {line_key(t): t.strip() for t in band[index] if _worth_keying(t)}
            counts.update(keys.keys())
            for k, t in keys.items():
                first.setdefault(k, t)
        for key, count in counts.items():
            if count >= need:
                target[key] = first[key]
    return found


def _worth_keying(line: str) -> bool:
    return bool(line.strip())


def remove_running_lines(text: str, running: RunningLines, top: list[str], bottom: list[str]) -> tuple[str, list[str], list[str]]:
    """`text` without the running header/footer lines this page shows in its bands, and those lines.

    Only as many lines as the bands hold are removed (headers searched from the start of the
    text, footers from its end), so that a body line that happens to equal a header stays.
    """
    wanted_top = Counter(k for k in (line_key(t) for t in top) if k in running.headers)
    wanted_bottom = Counter(k for k in (line_key(t) for t in bottom) if k in running.footers)
    if not wanted_top and not wanted_bottom:  # no running line in its bands: nothing to look for
        return text, [], []
    lines = text.split("\n")
    folded = fold_lines(text)
    keep = [True] * len(lines)
    line_keys: list[str | None] = [None] * len(lines)  # computed once, when a search reaches the line
    removed: tuple[list[str], list[str]] = ([], [])
    searches = ((wanted_top, range(len(lines))), (wanted_bottom, range(len(lines) - 1, -1, -1)))
    for (wanted, order), out in zip(searches, removed):
        left = sum(wanted.values())
        for i in order:
            if not left:
                break
            key = line_keys[i]
            if key is None:
                key = line_keys[i] = " ".join(folded[i].split())
            if keep[i] and wanted.get(key, 0) > 0:
                wanted[key] -= 1
                left -= 1
                keep[i] = False
                out.append(lines[i].strip())
    return "\n".join(ln for ln, k in zip(lines, keep) if k), removed[0], removed[1]


def strip_running_lines(text: str, keys: set[str]) -> str:
    """`text` without any line whose key is a running header/footer key (for measuring raw text)."""
    return "\n".join(ln for ln in text.split("\n") if line_key(ln) not in keys)


# --- pdfplumber pages: reading order and tables -----------------------------------------------

# A character as the layout reads it: (x0, top, x1, bottom, text, upright), in top-down points.
Char = tuple[float, float, float, float, str, bool]
# A word: (x0, top, x1, bottom, text).
Word = tuple[float, float, float, float, str]
_UPRIGHT = itemgetter(5)
_X0 = itemgetter(0)
_TOP_BOTTOM = itemgetter(1, 3)
_TOP_X0 = itemgetter(1, 0)


@dataclass
class LaidOutPage:
    text: str
    gutter: Gutter | None = None
    tables: list[Box] = field(default_factory=list)
    table_rows: int = 0


def plumber_page_text(page, want_tables: bool) -> LaidOutPage:  # noqa: ANN001 - a pdfplumber Page
    """The page's text in reading order: each column top to bottom, tables as " | "-joined rows."""
    tables = usable_tables(page.find_tables()) if want_tables else []
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, expand_ligatures=True)
    return lay_out_page([(w["x0"], w["top"], w["x1"], w["bottom"], w["text"]) for w in words], tables, float(page.width))


def usable_tables(tables: list) -> list:
    """pdfplumber tables of at least two rows and, in some row, two cells."""
    return [t for t in tables if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]


def _cluster_index(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's `make_cluster_dict`: each distinct value's cluster, the sorted distinct values
    chained while each is within `tolerance` of the one before."""
    ordered = sorted(set(values))
    index: dict[float, int] = {}
    if tolerance == 0 or len(ordered) < 2:
        return {v: i for i, v in enumerate(ordered)}
    n = 0
    last = ordered[0]
    for v in ordered:
        if not v <= last + tolerance:  # pdfplumber's test, negated
            n += 1
        index[v] = n
        last = v
    return index


def chars_to_words(chars: list[Char]) -> list[Word]:
    """What pdfplumber's `extract_words(chars)` gives with its default tolerances and
    keep_blank_chars=False, use_text_flow=False, expand_ligatures=True, as Word tuples, in the
    same order, without its per-word dicts and per-character generator calls (it was the largest
    cost of a laid-out page).

    As pdfplumber does: consecutive characters of the same uprightness form a run; a run's
    characters are clustered into lines (upright: by top within the y tolerance, ordered by x0;
    rotated: by x0 within the x tolerance, ordered by (top, bottom)), both sorts stable; along a
    line, a blank character ends a word, and a character starts one when it lies before the
    previous one, further than the tolerance after its end, or off its line by more than the
    other tolerance.
    """
    from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES

    expand = LIGATURES.get
    words: list[Word] = []
    append = words.append
    for upright, group in groupby(chars, key=_UPRIGHT):
        run = list(group)
        # Sorted by line, then along the line, stably: (line, position, index in the run, char)
        # tuples compared in C, the index deciding ties as a stable sort does (the char itself is
        # never compared). The run is mostly in that order already, which timsort finds.
        if upright:  # lines by top, read along x0; "ltr" in pdfplumber's char_begins_new_word
            tops = [c[1] for c in run]
            lines = _cluster_index(tops, DEFAULT_Y_TOLERANCE)
            keyed = sorted(zip(map(lines.__getitem__, tops), [c[0] for c in run], range(len(run)), run))
            along_tol, across_tol = DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE
        else:  # rotated: lines by x0, read along (top, bottom) ("ttb")
            lefts = [c[0] for c in run]
            lines = _cluster_index(lefts, DEFAULT_X_TOLERANCE)
            keyed = sorted(zip(map(lines.__getitem__, lefts), map(_TOP_BOTTOM, run), range(len(run)), run))
            along_tol, across_tol = DEFAULT_Y_TOLERANCE, DEFAULT_X_TOLERANCE
        word: list[str] = []
        line = None
        x0 = top = x1 = bottom = 0.0
        start = end = across = 0.0  # the previous char of the word, along and across its line
        for at, _, _, (cx0, ctop, cx1, cbottom, text, _) in keyed:
            if at != line:  # a new line: the word of the previous line ends
                line = at
                if word:
                    append((x0, top, x1, bottom, "".join(map(expand, word, word))))
                    word = []
            if text.isspace():
                if word:
                    append((x0, top, x1, bottom, "".join(map(expand, word, word))))
                    word = []
                continue
            if not text:  # pdfplumber: '' is "in" its (empty) split_at_punctuation, a word alone
                if word:
                    append((x0, top, x1, bottom, "".join(map(expand, word, word))))
                append((cx0, ctop, cx1, cbottom, ""))
                word = []
                continue
            if upright:
                c_start, c_end, c_across = cx0, cx1, ctop
            else:
                c_start, c_end, c_across = ctop, cbottom, cx0
            if word and (c_start < start or c_start > end + along_tol or abs(c_across - across) > across_tol):
                append((x0, top, x1, bottom, "".join(map(expand, word, word))))
                word = []
            if word:  # the bounding box as min() and max() give it: the first extreme kept
                word.append(text)
                if cx0 < x0:
                    x0 = cx0
                if ctop < top:
                    top = ctop
                if cx1 > x1:
                    x1 = cx1
                if cbottom > bottom:
                    bottom = cbottom
            else:
                word = [text]
                x0, top, x1, bottom = cx0, ctop, cx1, cbottom
            start, end, across = c_start, c_end, c_across
        if word:
            append((x0, top, x1, bottom, "".join(map(expand, word, word))))
    return words


def chars_text(chars: list[Char]) -> str:
    """What pdfplumber's `extract_text(chars)` gives with its defaults: the words (as
    `chars_to_words`) clustered into lines by top within the y tolerance, the lines in cluster
    order, each line's words in their order, joined by spaces and the lines by newlines."""
    from pdfplumber.utils.text import DEFAULT_Y_TOLERANCE

    if not chars:
        return ""
    words = chars_to_words(chars)
    lines = _cluster_index([w[1] for w in words], DEFAULT_Y_TOLERANCE)
    words.sort(key=lambda w: lines[w[1]])
    return "\n".join(" ".join(w[4] for w in line) for _, line in groupby(words, key=lambda w: lines[w[1]]))


def table_cells(table) -> list[list[str | None]]:  # noqa: ANN001 - a pdfplumber Table
    """What pdfplumber's `Table.extract()` gives (each cell's text by pdfplumber's `extract_text`
    of the characters whose middle lies in the cell, None for a merged cell), with each character's
    middle computed once and looked up by row: `Table.extract` tests every character of the page
    against every row, then every character of the row against every cell.

    A page of pdfium_layout holds Char tuples and their middles (`char_middles`), and its cells are
    read by `chars_text`; a pdfplumber page holds pdfplumber's char dicts, read by its `extract_text`.
    """
    from pdfplumber.utils import extract_text

    chars = table.page.chars
    centres = getattr(table.page, "char_middles", None)  # pdfium_layout's pages know them
    text_of = chars_text
    if centres is None:
        centres = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2) for c in chars]
        text_of = extract_text
    across = [h for h, _ in centres]
    down = [v for _, v in centres]
    # The characters' indices by vertical middle (ties in page order, as a stable sort leaves
    # them), for the rows.
    by_middle = sorted(range(len(chars)), key=down.__getitem__)
    heights = [down[i] for i in by_middle]
    out: list[list[str | None]] = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        # The row's characters by horizontal middle, so that each cell's are found by bisection
        # instead of by testing every character of the row.
        row_chars = [i for i in by_middle[bisect_left(heights, top) : bisect_left(heights, bottom)] if x0 <= across[i] < x1]
        row_chars.sort(key=across.__getitem__)
        lefts = [across[i] for i in row_chars]
        cells: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            found = [i for i in row_chars[bisect_left(lefts, cx0) : bisect_left(lefts, cx1)] if ctop <= down[i] < cbottom]
            found.sort()  # back in page order, as pdfplumber reads a cell's characters
            cells.append(text_of([chars[i] for i in found]) if found else "")
        out.append(cells)
    return out


def lay_out_page(words: list[Word], tables: list, page_width: float) -> LaidOutPage:
    """Words and pdfplumber tables as text: each column top to bottom, tables as rows in their place."""
    table_boxes = [t.bbox for t in tables]
    if table_boxes:
        words = [w for w in words if not any(_inside(w, b) for b in table_boxes)]
    segments = _segments(words)
    gutter = find_gutter([s.box for s in segments], page_width)
    # Blocks in vertical order: ("table", top, rows) and text rows.
    items: list[tuple[float, int, str]] = []
    table_rows = 0
    for t in tables:
        lines = [r for r in (table_row(row) for row in table_cells(t)) if r]
        table_rows += len(lines)
        items.append((t.bbox[1], 0, "\n".join(lines)))
    rows = _rows(segments)
    pending_left: list[str] = []
    pending_right: list[str] = []
    text_rows: list[tuple[float, str]] = []

    def flush(top: float) -> None:
        if pending_left or pending_right:
            text_rows.append((top, "\n".join(pending_left + pending_right)))
            pending_left.clear()
            pending_right.clear()

    column_top = 0.0
    for segs in rows:
        if gutter is None or any(gutter.crosses(s.box[0], s.box[2]) for s in segs):
            flush(column_top)
            text_rows.append((segs[0].box[1], " ".join(s.text for s in segs)))
            continue
        if not pending_left and not pending_right:
            column_top = segs[0].box[1]
        left = " ".join(s.text for s in segs if s.box[2] <= gutter.x0 + 1)
        right = " ".join(s.text for s in segs if s.box[0] >= gutter.x1 - 1)
        if left:
            pending_left.append(left)
        if right:
            pending_right.append(right)
    flush(column_top)
    items.extend((top, 1, text) for top, text in text_rows)
    items.sort(key=lambda it: (it[0], it[1]))
    return LaidOutPage(text="\n".join(t for _, _, t in items), gutter=gutter, tables=table_boxes, table_rows=table_rows)


@dataclass
class _Segment:
    box: Box
    text: str


def _segments(words: list[Word]) -> list[_Segment]:
    """Words joined into runs along a row, cut where the gap is wider than word spacing."""
    out: list[_Segment] = []
    rows: list[list[Word]] = []
    for w in sorted(words, key=_TOP_X0):
        if rows and abs(rows[-1][0][1] - w[1]) <= 3.0:
            rows[-1].append(w)
        else:
            rows.append([w])
    for row in rows:
        current: list[Word] = []
        for w in sorted(row, key=_X0):
            if current:
                size = max(1.0, w[3] - w[1])
                if w[0] - current[-1][2] > max(MIN_GUTTER, 1.5 * size):
                    out.append(_join(current))
                    current = []
            current.append(w)
        if current:
            out.append(_join(current))
    return out


def _rows(segments: list[_Segment]) -> list[list[_Segment]]:
    rows: list[list[_Segment]] = []
    for seg in sorted(segments, key=lambda s: (s.box[1], s.box[0])):
        if rows and abs(rows[-1][0].box[1] - seg.box[1]) <= 3.0:
            rows[-1].append(seg)
        else:
            rows.append([seg])
    return [sorted(r, key=lambda s: s.box[0]) for r in rows]


def _join(words: list[Word]) -> _Segment:
    box = (min(w[0] for w in words), min(w[1] for w in words), max(w[2] for w in words), max(w[3] for w in words))
    return _Segment(box, " ".join(w[4] for w in words))


def _inside(word: Word, box: Box) -> bool:
    cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _cell(value: str | None) -> str:
    return " ".join((value or "").split())


CELL_SEPARATOR = " | "
# A row of two cells is a label and its value ("Clauses sociales : Sans", "Prix : 60 %"): written
# the way the documents write them outside tables, so the detectors' "label : value" context
# (negations such as "Sans", weights) applies. Wider rows keep " | " between cells.
PAIR_SEPARATOR = " : "


def table_row(cells: list[str | None]) -> str:
    """One table row as a line: empty (merged) cells dropped, cells joined."""
    values = [_cell(c) for c in cells]
    values = [v for v in values if v]
    return (PAIR_SEPARATOR if len(values) == 2 else CELL_SEPARATOR).join(values)
