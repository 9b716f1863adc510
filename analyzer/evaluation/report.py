"""Run the whole evaluation, write models/metrics.json and models/errors.json, print it, and fill the README table."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from analyzer.classifier.data import PASSAGES_PATH, REPO, TENDERS_PATH, read_tenders, sha256_file
from analyzer.classifier.metrics import Scores, micro, per_label
from analyzer.classifier.model import DEFAULT_SEED
from analyzer.decision import CombineConfig
from analyzer.detection.taxonomy import DECP_VALUES
from analyzer.evaluation import passages as passage_eval
from analyzer.evaluation import tenders as tender_eval
from analyzer.evaluation.folds import N_SPLITS

MODES = ("rules", "model", "union", "weighted", "verifier")
MODE_TITLES = {
    "rules": "Rules only",
    "model": "Model only",
    "union": "Combined: union",
    "weighted": "Combined: weighted vote",
    "verifier": "Rules + verifier",
}
# What is printed and put in the README: rules alone, the verifier, the shipped decision (and the older model).
SHOWN = ("rules", "verifier", "shipped", "model")
LOW_SUPPORT = 10
GOAL_F1 = 0.90  # issue 5: combined tender-level F1 for each DECP value with support >= 10
IN_SAMPLE_NOTE = (
    "Caution: the rules were written and tuned on this development corpus (these notices and DCE included), so their "
    "figures here are in-sample and optimistic; only the verifier and the model are cross-fitted. Held-out tenders will say more."
)
README_START, README_END = "<!-- metrics:start -->", "<!-- metrics:end -->"


def run(
    config: CombineConfig,
    seed: int = DEFAULT_SEED,
    n_splits: int = N_SPLITS,
    passages_path: Path = PASSAGES_PATH,
    tenders_path: Path = TENDERS_PATH,
    corpus: Path | None = None,
    progress=None,
    candidates_path: Path | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(metrics, errors): both JSON-ready."""
    from analyzer.classifier.verifier_training import CANDIDATES_PATH, development_records, out_of_fold, rule_candidates

    candidates_path = CANDIDATES_PATH if candidates_path is None else candidates_path
    passages = development_records(passages_path, candidates_path)
    tenders = read_tenders(tenders_path)
    pp = passage_eval.predict(passages, config, seed, n_splits)
    # The verifier, cross-validated the same way (GroupKFold by buyer) on the rules' candidates of the same passages.
    cs = rule_candidates(passages)
    cv = out_of_fold(
        cs, seed, config.verifier_threshold, n_splits, config.rule_threshold, config.wide_net_threshold, config.verifier_refiles
    )
    pp.decp["verifier"] = cv.verified
    truth = [set(p.decp) for p in passages]
    goal_labels = sorted({lab for p in passages for lab in p.labels} | {lab for s in pp.rule_labels for lab in s})
    passage_level = {
        "items": len(passages),
        "scheme": f"GroupKFold by buyer, {len(pp.splits)} folds; one model trained per fold; rules run on each passage",
        "decp": {m: _table(per_label(truth, pp.decp[m], DECP_VALUES)) for m in MODES},
        "micro": {m: micro(per_label(truth, pp.decp[m], DECP_VALUES)).to_dict() for m in MODES},
        "labels_rules": _table(per_label([set(p.labels) for p in passages], pp.rule_labels, goal_labels)),
        "labels_note": "taxonomy goals of the rules' positive findings (any instrument, mentions included) against the labelled goals; "
        "the model predicts DECP values only, so it has no per-goal row",
    }
    outcomes = tender_eval.evaluate_tenders(passages, tenders, config, seed, n_splits, corpus, progress, candidates=cs)
    scored = [o for o in outcomes if o.error is None]
    tender_level = {
        "items": len(scored),
        "not_analysed": [{"tender_id": o.tender_id, "error": o.error} for o in outcomes if o.error],
        "scheme": (
            f"full pipeline on each tender; model cross-fitted ({n_splits} group folds: tenders and labelled passages grouped by folded buyer "
            "name and by the tender's own files, so no model scores a tender whose buyer or documents it was trained on)"
        ),
        "include_only": {k: {"glob": v[0], "why": v[1]} for k, v in tender_eval.INCLUDE_ONLY.items()},
        "decp": {m: _table(per_label([o.truth for o in scored], [o.predicted[m] for o in scored], DECP_VALUES)) for m in MODES},
        "micro": {m: micro(per_label([o.truth for o in scored], [o.predicted[m] for o in scored], DECP_VALUES)).to_dict() for m in MODES},
        "fired_under_union": dict(Counter(v for o in scored for v in o.fired.values())),
        "facts": tender_eval.facts_accuracy(scored),
        "facts_note": "weights compared within 0.5 points; insertion hours only where the label gives an absolute number "
        "(labels leave a rate such as 35 h per 100 000 EUR null; the analyzer reports it as insertion_hours + insertion_hours_per_eur)",
    }
    metrics = {
        "generated": dt.date.today().isoformat(),
        "seed": seed,
        "config": asdict(config),
        "data": {
            "passages": {"path": "corpus/labels/passages.jsonl", "sha256": sha256_file(passages_path)},
            "tenders": {"path": "corpus/labels/tenders.jsonl", "sha256": sha256_file(tenders_path)},
        },
        "low_support_threshold": LOW_SUPPORT,
        "passage_level": passage_level,
        "tender_level": tender_level,
    }
    from analyzer.evaluation import verifier as verifier_eval

    metrics["shipped_mode"] = config.mode
    metrics["error_analysis"] = {
        "passages": verifier_eval.passage_errors(cv),
        "tenders": verifier_eval.tender_errors(scored, config.mode),
    }
    errors = {
        "passages": _passage_errors(pp, config),
        "tenders": _tender_errors(scored),
    }
    return metrics, errors


