"""Two more candidate pools for the verifier (issue 9), after cand_extract.py.

Run from the repository root:
    PYTHONPATH=. python corpus/labels/provenance/cand_extract_more.py
Writes (under the system temp folder, cand/; not kept: corpus text):
- crit.json: BOAMP award-criterion cells (boamp-criteres-attribution CSV, a DEV folder) where the shipped rules fire,
  not already in passages.jsonl; CRIT_SAMPLE of them drawn with random.Random(SEED). Buyer key as passages.jsonl:
  boamp-criteres-b<row index // 100>.
- rest.json: the rule candidates that the per-document caps of cand_extract.py left out (an uncapped run minus
  pool.json; in practice the MiNumEco PDF guide).
- sdk.json: rule candidates of the eForms SDK example notices (synthetic, CC BY 4.0, a DEV folder), at most
  SDK_PER_DOC per notice; buyer key « eforms-sdk-examples » (one group).
- probe2.json: a second set of hard-negative kinds (PROBES2), at most PROBE2_PER_KIND per kind, one per document.
- probe.json: hard-negative probes, passages of the development documents (same pool of documents as cand_extract.py)
  that match one of the hard-negative kinds listed in issue 9 (PROBES below), whether or not the rules fire
  (rule_ids says). At most PROBE_PER_KIND per kind and PROBE_PER_DOC per document and kind, drawn with
  random.Random(SEED); passages already in passages.jsonl or in the rule pool (pool.json) are skipped.
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
from analyzer.passages.model import Passage
from analyzer.passages.split import split_passages

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cand_extract import CONTEXT_CHARS, CORPUS, LABELS, documents, norm  # noqa: E402
from cand_extract import main as extract_rule_pool  # noqa: E402

SEED = 9
CRIT_SAMPLE = 160
SDK_PER_DOC = 3
PROBE_PER_KIND, PROBE_PER_DOC = 28, 3
PROBE2_PER_KIND = 10
KEYWORDS = r"environnement|environnementa|social|sociale|insertion|d[ée]chet|durable|r[ée]serv|recycl|[ée]nerg"
PROBES = {
    "toc": re.compile(r"(?im)^.*(" + KEYWORDS + r").*(\.{5,}|…{3,}|\s{2,})\s*\d{1,3}\s*$"),
    "negation": re.compile(r"(?i)(\b(ne|n['’])\s*(comporte|pr[ée]voit|met|contient|impose|int[èe]gre|fait)\w*[^.]{0,40}\s(pas|aucun)|\b(pas|aucune?)\s+de|sans objet|n[ée]ant|\bsans\b)[^.]{0,60}(clause|crit[èe]re|condition|r[ée]serv|insertion|environnement|social)|(clause|crit[èe]re|condition|r[ée]serv|insertion|environnement|social)\w*\s*:?\s*(n[ée]ant|sans objet|sans\b|non\b)"),
    "recyclage-training": re.compile(r"(?i)recyclage.{0,60}(SSIAP|CACES|formation|habilitation|secourisme|SST|stage)|(SSIAP|CACES|habilitation|SST).{0,60}recyclage"),
    "environnement-surroundings": re.compile(r"(?i)environnement\s+(du site|du b[âa]timent|des riverains|urbain|sonore|technique|informatique|de travail|logiciel|existant|imm[ée]diat|proche|num[ée]rique|applicatif|de production|de test|de d[ée]veloppement|r[ée]seau|s[ée]curis)"),
    "cycle-de-vie": re.compile(r"(?i)cycle de vie"),
    "circuits-courts": re.compile(r"(?i)circuits?[- ]courts?"),
    "documents-to-provide": re.compile(r"(?i)QRSE|QCES|questionnaire\s+(RSE|environnement|d[ée]veloppement durable|social)|m[ée]moire\s+(environnemental|social)|cadre de r[ée]ponse"),
    "non-binding": re.compile(r"(?i)(encourag|invit|incit|souhait|recommand|privil[ée]gi|sensibilis)\w*[^.]{0,120}(environnement|durable|social|insertion|[ée]nerg|d[ée]chet|recycl|carbone)"),
    "buyer-activity": re.compile(r"(?i)(activit[ée]s?\s+principales?|principales?\s+activit[ée]s?|comp[ée]tences?)[^.]{0,80}(environnement|protection sociale|d[ée]chets|logement|eau)"),
    "names-of-bodies": re.compile(r"(?i)agence\s+bio|ADEME|office fran[çc]ais de la biodiversit|SMICTOM|SICTOM|SYCTOM|syndicat[^.]{0,40}d[ée]chets|maison de l['’]emploi|p[ôo]le emploi|ESAT\b"),
    "qa": re.compile(r"(?i)(question|r[ée]ponse)[^.]{0,200}(" + KEYWORDS + r")"),
    "insertion-eligibility": re.compile(r"(?i)[ée]ligib\w*[^.]{0,120}insertion|insertion[^.]{0,120}[ée]ligib"),
}
# second probe set (probe2.json, its own random.Random(SEED + 1) so that probe.json stays as labelled)
PROBES2 = {
    "reservation-absent": re.compile(r"(?i)march[ée]s?\s+r[ée]serv[ée]s?\s*:\s*(non|n[ée]ant)\b"),
    "social-other-sense": re.compile(r"(?i)si[èe]ge social|raison sociale|d[ée]nomination sociale|cotisations? sociales?|logements? sociaux|obligations? (fiscales et sociales|sociales et fiscales)|s[ée]curit[ée] sociale"),
    "waste-as-logistics": re.compile(r"(?i)(enl[èe]vement|[ée]vacuation|nettoyage)[^.]{0,60}d[ée]chets|d[ée]chets[^.]{0,40}(d[ée]charge|benne)"),
    "quality-mark": re.compile(r"(?i)\b(NF\s?[A-Z]{0,3}\s?\d|marquage CE|ACERMI|CTB[-\s]?[A-Z+]*|Qualibat|ISO 9001)\b"),
    "bio-false-friend": re.compile(r"(?i)bio-?nettoyage|biom[ée]dical|biologie m[ée]dicale|biotechnolog"),
}


def candidate(source: str, rel_doc: str, buyer: str, passages: list, i: int, taxonomy, kind: str) -> dict:
    p = passages[i]
    fs = detect([p])
    pos = [f for f in fs if not f.negated]
    return dict(
        source=source, file=rel_doc, buyer=buyer, page=p.page, doc_kind=p.kind, heading=p.section,
        text=p.text.strip(), start=p.start, probe=kind,
        before=passages[i - 1].text.strip()[-CONTEXT_CHARS:] if i else "",
        after=passages[i + 1].text.strip()[:CONTEXT_CHARS] if i + 1 < len(passages) else "",
        rule_ids=sorted({f.rule_id or f.detector for f in fs}), rule_labels=sorted({f.label for f in pos}),
        rule_instruments=sorted({f.instrument for f in pos}),
        rule_decp=sorted({v for f in pos if (v := taxonomy.decp_value(f.label, f.instrument))}),
        rule_negated=any(f.negated for f in fs) and not pos,
    )


def second_probes(labelled: set[str], rule_pool: set[str], taxonomy) -> list[dict]:
    """PROBES2 kinds, at most PROBE2_PER_KIND each and one per document and kind."""
    rng = random.Random(SEED + 1)
    hits: dict[str, list] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        for source, rel_doc, buyer, path_doc in documents(Path(tmp)):
            doc = read_document(path_doc, Path(rel_doc).name)
            if doc.error:
                continue
            passages = split_passages(doc)
            for kind, rx in PROBES2.items():
                idxs = [i for i, p in enumerate(passages) if rx.search(p.text) and norm(p.text) not in labelled and norm(p.text) not in rule_pool]
                if idxs:
                    hits[kind].append((source, rel_doc, buyer, passages, rng.choice(idxs)))
    out, seen = [], set()
    for kind in PROBES2:
        for source, rel_doc, buyer, passages, i in rng.sample(hits[kind], min(PROBE2_PER_KIND, len(hits[kind]))):
            if norm(passages[i].text) not in seen:
                seen.add(norm(passages[i].text))
                out.append(candidate(source, rel_doc, buyer, passages, i, taxonomy, kind))
    for k, c in enumerate(out):
        c["k"] = k
    return out


def main() -> None:
    taxonomy = default_taxonomy()
    labelled = {norm(json.loads(line)["text"]) for line in (LABELS / "passages.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    pools = Path(tempfile.gettempdir()) / "cand"
    rule_pool = {norm(c["text"]) for c in json.loads((pools / "pool.json").read_text(encoding="utf-8"))}
    rng = random.Random(SEED)

    # --- the rule candidates beyond the per-document caps of pool.json (rest.json)
    extract_rule_pool(pools / "uncapped.json", cap_dce=10**6, cap_notice=10**6)
    rest = [c for c in json.loads((pools / "uncapped.json").read_text(encoding="utf-8")) if norm(c["text"]) not in rule_pool]
    for k, c in enumerate(rest):
        c["k"] = k
    (pools / "rest.json").write_text(json.dumps(rest, ensure_ascii=False, indent=0), encoding="utf-8")

    # --- eForms SDK example notices (synthetic, a DEV folder): how eForms fields are rendered (BT-71 reservation,
    # BT-774 environmental impact ...); at most SDK_PER_DOC rule candidates per notice
    sdk, sdk_seen = [], set(rule_pool) | labelled
    for f in sorted((CORPUS / "eforms-sdk-examples" / "examples" / "notices").glob("*.xml")):
        doc = read_document(f, f.name)
        if doc.error:
            continue
        passages = split_passages(doc)
        per: dict[int, list] = defaultdict(list)
        for fd in detect(passages):
            for i, p in enumerate(passages):
                if p.start <= fd.start < p.end:
                    per[i].append(fd)
                    break
        keep = [i for i in sorted(per) if norm(passages[i].text) not in sdk_seen][:SDK_PER_DOC]
        for i in keep:
            p, fs = passages[i], per[i]
            sdk_seen.add(norm(p.text))
            pos = [x for x in fs if not x.negated]
            sdk.append(
                dict(
                    source="eforms-sdk-examples", file=str(f.relative_to(CORPUS)), buyer="eforms-sdk-examples", page=p.page,
                    doc_kind=p.kind, heading=p.section, text=p.text.strip(), start=p.start,
                    before=passages[i - 1].text.strip()[-CONTEXT_CHARS:] if i else "",
                    after=passages[i + 1].text.strip()[:CONTEXT_CHARS] if i + 1 < len(passages) else "",
                    rule_ids=sorted({x.rule_id or x.detector for x in fs}), rule_labels=sorted({x.label for x in pos}),
                    rule_instruments=sorted({x.instrument for x in pos}),
                    rule_decp=sorted({v for x in pos if (v := taxonomy.decp_value(x.label, x.instrument))}),
                    rule_negated=any(x.negated for x in fs) and not pos,
                )
            )
    for k, c in enumerate(sdk):
        c["k"] = k
    (pools / "sdk.json").write_text(json.dumps(sdk, ensure_ascii=False, indent=0), encoding="utf-8")

    # --- BOAMP criteria cells where the rules fire
    path = CORPUS / "boamp-criteres-attribution" / "NeuralNetwork" / "critere_attribution_data.csv"
    rel = str(path.relative_to(CORPUS))
    cells, seen = [], set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) < 3 or not row[0].isdigit():
                continue
            for col in (1, 2):
                key = norm(row[col])
                if len(key) >= 4 and key not in labelled and key not in seen:
                    seen.add(key)
                    cells.append((int(row[0]), row[col].strip(), row[3 - col].strip()))
    fired = []
    for b in range(0, len(cells), 2000):
        chunk = cells[b : b + 2000]
        # one pseudo-file per cell, so that each finding maps back to its cell
        passages = [Passage(file=f"{rel}#{b + i}", kind="avis", page=None, start=0, end=len(t), text=t) for i, (_, t, _) in enumerate(chunk)]
        per: dict[int, list] = defaultdict(list)
        for f in detect(passages):
            per[int(f.file.rsplit("#", 1)[1])].append(f)
        fired.extend((cells[i], fs) for i, fs in sorted(per.items()))
    print(f"criteria cells: {len(cells)} unlabelled, {len(fired)} where rules fire", file=sys.stderr)
    crit = []
    for (idx, text, other), fs in rng.sample(fired, min(CRIT_SAMPLE, len(fired))):
        pos = [f for f in fs if not f.negated]
        crit.append(
            dict(
                source="boamp-criteres-attribution", file=rel, buyer=f"boamp-criteres-b{idx // 100}", page=None, doc_kind="avis",
                heading="Critères d'attribution", text=text, start=None, before="", after=f"(other criterion of the notice: {other})",
                rule_ids=sorted({f.rule_id or f.detector for f in fs}), rule_labels=sorted({f.label for f in pos}),
                rule_instruments=sorted({f.instrument for f in pos}),
                rule_decp=sorted({v for f in pos if (v := taxonomy.decp_value(f.label, f.instrument))}),
                rule_negated=any(f.negated for f in fs) and not pos, row=idx,
            )
        )
    for k, c in enumerate(crit):
        c["k"] = k
    (pools / "crit.json").write_text(json.dumps(crit, ensure_ascii=False, indent=0), encoding="utf-8")

    # --- hard-negative probes
    hits: dict[str, list] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        for source, rel_doc, buyer, path_doc in documents(Path(tmp)):
            doc = read_document(path_doc, Path(rel_doc).name)
            if doc.error:
                continue
            passages = split_passages(doc)
            per_kind: dict[str, list[int]] = defaultdict(list)
            for i, p in enumerate(passages):
                key = norm(p.text)
                if key in labelled or key in rule_pool or len(key) < 15:
                    continue
                for kind, rx in PROBES.items():
                    if kind == "qa" and "Q-R" not in rel_doc and "Questions-Reponses" not in rel_doc:
                        continue
                    if rx.search(p.text):
                        per_kind[kind].append(i)
            for kind, idxs in per_kind.items():
                for i in rng.sample(idxs, min(PROBE_PER_DOC, len(idxs))):
                    hits[kind].append((source, rel_doc, buyer, passages, i))
    probe2 = second_probes(labelled, rule_pool, taxonomy)
    (pools / "probe2.json").write_text(json.dumps(probe2, ensure_ascii=False, indent=0), encoding="utf-8")
    probe, seen_text = [], set()
    for kind in PROBES:
        for source, rel_doc, buyer, passages, i in rng.sample(hits[kind], min(PROBE_PER_KIND, len(hits[kind]))):
            p = passages[i]
            key = norm(p.text)
            if key in seen_text:
                continue
            seen_text.add(key)
            fs = detect([p])
            pos = [f for f in fs if not f.negated]
            probe.append(
                dict(
                    source=source, file=rel_doc, buyer=buyer, page=p.page, doc_kind=p.kind, heading=p.section,
                    text=p.text.strip(), start=p.start, probe=kind,
                    before=passages[i - 1].text.strip()[-CONTEXT_CHARS:] if i else "",
                    after=passages[i + 1].text.strip()[:CONTEXT_CHARS] if i + 1 < len(passages) else "",
                    rule_ids=sorted({f.rule_id or f.detector for f in fs}), rule_labels=sorted({f.label for f in pos}),
                    rule_instruments=sorted({f.instrument for f in pos}),
                    rule_decp=sorted({v for f in pos if (v := taxonomy.decp_value(f.label, f.instrument))}),
                    rule_negated=any(f.negated for f in fs) and not pos,
                )
            )
    for k, c in enumerate(probe):
        c["k"] = k
    (pools / "probe.json").write_text(json.dumps(probe, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(rest)} more rule candidates, {len(sdk)} eForms SDK candidates, {len(crit)} criteria candidates, {len(probe)} + {len(probe2)} probes -> {pools}")


if __name__ == "__main__":
    main()
