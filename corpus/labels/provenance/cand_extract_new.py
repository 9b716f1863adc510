"""A candidate pool for the verifier (issue 9) of the rules added or changed since the verifier was introduced.

Run from the repository root (a git checkout: the rule files of the base commit are read with `git show`):
    PYTHONPATH=. python corpus/labels/provenance/cand_extract_new.py [OUT_JSON]
    PYTHONPATH=. python corpus/labels/provenance/cand_extract_new.py --rules     # only print the rule ids and exit
Writes the pool (default <system temp>/cand/new.json, not kept: it holds corpus text); cand_decisions_new.txt is the
reading of it, joined by cand_label.py (ids `cand-new-K`).

Why: the rules of 2026-12-01 evening and 2026-12-02 (weak criteria wordings with `context: criteria`,
env.criterion_combined_value, execution conditions named by their nature, recycling of worn parts, insertion as a
criteria item, insertion-hours wordings, the English rules en.*) propose candidates the verifier had hardly seen: it
vetoed or re-filed true development values they found. This pool holds only passages where at least one of those rules
fires (a non-negated finding), so that the verifier learns what they propose, hard negatives included.

Which rules: computed, never typed. NEW_IDS = the rule ids of analyzer/data/rules/**/*.yaml now that are absent from
the same files at BASE (a8a51ef, the commit that shipped the verifier and its first candidate labels), plus the ids
whose definition changed since (the rule's mapping compared without its `comment`).

Documents: every development document of cand_extract.documents — the development notices (BOAMP API development
records, energia HTML notices in French and TED English, BOAMP XML), the DCE pieces and, unlike cand_extract_diverse.py,
the two guides (MiNumEco, CSF) — plus the four BOAMP API records of boamp-api-json-2025 (eForms JSON, one buyer each)
and the eForms SDK example notices (synthetic, English and French, one group `eforms-sdk-examples` as in cand-sdk);
never a tender of corpus/labels/tenders-test*.jsonl (cand_extract.documents leaves those out; ted-eforms-real-fr* are
all test tenders and are not read). The guides and the JSON records are read because the notices and DCE alone hold
almost no unlabelled passage where these rules fire (10 on 2026-12-02: the earlier pools and passages.jsonl had
already taken the others, and training runs the current rules on those labelled passages, so the verifier sees them). Skipped: passages whose whitespace-normalised text is in passages.jsonl or
candidates.jsonl (records made before this pool), or already drawn. Draw (random.Random(SEED)): inside each
document, round-robin over groups of identical new-rule sets up to CAP_NOTICE / CAP_DCE; then at most CAP_BUYER per
buyer (buyer key folded as the folds fold it); then, over the whole pool, round-robin over the new rule ids that fire
(so that a rule met in hundreds of passages does not crowd out one met in ten) up to TOTAL.
The rules' output is kept only to record the candidate's origin and to measure the rules against the reading.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from analyzer.classifier.folds import buyer_key
from analyzer.detection.detectors import shipped_rules
from analyzer.detection.taxonomy import default_taxonomy
from analyzer.documents.read import read_document
from analyzer.passages.split import split_passages

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cand_extract import CONTEXT_CHARS, documents, norm, round_robin  # noqa: E402
from cand_extract_diverse import GUIDES, NOTICES, findings_by_passage, known_texts  # noqa: E402
from paths import CORPUS, REPO  # noqa: E402

SEED = 13
BASE = "a8a51ef"  # the verifier's first commit: rules changed after it are the ones the verifier has seen little of
RULES_DIR = "analyzer/data/rules"
# caps as in cand_extract_diverse.py: with so few candidates left they rarely bind, but a guide cannot fill the pool
CAP_NOTICE, CAP_DCE, CAP_BUYER = 4, 10, 15
TOTAL = 280
PREFIX = "cand-new-"
JSON_RECORDS = "boamp-api-json-2025/data/raw/boamp/boamp_geometre_20251124.json"


def family(source: str) -> str:
    return source if source in (*NOTICES, "boamp-api-json-2025", "eforms-sdk-examples") else "guide" if source in GUIDES else "dce"


def json_record_buyer(text: str) -> str:
    """Buyer of the boamp-api-json-2025 record that holds a passage (the file holds four records, one buyer each)."""
    snippet = " ".join(text.split())[:60]
    for r in json.loads((CORPUS / JSON_RECORDS).read_text(encoding="utf-8")):
        if snippet and snippet in " ".join(json.dumps(r, ensure_ascii=False).split()):
            return r.get("buyer_name") or r.get("record_id") or "boamp-api-json-2025"
    return "boamp-api-json-2025"


def _rules_at(rev: str | None) -> dict[str, dict]:
    """Rule id -> rule mapping (without `comment`) of every rule file, at commit `rev` (None: the working tree)."""
    if rev is None:
        files = {str(p.relative_to(REPO)): p.read_text(encoding="utf-8") for p in sorted((REPO / RULES_DIR).rglob("*.yaml"))}
    else:
        names = subprocess.run(
            ["git", "-C", str(REPO), "ls-tree", "-r", "--name-only", rev, RULES_DIR], capture_output=True, text=True, check=True
        ).stdout.split()
        files = {
            n: subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:{n}"], capture_output=True, text=True, check=True).stdout
            for n in names
            if n.endswith(".yaml")
        }
    out = {}
    for text in files.values():
        for r in (yaml.safe_load(text) or {}).get("rules") or []:
            out[r["id"]] = {k: v for k, v in r.items() if k != "comment"}
    return out


def new_rule_ids(base: str = BASE) -> tuple[list[str], list[str]]:
    """(ids added since `base`, ids whose definition changed since `base`)."""
    before, now = _rules_at(base), _rules_at(None)
    added = [k for k in now if k not in before]
    changed = [k for k in now if k in before and before[k] != now[k]]
    return added, changed


def main(out_path: Path) -> None:
    added, changed = new_rule_ids()
    wanted = set(added) | set(changed)
    print(f"{len(added)} rules added and {len(changed)} changed since {BASE}", file=sys.stderr)
    taxonomy = default_taxonomy()
    rules = tuple(shipped_rules(taxonomy))
    known, seen = known_texts((PREFIX,)), set()
    rng = random.Random(SEED)
    per_buyer: dict[str, list[dict]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        docs = documents(Path(tmp)) + [("boamp-api-json-2025", JSON_RECORDS, "", CORPUS / JSON_RECORDS)]
        docs += [
            ("eforms-sdk-examples", str(f.relative_to(CORPUS)), "eforms-sdk-examples", f)
            for f in sorted((CORPUS / "eforms-sdk-examples" / "examples" / "notices").glob("*.xml"))
        ]
        for n, (source, rel, buyer, path) in enumerate(docs, 1):
            doc = read_document(path, Path(rel).name)
            if doc.error:
                print(f"skip {rel}: {doc.error}", file=sys.stderr)
                continue
            passages = split_passages(doc)
            by_passage = findings_by_passage(passages, rules)
            groups: dict[tuple, list[int]] = defaultdict(list)
            for i, fs in by_passage.items():
                fired = sorted({f.rule_id for f in fs if f.rule_id in wanted and not f.negated})
                key = norm(passages[i].text)
                if not fired or key in known or key in seen or len(key) < 12:
                    continue
                seen.add(key)
                groups[tuple(fired)].append(i)
            cap = CAP_NOTICE if family(source) != "dce" and family(source) != "guide" else CAP_DCE
            for i in round_robin(groups, cap, rng):
                p, fs = passages[i], by_passage[i]
                pos = [f for f in fs if not f.negated]
                if source == "boamp-api-json-2025":
                    buyer = json_record_buyer(p.text)
                per_buyer[buyer_key(buyer)].append(
                    dict(
                        source=source, file=rel, buyer=buyer, page=p.page, doc_kind=p.kind, heading=p.section,
                        text=p.text.strip(), start=p.start,
                        before=passages[i - 1].text.strip()[-CONTEXT_CHARS:] if i else "",
                        after=passages[i + 1].text.strip()[:CONTEXT_CHARS] if i + 1 < len(passages) else "",
                        rule_ids=sorted({f.rule_id or f.detector for f in fs}),
                        new_ids=sorted({f.rule_id for f in pos if f.rule_id in wanted}),
                        rule_labels=sorted({f.label for f in pos}), rule_instruments=sorted({f.instrument for f in pos}),
                        rule_decp=sorted({v for f in pos if (v := taxonomy.decp_value(f.label, f.instrument))}),
                        rule_negated=any(f.negated for f in fs) and not pos,
                    )
                )
            if n % 100 == 0:
                print(f"{n}/{len(docs)} documents", file=sys.stderr)
    capped: list[dict] = []
    for key in sorted(per_buyer):
        cands = rng.sample(per_buyer[key], len(per_buyer[key]))
        cands.sort(key=lambda c: family(c["source"]) in ("dce", "guide"))  # notices first
        capped.extend(cands[:CAP_BUYER])
    # round-robin over the new rule ids: each turn takes, for every id in turn, one candidate where it fires
    by_rule: dict[str, list[dict]] = defaultdict(list)
    for c in rng.sample(capped, len(capped)):
        for rid in c["new_ids"]:
            by_rule[rid].append(c)
    print("after the caps, candidates per new rule id: " + ", ".join(f"{k} {len(v)}" for k, v in sorted(by_rule.items())), file=sys.stderr)
    pool, taken = [], set()
    while len(pool) < TOTAL and any(by_rule.values()):
        for rid in sorted(by_rule):
            while by_rule[rid] and id(by_rule[rid][-1]) in taken:
                by_rule[rid].pop()
            if by_rule[rid] and len(pool) < TOTAL:
                c = by_rule[rid].pop()
                taken.add(id(c))
                pool.append(c)
    pool.sort(key=lambda c: (family(c["source"]) in ("dce", "guide"), c["source"], buyer_key(c["buyer"]), c["file"], c["start"] or 0))
    for k, c in enumerate(pool):
        c["k"] = k
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(pool, ensure_ascii=False, indent=0), encoding="utf-8")
    fams = Counter(family(c["source"]) for c in pool)
    print(f"{len(docs)} documents, {len(capped)} candidates after the caps, {len(pool)} drawn from "
          f"{len({buyer_key(c['buyer']) for c in pool})} buyers ({dict(fams)}) -> {out_path}")


if __name__ == "__main__":
    if "--rules" in sys.argv[1:]:
        a, c = new_rule_ids()
        print(f"added since {BASE} ({len(a)}): {' '.join(a)}\nchanged since {BASE} ({len(c)}): {' '.join(c)}")
        sys.exit(0)
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(args[0]) if args else Path(tempfile.gettempdir()) / "cand" / "new.json")
