"""Grouped folds: no buyer is on both sides of a split.

Passages are grouped by their buyer (names folded: case, accents, punctuation). For the tender-level
evaluation a tender joins the group of its buyer, and every labelled passage cut from that tender's
own files joins it too (the DCE buyers are named differently in the two label files), so the model
that scores a tender never saw a passage of its buyer or of its documents.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.classifier.folds import N_SPLITS, buyer_key, group_splits

__all__ = ["N_SPLITS", "buyer_key", "group_splits", "tender_passage_groups"]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def tender_passage_groups(
    passage_buyers: Sequence[str], passage_files: Sequence[str], tender_buyers: Sequence[str], tender_paths: Sequence[str]
) -> tuple[list[str], list[str]]:
    """One group id per passage and per tender: same folded buyer, or a passage from the tender's files."""
    uf = _UnionFind()
    p_keys = ["buyer:" + buyer_key(b) for b in passage_buyers]
    t_keys = ["buyer:" + buyer_key(b) for b in tender_buyers]
    for k in p_keys + t_keys:
        uf.find(k)
    for t_key, t_path in zip(t_keys, tender_paths):
        prefix = t_path.rstrip("/")
        for p_key, p_file in zip(p_keys, passage_files):
            if p_file == prefix or p_file.startswith(prefix + "/"):
                uf.union(t_key, p_key)
    return [uf.find(k) for k in p_keys], [uf.find(k) for k in t_keys]
