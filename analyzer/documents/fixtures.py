"""Build tiny documents for tests, demos and bug reports: PDF, DOCX and ODT written by hand.

No heavy dependency: a PDF is a few objects of raw PDF syntax (Helvetica text at given x/y, lines,
grayscale images, optional RC4 encryption), a DOCX or ODT is a ZIP of XML written here. Each
construct a reader must handle (two columns, running header, hyphen at a line end, ligature,
table, scanned page, content control, tracked change...) can so be made in a few lines and named
after the behaviour its test checks.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

A4 = (595.0, 842.0)

# Codes of Helvetica's WinAnsi encoding that are unused there, given the glyphs of ligatures
# so a PDF can hold "ﬁ" the way typesetting software writes it (pdfium returns U+FB01).
_LIGATURE_CODES = {"\ufb01": 0x81, "\ufb02": 0x8D}


@dataclass
class Text:
    x: float
    y: float  # baseline, from the bottom of the page (PDF coordinates)
    text: str
    size: float = 10.0


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.8


@dataclass
class Image:
    """A grayscale image: `pixels` rows of 0-255 values, drawn at x, y with the given size in points."""

    x: float
    y: float
    width: float
    height: float
    pixels: bytes
    pixel_width: int
    pixel_height: int


@dataclass
class PdfPage:
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    size: tuple[float, float] = A4


def text_lines(x: float, y: float, lines: list[str], size: float = 10.0, leading: float = 14.0) -> list[Text]:
    """Lines of text from (x, y) downwards."""
    return [Text(x, y - i * leading, line, size) for i, line in enumerate(lines)]


def _pdf_string(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        if ch in _LIGATURE_CODES:
            out.append(_LIGATURE_CODES[ch])
            continue
        b = ch.encode("cp1252")
        if b in (b"(", b")", b"\\"):
            out += b"\\"
        out += b
    return b"(" + bytes(out) + b")"


def _content(page: PdfPage) -> bytes:
    parts: list[bytes] = []
    for i, _ in enumerate(page.images):
        img = page.images[i]
        parts.append(f"q {img.width:.2f} 0 0 {img.height:.2f} {img.x:.2f} {img.y:.2f} cm /Im{i} Do Q".encode())
    for ln in page.lines:
        parts.append(f"{ln.width:.2f} w {ln.x0:.2f} {ln.y0:.2f} m {ln.x1:.2f} {ln.y1:.2f} l S".encode())
    for t in page.texts:
        parts.append(b"BT /F1 %.1f Tf %.2f %.2f Td " % (t.size, t.x, t.y) + _pdf_string(t.text) + b" Tj ET")
    return b"\n".join(parts)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


class _Rc4Security:
    """The PDF standard security handler, revision 2 (40-bit RC4): old, but every reader knows it."""

    def __init__(self, user_password: str, file_id: bytes) -> None:
        pad = lambda pw: (pw.encode("latin-1") + _PAD)[:32]  # noqa: E731
        self.permissions = -4
        self.owner = _rc4(hashlib.md5(pad(user_password + "-owner")).digest()[:5], pad(user_password))
        self.key = hashlib.md5(pad(user_password) + self.owner + struct.pack("<i", self.permissions) + file_id).digest()[:5]
        self.user = _rc4(self.key, _PAD)

    def encrypt(self, num: int, data: bytes) -> bytes:
        key = hashlib.md5(self.key + struct.pack("<i", num)[:3] + b"\x00\x00").digest()[:10]
        return _rc4(key, data)

    def dictionary(self) -> bytes:
        return b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
            self.owner.hex().encode(),
            self.user.hex().encode(),
            self.permissions,
        )


def build_pdf(pages: list[PdfPage], user_password: str | None = None) -> bytes:
    """A valid PDF of `pages`; with `user_password`, encrypted so that it cannot be opened without it."""
    file_id = hashlib.md5(repr([(p.texts, p.lines) for p in pages]).encode()).digest()
    security = _Rc4Security(user_password, file_id) if user_password is not None else None
    objects: dict[int, bytes] = {}
    font_num, pages_num = 3, 2
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    differences = " ".join(f"{code} /{'fi' if ch == chr(0xFB01) else 'fl'}" for ch, code in _LIGATURE_CODES.items())
    objects[font_num] = (
        f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        f"/BaseEncoding /WinAnsiEncoding /Differences [{differences}] >> >>"
    ).encode()
    next_num = 4
    kids: list[int] = []
    streams: dict[int, tuple[bytes, bytes]] = {}  # num -> (dictionary entries, data)
    for page in pages:
        page_num, content_num = next_num, next_num + 1
        next_num += 2
        xobjects = []
        for i, img in enumerate(page.images):
            streams[next_num] = (
                b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"
                % (img.pixel_width, img.pixel_height),
                zlib.compress(img.pixels),
            )
            xobjects.append(f"/Im{i} {next_num} 0 R")
            next_num += 1
        w, h = page.size
        objects[page_num] = (
            f"<< /Type /Page /Parent {pages_num} 0 R /MediaBox [0 0 {w:g} {h:g}] /Contents {content_num} 0 R "
            f"/Resources << /Font << /F1 {font_num} 0 R >> /XObject << {' '.join(xobjects)} >> >> >>"
        ).encode()
        streams[content_num] = (b"/Filter /FlateDecode", zlib.compress(_content(page)))
        kids.append(page_num)
    objects[pages_num] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    for num, (entries, data) in streams.items():
        if security:
            data = security.encrypt(num, data)
        objects[num] = b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
    encrypt_num = None
    if security:
        encrypt_num = next_num
        objects[encrypt_num] = security.dictionary()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n")
    xref = out.tell()
    size = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for num in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n")
    trailer = b"<< /Size %d /Root 1 0 R /ID [<%s> <%s>]" % (size, file_id.hex().encode(), file_id.hex().encode())
    if encrypt_num:
        trailer += b" /Encrypt %d 0 R" % encrypt_num
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def render_text_image(lines: list[str], scale: float = 4.0) -> Image:
    """A scanned-looking page: the text rendered to grayscale pixels (no text layer), full A4."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(build_pdf([PdfPage(texts=text_lines(60, 780, lines, size=14, leading=22))]))
    try:
        bitmap = pdf[0].render(scale=scale, grayscale=True)
        pil = bitmap.to_pil().convert("L")
    finally:
        pdf.close()
    return Image(0, 0, A4[0], A4[1], pil.tobytes(), pil.width, pil.height)


