"""A third candidate pool for the verifier (issue 9): new candidates from the under-represented development sources.

Run from the repository root (after the earlier pools, or without them: only candidates.jsonl and passages.jsonl are read):
    PYTHONPATH=. python corpus/labels/provenance/cand_extract_diverse.py [OUT_JSON]
Writes the pool (default <system temp>/cand/more.json, not kept: it holds corpus text); cand_decisions_more.txt is
the reading of it, joined by cand_label.py.

Why: the first pools drew 320 of their 619 candidates from one guide (MiNumEco), while the tool is measured mostly on
notices. This pool reads only the notices (BOAMP API development records, the energia HTML notices in French and
English, the BOAMP XML notices) and the DCE of the development corpus — never the guides, never a tender of
corpus/labels/tenders-test*.jsonl (the document list of cand_extract.documents, which already leaves those out).

A candidate is a passage where a shipped rule fires (rule_ids) or, failing that, a word of the wide net of
analyzer/data/rules/candidates/ (wide_ids; rule_ids is then []). Skipped: passages whose whitespace-normalised text
is in passages.jsonl or candidates.jsonl, or already drawn. Draw (random.Random(SEED)): inside each document,
round-robin over groups of identical rule sets (wide-net-only groups included) up to CAP_NOTICE / CAP_DCE; then at
most CAP_BUYER per buyer (buyer key folded as the folds fold it), notices first; then QUOTA per source family.
The rules' output is kept only to record the candidate's origin and to measure the rules against the reading.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from analyzer.classifier.folds import buyer_key
from analyzer.classifier.verifier import candidate_detectors, is_wide_candidate
from analyzer.detection.analyze import detect
from analyzer.detection.detectors import shipped_rules
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.documents.read import read_document
from analyzer.passages.split import split_passages

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cand_extract import CONTEXT_CHARS, LABELS, documents, norm  # noqa: E402

SEED = 11
CAP_NOTICE, CAP_DCE, CAP_BUYER = 4, 10, 15
NOTICES = ("boamp-api-2015-2025", "energia-avis-2020-dev", "boamp-xml-2016")
GUIDES = ("minumeco-guide-achats-numeriques", "clause-sociale-formation")
# how many candidates of each family are drawn (notices first); a family with fewer takes them all
QUOTA = {"boamp-api-2015-2025": 150, "energia-avis-2020-dev": 120, "boamp-xml-2016": 20, "dce": 90}
WIDE_SHARE = 0.35  # at most this share of each family's draw is wide-net-only (no shipped rule fires)


def family(source: str) -> str:
    return source if source in NOTICES else "dce"


def known_texts() -> set[str]:
    out = set()
    for name in ("passages.jsonl", "candidates.jsonl"):
        for line in (LABELS / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.add(norm(json.loads(line)["text"]))
    return out


def main(out_path: Path) -> None:
    taxonomy = default_taxonomy()
    rules, wide_net = tuple(shipped_rules(taxonomy)), tuple(candidate_detectors())
    known, seen = known_texts(), set()
    rng = random.Random(SEED)
    per_buyer: dict[str, list[dict]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        docs = [d for d in documents(Path(tmp)) if d[0] not in GUIDES]
        for n, (source, rel, buyer, path) in enumerate(docs, 1):
            doc = read_document(path, Path(rel).name)
            if doc.error:
                print(f"skip {rel}: {doc.error}", file=sys.stderr)
                continue
            passages = split_passages(doc)
            by_passage: dict[int, list] = defaultdict(list)
            starts = [p.start for p in passages]
            for f in detect(passages, (*rules, *wide_net)):
                i = max((k for k, s in enumerate(starts) if s <= f.start), default=None)
                if i is not None and f.start < passages[i].end:
                    by_passage[i].append(f)
            groups: dict[tuple, list[int]] = defaultdict(list)
            for i, fs in by_passage.items():
                key = norm(passages[i].text)
                if key in known or key in seen or len(key) < 12:
                    continue
                seen.add(key)
                shipped = sorted({f.rule_id or "" for f in fs if not is_wide_candidate(f)})
                groups[tuple(shipped) if shipped else ("wide",)].append(i)
            cap = CAP_NOTICE if source in NOTICES else CAP_DCE
            chosen: list[int] = []
            buckets = [rng.sample(v, len(v)) for _, v in sorted(groups.items())]
            while len(chosen) < cap and any(buckets):  # round-robin over rule groups: variety first
                for b in buckets:
                    if b and len(chosen) < cap:
                        chosen.append(b.pop())
            for i in sorted(chosen):
                p, fs = passages[i], by_passage[i]
                ship = [f for f in fs if not is_wide_candidate(f)]
                pos = [f for f in ship if not f.negated]
                per_buyer[buyer_key(buyer)].append(
                    dict(
                        source=source, file=rel, buyer=buyer, page=p.page, doc_kind=p.kind, heading=p.section,
                        text=p.text.strip(), start=p.start,
                        before=passages[i - 1].text.strip()[-CONTEXT_CHARS:] if i else "",
                        after=passages[i + 1].text.strip()[:CONTEXT_CHARS] if i + 1 < len(passages) else "",
                        rule_ids=sorted({f.rule_id or f.detector for f in ship}),
                        rule_labels=sorted({f.label for f in pos}), rule_instruments=sorted({f.instrument for f in pos}),
                        rule_decp=sorted({v for f in pos if (v := taxonomy.decp_value(f.label, f.instrument))}),
                        rule_negated=any(f.negated for f in ship) and not pos,
                        wide_ids=sorted({f.rule_id or f.detector for f in fs if is_wide_candidate(f)}),
                    )
                )
            if n % 100 == 0:
                print(f"{n}/{len(docs)} documents", file=sys.stderr)
    # at most CAP_BUYER per buyer, notices first, then the DCE pieces
    capped: list[dict] = []
    for key in sorted(per_buyer):
        cands = rng.sample(per_buyer[key], len(per_buyer[key]))
        cands.sort(key=lambda c: family(c["source"]) == "dce")
        capped.extend(cands[:CAP_BUYER])
    pool: list[dict] = []
    for fam, quota in QUOTA.items():
        mine = [c for c in capped if family(c["source"]) == fam]
        rule, wide = [c for c in mine if c["rule_ids"]], [c for c in mine if not c["rule_ids"]]
        n_wide = min(len(wide), int(quota * WIDE_SHARE))
        n_rule = min(len(rule), quota - n_wide)
        n_wide = min(len(wide), quota - n_rule)
        pool.extend(rng.sample(rule, n_rule) + rng.sample(wide, n_wide))
        print(f"{fam}: {len(rule)} rule and {len(wide)} wide-net-only candidates after the caps; drawn {n_rule} + {n_wide}", file=sys.stderr)
    pool.sort(key=lambda c: (list(QUOTA).index(family(c["source"])), buyer_key(c["buyer"]), c["file"], c["start"] or 0))
    for k, c in enumerate(pool):
        c["k"] = k
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(pool, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(docs)} documents, {len(pool)} candidates from {len({buyer_key(c['buyer']) for c in pool})} buyers -> {out_path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "cand" / "more.json")
