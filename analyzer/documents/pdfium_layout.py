"""Columns and ruled tables read from pypdfium2's own characters and paths.

pdfplumber's page parsing (pdfminer interpreting the whole content stream in Python) cost about
110 ms a page, nearly all of a layout page's time. pypdfium2 has already parsed the page: its
path segments (the ruling lines) are handed, as the edge dicts pdfplumber works on, to its own
ruled-table finder; its characters (with their boxes), as Char tuples, are grouped into words and
cell texts by `layout.chars_to_words` and `chars_text`, which give what pdfplumber's word grouping
gives on the same characters (tests/documents/test_pdfium_layout.py checks it) without one dict
per character and per word. The reading order and table rows are then built by the same
`lay_out_page` as for a pdfplumber page.
"""

from __future__ import annotations

import ctypes
import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from analyzer.documents import pdfium_calls as calls
from analyzer.documents.layout import Char, LaidOutPage, chars_to_words, lay_out_page, usable_tables

# pdfium marks the hyphen that ends a line as U+FFFE (U+0002 in some producers): read as "-" so
# that de-hyphenation sees "pro-\nfessionnelle" as it does in pdfplumber's text.
_HYPHEN_MARKS = {"\ufffe": "-", "\u0002": "-"}
DESCENT = 0.2  # share of the font size below the baseline when the font does not say


class _Page:
    """What pdfplumber's TableFinder reads from a page, and what `layout.table_cells` reads: Char
    tuples and each one's (horizontal, vertical) middle (computed here when not given)."""

    def __init__(
        self, chars: list[Char], edges: list[dict], width: float, height: float, char_middles: list[tuple[float, float]] | None = None
    ) -> None:
        self.chars = chars
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)
        if char_middles is None:
            char_middles = [((c[0] + c[2]) / 2, (c[1] + c[3]) / 2) for c in chars]
        self.char_middles = char_middles


def page_chars(textpage: pdfium.PdfTextPage, height: float, text: str | None = None) -> list[Char]:
    """The page's characters as Char tuples (x0, top, x1, bottom, text, upright), in top-down
    coordinates: what pdfplumber's word grouping and text extraction read of its char dicts
    (`layout.chars_to_words` and `chars_text` give what they give).

    pdfium's generated line breaks are left out; its generated spaces (a gap it reads as a word
    break where the PDF has no space character) are kept as blank chars that end a word. As in
    pdfminer, a character's height is the font size scaled by the text matrix, from the font's
    descent below the baseline: pdfium's loose box grows with tall or deep glyphs (accented
    capitals, "g"), which would split a line; this way the characters of one line share one top.
    The baseline and size are read once per text object (one font, one position), the font's
    descent once per font, and only looked up again when the loose box's vertical extent changes.
    The calls made per character go through `pdfium_calls` (no ctypes argument checks).

    `text`, the page's `get_text_range()` already read, gives the characters without one call
    per character, when it has one character per char index (it is UCS-2: a character outside
    the BMP takes two, and then each is asked for).
    """
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    handle = calls.handle(raw)
    get_box, is_generated = calls.LOOSE_CHAR_BOX, calls.IS_GENERATED
    get_unicode, get_object = pdfium_c.FPDFText_GetUnicode, calls.TEXT_OBJECT
    unpack = calls.RECT.unpack
    hyphens = _HYPHEN_MARKS
    if text is None or len(text) != count:
        text = "".join(_char(get_unicode(raw, i)) for i in range(count))
    chars: list[Char] = []
    append = chars.append
    descents: dict[int | None, float] = {}  # by font: a page's text objects share a few fonts
    last: Char | None = None
    last_obj, run = None, None
    last_bottom = last_top = None
    top = bottom = 0.0
    upright = True
    for i, ch in enumerate(text):
        if not ch.isalnum():
            if ch == "\r" or ch == "\n":  # left out, generated or not: no need to ask
                continue
            if is_generated(handle, i) == 1:
                if last is not None and ch == " ":  # the previous char's box from its right edge
                    append((last[2], last[1], last[2], last[3], " ", last[5]))
                continue
            ch = hyphens.get(ch, ch)
        if not get_box(handle, i, rect_ref):
            continue
        left, box_top, right, box_bottom = unpack(rect)
        if box_bottom != last_bottom or box_top != last_top:  # else same font, size and line as the previous char
            last_bottom, last_top = box_bottom, box_top
            obj = get_object(handle, i)
            key = obj.value
            if key is None or key != last_obj:
                last_obj, run = key, _text_run(handle, i, obj, height, descents)
            if run is not None and run[2]:
                top, bottom, upright = run[0], run[1], True
            else:
                top, bottom, upright = height - box_top, height - box_bottom, run is None
        last = (left, top, right, bottom, ch, upright)
        append(last)
    return chars


