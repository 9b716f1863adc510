"""Run the shipped detectors on a single passage, as the pipeline does."""

from __future__ import annotations

from analyzer.detection import detect
from analyzer.passages.model import Passage


def findings_for(text: str, kind: str = "CCAP", section: str = "") -> list:
    return detect([Passage(file="t", kind=kind, page=1, start=0, end=len(text), text=text, section=section)])


def positive_decp(text: str, kind: str = "CCAP", section: str = "") -> set[str]:
    return {f.decp_value for f in findings_for(text, kind, section) if not f.negated and f.decp_value}
