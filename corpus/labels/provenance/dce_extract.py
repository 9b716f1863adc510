import glob
import json
import re

import pypdfium2 as pdfium
from docx2python import docx2python
from paths import BASE

base = BASE
out = []
BUL = re.compile(r"^\s*([•▫◦➢\-–—*]|\d+(\.\d+)*\s*[\.\)]?\s+[A-ZÀ-Ü]|ARTICLE|Article|#|---|[A-Z]\s*[\.\)-]\s)")


def paras(tx):
    tx = tx.replace("\r", "")
    cur = []

    def flush():
        p = " ".join(" ".join(cur).split())
        cur.clear()
        while len(p) > 600:
            cut = p.rfind(". ", 0, 600)
            if cut < 200:
                cut = p.rfind(" ", 0, 600)
            yield p[: cut + 1].strip()
            p = p[cut + 1 :].strip()
        if len(p) >= 25:
            yield p

    prev = ""
    for line in tx.split("\n"):
        s = line.strip()
        if not s or s.startswith("## Page") or s == "---" or re.fullmatch(r"\d+\s*/\s*\d+|Page \d+.*", s):
            yield from flush()
            prev = ""
            continue
        if cur and (BUL.match(s) or re.search(r"[.:;!?]$", prev) or "...." in prev):
            yield from flush()
        cur.append(s)
        prev = s
    yield from flush()


pdfs = sorted(glob.glob(base + "dce-grenoble-inp-2026/**/*.pdf", recursive=True) + glob.glob(base + "more-dce/**/*.pdf", recursive=True))
for f in pdfs:
    pdf = pdfium.PdfDocument(f)
    for i in range(len(pdf)):
        for p in paras(pdf[i].get_textpage().get_text_range()):
            out.append(dict(file=f[len(base) :], page=i + 1, text=p))
for f in sorted(glob.glob(base + "dce-grenoble-inp-2026/**/*.docx", recursive=True)):
    with docx2python(f) as d:
        tx = d.text
    for p in paras(tx):
        out.append(dict(file=f[len(base) :], page=None, text=p))
for f in sorted(glob.glob(base + "dce-aquareel-2025-md/**/*.md", recursive=True)):
    if f.endswith("/CCAP.md") or f.endswith("/CCTP.md"):
        continue
    # keep md page numbers
    page = None
    buf = []
    for line in open(f).read().split("\n"):
        m = re.match(r"## Page (\d+)", line.strip())
        if m:
            for p in paras("\n".join(buf)):
                out.append(dict(file=f[len(base) :], page=None, text=p))
            buf = []
            continue
        buf.append(line)
    for p in paras("\n".join(buf)):
        out.append(dict(file=f[len(base) :], page=None, text=p))
json.dump(out, open("dce.json", "w"), ensure_ascii=False)
print(len(out))
