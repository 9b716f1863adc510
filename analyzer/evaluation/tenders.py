"""Tender-level evaluation on corpus/labels/tenders.jsonl: the full pipeline on each labelled tender.

The model that scores a tender is cross-fitted: tenders and labelled passages are put in groups
(same folded buyer name, or a passage cut from the tender's own files), GroupKFold splits the groups,
and each fold's tenders are scored by a model trained on the other folds' passages only.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer.classifier.data import LabelledPassage, shared_corpus
from analyzer.classifier.detector import ModelDetector
from analyzer.classifier.model import DEFAULT_SEED
from analyzer.decision import CombineConfig, decide
from analyzer.evaluation.folds import N_SPLITS, buyer_key, group_splits, tender_passage_groups

MODES = ("rules", "model", "union", "weighted", "verifier")

# Tenders whose labelled folder holds files that are not the buyer's documents: only these are read.
INCLUDE_ONLY: dict[str, tuple[str, str]] = {
    "dce-aquareel-2025-md": (
        "dce_md/*_vd.md",
        "only the buyer's documents (*_vd.md in dce_md/); the folder also holds bidder rewrites (CCAP.md, CCTP.md) and a Q&A file",
    ),
}

WEIGHT_TOLERANCE = 0.5  # percentage points
HOURS_TOLERANCE = 0.5  # hours


@dataclass
class TenderOutcome:
    tender_id: str
    path: str
    buyer: str
    fold: int
    truth: set[str]
    predicted: dict[str, set[str]] = field(default_factory=dict)  # mode -> DECP values
    fired: dict[str, str] = field(default_factory=dict)  # under the union: value -> rules | model | both
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)  # fact -> {"label": x, "predicted": y}
    evidence: list[dict[str, Any]] = field(default_factory=list)  # the positive findings, for error analysis
    error: str | None = None


def tender_groups(passages: Sequence[LabelledPassage], tenders: Sequence[dict]) -> tuple[list[str], list[str]]:
    return tender_passage_groups(
        [p.buyer for p in passages], [p.file for p in passages], [t["buyer"] for t in tenders], [t["path"] for t in tenders]
    )


def crossfit_folds(
    passages: Sequence[LabelledPassage], tenders: Sequence[dict], n_splits: int = N_SPLITS
) -> list[tuple[list[int], list[int]]]:
    """Per fold: (indices of the training passages, indices of the tenders it scores)."""
    p_groups, t_groups = tender_groups(passages, tenders)
    all_groups = p_groups + t_groups
    n_p = len(p_groups)
    out = []
    for _, test in group_splits(all_groups, n_splits):
        test_groups = {all_groups[i] for i in test}
        train_p = [i for i in range(n_p) if p_groups[i] not in test_groups]
        test_t = [i - n_p for i in test if i >= n_p]
        out.append((train_p, test_t))
    return out


def leaks(passages: Sequence[LabelledPassage], tender: dict) -> list[str]:
    """Ids of the passages a model scoring `tender` must not have seen (same buyer, or from its files)."""
    key, prefix = buyer_key(tender["buyer"]), tender["path"].rstrip("/")
    return [p.id for p in passages if buyer_key(p.buyer) == key or p.file == prefix or p.file.startswith(prefix + "/")]


def tender_path(tender: dict, corpus: Path, workdir: Path) -> Path:
    if "#" in tender["path"]:
        # "<export>.csv#<idweb>": one record of a BOAMP API export, written out as its own tender.
        from analyzer.sources.boamp_api import read_record, write_record

        csv_path, idweb = tender["path"].split("#", 1)
        return write_record(read_record(corpus / csv_path, idweb), workdir / tender["tender_id"])
    path = corpus / tender["path"]
    rule = INCLUDE_ONLY.get(tender["tender_id"])
    if rule is None:
        return path
    folder = workdir / tender["tender_id"]
    folder.mkdir(parents=True, exist_ok=True)
    for f in sorted(path.glob(rule[0])):
        shutil.copy(f, folder / f.name)
    return folder


def evaluate_tenders(
    passages: Sequence[LabelledPassage],
    tenders: Sequence[dict],
    config: CombineConfig,
    seed: int = DEFAULT_SEED,
    n_splits: int = N_SPLITS,
    corpus: Path | None = None,
    progress: Callable[[str], None] | None = None,
    candidates=None,  # noqa: ANN001 - a verifier_training.CandidateSet over `passages`, to cross-fit the verifier
) -> list[TenderOutcome]:
    from analyzer.classifier.training import fit
    from analyzer.classifier.verifier_training import fit_on
    from analyzer.detection.detectors import notice_fields, shipped_rules
    from analyzer.detection.taxonomy import default_taxonomy
    from analyzer.pipeline import analyze_tender

    passages, tenders = list(passages), list(tenders)
    corpus = corpus or shared_corpus()
    taxonomy = default_taxonomy()
    rules = shipped_rules(taxonomy) + notice_fields(taxonomy)  # what the documents state: text and notice fields
    outcomes: list[TenderOutcome | None] = [None] * len(tenders)
    with tempfile.TemporaryDirectory(prefix="clauses-eval-") as tmp:
        for k, (train_p, test_t) in enumerate(crossfit_folds(passages, tenders, n_splits)):
            if not test_t:
                continue
            train_passages = [passages[i] for i in train_p]
            seen = {p.id for p in train_passages}
            for ti in test_t:
                leaked = seen.intersection(leaks(passages, tenders[ti]))
                if leaked:  # a bug in the grouping, never a result
                    raise AssertionError(
                        f"fold {k}: tender {tenders[ti]['tender_id']} would be scored by a model trained on {sorted(leaked)[:5]}"
                    )
            detector = ModelDetector(fit(train_passages, seed), version=f"crossfit-{k}", threshold=config.model_threshold)
            verifier = fit_on(candidates, train_p, seed) if candidates is not None else None
            for ti in test_t:
                t = tenders[ti]
                if progress:
                    progress(t["tender_id"])
                outcomes[ti] = _one(t, k, Path(tmp), corpus, rules + [detector], config, analyze_tender, verifier)
    return [o for o in outcomes if o is not None]


def _one(t: dict, fold: int, tmp: Path, corpus: Path, detectors, config: CombineConfig, analyze_tender, verifier=None) -> TenderOutcome:  # noqa: ANN001
    truth = set(t["considerations_sociales"]) | set(t["considerations_environnementales"])
    out = TenderOutcome(tender_id=t["tender_id"], path=t["path"], buyer=t["buyer"], fold=fold, truth=truth)
    try:
        path = tender_path(t, corpus, tmp)
    except (KeyError, OSError) as exc:  # a labelled record missing from its export: report it, go on
        out.error = str(exc)
        return out
    if not path.exists():
        out.error = f"{path} does not exist"
        return out
    # One run gives every mode: the verifier's verdict is recorded on each finding beside the rules' own decision.
    result = analyze_tender(
        path, threshold=config.rule_threshold, detectors=detectors, combine_config=config.with_mode("union"), verifier=verifier
    )
    for mode in MODES:
        d = decide(result.findings, config.with_mode(mode), config.rule_threshold)
        out.predicted[mode] = set(d.considerations_sociales + d.considerations_environnementales)
    out.fired = dict(result.decided_by)
    f = result.facts
    out.facts = {
        "env_criterion_weight_pct": {"label": t.get("env_criterion_weight_pct"), "predicted": f.env_criterion_weight_pct},
        "social_criterion_weight_pct": {"label": t.get("social_criterion_weight_pct"), "predicted": f.social_criterion_weight_pct},
        "insertion_hours": {"label": t.get("insertion_hours"), "predicted": f.insertion_hours, "per_eur": f.insertion_hours_per_eur},
    }
    out.evidence = [
        {
            "decp_value": x.decp_value,
            "source": "model" if x.kind == "model" else "rules",
            "label": x.label,
            "file": x.file,
            "page": x.page,
            "score": x.score,
            "rule_id": x.rule_id,
            "quote": x.quote[:300],
        }
        for x in result.findings
        if x.decp_value
    ]
    if result.errors and not result.documents:
        out.error = "; ".join(f"{a}: {b}" for a, b in result.errors)
    return out


def facts_accuracy(outcomes: Sequence[TenderOutcome]) -> dict[str, dict[str, Any]]:
    """Per fact: compared only where the label gives a number (a rate of hours is null in the labels)."""
    out = {}
    for fact, tol in (
        ("env_criterion_weight_pct", WEIGHT_TOLERANCE),
        ("social_criterion_weight_pct", WEIGHT_TOLERANCE),
        ("insertion_hours", HOURS_TOLERANCE),
    ):
        labelled = [o for o in outcomes if o.facts and o.facts[fact]["label"] is not None]
        correct = [
            o
            for o in labelled
            if o.facts[fact]["predicted"] is not None and abs(float(o.facts[fact]["predicted"]) - float(o.facts[fact]["label"])) <= tol
        ]
        missing = [o for o in labelled if o.facts[fact]["predicted"] is None]
        spurious = [o for o in outcomes if o.facts and o.facts[fact]["label"] is None and o.facts[fact]["predicted"] is not None]
        out[fact] = {
            "tolerance": tol,
            "labelled": len(labelled),
            "correct": len(correct),
            "accuracy": round(len(correct) / len(labelled), 4) if labelled else None,
            "missing": len(missing),
            "wrong": len(labelled) - len(correct) - len(missing),
            "predicted_where_label_null": len(spurious),
            "errors": [
                {"tender_id": o.tender_id, "label": o.facts[fact]["label"], "predicted": o.facts[fact]["predicted"]}
                for o in labelled
                if o not in correct
            ],
        }
    return out
