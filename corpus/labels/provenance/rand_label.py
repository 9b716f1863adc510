"""Labels of the uniform random sample (rand_extract.py -> /tmp/rand/sample.json), appended to ../passages.jsonl.

Every one of the 700 drawn passages was read (with neighbouring passages where needed). Skipped: exact duplicates
of a text already in passages.jsonl or drawn earlier in this sample (boilerplate notice lines recur), and
5 passages equal to an existing one up to whitespace. All passages not in POS are negatives.
"""

import json
from pathlib import Path

from rand_cut import cut600

HERE = Path(__file__).resolve().parent.parent
OUT = HERE / "passages.jsonl"
DECP = {
    ("social", "execution_condition"): "Clause sociale",
    ("environmental", "execution_condition"): "Clause environnementale",
    ("social", "award_criterion"): "Critère social",
    ("environmental", "award_criterion"): "Critère environnemental",
}

# sample index k -> (instrument, labels)
POS = {
    0: ("execution_condition", ["social.generic"]),  # notice II.2.4: « Accord-cadre ... incluant une clause sociale. »
    250: (
        "execution_condition",
        ["env.generic"],
    ),  # notice: « Consultation comportant des conditions d'exécution à caractère environnemental détaillées dans le Ccap »
    273: (
        "award_criterion",
        ["env.generic"],
    ),  # notice: « Performances en matière de protection de l'environnement: questionnaire environnemental / Weighting: 10 »
    321: ("execution_condition", ["social.insertion"]),  # Aquaréel CCAP 4.5: follow-up of the insertion action by the chargé de mission
    444: (
        "execution_condition",
        ["social.insertion"],
    ),  # Aquaréel CCAP 4.5.1: one of the insertion actions (parrainer une personne éloignée de l'emploi)
}
METHOD = "uniform random sample of whole-document passages (split_passages), read in context"


def side(label):
    return "environmental" if label.startswith("env.") else "social"


def main():
    S = json.load(open("/tmp/rand/sample.json"))
    def ws(t):
        return " ".join(t.split())
    existing = [json.loads(line) for line in open(OUT)]
    seen = {ws(d["text"]) for d in existing}
    n = sum(1 for d in existing if d["id"].startswith("rand-"))
    recs = []
    for s in S:
        text = cut600(s["text"])
        if ws(text) in seen or ws(s["text"]) in seen:
            continue
        seen.add(ws(text))
        inst, labels = POS.get(s["k"], (None, []))
        decp = sorted({DECP[(side(line), inst)] for line in labels if (side(line), inst) in DECP})
        n += 1
        recs.append(
            dict(
                id=f"rand-{n}",
                source=s["source"],
                file=s["file"],
                page=s["page"],
                buyer=s["buyer"],
                text=text,
                labels=labels,
                instrument=inst,
                decp=decp,
                labeller="assistant-reading",
                method=METHOD,
            )
        )
    for b in range(0, len(recs), 50):
        with open(OUT, "a", encoding="utf-8") as f:
            for r in recs[b : b + 50]:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("added", len(recs))


if __name__ == "__main__":
    main()
