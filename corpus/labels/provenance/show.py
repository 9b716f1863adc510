import json
import re
import sys

d = json.load(open("dce.json"))
pat = re.compile(
    r"environn|social|sociaux|insertion|durable|d[ée]chet|carbone|[ée]nergi|emballage|recycl|r[ée]emploi|handicap|label|[ée]colog|pollu|nuisance|bruit|[ée]missions|eau\b|fsc|pefc|cov\b|\bhqe|tri\b|valoris|emploi|rse\b|gaz [àa] effet|climat|vigilance|travail dissimul|[ée]galit|discrimin|apprenti|formation|esat|entreprise adapt|r[ée]serv|nf environnement|[ée]colabel|toxique|biodiv|[ée]conomie circulaire|gaspill|sobri|v[ée]hicule",
    re.I,
)
f = sys.argv[1]
ctx = int(sys.argv[2]) if len(sys.argv) > 2 else 0
for i, r in enumerate(d):
    if f in r["file"] and pat.search(r["text"]):
        print(i, r["page"], "|", r["text"][:500])
