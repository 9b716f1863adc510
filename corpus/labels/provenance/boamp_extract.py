# Regenerates boamp_cands.json, boamp_cands2.json, boamp_neg.json used by boamp1.py / boamp2.py / the negative step.
import json
import re

import pandas as pd
from paths import BASE

df = pd.read_csv(BASE + "boamp-criteres-attribution/NeuralNetwork/critere_attribution_data.csv")
df.columns = ["idx", "c1", "c2"]


def scan(pat, seen):
    out = []
    for _, r in df.iterrows():
        for col in ["c1", "c2"]:
            t = r[col]
            if isinstance(t, str) and pat.search(t) and t not in seen:
                seen.add(t)
                out.append((int(r.idx), col, t))
    return out


seen = set()
p1 = re.compile(
    r"environn|social|sociaux|insertion|durable|d[ée]chet|carbone|[ée]nergi|emballage|circuit|\bbio|label|rse\b|handicap|recycl|[ée]colog|co2|pollu|nuisance|[ée]missions|gaz [àa] effet|eau\b|biodiv|[ée]quitable|esat|solidaire|local|proximit|saison|ges\b|clim|cycle de vie|r[ée]emploi|[ée]co-|ecolabel|vert",
    re.I,
)
c1 = scan(p1, seen)
json.dump(c1, open("boamp_cands.json", "w"), ensure_ascii=False)
p2 = re.compile(
    r"hqe|\béco|sociale|nuisance|bruit|emploi|ch[ôo]m|jeunes|apprenti|[ée]thique|responsab|v[ée]hicules? propre|[ée]lectrique|fili[èe]re|valoris|tri\b|sobri|consommation|impact|qualit[ée] de l.air|produits? d.entretien|phyto|z[ée]ro|diesel|gnv|hybride|renouvel|mat[ée]riaux|compost|gaspill|alimentation durable|terroir|agricul|fra[iî]che",
    re.I,
)
c2 = scan(p2, seen)
json.dump(c2, open("boamp_cands2.json", "w"), ensure_ascii=False)
# ordinary negatives: random cells (random_state=7) not hit by either regex, first 150 (<=600 chars)
neg = []
for _, r in df.sample(frac=1, random_state=7).iterrows():
    for col in ["c1", "c2"]:
        t = r[col]
        if isinstance(t, str) and t not in seen and len(t) <= 600:
            seen.add(t)
            neg.append((int(r.idx), col, t))
    if len(neg) >= 150:
        break
json.dump(neg, open("boamp_neg.json", "w"), ensure_ascii=False)
print(len(c1), len(c2), len(neg))
