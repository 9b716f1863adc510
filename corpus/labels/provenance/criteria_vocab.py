"""Recall of the rules on real award-criterion wordings (BOAMP criteria dataset, a DEVELOPMENT folder).

Run from the repository root:
    PYTHONPATH=. python corpus/labels/provenance/criteria_vocab.py extract --half tune   # the cells to read, no outcome
    PYTHONPATH=. python corpus/labels/provenance/criteria_vocab.py score --half tune     # rules vs labels
    PYTHONPATH=. python corpus/labels/provenance/criteria_vocab.py score --half check --misses

Cells: every criterion string of `boamp-criteres-attribution/NeuralNetwork/critere_attribution_data.csv` (15 950
notices x their first two criteria) that names an environmental or social notion (STEMS), deduplicated (case and
spaces folded; the first row that holds it gives its row id), split into a TUNE and a CHECK half by a stable hash of
that row id (sha256, first byte even = TUNE). The dataset's author stripped apostrophes ("lenvironnement"): the test
context restores the obvious ones (restore_apostrophes: "l"/"d"/"qu"... glued to a word that the dataset holds on its
own far more often than glued). The labels are made by reading the cell, never from the rules' output
(criteria_vocab_labels.jsonl: row, half, text, label env|social|both|neither, reason).

Each cell is scored as the third item of a BOAMP notice's criteria list (CONTEXT) through analyze_tender on a
temporary avis .txt file; what counts is the tender's DECP values: "Critère environnemental" / "Critère social",
for the rules alone (mode rules) and the shipped decision (mode verifier, the shipped verifier).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paths import CORPUS, LABELS  # noqa: E402

DATA = CORPUS / "boamp-criteres-attribution" / "NeuralNetwork" / "critere_attribution_data.csv"
LABELS_FILE = LABELS / "provenance" / "criteria_vocab_labels.jsonl"

STEMS = re.compile(
    r"environ|[ée]colog|durable|carbone|d[ée]chet|[ée]nerg[ée]|recycl|circulaire|biodivers|\b[ée]co-|"
    r"\b[ée]co ?(?:respons|conception|label|citoyen|geste|syst)|\brse\b|\bsocia|soci[ée]ta|insertion|solidaire|"
    r"handicap|\bemploi|[ée]quitable|climat|[ée]mission|pollu|nuisance|\bco2\b|\bges\b|circuits? courts?|biologique|"
    r"r[ée]emploi|apprenti|[ée]galit|[ée]thique|inclusi|transition|\bhqe\b|\bso[gps]ed\b|\bsopre\b",
    re.I,
)

CONTEXT = (
    "AVIS DE MARCHÉ\n"
    "Section II : Objet\n"
    "II.2.5) Critères d'attribution\n"
    "Le prix n'est pas le seul critère d'attribution et tous les critères sont énoncés ci-dessous :\n"
    "1. Prix : 60 %\n"
    "2. Valeur technique : 30 %\n"
    "3. {cell} : 10 %\n"
    "Section IV : Procédure\n"
)
SIDES = {"env": ("environmental",), "social": ("social",), "both": ("environmental", "social"), "neither": ()}
VALUES = {"environmental": "Critère environnemental", "social": "Critère social"}


def half_of(row: str) -> str:
    return "tune" if hashlib.sha256(row.encode()).digest()[0] % 2 == 0 else "check"


def cells() -> list[dict]:
    """The distinct criterion cells with an environmental or social notion, in file order."""
    out: dict[str, dict] = {}
    with open(DATA, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            for col in ("CRITERES_ATTRIBUTION_1", "CRITERES_ATTRIBUTION_2"):
                text = " ".join((rec[col] or "").replace("\\xa0", " ").split())
                if not text or not STEMS.search(text):
                    continue
                key = text.casefold()
                if key not in out:
                    row = rec[""]
                    out[key] = {"row": row, "col": col, "half": half_of(row), "text": text}
    return list(out.values())


_WORD = re.compile(r"[A-Za-zÀ-ÿœŒ]+")
_GLUED = re.compile(r"\b(qu|[ldns])([aeéèêiîoôuhyAEÉÈÊIÎOÔUHY][a-zà-ÿœ]{2,})\b", re.I)
# French words of the same shape whose tail is also a word: never split.
_WORDS = {"dans", "dont", "sont", "sous", "savoir", "lors", "leur", "leurs", "nous", "sauf", "lune", "laveur"}


def _vocabulary() -> Counter:
    counts: Counter = Counter()
    with open(DATA, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            for col in ("CRITERES_ATTRIBUTION_1", "CRITERES_ATTRIBUTION_2"):
                counts.update(w.lower() for w in _WORD.findall(rec[col] or ""))
    return counts


def restore_apostrophes(text: str, vocab: Counter) -> str:
    """ "lenvironnement" -> "l'environnement" when "environnement" stands alone in the dataset at least twice and the
    glued form is not itself a French word ("dans", "dont": _WORDS)."""

    def fix(m: re.Match) -> str:
        head, rest = m.group(1), m.group(2)
        if m.group(0).lower() in _WORDS or vocab[rest.lower()] < 2:
            return m.group(0)
        return f"{head}'{rest}"

    return _GLUED.sub(fix, text)


def predicted(texts: list[str]) -> list[dict[str, set[str]]]:
    """Per text, the tender's criterion values for the rules alone and the shipped decision."""
    from analyzer.classifier.verifier import load
    from analyzer.decision import decide, default_config
    from analyzer.pipeline import analyze_tender

    config = default_config()
    verifier = load()
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(texts):
            folder = Path(tmp) / f"t{i}"
            folder.mkdir()
            (folder / "avis.txt").write_text(CONTEXT.format(cell=text), encoding="utf-8")
            result = analyze_tender(folder, threshold=config.rule_threshold, combine_config=config.with_mode("union"), verifier=verifier)
            got = {}
            for mode in ("rules", "verifier"):
                d = decide(result.findings, config.with_mode(mode), config.rule_threshold)
                values = set(d.considerations_sociales + d.considerations_environnementales)
                got[mode] = {side for side, value in VALUES.items() if value in values}
            out.append(got)
    return out