def _char(code: int) -> str:
    return chr(code) if code < 0x110000 else "\ufffd"


def _text_run(
    textpage: calls.Handle, index: int, text_object: calls.Handle, height: float, descents: dict[int | None, float]
) -> tuple[float, float, bool] | None:
    """(top, bottom, upright) shared by the characters of the text object of char `index`."""
    matrix = pdfium_c.FS_MATRIX()
    if not calls.CHAR_MATRIX(textpage, index, ctypes.byref(matrix)):
        return None
    a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    upright = a * d > 0 and b * c <= 0  # as pdfminer: not rotated (italic skew allowed)
    size = calls.FONT_SIZE(textpage, index) * math.sqrt(abs(a * d - b * c))
    x, y = ctypes.c_double(), ctypes.c_double()
    if size <= 0 or not calls.CHAR_ORIGIN(textpage, index, ctypes.byref(x), ctypes.byref(y)):
        return None
    font = calls.OBJECT_FONT(text_object) if text_object else None
    key = font.value if font is not None else None
    descent = descents.get(key)
    if descent is None:
        descent = descents[key] = _descent(font)
    bottom = height - y.value + descent * size
    return bottom - size, bottom, upright


def _descent(font: calls.Handle | None) -> float:
    """The depth below the baseline of a text object's font, per point of font size."""
    if font:
        value = ctypes.c_float()
        if calls.FONT_DESCENT(font, ctypes.c_float(1.0), ctypes.byref(value)) and -1 < value.value <= 0:
            return -value.value
    return DESCENT


def has_ruling(page: pdfium.PdfPage, rules: int) -> bool:
    """Whether the page's top-level objects hold `rules` horizontal and `rules` vertical rules.

    A table's ruling is thin horizontal and vertical paths, or boxes (one rule each way); both
    ways are needed, so that underlines alone do not look like a table. The walk stops once
    both counts are reached.
    """
    horizontal = vertical = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, bottom, right, top)]
    path = pdfium_c.FPDF_PAGEOBJ_PATH
    handle = calls.handle(page.raw)
    for i in range(calls.PAGE_COUNT_OBJECTS(handle)):
        obj = calls.PAGE_GET_OBJECT(handle, i)
        if calls.OBJECT_TYPE(obj) != path:
            continue
        calls.OBJECT_BOUNDS(obj, *refs)
        w, h = right.value - left.value, top.value - bottom.value
        if h < 3 and w > 15:
            horizontal += 1
        elif w < 3 and h > 8:
            vertical += 1
        elif w > 15 and h > 8:
            horizontal += 2
            vertical += 2
        else:
            continue
        if horizontal >= rules and vertical >= rules:
            return True
    return False


def has_graphics(page: pdfium.PdfPage) -> bool:
    """Whether the page's top-level objects include an image or a form (a scan's page image)."""
    image, form = pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM
    handle = calls.handle(page.raw)
    return any(calls.OBJECT_TYPE(calls.PAGE_GET_OBJECT(handle, i)) in (image, form) for i in range(calls.PAGE_COUNT_OBJECTS(handle)))


