"""Rule candidates for the verifier (issue 9): passages of the development corpus where the shipped rules fire.

Run from the repository root:
    PYTHONPATH=. python corpus/labels/provenance/cand_extract.py [OUT_JSON]
The shared corpus is found through CLAUSES_SHARED_CORPUS (default ../shared/corpus). Writes the candidate pool
(default /tmp/cand/pool.json, not kept: it holds corpus text) with, per candidate, the passage, its heading,
the previous and next passages (context for reading), the document kind and what the rules said (rule_ids,
labels, instrument, DECP, negated) — the rules' output is kept only to record the candidate's origin and to
measure the rules against the reading labels afterwards.

Pool: every development document (see corpus/labels/GUIDELINE-candidates.md), minus the tenders kept apart in
corpus/labels/tenders-test*.jsonl; a passage whose whitespace-normalised text is already in passages.jsonl, or
already drawn from another document, is skipped; at most CAP_DCE candidates per DCE/guide document and CAP_NOTICE
per notice, chosen with random.Random(SEED) inside each (rule-set, negated) group so that rare rules survive.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from analyzer.detection.analyze import detect
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.documents.read import read_document
from analyzer.passages.split import split_passages
from analyzer.sources.boamp_api import write_record

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paths import CORPUS, LABELS  # noqa: E402  (repository-relative paths shared by the provenance scripts)

CAP_DCE, CAP_NOTICE, SEED = 60, 6, 9
CONTEXT_CHARS = 500


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def kept_apart() -> tuple[set[str], set[str]]:
    """Paths (folders / files) and BOAMP API idwebs of the test tenders."""
    paths, idwebs = set(), set()
    for f in sorted(LABELS.glob("tenders-test*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            path = json.loads(line)["path"]
            if "#" in path:
                idwebs.add(path.split("#", 1)[1])
            else:
                paths.add(path.rstrip("/"))
    return paths, idwebs


def notice_buyers() -> dict[str, str]:
    """Buyer of each energia notice folder, named as passages.jsonl does (keyword_hints.csv, cleaned)."""
    out = {}
    with (CORPUS / "energia-avis-2020-dev" / "keyword_hints.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            b = re.sub(r"^Official name:\s*", "", r["buyer"] or "")
            out[r["doc_id"]] = re.sub(r"^(\s*\d+[AB]?,?\s*)+", "", b).strip()
    return out


def documents(scratch: Path) -> list[tuple[str, str, str, Path]]:
    """(source, file relative to the corpus, buyer, path to read) of every development document."""
    test_paths, test_idwebs = kept_apart()
    labelled = [json.loads(line) for line in (LABELS / "passages.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    dce_buyer: dict[str, str] = {}
    for p in labelled:
        dce_buyer.setdefault(p["source"], p["buyer"])
    docs = []

    def add_tree(source: str, root: Path, buyer: str, pattern: str = "*") -> None:
        for f in sorted(root.rglob(pattern)):
            if f.is_file() and f.suffix.lower() in (".pdf", ".docx", ".doc", ".md", ".html", ".xml"):
                docs.append((source, str(f.relative_to(CORPUS)), buyer, f))

    add_tree("dce-grenoble-inp-2026", CORPUS / "dce-grenoble-inp-2026", dce_buyer["dce-grenoble-inp-2026"])
    add_tree("dce-aquareel-2025-md", CORPUS / "dce-aquareel-2025-md" / "dce_md", dce_buyer["dce-aquareel-2025-md"], "*_vd.md")
    add_tree("dce-aquareel-2025-md", CORPUS / "dce-aquareel-2025-md", dce_buyer["dce-aquareel-2025-md"], "Q-R_*.md")
    for folder in sorted((CORPUS / "more-dce").iterdir()):
        source = f"more-dce/{folder.name}"
        add_tree(source, folder, dce_buyer.get(source, folder.name))
    add_tree("minumeco-guide-achats-numeriques", CORPUS / "minumeco-guide-achats-numeriques", "guide-minumeco")
    add_tree("clause-sociale-formation", CORPUS / "clause-sociale-formation", "guide-csf")
    for f in sorted((CORPUS / "boamp-xml-2016" / "test").rglob("*.xml")):
        m = re.search(r"<DENOMINATION>([^<]+)</DENOMINATION>", f.read_text(encoding="utf-8", errors="replace"))
        docs.append(("boamp-xml-2016", str(f.relative_to(CORPUS)), m.group(1).strip() if m else f.stem, f))
    buyers = notice_buyers()
    # notices without a keyword-hints buyer: the buyer of tenders.jsonl, else one group per notice (as passages.jsonl)
    for line in (LABELS / "tenders.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            t = json.loads(line)
            if t["path"].startswith("energia-avis-2020-dev/") and not buyers.get(t["tender_id"]):
                buyers[t["tender_id"]] = t["buyer"]
    test_folders = {str(Path(p).parent) for p in test_paths} | test_paths
    for folder in sorted((CORPUS / "energia-avis-2020-dev" / "data" / "Documents").iterdir()):
        for f in sorted(folder.iterdir()):
            rel = str(f.relative_to(CORPUS))
            if rel in test_paths or str(folder.relative_to(CORPUS)) in test_folders:
                continue
            docs.append(("energia-avis-2020-dev", rel, buyers.get(folder.name) or f"notice-{folder.name}", f))
    export = CORPUS / "boamp-api-2015-2025" / "boamp_api_records_dev.csv"
    with export.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["idweb"] in test_idwebs:
                continue
            path = write_record(row, scratch / row["idweb"])
            docs.append(("boamp-api-2015-2025", f"boamp-api-2015-2025/boamp_api_records_dev.csv#{row['idweb']}", row["nomacheteur"], path))
    return docs


def round_robin(groups: dict[tuple, list[int]], cap: int, rng: random.Random) -> list[int]:
    """Up to `cap` passages, one from each rule group in turn (variety first), each group shuffled; sorted."""
    chosen: list[int] = []
    buckets = [rng.sample(v, len(v)) for _, v in sorted(groups.items())]
    while len(chosen) < cap and any(buckets):
        for b in buckets:
            if b and len(chosen) < cap:
                chosen.append(b.pop())
    return sorted(chosen)


def main(out_path: Path, cap_dce: int = CAP_DCE, cap_notice: int = CAP_NOTICE) -> None:
    taxonomy = default_taxonomy()
    labelled = {norm(json.loads(line)["text"]) for line in (LABELS / "passages.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    seen: set[str] = set()
    pool = []
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        docs = documents(Path(tmp))
        for n, (source, rel, buyer, path) in enumerate(docs, 1):
            doc = read_document(path, Path(rel).name)
            if doc.error:
                print(f"skip {rel}: {doc.error}", file=sys.stderr)
                continue
            passages = split_passages(doc)
            found = detect(passages)
            by_passage: dict[int, list] = defaultdict(list)
            for f in found:
                for i, p in enumerate(passages):
                    if p.start <= f.start < p.end:
                        by_passage[i].append(f)
                        break
            groups: dict[tuple, list[int]] = defaultdict(list)
            for i, fs in by_passage.items():
                key = norm(passages[i].text)
                if key in labelled or key in seen or len(key) < 12:
                    continue
                seen.add(key)
                groups[(tuple(sorted({f.rule_id or "" for f in fs})), any(f.negated for f in fs))].append(i)
            cap = cap_notice if source in ("energia-avis-2020-dev", "boamp-api-2015-2025", "boamp-xml-2016") else cap_dce
            for i in round_robin(groups, cap, rng):
                p, fs = passages[i], by_passage[i]
                pos = [f for f in fs if not f.negated]
                labels = sorted({f.label for f in pos})
                instruments = sorted({f.instrument for f in pos})
                pool.append(
                    dict(
                        source=source, file=rel, buyer=buyer, page=p.page, doc_kind=p.kind, heading=p.section,
                        text=p.text.strip(), start=p.start,
                        before=passages[i - 1].text.strip()[-CONTEXT_CHARS:] if i else "",
                        after=passages[i + 1].text.strip()[:CONTEXT_CHARS] if i + 1 < len(passages) else "",
                        rule_ids=sorted({f.rule_id or f.detector for f in fs}),
                        rule_labels=labels, rule_instruments=instruments,
                        rule_decp=sorted({v for f in pos if (v := taxonomy.decp_value(f.label, f.instrument))}),
                        rule_negated=any(f.negated for f in fs) and not pos,
                    )
                )
            if n % 50 == 0:
                print(f"{n}/{len(docs)} documents, {len(pool)} candidates", file=sys.stderr)
    for k, c in enumerate(pool):
        c["k"] = k
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(pool, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(docs)} documents, {len(pool)} candidates -> {out_path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "cand" / "pool.json")
