import json
import sys

sys.path.insert(0, "..")
from lab import add

c = json.load(open("boamp_cands2.json"))
P = {16: ["env.circular"], 75: ["env.generic"], 79: ["env.generic"]}
NEG = [
    0,
    1,
    2,
    3,
    5,
    7,
    9,
    10,
    11,
    13,
    14,
    17,
    20,
    21,
    23,
    25,
    26,
    29,
    32,
    33,
    34,
    43,
    45,
    46,
    47,
    53,
    54,
    56,
    59,
    62,
    64,
    66,
    70,
    73,
    76,
    77,
    80,
    83,
]
recs = []
for i, (idx, _col, t) in enumerate(c):
    if i not in P and i not in NEG:
        continue
    labs = P.get(i, [])
    m = (
        "BOAMP award-criterion cell; candidate found by second keyword regex (éco, matériaux, consommation...), read and labelled by hand"
        + ("" if labs else " (negative)")
    )
    recs.append(
        dict(
            source="boamp-criteres-attribution",
            file="boamp-criteres-attribution/NeuralNetwork/critere_attribution_data.csv",
            page=None,
            buyer=f"boamp-criteres-b{idx // 100}",
            text=t,
            labels=labs,
            instrument="award_criterion" if labs else None,
            method=m,
        )
    )
add(recs, "boamp")
