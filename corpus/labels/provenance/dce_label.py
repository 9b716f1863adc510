import json
import sys

sys.path.insert(0, "..")
from lab import add

d = json.load(open("dce.json"))
E = "execution_condition"
T = "technical_specification"
A = "award_criterion"
M = "mention"
INSERTION = ["social.insertion"]
W = ["env.waste"]
P_ = ["env.pollution"]
G = ["env.generic"]


def buyer(f):
    for k, v in [
        ("grenoble", "Grenoble INP - UGA"),
        ("aquareel", "Service central Vigicrues"),
        ("coupvray", "Mairie de Coupvray"),
        ("cuzieu", "Mairie de Cuzieu"),
        ("camp-des-milles", "Fondation du Camp des Milles"),
        ("guyane", "Préfecture de la région Guyane"),
        ("uniha", "GCS UniHA"),
    ]:
        if k in f:
            return v


L = {}


def lab(ins, labs, *ids):
    for i in ids:
        L[i] = (ins, labs)


# --- Aquareel CCAP 4.5 insertion / art 5 env / 13.2-13.3
for i in [
    4891,
    4895,
    4896,
    4897,
    4904,
    4905,
    4908,
    4909,
    4910,
    4912,
    4913,
    4916,
    4918,
    4919,
    4920,
    4921,
    4922,
    4923,
    4927,
    4928,
    4931,
    4932,
    4935,
    4937,
    4938,
    4939,
    4940,
    4944,
    4952,
    4959,
    4960,
    4963,
    4964,
    4965,
    4967,
    4968,
    4969,
    4976,
    4980,
    4981,
    4984,
    5189,
    5191,
    5196,
]:
    L[i] = (E, INSERTION)
L[4904] = (E, ["social.insertion", "social.equality"])
L[4941] = (M, INSERTION)
J = {
    (4892, 4893): (M, INSERTION),
    (4898, 4899): (E, INSERTION),
    (4900, 4901): (E, INSERTION),
    (4902, 4903): (E, INSERTION),
    (4914, 4915): (E, INSERTION),
    (4925, 4926): (E, INSERTION),
    (4929, 4930): (E, INSERTION),
    (4933, 4934): (E, INSERTION),
    (4945, 4946): (E, INSERTION),
    (4947, 4948): (E, INSERTION),
    (4949, 4950): (E, INSERTION),
    (4953, 4954): (E, INSERTION),
    (4955, 4956): (E, INSERTION),
    (4957, 4958): (E, INSERTION),
    (4961, 4962): (E, INSERTION),
    (4971, 4972): (E, INSERTION),
    (4974, 4975): (E, INSERTION),
    (4977, 4978): (E, INSERTION),
    (4982, 4983): (E, INSERTION),
    (4985, 4986): (E, INSERTION),
    (4987, 4988): (E, INSERTION),
    (5001, 5002): (M, ["env.climate"]),
    (5872, 5873): (E, ["env.climate"]),
}
lab(E, ["env.climate"], 4999)
lab(E, G, 5000, 5874, 5875, 5876, 5877, 5878, 5199)
lab(M, G, 5085, 4513, 4514)
lab(E, INSERTION, 4597, 4598, 4605, 4606, 4608, 4610)
NEG = [
    4888,
    4889,
    4890,
    4894,
    4906,
    4907,
    4936,
    4942,
    4943,
    4951,
    4966,
    4970,
    4973,
    4979,
    4989,
    4994,
    4995,
    4997,
    4998,
    5188,
    5198,
    5296,
    5008,
    5040,
    5067,
    5158,
    5160,
    5201,
    5212,
    5220,
    5265,
    4814,
    4847,
    4856,
    5119,
    5123,
    5131,
    5359,
    5549,
    5553,
    5562,
    5677,
    5696,
    5739,
    5817,
    5356,
    5784,
    5669,
    4519,
    4596,
    4558,
    4578,
    4536,
    4494,
    4507,
    5226,
    5433,
    5745,
    5765,
    5770,
    5858,
    5045,
    4594,
    4498,
]
# --- Grenoble
lab(E, G, 141, 502, 503)
lab(A, G, 504, 424, 427, 4388, 4395)
lab(M, G, 423)
lab(A, ["env.circular"], 425, 4393, 4396, 4397, 4401, 4402, 4403)
lab(T, ["env.circular"], 426)
lab(M, ["env.climate"], 428)
lab(A, ["env.climate"], 429, 4390, 4391, 4392, 4406)
lab(E, ["env.waste", "env.circular"], 430)
lab(A, W, 432, 433)
lab(A, ["env.circular", "env.generic"], 4394)
lab(A, ["env.waste", "env.climate"], 4404, 4405)
NEG += [
    47,
    57,
    64,
    71,
    133,
    134,
    140,
    142,
    157,
    158,
    186,
    204,
    472,
    514,
    556,
    557,
    565,
    570,
    571,
    574,
    582,
    587,
    588,
    324,
    335,
    342,
    343,
    396,
    400,
    4239,
    4256,
    4257,
    4326,
    4339,
    4362,
    4241,
    4279,
    4280,
    4285,
    4308,
    4336,
    4348,
    4353,
    4363,
    4365,
    4370,
    4375,
    4378,
    4408,
    4462,
    4463,
    4464,
    4466,
    4472,
    109,
    193,
    488,
    4142,
    4415,
]
# --- UniHA
lab(A, ["social.working_conditions"], 4173)
lab(A, G, 4182, 4183)
NEG += [4169, 4178, 4181, 4093, 4210, 4050, 4205, 4198, 4060, 4106]
# --- Camp des Milles / Guyane
NEG += [689, 690, 691, 716, 802, 808, 812, 849, 850, 681, 792, 853, 3931, 3932, 3956, 3968, 3950, 3977, 3947, 3913, 3933]
# --- Coupvray
lab(E, W, 1053, 1054, 1055, 1057, 1058, 1059, 1060, 1061, 1062, 1135, 1138, 1322, 1417)
lab(E, P_, 1131, 1132, 1133, 1134, 1137, 1035, 1031)
lab(M, ["env.climate"], 1921)
lab(T, ["env.climate"], 2347)
NEG += [
    874,
    892,
    919,
    932,
    933,
    991,
    1007,
    1008,
    1056,
    1096,
    1107,
    1174,
    1337,
    1360,
    1370,
    1414,
    1416,
    1436,
    1547,
    1654,
    1703,
    1833,
    1897,
    2197,
    2242,
    2337,
    1140,
    1003,
    1009,
    1044,
    1211,
    1464,
    1526,
    2326,
    2349,
    2466,
]
# --- Cuzieu
lab(E, W, 2653, 2684, 2685, 2687, 2689, 2690, 2691, 2692)
lab(M, W, 2686)
lab(T, ["env.biodiversity"], 3182, 3191)
lab(T, G, 3190)
lab(T, P_, 3192, 3193, 3194, 3195, 3215, 3620, 3621, 3623, 3625, 3627, 3628)
lab(M, P_, 3624)
lab(T, ["env.ecolabel"], 3622, 3833, 3864, 3876)
NEG += [
    2715,
    2781,
    2794,
    2821,
    3180,
    3183,
    3184,
    3189,
    3206,
    2578,
    3632,
    3691,
    3616,
    2516,
    2531,
    2785,
    2958,
    3218,
    3384,
    3550,
    3613,
    3667,
    3674,
    3626,
]
recs = []


