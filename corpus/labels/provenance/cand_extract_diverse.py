"""A third candidate pool for the verifier (issue 9): new candidates from the under-represented development sources.

Run from the repository root (after the earlier pools, or without them: only candidates.jsonl and passages.jsonl are read):
    PYTHONPATH=. python corpus/labels/provenance/cand_extract_diverse.py [OUT_JSON]              # first pool, more.json
    PYTHONPATH=. python corpus/labels/provenance/cand_extract_diverse.py --sections [OUT_JSON]   # second pool, more2.json
Writes the pool (default <system temp>/cand/more.json or more2.json, not kept: it holds corpus text);
cand_decisions_more.txt and cand_decisions_more2.txt are the reading of them, joined by cand_label.py.

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
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from analyzer.classifier.folds import buyer_key
from analyzer.classifier.verifier import candidate_detectors, is_wide_candidate
from analyzer.detection.analyze import detect
from analyzer.detection.detectors import shipped_rules
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.documents.read import read_document
from analyzer.passages.split import split_passages

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cand_extract import CONTEXT_CHARS, LABELS, documents, norm, round_robin  # noqa: E402

SEED = 11
CAP_NOTICE, CAP_DCE, CAP_BUYER = 4, 10, 15
NOTICES = ("boamp-api-2015-2025", "energia-avis-2020-dev", "boamp-xml-2016")
GUIDES = ("minumeco-guide-achats-numeriques", "clause-sociale-formation")
# how many candidates of each family are drawn (notices first); a family with fewer takes them all
QUOTA = {"boamp-api-2015-2025": 150, "energia-avis-2020-dev": 120, "boamp-xml-2016": 20, "dce": 90}
WIDE_SHARE = 0.35  # at most this share of each family's draw is wide-net-only (no shipped rule fires)
# Second pool (--sections, more2.json, read in cand_decisions_more2.txt): the first pool held few passages that carry a
# clause, because the rules' candidates of these sources were already in passages.jsonl; this one keeps only passages
# of the sections where notices and DCE state conditions, criteria and reservations (heading or opening words).
SEED2 = 12
CAP_NOTICE2, CAP_DCE2 = 3, 8
QUOTA2 = {"boamp-api-2015-2025": 60, "energia-avis-2020-dev": 70, "boamp-xml-2016": 10, "dce": 40}
CLAUSE_SECTIONS = re.compile(
    r"(?i)III\.?2\.2|conditions? (particuli[èe]res? )?d.ex[ée]cution|condition particuliere execution|performance conditions|"
    r"II\.?2\.5|crit[èe]res?|award criteria|criteres attrib|III\.?1\.5|march[ée]s? r[ée]serv|reserved contracts|VI\.?3|"
    r"informations compl[ée]mentaires|additional information|rens complement|clauses?\b|insertion|d[ée]veloppement durable|"
    r"environnement|d[ée]chets|m[ée]moire technique|cadre de r[ée]ponse|questionnaire"
)


def findings_by_passage(passages: list, detectors) -> dict[int, list]:  # noqa: ANN001
    """The findings of `detectors` in each passage (by index), each in the passage its start falls in."""
    by_passage: dict[int, list] = defaultdict(list)
    starts = [p.start for p in passages]
    for f in detect(passages, detectors):
        i = max((k for k, s in enumerate(starts) if s <= f.start), default=None)
        if i is not None and f.start < passages[i].end:
            by_passage[i].append(f)
    return by_passage


def family(source: str) -> str:
    return source if source in NOTICES else "dce"


def known_texts(later: tuple[str, ...]) -> set[str]:
    """Texts labelled before this pool: passages.jsonl and candidates.jsonl minus the records of this pool and later ones
    (id prefixes `later`), so that a re-run draws the same pool after its labels were appended."""
    out = set()
    for name in ("passages.jsonl", "candidates.jsonl"):
        for line in (LABELS / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                if not r["id"].startswith(later):
                    out.add(norm(r["text"]))
    return out


def batch_one_buyers() -> Counter:
    """Candidates of the first pool per folded buyer (the second pool fills each buyer up to CAP_BUYER)."""
    out: Counter = Counter()
    for line in (LABELS / "candidates.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and (r := json.loads(line))["id"].startswith("cand-more-"):
            out[buyer_key(r["buyer"])] += 1
    return out


def main(out_path: Path, second: bool = False) -> None:
    taxonomy = default_taxonomy()
    rules, wide_net = tuple(shipped_rules(taxonomy)), tuple(candidate_detectors())
    known, seen = known_texts(("cand-more2-",) if second else ("cand-more-", "cand-more2-")), set()
    rng = random.Random(SEED2 if second else SEED)
    cap_notice, cap_dce = (CAP_NOTICE2, CAP_DCE2) if second else (CAP_NOTICE, CAP_DCE)
    per_buyer: dict[str, list[dict]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        docs = [d for d in documents(Path(tmp)) if d[0] not in GUIDES]
        for n, (source, rel, buyer, path) in enumerate(docs, 1):
            doc = read_document(path, Path(rel).name)
            if doc.error:
                print(f"skip {rel}: {doc.error}", file=sys.stderr)
                continue
            passages = split_passages(doc)
            by_passage = findings_by_passage(passages, (*rules, *wide_net))
            groups: dict[tuple, list[int]] = defaultdict(list)
            for i, fs in by_passage.items():
                key = norm(passages[i].text)
                if key in known or key in seen or len(key) < 12:
                    continue
                if second and not CLAUSE_SECTIONS.search(f"{passages[i].section or ''} {passages[i].text[:200]}"):
                    continue
                seen.add(key)
                shipped = sorted({f.rule_id or "" for f in fs if not is_wide_candidate(f)})
                groups[tuple(shipped) if shipped else ("wide",)].append(i)
            cap = cap_notice if source in NOTICES else cap_dce
            for i in round_robin(groups, cap, rng):
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
    already = batch_one_buyers() if second else Counter()
    for key in sorted(per_buyer):
        cands = rng.sample(per_buyer[key], len(per_buyer[key]))
        cands.sort(key=lambda c: family(c["source"]) == "dce")
        capped.extend(cands[: max(0, CAP_BUYER - already[key])])
    pool: list[dict] = []
    for fam, quota in (QUOTA2 if second else QUOTA).items():
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
    args = [a for a in sys.argv[1:] if a != "--sections"]
    second = "--sections" in sys.argv[1:]
    default = Path(tempfile.gettempdir()) / "cand" / ("more2.json" if second else "more.json")
    main(Path(args[0]) if args else default, second)