def page_edges(page: pdfium.PdfPage, height: float, min_length: float = 0.0) -> list[dict]:
    """The horizontal and vertical edges of the page's paths, as pdfplumber builds them from
    lines, rectangles and curves (forms included), but for those shorter than `min_length`.

    pdfplumber's table finder drops the edges shorter than its `edge_min_length_prefilter`
    before anything else (in their order): given that length, the edges it would drop are not
    built, and a page-level path whose bounds are too small to hold one is not walked.
    """
    edges: list[dict] = []
    _collect_edges(calls.handle(page.raw), calls.PAGE_COUNT_OBJECTS, calls.PAGE_GET_OBJECT, None, height, edges, min_length)
    return edges


Matrix = tuple[float, float, float, float, float, float]


def _compose(inner: Matrix, outer: Matrix | None) -> Matrix:
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 - matrix names
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj: calls.Handle) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not calls.OBJECT_MATRIX(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


# A path of this many segments or more has its bounds looked at before its segments are walked.
_BOUNDS_CHECK_SEGMENTS = 8
# pdfium's bounds are float32 and the points here are transformed in double: a path is skipped
# only when its bounds are well inside the minimum length.
_BOUNDS_MARGIN = 0.9


def _collect_edges(
    parent: calls.Handle, count_fn, get_fn, outer: Matrix | None, height: float, edges: list[dict], min_length: float  # noqa: ANN001
) -> None:
    path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, bottom, right, top)]
    small = min_length * _BOUNDS_MARGIN
    for i in range(count_fn(parent)):
        obj = get_fn(parent, i)
        kind = calls.OBJECT_TYPE(obj)
        if kind == path:
            # A page-level path's bounds (its matrix applied) hold all its points: when they
            # are smaller than min_length both ways, so is each of its edges. (Inside a form,
            # bounds are in the form's space: not used.)
            if (
                outer is None
                and small > 0
                and calls.COUNT_SEGMENTS(obj) >= _BOUNDS_CHECK_SEGMENTS
                and calls.OBJECT_BOUNDS(obj, *refs)
                and right.value - left.value < small
                and top.value - bottom.value < small
            ):
                continue
            matrix = _compose(_matrix(obj), outer)
            for subpath in _subpaths(obj, matrix, height):
                edges.extend(_subpath_edges(subpath, min_length))
        elif kind == form:
            _collect_edges(obj, calls.FORM_COUNT_OBJECTS, calls.FORM_GET_OBJECT, _compose(_matrix(obj), outer), height, edges, min_length)


