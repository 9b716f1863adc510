"""Storage: the embedded DuckDB audit database."""

from analyzer.storage.store import AuditStore

__all__ = ["AuditStore"]