# --- Office documents -------------------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_DOCX_NS = (
    _W + ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"'
)


def docx_paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r></w:p>'


def docx_content_control(text: str) -> str:
    """A paragraph inside a content control (w:sdt), as Word templates fill them."""
    return f'<w:sdt><w:sdtPr><w:alias w:val="Champ"/></w:sdtPr><w:sdtContent>{docx_paragraph(text)}</w:sdtContent></w:sdt>'


def docx_tracked(kept: str, inserted: str, deleted: str) -> str:
    """A paragraph with a tracked insertion and a tracked deletion (revisions not yet accepted)."""
    return (
        f'<w:p><w:r><w:t xml:space="preserve">{_esc(kept)} </w:t></w:r>'
        f'<w:ins w:id="1" w:author="A" w:date="2025-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">{_esc(inserted)}</w:t></w:r></w:ins>'
        f'<w:del w:id="2" w:author="A" w:date="2025-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">{_esc(deleted)}</w:delText></w:r></w:del>'
        "</w:p>"
    )


def docx_text_box(text: str) -> str:
    """A paragraph anchoring a text box (a Word shape), where layouts often put key conditions."""
    return (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="Zone de texte 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
        f"<w:txbxContent>{docx_paragraph(text)}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r></w:p>"
    )


def docx_table(rows: list[list[str]]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{docx_paragraph(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"


def build_docx(body: list[str], header: str | None = None, footer: str | None = None) -> bytes:
    """A DOCX whose body is the given XML fragments (see the docx_* helpers)."""
    rels = [
        '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    ]
    overrides = [
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>',
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>',
    ]
    sect = ""
    parts: dict[str, str] = {}
    for kind, text in (("header", header), ("footer", footer)):
        if text is None:
            continue
        rels.append(
            f'<Relationship Id="rId{kind}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{kind}1.xml"/>'
        )
        overrides.append(
            f'<Override PartName="/word/{kind}1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>'
        )
        tag = "hdr" if kind == "header" else "ftr"
        parts[f"word/{kind}1.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{tag} {_DOCX_NS}>{docx_paragraph(text)}</w:{tag}>'
        )
        sect += f'<w:{kind}Reference w:type="default" r:id="rId{kind}"/>'
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>",
        "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>",
        "word/styles.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {_W}></w:styles>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_DOCX_NS}><w:body>'
        + "".join(body)
        + f"<w:sectPr>{sect}</w:sectPr></w:body></w:document>",
        **parts,
    }
    return _zip(files)


_ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
)


def build_odt(body_xml: str, header: str | None = None, footer: str | None = None) -> bytes:
    """An ODT whose office:text holds `body_xml` (text:h, text:p, table:table... written by the caller)."""
    master = ""
    if header or footer:
        master = (
            '<style:master-page style:name="Standard">'
            + (f"<style:header><text:p>{_esc(header)}</text:p></style:header>" if header else "")
            + (f"<style:footer><text:p>{_esc(footer)}</text:p></style:footer>" if footer else "")
            + "</style:master-page>"
        )
    files = {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>",
        "content.xml": f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS}><office:body><office:text>'
        + body_xml
        + "</office:text></office:body></office:document-content>",
        "styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_ODT_NS}>'
        f"<office:master-styles>{master}</office:master-styles></office:document-styles>",
    }
    return _zip(files)


def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
