"""XML parsing for files from outside: defusedxml only, so that entity expansion ("billion laughs")
and external entities are refused with a clear error instead of eating memory or reading files."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from analyzer.documents.model import DocumentReadError


def parse_xml(data: bytes, what: str = "XML") -> Element:
    """The root element of `data`; DocumentReadError if it is unsafe or not well-formed."""
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise DocumentReadError(f"unsafe {what} refused: it declares entities or external references ({type(exc).__name__})") from exc
    except ParseError as exc:
        raise DocumentReadError(f"not well-formed {what}: {exc}") from exc
