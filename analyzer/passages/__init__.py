"""Passages: paragraph-sized spans of a document, with file, page and offsets."""

from analyzer.passages.model import Passage, for_nlp
from analyzer.passages.split import split_passages

__all__ = ["Passage", "for_nlp", "split_passages"]
