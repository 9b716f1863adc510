"""Documents: read PDF, Word, text and notice files into page-addressed text."""

from analyzer.documents.model import Document, DocumentReadError, Page
from analyzer.documents.read import is_readable, read_document

__all__ = ["Document", "DocumentReadError", "Page", "is_readable", "read_document"]
