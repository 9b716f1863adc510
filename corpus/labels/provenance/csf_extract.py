import json
import re
import subprocess

import pypdfium2 as pdfium
from paths import BASE

base = BASE
out = []
t = subprocess.run(
    ["antiword", "-w", "0", base + "clause-sociale-formation/_doc/Clauses-sociales-documents-a-inserer-dossier-consultation_894183.doc"],
    capture_output=True,
    text=True,
).stdout
for p in re.split(r"\n\s*\n", t):
    p = " ".join(p.split())
    if 20 <= len(p) <= 600:
        out.append(
            dict(
                file="clause-sociale-formation/_doc/Clauses-sociales-documents-a-inserer-dossier-consultation_894183.doc", page=None, text=p
            )
        )
pdf = pdfium.PdfDocument(base + "clause-sociale-formation/_doc/references/guide-acheteur-dec19.pdf")
for i in range(len(pdf)):
    tx = pdf[i].get_textpage().get_text_range().replace("\r", "")
    for p in re.split(r"\n\s*\n|(?<=[.:;])\n(?=[A-ZÀ-Ü•\-])", tx):
        p = " ".join(p.split())
        if 20 <= len(p) <= 600:
            out.append(dict(file="clause-sociale-formation/_doc/references/guide-acheteur-dec19.pdf", page=i + 1, text=p))
json.dump(out, open("csf.json", "w"), ensure_ascii=False)
for i, r in enumerate(out):
    print(i, r["page"], "|", r["text"][:330])
