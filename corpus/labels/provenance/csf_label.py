import json
import sys

sys.path.insert(0, "..")
from lab import add

d = json.load(open("csf.json"))
E = "execution_condition"
M = "mention"
T = ["social.training"]
P = {
    10: (M, ["social.generic"]),
    11: (E, T),
    12: (E, T),
    13: (E, T),
    14: (E, T),
    15: (M, ["social.generic"]),
    16: (E, T),
    18: (E, T),
    21: (E, T),
    22: (E, T),
    23: (E, T),
    24: (E, T),
    25: (E, T),
    26: (E, T),
    27: (E, T),
    28: (E, T),
    30: (M, T),
    32: (E, T),
    33: (E, T),
    34: (E, T),
    35: (E, T),
    36: (E, T),
    37: (E, T),
    39: (E, T),
    40: (E, T),
    41: (E, T),
    42: (E, T),
    43: (E, T),
}
NEG = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 19, 20, 29, 31, 38, 44, 45] + [
    47,
    48,
    49,
    50,
    51,
    52,
    54,
    55,
    56,
    57,
    58,
    59,
    61,
    62,
    63,
    64,
    65,
    66,
    67,
    68,
    70,
    71,
    72,
    73,
    74,
]
recs = []
for i in sorted(set(P) | set(NEG)):
    r = d[i]
    ins, labs = P.get(i, (None, []))
    doc = ".doc template (antiword)" if r["page"] is None else "guide PDF"
    m = f"CSF {doc}; " + (
        "model clause text to insert in RC/CCAP, read in context"
        if i in P
        else "guide/template instructions, headings or prose, read: nothing imposed -> negative"
    )
    recs.append(
        dict(
            source="clause-sociale-formation",
            file=r["file"],
            page=r["page"],
            buyer="guide-csf",
            text=r["text"],
            labels=labs,
            instrument=ins,
            method=m,
        )
    )
F = "clause-sociale-formation/_doc/Clauses-sociales-documents-a-inserer-dossier-consultation_894183.doc"
for t in [
    "Le titulaire encourt sans mise en demeure préalable dans le cadre de l’application de la clause sociale prévue à l’article … du CCAP/CCP les pénalités suivantes :",
    "- 500 € si l’interlocuteur désigné par le titulaire dans la « fiche entreprise (cadre de réponse) » pour appliquer la clause sociale est absent lors de la réunion spécifique à la mise en œuvre de la clause sociale ;",
    "- 50 € par jour ouvré de retard en cas de non transmission des justificatifs, attestations ou bilans demandés par l’acheteur ou la MLDS dans le cadre de l’évaluation du dispositif social mis en œuvre par le titulaire ;",
    "- une pénalité égale au nombre d’heures prévues par le marché et non réalisées, multiplié par 4 (à adapter)  et multiplié par le plafond horaire de la sécurité sociale brut en cas de non-respect des obligations relatives au volume horaire minimum exigé dans le cahier des charges.",
]:
    recs.append(
        dict(
            source="clause-sociale-formation",
            file=F,
            page=None,
            buyer="guide-csf",
            text=t,
            labels=T,
            instrument=E,
            method="CSF .doc template (antiword); penalty paragraph for the social training clause, read",
        )
    )
add(recs, "csf")