def _table(table: dict[str, Scores]) -> dict[str, dict[str, Any]]:
    return {k: v.to_dict() for k, v in table.items()}


def _passage_errors(pp: passage_eval.PassagePredictions, config: CombineConfig) -> list[dict[str, Any]]:
    out = []
    for i, p in enumerate(pp.passages):
        truth = set(p.decp)
        for mode in ("rules", "model", "union"):
            pred = pp.decp[mode][i]
            for v in sorted(truth ^ pred):
                out.append(
                    {
                        "mode": mode,
                        "kind": "false positive" if v in pred else "false negative",
                        "decp_value": v,
                        "id": p.id,
                        "buyer": p.buyer,
                        "file": p.file,
                        "page": p.page,
                        "text": p.text,
                        "labels": list(p.labels),
                        "instrument": p.instrument,
                        "model_probability": round(float(pp.proba[i, DECP_VALUES.index(v)]), 3),
                        "rule_findings": [
                            {"rule_id": f.rule_id, "label": f.label, "decp_value": f.decp_value, "negated": f.negated, "quote": f.quote}
                            for f in pp.findings[i]
                            if f.rule_id
                        ],
                    }
                )
    return out


def _tender_errors(outcomes) -> list[dict[str, Any]]:
    out = []
    for o in outcomes:
        for mode in MODES:
            pred = o.predicted[mode]
            for v in sorted(o.truth ^ pred):
                out.append(
                    {
                        "mode": mode,
                        "kind": "false positive" if v in pred else "false negative",
                        "decp_value": v,
                        "tender_id": o.tender_id,
                        "path": o.path,
                        "buyer": o.buyer,
                        "evidence": [e for e in o.evidence if e["decp_value"] == v],
                    }
                )
    return out


