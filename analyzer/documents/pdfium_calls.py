"""pypdfium2's C functions for the calls made once per character, path segment, page object or
text box, without ctypes' checks.

pypdfium2's raw functions declare their argument types, so ctypes checks and converts every
argument at every call: on a laid-out page, with hundreds of characters and path segments, that
cost about twice the C calls themselves. The same functions of the same library are called here
with no declared argument types: handles are passed as `Handle`s, indices as ints, coordinates
as C doubles, out-parameters by reference. Anything called once a page keeps using
pypdfium2's checked functions.
"""

from __future__ import annotations

import ctypes
import struct

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


def unchecked(function, restype=ctypes.c_int):  # noqa: ANN001, ANN201 - a pypdfium2 raw function
    """`function` (a pypdfium2 raw function) as a C function pointer with no declared argument
    types, called without releasing the GIL (ctypes.pythonapi's way): each of these calls is
    shorter than giving the GIL up and taking it back, and PDFium runs under one lock anyway
    (pdfium_lock)."""
    return ctypes.PYFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)


class Handle(ctypes.c_void_p):
    """A pdfium handle kept as a ctypes pointer: ctypes turns a plain c_void_p result into an
    int, which a call without declared types would pass as a C int."""


def handle(pointer) -> Handle:  # noqa: ANN001 - a pypdfium2 raw handle (FPDF_PAGE, FPDF_TEXTPAGE ...)
    return Handle(ctypes.cast(pointer, ctypes.c_void_p).value)


LOOSE_CHAR_BOX = unchecked(pdfium_c.FPDFText_GetLooseCharBox)
IS_GENERATED = unchecked(pdfium_c.FPDFText_IsGenerated)
TEXT_OBJECT = unchecked(pdfium_c.FPDFText_GetTextObject, Handle)
CHAR_MATRIX = unchecked(pdfium_c.FPDFText_GetMatrix)
CHAR_ORIGIN = unchecked(pdfium_c.FPDFText_GetCharOrigin)
FONT_SIZE = unchecked(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
OBJECT_FONT = unchecked(pdfium_c.FPDFTextObj_GetFont, Handle)
FONT_DESCENT = unchecked(pdfium_c.FPDFFont_GetDescent)
PAGE_COUNT_OBJECTS = unchecked(pdfium_c.FPDFPage_CountObjects)
PAGE_GET_OBJECT = unchecked(pdfium_c.FPDFPage_GetObject, Handle)
FORM_COUNT_OBJECTS = unchecked(pdfium_c.FPDFFormObj_CountObjects)
FORM_GET_OBJECT = unchecked(pdfium_c.FPDFFormObj_GetObject, Handle)
OBJECT_TYPE = unchecked(pdfium_c.FPDFPageObj_GetType)
OBJECT_MATRIX = unchecked(pdfium_c.FPDFPageObj_GetMatrix)
OBJECT_BOUNDS = unchecked(pdfium_c.FPDFPageObj_GetBounds)
COUNT_SEGMENTS = unchecked(pdfium_c.FPDFPath_CountSegments)
GET_SEGMENT = unchecked(pdfium_c.FPDFPath_GetPathSegment, Handle)
SEGMENT_TYPE = unchecked(pdfium_c.FPDFPathSegment_GetType)
SEGMENT_POINT = unchecked(pdfium_c.FPDFPathSegment_GetPoint)
SEGMENT_CLOSE = unchecked(pdfium_c.FPDFPathSegment_GetClose)
_GET_RECT = unchecked(pdfium_c.FPDFText_GetRect)
_BOUNDED_TEXT = unchecked(pdfium_c.FPDFText_GetBoundedText)

# FS_RECTF's four floats (left, top, right, bottom) read in one call.
RECT = struct.Struct("=4f")


def text_rects(textpage: pdfium.PdfTextPage) -> list[tuple[float, float, float, float]]:
    """What `textpage.get_rect(i)` gives for every text box (left, bottom, right, top)."""
    raw = handle(textpage.raw)
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, top, right, bottom)]
    out = []
    for i in range(textpage.count_rects()):
        if not _GET_RECT(raw, i, *refs):
            textpage.get_rect(i)  # raises pypdfium2's error
        out.append((left.value, bottom.value, right.value, top.value))
    return out


class BoundedText:
    """`textpage.get_text_bounded(left, bottom, right, top)` in one C call instead of two.

    pypdfium2 asks pdfium for the text's length, then for the text, and pdfium walks every
    character of the page each time; here the text is asked for once, into a buffer kept
    between calls. When the buffer is too small, or the text holds a UTF-16 surrogate (pdfium's
    length then counts platform characters, which pypdfium2 uses as is), pypdfium2's own call
    gives the answer.
    """

    SIZE = 1024  # UTF-16 units, NUL included

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self.textpage = textpage
        self.raw = handle(textpage.raw)
        self.buffer = (ctypes.c_ushort * self.SIZE)()

    def __call__(self, left: float, bottom: float, right: float, top: float) -> str:
        double = ctypes.c_double
        n = _BOUNDED_TEXT(self.raw, double(left), double(top), double(right), double(bottom), self.buffer, self.SIZE)
        if n <= 1:  # nothing but the NUL, or no text
            return ""
        if n < self.SIZE and self.buffer[n - 1] == 0:
            try:
                text = bytes(memoryview(self.buffer)[: n - 1]).decode("utf-16-le")
            except UnicodeDecodeError:  # a lone surrogate
                pass
            else:
                if len(text) == n - 1:  # no surrogate pair
                    return text
        return self.textpage.get_text_bounded(left, bottom, right, top)
