"""Uniform random sample of whole-document passages (split_passages) for the 'Random passages' section.

Pool: every file of the 7 DCE tenders of tenders.jsonl (dce-aquareel: only dce_md/*_vd.md) + the notice file of
80 notices drawn with random.Random(11); passages >= 25 chars; draw 700 with random.Random(12).sample.
Writes /tmp/rand/sample.json (index, file, page, buyer, text, context) — not kept (corpus text).
"""

import json
import random
import sys
from pathlib import Path

from paths import CORPUS, REPO

sys.path.insert(0, str(REPO))

from analyzer.documents import read_document
from analyzer.passages import split_passages

HERE = Path(__file__).resolve().parent.parent
T = [json.loads(line) for line in open(HERE / "tenders.jsonl")]
P = [json.loads(line) for line in open(HERE / "passages.jsonl")]

# DCE passages already in passages.jsonl name the buyer differently from tenders.jsonl: keep their naming
# so the GroupKFold-by-buyer of training puts random and keyword passages of one tender in the same group.
dce_buyer = {}
for p in P:
    if p["source"].startswith(("dce-", "more-dce")):
        dce_buyer.setdefault(p["source"], p["buyer"])

dce = [t for t in T if t["tender_id"].startswith(("dce-", "more-"))]
notices = [t for t in T if not t["tender_id"].startswith(("dce-", "more-"))]
drawn = random.Random(11).sample(notices, 80)

files = []  # (file rel, source, buyer)
for t in dce:
    root = CORPUS / t["path"]
    src = t["path"].rstrip("/")
    if t["tender_id"] == "dce-aquareel-2025-md":
        fs = sorted((root / "dce_md").glob("*_vd.md"))
    else:
        fs = sorted(f for f in root.rglob("*") if f.is_file())
    for f in fs:
        files.append((str(f.relative_to(CORPUS)), src, dce_buyer.get(src, t["buyer"])))
for t in drawn:
    files.append((t["path"], t["path"].split("/")[0], t["buyer"]))

pool = []
for rel, src, buyer in files:
    doc = read_document(CORPUS / rel)
    ps = split_passages(doc)
    texts = [p.text.strip() for p in ps]
    for i, p in enumerate(ps):
        if len(texts[i]) >= 25:
            pool.append(
                dict(
                    file=rel,
                    source=src,
                    buyer=buyer,
                    page=p.page,
                    text=texts[i],
                    before=texts[max(0, i - 3) : i],
                    after=texts[i + 1 : i + 3],
                    pos=i,
                    n=len(ps),
                )
            )
print("files", len(files), "pool", len(pool))
sample = random.Random(12).sample(pool, 700)
for k, s in enumerate(sample):
    s["k"] = k
Path("/tmp/rand").mkdir(exist_ok=True)
json.dump(sample, open("/tmp/rand/sample.json", "w"), ensure_ascii=False, indent=0)
