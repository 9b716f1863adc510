"""Sources: where tenders come from (folders, ZIPs, notice files)."""

from analyzer.sources.tenders import TenderFiles, discover_tenders, open_tender

__all__ = ["TenderFiles", "discover_tenders", "open_tender"]