def _subpaths(obj: calls.Handle, matrix: Matrix, height: float) -> list[list[tuple[float, float]]]:
    """The path's subpaths as lists of points in top-down page coordinates (Bézier control points
    left out, a closed subpath ending on its first point), as pdfminer gives them."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    get_segment, get_type, get_point, get_close = calls.GET_SEGMENT, calls.SEGMENT_TYPE, calls.SEGMENT_POINT, calls.SEGMENT_CLOSE
    moveto, bezierto = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
    out: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    bezier = 0
    for j in range(calls.COUNT_SEGMENTS(obj)):
        seg = get_segment(obj, j)
        kind = get_type(seg)
        if kind == bezierto:
            bezier += 1
            if bezier % 3:  # a control point: neither kept nor looked at
                if get_close(seg) and current and current[-1] != current[0]:
                    current.append(current[0])
                continue
        get_point(seg, x_ref, y_ref)
        px, py = x.value, y.value
        point = (a * px + c * py + e, height - (b * px + d * py + f))
        if kind == moveto:
            if len(current) > 1:
                out.append(current)
            current = [point]
            bezier = 0
        else:
            current.append(point)
        if get_close(seg) and current and current[-1] != current[0]:
            current.append(current[0])
    if len(current) > 1:
        out.append(current)
    return out


def _subpath_edges(points: list[tuple[float, float]], min_length: float = 0.0) -> list[dict]:
    """The subpath's edges (a rectangle's four sides, else its axis-aligned segments), those
    shorter than `min_length` left out."""
    xs = {p[0] for p in points}
    ys = {p[1] for p in points}
    if len(points) == 5 and points[0] == points[4] and len(xs) <= 2 and len(ys) <= 2 and _axis_aligned(points):
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        edges = []
        if x1 - x0 >= min_length:
            edges += [_edge(x0, x1, top, top, "h"), _edge(x0, x1, bottom, bottom, "h")]
        if bottom - top >= min_length:
            edges += [_edge(x0, x0, top, bottom, "v"), _edge(x1, x1, top, bottom, "v")]
        return edges
    edges = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x0 == x1:
            if abs(y1 - y0) >= min_length:
                edges.append(_edge(x0, x0, min(y0, y1), max(y0, y1), "v"))
        elif y0 == y1:
            if abs(x1 - x0) >= min_length:
                edges.append(_edge(min(x0, x1), max(x0, x1), y0, y0, "h"))
    return edges


def _axis_aligned(points: list[tuple[float, float]]) -> bool:
    return all(p[0] == q[0] or p[1] == q[1] for p, q in zip(points, points[1:]))


def _edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> dict:
    return {
        "object_type": "edge",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def page_tables(page: pdfium.PdfPage) -> list:
    """The page's usable ruled tables (pdfplumber Tables), found from its ruling lines alone: the
    table finder's "lines" strategy needs no characters, so a page whose ruling forms no table
    costs no character extraction."""
    from pdfplumber.table import TableFinder, TableSettings

    width, height = page.get_size()
    edges = page_edges(page, height, TableSettings.edge_min_length_prefilter)
    return usable_tables(TableFinder(_Page([], edges, width, height)).tables)


def pdfium_page_text(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, tables: list | None = None, text: str | None = None
) -> LaidOutPage:
    """The page's text in reading order (columns, `tables` as rows) from pdfium's chars.

    `tables` come from `page_tables`; `text` is the page's `get_text_range()` if already read.
    Words are grouped once, from the characters outside the tables; each table's cells read the
    characters inside it.
    """
    width, height = page.get_size()
    chars = page_chars(textpage, height, text)
    tables = tables or []
    if tables:
        chars = _split_by_tables(chars, tables, width, height)
    return lay_out_page(chars_to_words(chars), tables, float(width))


def _split_by_tables(chars: list[Char], tables: list, width: float, height: float) -> list[Char]:
    """Give each table the characters that touch it, and their middles (`table.page`, for its
    cells); return the characters whose middle lies outside every table (the words of the rest
    of the page)."""
    boxes = [t.bbox for t in tables]
    inside: list[list[Char]] = [[] for _ in tables]
    middles: list[list[tuple[float, float]]] = [[] for _ in tables]
    outside = []
    first, last = min(b[1] for b in boxes), max(b[3] for b in boxes)
    groups = list(zip(boxes, inside, middles))
    for ch in chars:
        x0, top, x1, bottom = ch[0], ch[1], ch[2], ch[3]
        if bottom < first or top > last:  # above or below every table
            outside.append(ch)
            continue
        middle = None
        out = True
        for (bx0, btop, bx1, bbottom), bucket, bucket_middles in groups:
            if bx0 <= x1 and x0 <= bx1 and btop <= bottom and top <= bbottom:
                if middle is None:
                    middle = ((x0 + x1) / 2, (top + bottom) / 2)
                bucket.append(ch)
                bucket_middles.append(middle)
                cx, cy = middle
                if out and bx0 <= cx <= bx1 and btop <= cy <= bbottom:
                    out = False
        if out:
            outside.append(ch)
    for table, table_chars, table_middles in zip(tables, inside, middles):
        table.page = _Page(table_chars, [], width, height, table_middles)
    return outside