def load_labels() -> dict[str, dict]:
    if not LABELS_FILE.exists():
        return {}
    return {r["text"].casefold(): r for r in map(json.loads, LABELS_FILE.read_text(encoding="utf-8").splitlines()) if r}


def score(half: str, show_misses: bool) -> None:
    labels = load_labels()
    todo = [c for c in cells() if c["half"] == half]
    missing = [c for c in todo if c["text"].casefold() not in labels]
    if missing:
        sys.exit(f"{len(missing)} {half} cells have no label yet: label them by reading first (extract --half {half})")
    vocab = _vocabulary()
    preds = predicted([restore_apostrophes(c["text"], vocab) for c in todo])
    for mode in ("rules", "verifier"):
        print(f"{half} ({len(todo)} cells), mode {mode}:")
        for side in ("environmental", "social"):
            tp = fp = fn = 0
            for c, p in zip(todo, preds):
                truth = side in SIDES[labels[c["text"].casefold()]["label"]]
                got = side in p[mode]
                tp += truth and got
                fp += got and not truth
                fn += truth and not got
                if show_misses and truth != got:
                    print(f"    {'FN' if truth else 'FP'} {side[:3]} row {c['row']}: {c['text'][:140]}")
            support = tp + fn
            prec = f"{tp / (tp + fp):.2f}" if tp + fp else "–"
            rec = f"{tp / support:.2f}" if support else "–"
            print(f"  {side:13s} support {support:3d}  tp {tp:3d} fp {fp:2d} fn {fn:3d}  P {prec} R {rec}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("extract", "score"))
    parser.add_argument("--half", choices=("tune", "check"), default="tune")
    parser.add_argument("--misses", action="store_true", help="list the cells where the rules and the label disagree")
    args = parser.parse_args()
    if args.action == "extract":
        vocab = _vocabulary()
        for c in cells():
            if c["half"] == args.half:
                print(json.dumps({**c, "context_text": restore_apostrophes(c["text"], vocab)}, ensure_ascii=False))
    else:
        score(args.half, args.misses)


if __name__ == "__main__":
    main()
