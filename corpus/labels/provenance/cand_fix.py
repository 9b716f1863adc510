"""Corrections by reading of passages.jsonl records that the new rules' candidates showed to be mislabelled (issue 9).

Run from the repository root:
    PYTHONPATH=. python corpus/labels/provenance/cand_fix.py [OUT_JSON]
Writes the pool (default <system temp>/cand/fix.json, not kept: it holds corpus text); cand_decisions_fix.txt is the
reading of it, joined by cand_label.py (ids `cand-fix-K`).

Why: while drawing cand_extract_new.py's pool, every labelled record where a rule added or changed since a8a51ef fires
(184 records of passages.jsonl, 178 of candidates.jsonl) was read again with its label. Three passages.jsonl records
state an environmental award criterion with its weight but were labelled negative (two BOAMP criteria cells
« … 4 Performances environnementales : 10 % », whose own reading in criteria_vocab_labels.jsonl says `env`, and a
notice's criteria list « … prise en compte des aspects environnementaux et du développement durable, noté sur 5 % »,
whose tender in tenders.jsonl carries Critère environnemental 5 %). A candidate record whose text is a passages.jsonl
record replaces it for the verifier and for `clauses evaluate` (analyzer.classifier.verifier_training.development_records),
so the correction is made here, with the passage's heading and document kind, and passages.jsonl is left as its
provenance scripts wrote it (the classifier of `clauses train`, which reads passages.jsonl alone, still sees the old
label: see the report of this change).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from analyzer.classifier.verifier_training import read_records
from analyzer.detection.analyze import detect
from analyzer.detection.detectors import shipped_rules
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.documents.read import read_document
from analyzer.passages.split import split_passages

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cand_extract import CONTEXT_CHARS, norm  # noqa: E402
from paths import CORPUS, LABELS  # noqa: E402

# the passages.jsonl records read again and found mislabelled (found by reading, in this order: k = index)
FIX_IDS = ("boamp-105", "boamp-106", "avis-159")


def main(out_path: Path) -> None:
    taxonomy = default_taxonomy()
    rules = tuple(shipped_rules(taxonomy))
    raw = {json.loads(line)["id"]: json.loads(line) for line in (LABELS / "passages.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    records = {r.id: r for r in read_records(LABELS / "passages.jsonl", "passages") if r.id in FIX_IDS}
    pool = []
    for k, rid in enumerate(FIX_IDS):
        r, rec = raw[rid], records[rid]
        heading, kind, before, after = None, rec.kind, "", ""
        path = CORPUS / r["file"]
        if r["source"] == "boamp-criteres-attribution":
            heading = "Critères d'attribution"  # a criteria cell, as the cand-crit pool reads them
        elif path.is_file():
            passages = split_passages(read_document(path, path.name))
            key = norm(r["text"])[:80]
            for i, p in enumerate(passages):
                if key in norm(p.text):
                    heading, kind = p.section, p.kind
                    before = passages[i - 1].text.strip()[-CONTEXT_CHARS:] if i else ""
                    after = passages[i + 1].text.strip()[:CONTEXT_CHARS] if i + 1 < len(passages) else ""
                    break
        fs = detect([rec.as_passage()], rules)
        pos = [f for f in fs if not f.negated]
        pool.append(
            dict(
                k=k, corrects=rid, source=r["source"], file=r["file"], buyer=r["buyer"], page=r.get("page"), doc_kind=kind,
                heading=heading, text=r["text"], start=None, before=before, after=after,
                old_labels=r["labels"], old_instrument=r["instrument"],
                rule_ids=sorted({f.rule_id or f.detector for f in fs}), rule_labels=sorted({f.label for f in pos}),
                rule_instruments=sorted({f.instrument for f in pos}),
                rule_decp=sorted({v for f in pos if (v := taxonomy.decp_value(f.label, f.instrument))}),
                rule_negated=any(f.negated for f in fs) and not pos,
            )
        )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(pool, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(pool)} records to correct -> {out_path}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(args[0]) if args else Path(tempfile.gettempdir()) / "cand" / "fix.json")
