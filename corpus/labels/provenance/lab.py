import json
import os

import yaml
from paths import LABELS, REPO

OUT = str(LABELS / "passages.jsonl")
TAX = yaml.safe_load(open(REPO / "analyzer" / "data" / "taxonomy.yaml"))
SIDE = {k: v["side"] for k, v in TAX["labels"].items()}
INSTR = TAX["instruments"]


def _seen():
    s, ids = set(), {}
    if os.path.exists(OUT):
        for line in open(OUT):
            r = json.loads(line)
            s.add(r["text"])
            p, n = r["id"].rsplit("-", 1)
            ids[p] = max(ids.get(p, 0), int(n))
    return s, ids


def decp(labels, instr):
    if not instr:
        return []
    out = []
    for line in labels:
        v = INSTR[instr]["decp"].get(SIDE[line])
        if v and v not in out:
            out.append(v)
    return out


def add(recs, short):
    """recs: list of dict(source,file,page,buyer,text,labels,instrument,method)"""
    seen, ids = _seen()
    n = ids.get(short, 0)
    k = 0
    with open(OUT, "a") as f:
        for r in recs:
            t = r["text"]
            if t in seen or not t.strip():
                continue
            for line in r["labels"]:
                assert line in SIDE, line
            assert r["instrument"] is None or r["instrument"] in INSTR, r["instrument"]
            if r["labels"]:
                assert r["instrument"]
            if r["instrument"] and r["instrument"] != "mention":
                assert r["labels"], t
            seen.add(t)
            n += 1
            k += 1
            o = dict(
                id=f"{short}-{n}",
                source=r["source"],
                file=r["file"],
                page=r.get("page"),
                buyer=r["buyer"],
                text=t,
                labels=r["labels"],
                instrument=r["instrument"],
                decp=decp(r["labels"], r["instrument"]),
                labeller="assistant-reading",
                method=r["method"],
            )
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    print("added", k, "total", len(seen))
