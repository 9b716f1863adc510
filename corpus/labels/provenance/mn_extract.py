import glob
import html
import json
import re

from paths import BASE

base = BASE
files = sorted(glob.glob(base + "minumeco-guide-achats-numeriques/content/**/*.md", recursive=True))
out = []
for f in files:
    txt = open(f).read()
    txt = re.sub(r"^---.*?---", "", txt, flags=re.S)
    txt = re.sub(r"<[^>]+>", "", txt)
    txt = html.unescape(txt)
    sec = ""
    for para in re.split(r"\n\s*\n", txt):
        p = " ".join(line.strip() for line in para.strip().splitlines() if line.strip())
        if not p:
            continue
        if p.startswith("#"):
            sec = p.lstrip("# ").strip()
        if len(p) < 25 or len(p) > 600:
            continue
        out.append(dict(file=f[len(base) :], sec=sec, text=p))
json.dump(out, open("mn.json", "w"), ensure_ascii=False)
print(len(out))
