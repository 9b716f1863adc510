import collections
import csv
import glob
import json
import re

from notice_text import notice_text
from paths import BASE

base = BASE
hints = {}
for r in csv.DictReader(open(base + "energia-avis-2020-dev/keyword_hints.csv")):
    b = r["buyer"] or ""
    b = re.sub(r"^Official name:\s*", "", b)
    b = re.sub(r"^(\s*\d+[AB]?,?\s*)+", "", b).strip()
    hints[r["doc_id"]] = (r["file"], b)
SEC = {
    "II.2.5)": "II.2.5",
    "II.2.14)": "II.2.14",
    "III.1.5)": "III.1.5",
    "III.2.2)": "III.2.2",
    "VI.3)": "VI.3",
    "III.2.3)": "III.2.3",
    "II.2.4)": "II.2.4",
}
STOP = re.compile(r"^(II\.2\.\d+\)|III\.\d\.\d+\)|III\.\d\)|IV\.|VI\.\d\)|Section [IVX]+)")
out = []


def split(p):
    p = p.strip()
    if len(p) <= 200:
        return [p]
    res = []
    for s in re.split(r"(?<=[a-zé\)0-9][.;!?])\s*(?=[A-ZÀ-Ü\-•*])|(?<=[.;:])\s*(?=-\s?[A-Za-zÀ-ü])", p):
        if res and len(res[-1]) + len(s) + 1 <= 600 and len(res[-1]) < 40:
            res[-1] += " " + s
        else:
            res.append(s)
    fin = []
    for s in res:
        while len(s) > 600:
            c = s.rfind(" ", 0, 600)
            fin.append(s[:c])
            s = s[c + 1 :]
        fin.append(s)
    return fin


for f in sorted(glob.glob(base + "energia-avis-2020-dev/data/Documents/*/*.html")):
    doc = f.split("/")[-2]
    fn, b = hints.get(doc, (None, ""))
    L = notice_text(f)
    sec = None
    for line in L:
        if line in SEC:
            sec = SEC[line]
            continue
        if STOP.match(line):
            sec = None
            continue
        if sec and len(line) >= 15:
            for s in split(line):
                if len(s) >= 15:
                    out.append(dict(file=f[len(base) :], doc=doc, buyer=b, sec=sec, text=s))
json.dump(out, open("notices.json", "w"), ensure_ascii=False)

print(len(out), collections.Counter(r["sec"] for r in out))
