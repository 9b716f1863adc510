"""Write corpus/labels/candidates.jsonl from the candidate pools and the reading decisions.

Run from the repository root after cand_extract.py (and cand_extract_more.py for the later pools):
    PYTHONPATH=. python corpus/labels/provenance/cand_label.py
Inputs: the pools written by the extraction scripts (default under the system temp folder, cand/*.json) and
the decision tables cand_decisions*.txt in this folder, one line per candidate read:
    k | role | labels | instrument | flags | note
role: ob = obligation, aw = award_criterion, rs = reservation, me = mention, toc, neg = negated, oth = other;
instrument: ec = execution_condition, ts = technical_specification, aw = award_criterion, rs = reservation,
sc = selection_criterion, me = mention (empty for negatives); flags: d = doubtful.
The labels and role come from reading the passage in context; `decp` is derived from labels x instrument by the
taxonomy mapping (analyzer.cli.label._decp), never typed by hand. The rules' output is kept in `rule_*` fields only
to record where the candidate came from and to measure the rules against the reading.
The whole file is rewritten each run, so it is valid JSONL after every batch.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

from analyzer.cli.label import _decp
from analyzer.detection.taxonomy import default_taxonomy

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "candidates.jsonl"
POOLS = Path(tempfile.gettempdir()) / "cand"
# decision table -> (pool file, id prefix, how the candidates were found)
TABLES = {
    "cand_decisions.txt": (
        "pool.json",
        "cand",
        "rule candidate: a passage (split_passages) of a development document where the shipped rules fire "
        "(analyzer.detection.analyze.detect); label made by reading the passage with its heading and neighbours, "
        "not from the rule's output",
    ),
    "cand_decisions_rest.txt": (
        "rest.json",
        "cand-rest",
        "rule candidate beyond the per-document cap of the first pool (MiNumEco guide); label made by reading the "
        "passage with its heading and neighbours, not from the rule's output",
    ),
    "cand_decisions_sdk.txt": (
        "sdk.json",
        "cand-sdk",
        "rule candidate: a passage of an eForms SDK example notice (synthetic, rendered by the eForms reader) where the "
        "shipped rules fire; label made by reading the rendered fields, not from the rule's output",
    ),
    "cand_decisions_crit.txt": (
        "crit.json",
        "cand-crit",
        "rule candidate: a BOAMP award-criterion cell (boamp-criteres-attribution CSV) where the shipped rules fire; "
        "label made by reading the cell, not from the rule's output",
    ),
    "cand_decisions_probe2.txt": (
        "probe2.json",
        "cand-probe2",
        "hard-negative probe (second set: reservation absent, « social » in another sense, waste as logistics, quality "
        "marks, « bio » false friends) in a development document (rules may or may not fire: see rule_ids); label made "
        "by reading the passage in context",
    ),
    "cand_decisions_probe.txt": (
        "probe.json",
        "cand-probe",
        "hard-negative probe: a passage of a development document matching a hard-negative keyword of issue 9 "
        "(rules may or may not fire: see rule_ids); label made by reading the passage in context",
    ),
    "cand_decisions_more.txt": (
        "more.json",
        "cand-more",
        "candidate of an under-represented development source (BOAMP API record, energia HTML notice in French or English, "
        "BOAMP XML notice, DCE piece; cand_extract_diverse.py): a passage where a shipped rule fires (rule_ids) or else a "
        "word of the wide net of analyzer/data/rules/candidates/ (wide_ids); label made by reading the passage with its "
        "heading and neighbours, not from the rules' output",
    ),
    "cand_decisions_more2.txt": (
        "more2.json",
        "cand-more2",
        "candidate of an under-represented development source (notices and DCE; cand_extract_diverse.py --sections: "
        "only passages of the sections that state conditions, criteria and reservations): a passage where a shipped rule "
        "fires (rule_ids) or else a word of the wide net of analyzer/data/rules/candidates/ (wide_ids); label made by reading "
        "the passage with its heading and neighbours, not from the rules' output",
    ),
    "cand_decisions_new.txt": (
        "new.json",
        "cand-new",
        "candidate of a rule added or changed since the verifier's first commit (a8a51ef: weak criteria wordings, combined "
        "value, conditions named by their nature, recycling of worn parts, insertion items and hours, English rules; the "
        "ids computed from the rule files by cand_extract_new.py): a passage of a development notice or DCE piece where "
        "one of those rules fires (rule_ids); label made by reading the passage with its heading and neighbours, not from "
        "the rules' output",
    ),
    "cand_decisions_fix.txt": (
        "fix.json",
        "cand-fix",
        "correction by reading of a passages.jsonl record (field `corrects`) that a rule added or changed since a8a51ef "
        "proposes and that was labelled negative although it states a weighted environmental award criterion "
        "(cand_fix.py); this record replaces it for the verifier and clauses evaluate; label made by reading the passage "
        "with its heading, not from the rules' output",
    ),
}
ROLES = {"ob": "obligation", "aw": "award_criterion", "rs": "reservation", "me": "mention", "toc": "toc", "neg": "negated", "oth": "other"}
INSTRUMENTS = {
    "ec": "execution_condition",
    "ts": "technical_specification",
    "aw": "award_criterion",
    "rs": "reservation",
    "sc": "selection_criterion",
    "me": "mention",
}


def doc_kind(c: dict) -> str:
    name = Path(c["file"].split("#")[0]).name.upper()
    notices = ("eforms-sdk-examples", "energia-avis-2020-dev", "boamp-api-2015-2025", "boamp-api-json-2025", "boamp-xml-2016")
    if c["source"] in (*notices, "boamp-criteres-attribution"):
        return "avis"
    if "Q-R" in name or "QUESTIONS-REPONSES" in name.replace(" ", "-"):
        return "QR"
    if c["source"] == "more-dce/cuzieu-ecole-2016":
        return "CCTP"  # CCTP-DPGF per lot
    return c["doc_kind"] if c["doc_kind"] in ("RC", "CCAP", "CCTP", "AE") else "other"


def read_table(path: Path) -> dict[int, tuple]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        k, role, labels, inst, flags, note = (x.strip() for x in line.split("|", 5))
        out[int(k)] = (ROLES[role], [x for x in labels.split(",") if x], INSTRUMENTS.get(inst), "d" in flags, note)
    return out


def main() -> None:
    taxonomy = default_taxonomy()
    records, seen, dropped = [], set(), 0
    previous = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines() if line.strip()] if OUT.is_file() else []
    for table, (pool_name, prefix, method) in TABLES.items():
        if not (HERE / table).is_file():
            continue
        if not (POOLS / pool_name).is_file():
            # pool not regenerated in this run: keep the table's records as they are in candidates.jsonl
            kept = [r for r in previous if re.fullmatch(rf"{re.escape(prefix)}-\d+", r["id"])]
            print(f"{pool_name} not found under {POOLS}: {len(kept)} records of {table} kept from {OUT.name}", file=sys.stderr)
            for r in kept:
                seen.add(" ".join(r["text"].split()).lower())
            records.extend(kept)
            continue
        pool = {c["k"]: c for c in json.loads((POOLS / pool_name).read_text(encoding="utf-8"))}
        for k, (role, labels, instrument, doubtful, note) in sorted(read_table(HERE / table).items()):
            c = pool[k]
            key = " ".join(c["text"].split()).lower()
            if key in seen:  # the same passage reached through two pools: keep the first record
                dropped += 1
                continue
            seen.add(key)
            unknown = [x for x in labels if x not in taxonomy.labels]
            if unknown or (labels and instrument is None) or (not labels and role in ("obligation", "award_criterion", "reservation", "mention")):
                sys.exit(f"{table} line {k}: inconsistent decision {role} {labels} {instrument}")
            rec = {
                "id": f"{prefix}-{k}",
                "source": c["source"],
                "file": c["file"],
                "page": c["page"],
                "buyer": c["buyer"],
                "text": c["text"],
                "labels": labels,
                "instrument": instrument if labels else None,
                "decp": _decp(taxonomy, labels, instrument if labels else None),
                "role": role,
                "heading": c["heading"],
                "doc_kind": doc_kind(c),
                "rule_ids": c["rule_ids"],
                "rule_labels": c["rule_labels"],
                "rule_instruments": c["rule_instruments"],
                "rule_decp": c["rule_decp"],
                "rule_negated": c["rule_negated"],
                "start": c.get("start"),
                "labeller": "assistant-reading",
                "method": method,
            }
            if c.get("corrects"):
                rec["corrects"] = c["corrects"]
            if c.get("wide_ids"):
                rec["wide_ids"] = c["wide_ids"]
            if doubtful:
                rec["doubtful"] = True
            if note:
                rec["note"] = note
            records.append(rec)
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    print(f"{len(records)} records -> {OUT} ({dropped} repeated passages skipped)")


if __name__ == "__main__":
    main()