def mk(text, r, ins, labs):
    src = r["file"].split("/")[0]
    if src == "more-dce":
        src = "more-dce/" + r["file"].split("/")[1]
    m = "DCE passage found by keyword scan of the whole document, then read in its section; " + (
        "clause: instrument from document type and wording"
        if ins in (E, T, A)
        else "topic evoked without obligation (mention)"
        if ins == M
        else "boilerplate / keyword false friend / ordinary clause -> negative"
    )
    return dict(source=src, file=r["file"], page=r["page"], buyer=buyer(r["file"]), text=text, labels=labs, instrument=ins, method=m)


for i, (ins, labs) in L.items():
    recs.append(mk(d[i]["text"], d[i], ins, labs))
for ids, (ins, labs) in J.items():
    recs.append(mk(" ".join(d[i]["text"] for i in ids), d[ids[0]], ins, labs))
    recs[-1]["method"] += " (consecutive lines of one sentence joined)"
for i in sorted(set(NEG) - set(L)):
    recs.append(mk(d[i]["text"], d[i], None, []))
# substrings of the 'essentiel' tables (CCAP p.2)
r = d[1]
for t, ins, labs in [("Clauses sociales Sans", None, []), ("Clauses environnementales Avec", E, G)]:
    assert t in r["text"]
    x = mk(t, r, ins, labs)
    x["method"] = "substring of the CCAP 'L'essentiel du contrat' table (buyer's own flag), read"
    recs.append(x)
r = d[575]
t = "4-Performances en matière de protection de l'environnement en lien avec l’objet du marché 10.0 %"
assert t in r["text"]
x = mk(t, r, A, G)
x["method"] = "substring of the RC criteria table (criterion 4 with weight), read"
recs.append(x)
add(recs, "dce")
