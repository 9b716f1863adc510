import json
import sys

sys.path.insert(0, "..")
from lab import add

d = json.load(open("notices.json"))
E = "execution_condition"
T = "technical_specification"
A = "award_criterion"
M = "mention"
R = "reservation"
G = ["env.generic"]
SG = ["social.generic"]
INSERTION = ["social.insertion"]
L = {}


def lab(ins, labs, *ids):
    for i in ids:
        L[i] = (ins, labs)


lab(E, INSERTION, 48, 1558, 3572, 3575, 5072, 6956)
lab(M, INSERTION, 288)
lab(A, G, 143, 576, 614, 1838, 4105, 5017, 5085, 5110, 5174, 6014, 6207, 6226, 6227, 6257, 6284, 6420, 6423, 6496, 7238, 7540)
lab(E, G, 164, 1798, 2883, 3230, 4149, 5073, 7724)
lab(M, ["env.climate"], 941)
lab(T, ["env.climate"], 986)
lab(E, ["env.generic", "social.accessibility"], 1089)
lab(E, ["social.accessibility"], 1090)
lab(E, SG, 1560, 1580, 6234)
lab(A, ["env.climate"], 2491, 6208, 6209, 6285, 6286)
lab(A, ["env.generic", "env.waste"], 2652)
lab(E, ["social.generic", "env.generic"], 2658, 5289, 6139)
lab(A, ["env.generic", "social.generic"], 2966, 6287, 6320)
lab(M, ["env.generic", "social.generic"], 3120, 3121)
lab(E, ["social.equality"], 5074, 5290)
lab(T, ["env.ecolabel"], 5116, 5579, 5587, 5635, 5659, 5683)
lab(R, ["reserved.disability", "reserved.insertion"], 6122)
lab(A, ["env.pollution"], 6210)
lab(A, ["env.waste"], 6228)
lab(A, INSERTION, 6229)
lab(A, ["env.pollution", "env.climate", "env.water"], 6294)
lab(E, ["env.biodiversity"], 7423)
NEG = [
    6,
    7,
    15,
    23,
    60,
    106,
    377,
    584,
    646,
    841,
    1099,
    1146,
    1330,
    1332,
    1440,
    1443,
    1754,
    1973,
    2317,
    2470,
    2699,
    2719,
    2850,
    2871,
    2951,
    2959,
    3443,
    3573,
    3731,
    3739,
    3795,
    3926,
    3940,
    4058,
    4234,
    4239,
    4906,
    4966,
    4968,
    5078,
    5437,
    5566,
    6026,
    6162,
    6194,
    6213,
    6251,
    6263,
    6291,
    6601,
    6799,
    6847,
    6901,
    6982,
    6998,
    7108,
    7336,
    7370,
    7372,
    17,
    20,
    77,
    108,
    145,
    163,
    181,
    406,
    491,
    604,
    626,
    663,
    667,
    672,
    802,
    859,
    960,
    990,
    1071,
    1097,
    1098,
    1568,
    1780,
    1896,
    1972,
    2007,
    2080,
    2422,
    2482,
    2498,
    2679,
    2689,
    2730,
    2847,
    2999,
    3063,
    3211,
    3277,
    3284,
    3324,
    3597,
    3609,
    3718,
    3890,
    3938,
    3978,
    4031,
    4039,
    4068,
    4366,
    4463,
    5098,
    5338,
    5387,
    5402,
    5482,
    5599,
    5776,
    5891,
    5915,
    6061,
    6225,
    6375,
    6443,
    6474,
    6660,
    6691,
    6732,
    6829,
    6835,
    6941,
    6947,
    7150,
    7217,
    7293,
    7381,
    7740,
    7854,
]
extra = [i for i, r in enumerate(d) if r["text"] in ("Informations sur les concessions réservées",)][:1]
recs = []
for i in list(L) + sorted(set(NEG + extra) - set(L)):
    r = d[i]
    ins, labs = L.get(i, (None, []))
    m = (
        f"BOAMP notice (UTF-16 HTML, tags stripped), section {r['sec']}; sentence-split; candidate from keyword scan or random sample of the same sections; read in the notice context"
        + ("" if labs else " -> negative")
    )
    recs.append(
        dict(
            source="energia-avis-2020-dev",
            file=r["file"],
            page=None,
            buyer=r["buyer"] or f"notice-{r['doc']}",
            text=r["text"],
            labels=labs,
            instrument=ins,
            method=m,
        )
    )
add(recs, "avis")