def write(metrics: dict[str, Any], errors: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    m, e = out_dir / "metrics.json", out_dir / "errors.json"
    m.write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    e.write_text(json.dumps(errors, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return m, e


# --- printing -------------------------------------------------------------------------------------


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _prf(s: dict[str, Any]) -> str:
    return f"{_f(s['precision'])} / {_f(s['recall'])} / {_f(s['f1'])}"


def _shown(metrics: dict[str, Any]) -> list[tuple[str, str]]:
    """(column title, mode) of the columns shown: rules only, verifier, the shipped decision, the older model."""
    shipped = metrics.get("shipped_mode", metrics["config"]["mode"])
    return [
        ("Rules only", "rules"),
        ("Rules + verifier", "verifier"),
        (f"Shipped ({shipped})", shipped),
        ("Model only", "model"),
    ]


def print_metrics(metrics: dict[str, Any], console: Console) -> None:
    for level, title in (("tender_level", "Tender level"), ("passage_level", "Passage level")):
        block = metrics[level]
        table = Table(title=f"{title}: {block['items']} items — precision / recall / F1 per DECP value", title_justify="left")
        table.add_column("DECP value")
        table.add_column("Support", justify="right")
        shown = [(t, m) for t, m in _shown(metrics) if m in block["decp"]]
        for t, _ in shown:
            table.add_column(t, justify="center")
        for v in DECP_VALUES:
            support = block["decp"]["rules"][v]["support"]
            name = v if support >= LOW_SUPPORT else f"{v} [yellow](support < {LOW_SUPPORT}: not measured)[/yellow]"
            table.add_row(name, str(support), *(_prf(block["decp"][m][v]) for _, m in shown))
        table.add_row("[b]all values (micro)[/b]", str(block["micro"]["rules"]["support"]), *(_prf(block["micro"][m]) for _, m in shown))
        console.print(table)
        console.print(f"[dim]{block['scheme']}[/dim]\n")
    labels = metrics["passage_level"]["labels_rules"]
    table = Table(title="Passage level, rules only, per taxonomy goal", title_justify="left")
    for c in ("Goal", "Support", "Precision", "Recall", "F1"):
        table.add_column(c, justify="left" if c == "Goal" else "right")
    for lab, s in sorted(labels.items(), key=lambda kv: -kv[1]["support"]):
        flag = "" if s["support"] >= LOW_SUPPORT else f" [yellow](support < {LOW_SUPPORT})[/yellow]"
        table.add_row(lab + flag, str(s["support"]), _f(s["precision"]), _f(s["recall"]), _f(s["f1"]))
    console.print(table)
    facts = metrics["tender_level"]["facts"]
    table = Table(title="Tender facts (rules)", title_justify="left")
    for c in ("Fact", "Labelled", "Correct", "Accuracy", "Missing", "Wrong", "Given where label is null"):
        table.add_column(c, justify="left" if c == "Fact" else "right")
    for name, f in facts.items():
        flag = "" if f["labelled"] >= LOW_SUPPORT else f" [yellow](support < {LOW_SUPPORT})[/yellow]"
        table.add_row(
            name + flag,
            str(f["labelled"]),
            str(f["correct"]),
            _f(f["accuracy"]),
            str(f["missing"]),
            str(f["wrong"]),
            str(f["predicted_where_label_null"]),
        )
    console.print(table)
    console.print(f"[dim]{metrics['tender_level']['facts_note']}[/dim]")
    console.print(f"[yellow]{IN_SAMPLE_NOTE}[/yellow]")
    print_error_analysis(metrics, console)
    low = [v for v in DECP_VALUES if metrics["tender_level"]["decp"]["rules"][v]["support"] < LOW_SUPPORT]
    if low:
        console.print(f"[yellow]Support below {LOW_SUPPORT} tenders, so no claim is made for: {', '.join(low)}.[/yellow]")


def print_error_analysis(metrics: dict[str, Any], console: Console) -> None:
    ea = metrics.get("error_analysis")
    if not ea:
        return
    table = Table(title="Error analysis, passage level (rules + verifier, out of fold)", title_justify="left")
    for c in ("DECP value", "Error", "Count"):
        table.add_column(c, justify="right" if c == "Count" else "left")
    for m in ea["passages"]["misses"]:
        table.add_row(m["decp_value"], f"missed: {m['why']}", str(m["count"]))
    for m in ea["passages"]["false_positives"]:
        table.add_row(m["decp_value"], f"false positive in a {m['position']} passage", str(m["count"]))
    console.print(table)
    tenders = ea["tenders"]
    if tenders:
        table = Table(title=f"Error analysis, tender level (shipped decision): {len(tenders)} errors", title_justify="left")
        for c in ("Tender", "DECP value", "Error", "Evidence kept"):
            table.add_column(c)
        for e in tenders:
            table.add_row(e["tender_id"], e["decp_value"], e["kind"], " | ".join(e["evidence"]) or "–")
        console.print(table)


# --- README -----------------------------------------------------------------------------------------


def readme_table(metrics: dict[str, Any]) -> str:
    t, p = metrics["tender_level"], metrics["passage_level"]
    cfg = metrics["config"]
    shown = _shown(metrics)
    header = "| DECP value | Support | " + " | ".join(title for title, _ in shown) + " |"
    rule = "|---|---:|" + "---|" * len(shown)
    lines = [
        f"Measured by `clauses evaluate` on {metrics['generated']} (seed {metrics['seed']}; JSON in `models/metrics.json`). "
        "Each cell is precision / recall / F1; support is the number of labelled items that truly carry the value. "
        f"Rows with support below {LOW_SUPPORT} are shown but not claimed. *Rules + verifier*: the rules (and the wide net of "
        "`analyzer/data/rules/candidates/`) propose, the verifier decides; *Shipped*: the mode of `analyzer/data/combine.yaml`.",
        "",
        f"**Passage level**: {p['items']} labelled passages, GroupKFold by buyer (no buyer in both training and test); the verifier "
        "and the model are trained per fold.",
        "",
        header,
        rule,
    ]
    lines += _md_rows(p, shown)
    lines += [
        "",
        f"**Tender level**: {t['items']} labelled tenders (`corpus/labels/tenders.jsonl`), the full pipeline on each; the verifier and the "
        "model are cross-fitted so that none scores a tender whose buyer or documents it was trained on.",
        "",
        IN_SAMPLE_NOTE,
        "",
        header,
        rule,
    ]
    lines += _md_rows(t, shown)
    f = t["facts"]
    lines += [
        "",
        f"**Facts** (tender level, shipped decision `{cfg['mode']}`; weights within ±0.5 point):",
        "",
        "| Fact | Labelled | Correct | Accuracy | Not found | Wrong | Given where the label has none |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, title in (
        ("env_criterion_weight_pct", "environmental criterion weight"),
        ("social_criterion_weight_pct", "social criterion weight"),
        ("insertion_hours", "insertion hours (absolute)"),
    ):
        x = f[name]
        lines.append(
            f"| {title} | {x['labelled']} | {x['correct']} | {_f(x.get('accuracy'))} | {x['missing']} | {x['wrong']} | "
            f"{x.get('predicted_where_label_null', '–')} |"
        )
    ea = metrics.get("error_analysis")
    if ea:
        lines += ["", "**Error analysis** (passage level, rules + verifier, out of fold): what is still missed and wrongly kept.", ""]
        lines += ["| DECP value | Error | Count |", "|---|---|---:|"]
        for m in ea["passages"]["misses"]:
            lines.append(f"| {m['decp_value']} | missed: {m['why']} | {m['count']} |")
        for m in ea["passages"]["false_positives"]:
            lines.append(f"| {m['decp_value']} | false positive in a {m['position']} passage | {m['count']} |")
        tenders = ea["tenders"]
        if tenders:
            kinds = Counter((e["decp_value"], e["kind"]) for e in tenders)
            lines += [
                "",
                f"Tender level, shipped decision: {len(tenders)} errors — "
                + "; ".join(f"{v} {k} {n}" for (v, k), n in sorted(kinds.items())) + " (tenders and evidence in `models/metrics.json`).",
            ]
    lines += [
        "",
        f"Thresholds (`analyzer/data/combine.yaml`): rule score ≥ {cfg['rule_threshold']}, verifier P(imposes) ≥ "
        f"{cfg.get('verifier_threshold', 0.5)}, model probability ≥ {cfg['model_threshold']}. The pipeline's mode is `{cfg['mode']}`.",
    ]
    return "\n".join(lines)


def _md_rows(block: dict[str, Any], shown: list[tuple[str, str]]) -> list[str]:
    rows = []
    for v in DECP_VALUES:
        s = block["decp"]["rules"][v]["support"]
        name = v if s >= LOW_SUPPORT else f"{v} (support < {LOW_SUPPORT}, not claimed)"
        rows.append(f"| {name} | {s} | " + " | ".join(_prf(block["decp"][m][v]) for _, m in shown) + " |")
    rows.append(f"| all values (micro) | {block['micro']['rules']['support']} | " + " | ".join(_prf(block["micro"][m]) for _, m in shown) + " |")
    return rows


def update_readme(metrics: dict[str, Any], readme: Path = REPO / "README.md") -> bool:
    """Replace only the text between the metrics markers; False when the markers are missing."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + r".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        return False
    new = pattern.sub(lambda _: f"{README_START}\n{readme_table(metrics)}\n{README_END}", text, count=1)
    readme.write_text(new, encoding="utf-8")
    return True
