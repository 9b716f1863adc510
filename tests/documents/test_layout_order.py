"""Reading order of text boxes: whether pdfium's text already reads as the layout would (then a
column or ruled page is not laid out again), and which boxes it puts elsewhere."""

from __future__ import annotations

import pytest

from analyzer.documents.layout import Gutter, find_gutter, out_of_order, reading_order

# Boxes are (x0, top, x1, bottom), top-down, as pdfium's text rectangles give them.
TITLE = (60, 50, 500, 62)
L1, L2 = (60, 100, 250, 110), (60, 114, 250, 124)
R1, R2 = (320, 100, 520, 110), (320, 114, 520, 124)
FOOTER = (250, 800, 350, 808)
GUTTER = Gutter(250, 320)


@pytest.mark.parametrize(
    ("boxes", "gutter", "expected"),
    [
        ([TITLE, L1, L2], None, [0, 1, 2]),
        ([L2, TITLE, L1], None, [1, 2, 0]),  # top to bottom whatever the text order
        ([R1, L1], None, [1, 0]),  # one row without a gutter: left to right
        ([TITLE, L1, R1, L2, R2], GUTTER, [0, 1, 3, 2, 4]),  # with a gutter: the left column, then the right
        ([(60, 100, 120, 110), (121, 104, 124, 106), (125, 100, 200, 110)], None, [0, 1, 2]),  # a hyphen sits lower, same row
        ([(138, 389.2, 139.6, 392.3), (57.4, 389.3, 77.5, 396.8)], None, [1, 0]),  # an apostrophe opens no row of its own
    ],
    ids=["in-order", "shuffled", "row-right-first", "columns", "hyphen", "apostrophe"],
)
def test_reading_order(boxes: list, gutter: Gutter | None, expected: list[int]) -> None:
    assert reading_order(boxes, gutter) == expected


@pytest.mark.parametrize(
    ("boxes", "gutter", "moved"),
    [
        ([TITLE, L1, L2, R1, R2], GUTTER, []),  # written column by column: nothing to lay out
        ([TITLE, L1, R1, L2, R2], GUTTER, [2, 3]),  # near miss: row by row across the columns; R1 or L2 is out of place
        ([FOOTER, TITLE, L1, L2], None, [0]),  # the footer written first is the one box out of place
        ([TITLE, L1, L2, FOOTER], None, []),
        ([], None, []),
    ],
    ids=["columns-in-order", "interleaved", "footer-first", "footer-last", "empty"],
)
def test_out_of_order_names_the_boxes_the_text_puts_elsewhere(boxes: list, gutter: Gutter | None, moved: list[int]) -> None:
    # `moved` lists the boxes that may be named; when two are listed, either one alone is an answer.
    found = out_of_order(boxes, gutter)
    assert found == moved if len(moved) < 2 else (len(found) == 1 and found[0] in moved)


def _two_columns_with_full_lines(full_lines: int) -> list:
    """Two columns of 10 lines each (gutter 250-320 on a 600-point page), and full-width lines
    across the middle half below them."""
    left = [(60, 100 + 14 * i, 250, 110 + 14 * i) for i in range(10)]
    right = [(320, 100 + 14 * i, 520, 110 + 14 * i) for i in range(10)]
    full = [(60, 300 + 14 * i, 520, 310 + 14 * i) for i in range(full_lines)]
    return left + right + full


def test_a_gutter_may_be_crossed_by_a_tenth_of_the_lines_not_more() -> None:
    assert find_gutter(_two_columns_with_full_lines(2), 600) == Gutter(251, 320)  # 2 of 22 lines cross it
    assert find_gutter(_two_columns_with_full_lines(3), 600) is None  # 3 of 23
