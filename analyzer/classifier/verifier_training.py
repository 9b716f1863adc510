"""Training the verifier: rule candidates of passages labelled by reading, their roles, and a model card.

The training examples are the rules' own candidates. Every labelled passage (corpus/labels/passages.jsonl,
and corpus/labels/candidates.jsonl once it exists: the same records plus `role` and the passage's context)
is run through the rule detectors; each rule finding is a candidate, and its role is read from the label:
a finding on the side of a labelled DECP value takes that value's role (Clause → obligation, Critère →
award_criterion, Marché réservé → reservation); any other finding imposes nothing, and takes the record's
`role` when the labeller gave one (mention, toc, negated, other), else "mention" or "other".
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from analyzer.classifier.data import CANDIDATES_PATH, DEFAULT_SEED, PASSAGES_PATH, REPO, passage_kind, passage_section, sha256_file
from analyzer.classifier.training import _fmt, _rel  # one way to name files and figures on both cards
from analyzer.classifier.verifier import IMPOSING, ROLES, VERIFIER_FILE, VERIFIER_NAME, Candidate, Verifier, candidate_for, fit, save
from analyzer.detection.finding import Finding
from analyzer.detection.taxonomy import Taxonomy, default_taxonomy
from analyzer.passages.model import Passage
from analyzer.passages.structure import POSITIONS, position_of

# DECP value -> (side of the candidate, role)
DECP_ROLES = {
    "Clause sociale": ("social", "obligation"),
    "Critère social": ("social", "award_criterion"),
    "Marché réservé": ("reserved", "reservation"),
    "Clause environnementale": ("environmental", "obligation"),
    "Critère environnemental": ("environmental", "award_criterion"),
}
_INSTRUMENT_ROLE = {"execution_condition": "obligation", "technical_specification": "obligation", "award_criterion": "award_criterion"}


@dataclass(frozen=True)
class LabelledRecord:
    """A passage labelled by reading, from passages.jsonl or candidates.jsonl."""

    id: str
    source: str
    file: str
    page: int | None
    buyer: str
    text: str
    labels: tuple[str, ...]
    instrument: str | None
    decp: tuple[str, ...]
    role: str | None = None
    heading_path: tuple[str, ...] = ()
    kind: str = "other"
    position: str = "body"
    origin: str = "passages"

    def as_passage(self) -> Passage:
        # `file` carries the record id so that findings map back to their record.
        section = self.heading_path[-1] if self.heading_path else passage_section(self.source)
        return Passage(
            file=self.id,
            kind=self.kind,
            page=self.page,
            start=0,
            end=len(self.text),
            text=self.text,
            section=section,
            heading_path=self.heading_path or ((section,) if section else ()),
            position=self.position,
        )


def _heading_path(r: dict[str, Any]) -> tuple[str, ...]:
    raw = r.get("heading_path", r.get("headings", r.get("section_path")))
    if raw is None:
        raw = r.get("heading") or r.get("section") or ()
    if isinstance(raw, str):
        raw = [h.strip() for h in raw.split(" > ")] if " > " in raw else [raw]
    return tuple(h for h in raw if h)


def read_records(path: Path, origin: str) -> list[LabelledRecord]:
    """Records of a labels file; context fields are optional (named heading_path / kind / position, or close variants)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            heading = _heading_path(r)
            kind = r.get("kind") or r.get("doc_kind") or r.get("document_kind") or passage_kind(r["source"], r["file"])
            position = r.get("position") or position_of(r["text"], heading, in_qa_document=kind == "QR")
            if kind == "QR":
                kind = "other"  # the pipeline reads a question-and-answer register as kind "other", position "qa"
            if position not in POSITIONS:
                position = "body"
            role = r.get("role")
            if role is not None and role not in ROLES:
                raise ValueError(f"{path}: record {r['id']}: role {role!r} is not one of {ROLES}")
            out.append(
                LabelledRecord(
                    id=f"{origin}:{r['id']}" if origin != "passages" else r["id"],
                    source=r["source"],
                    file=r["file"],
                    page=r.get("page"),
                    buyer=r["buyer"],
                    text=r["text"],
                    labels=tuple(r.get("labels") or ()),
                    instrument=r.get("instrument"),
                    decp=tuple(r.get("decp") or ()),
                    role=role,
                    heading_path=heading,
                    kind=kind,
                    position=position,
                    origin=origin,
                )
            )
    return out


def development_records(passages_path: Path = PASSAGES_PATH, candidates_path: Path | None = CANDIDATES_PATH) -> list[LabelledRecord]:
    """passages.jsonl, plus candidates.jsonl when it exists; a candidate whose text is already in passages.jsonl replaces it
    (it carries the role and the context)."""
    records = read_records(passages_path, "passages")
    if candidates_path is not None and Path(candidates_path).is_file():
        extra = read_records(Path(candidates_path), "candidates")
        texts = {" ".join(r.text.split()) for r in extra}
        records = [r for r in records if " ".join(r.text.split()) not in texts] + extra
    return records


def target_role(finding: Finding, record: LabelledRecord, side: str) -> str:
    """The role a rule finding of `side` plays in a labelled record."""
    roles = [role for value, (s, role) in DECP_ROLES.items() if value in record.decp and s == side]
    if roles:
        preferred = _INSTRUMENT_ROLE.get(finding.instrument, "reservation" if finding.instrument == "reservation" else "")
        return preferred if preferred in roles else roles[0]
    if record.role is not None and record.role not in IMPOSING:
        return record.role
    if finding.negated:
        return "negated"
    return "mention" if record.instrument == "mention" else "other"


@dataclass
class CandidateSet:
    records: list[LabelledRecord]
    candidates: list[Candidate] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    record_index: list[int] = field(default_factory=list)  # candidate -> index of its record
    findings: list[list[Finding]] = field(default_factory=list)  # per record: all rule findings (negated ones too)
    passages: list[Passage] = field(default_factory=list)  # per record


def rule_candidates(records: Sequence[LabelledRecord], taxonomy: Taxonomy | None = None) -> CandidateSet:
    """Every record through the rule detectors; each non-negated rule finding becomes a candidate with its role."""
    from analyzer.classifier.verifier import candidate_detectors
    from analyzer.detection.analyze import detect
    from analyzer.detection.detectors import shipped_rules

    taxonomy = taxonomy or default_taxonomy()
    records = list(records)
    passages = [r.as_passage() for r in records]
    found = detect(passages, [*shipped_rules(taxonomy), *candidate_detectors()])
    by_id: dict[str, list[Finding]] = {r.id: [] for r in records}
    for f in found:
        by_id[f.file].append(f)
    out = CandidateSet(records=records, passages=passages)
    for i, (r, p) in enumerate(zip(records, passages)):
        out.findings.append(by_id[r.id])
        for f in by_id[r.id]:
            if f.negated:
                continue
            c = candidate_for(p, f, taxonomy)
            out.candidates.append(c)
            out.roles.append(target_role(f, r, c.side))
            out.record_index.append(i)
    return out


def fit_on(cs: CandidateSet, record_ids: Sequence[int], seed: int = DEFAULT_SEED) -> Verifier:
    keep = set(record_ids)
    idx = [k for k, ri in enumerate(cs.record_index) if ri in keep]
    return fit([cs.candidates[k] for k in idx], [cs.roles[k] for k in idx], seed)


def train_and_save(
    passages_path: Path = PASSAGES_PATH,
    candidates_path: Path | None = CANDIDATES_PATH,
    out_dir: Path | None = None,
    seed: int = DEFAULT_SEED,
    threshold: float = 0.5,
    wide_threshold: float | None = None,
    refile: bool = False,
) -> dict[str, Any]:
    """Fit the verifier on every development candidate, cross-validate it by buyer with the decision's thresholds
    (the CLI passes those of analyzer/data/combine.yaml), save it with its card."""
    out_dir = Path(out_dir) if out_dir is not None else REPO / "models"
    records = development_records(passages_path, candidates_path)
    cs = rule_candidates(records)
    wide = wide_threshold
    cv = grouped_cv(cs, seed=seed, threshold=threshold, wide_threshold=wide, refile=refile)
    verifier = fit_on(cs, range(len(records)), seed)
    counts = {role: cs.roles.count(role) for role in ROLES}
    data = {"passages": {"path": _rel(passages_path), "sha256": sha256_file(passages_path)}}
    if candidates_path is not None and Path(candidates_path).is_file():
        data["candidates"] = {"path": _rel(Path(candidates_path)), "sha256": sha256_file(Path(candidates_path))}
    today = dt.date.today().isoformat()
    card = {
        "name": VERIFIER_NAME,
        "version": f"{today}.{data['passages']['sha256'][:8]}.s{seed}",
        "description": "For each rule candidate: P(role), role in obligation / award criterion / reservation / mention / toc / negated / other.",
        "pipeline": (
            "Pipeline(ColumnTransformer(sentence word 1-3-gram + char_wb 3-5-gram TF-IDF, passage word 1-2-gram TF-IDF, "
            "heading path words, context tokens: document kind, position, side, rule, rule instrument, modality and negation cues), "
            "LogisticRegression(class_weight='balanced'))"
        ),
        "training_data": {
            **data,
            "records": len(records),
            "candidates": len(cs.candidates),
            "buyers": len({r.buyer for r in records}),
            "roles": counts,
        },
        "seed": seed,
        "threshold": threshold,
        "wide_net_threshold": wide,
        "refiles": refile,
        "cross_validation": cv,
        "trained_at": today,
        "versions": _versions(),
    }
    card = save(verifier, out_dir / VERIFIER_FILE, card)
    (out_dir / "VERIFIER_CARD.md").write_text(card_markdown(card), encoding="utf-8")
    return card


def _versions() -> dict[str, str]:
    from analyzer.classifier.training import versions

    return versions()


def card_markdown(card: dict[str, Any]) -> str:
    cv = card["cross_validation"]
    td = card["training_data"]
    rows = []
    for value, m in cv["decp"]["rules"].items():
        v = cv["decp"]["verifier"][value]
        rows.append(
            f"| {value} | {m['support']} | {_fmt(m['precision'])} / {_fmt(m['recall'])} / {_fmt(m['f1'])} | "
            f"{_fmt(v['precision'])} / {_fmt(v['recall'])} / {_fmt(v['f1'])} |"
        )
    mr, mv = cv["micro"]["rules"], cv["micro"]["verifier"]
    rows.append(
        f"| all values (micro) | {mr['support']} | {_fmt(mr['precision'])} / {_fmt(mr['recall'])} / {_fmt(mr['f1'])} | "
        f"{_fmt(mv['precision'])} / {_fmt(mv['recall'])} / {_fmt(mv['f1'])} |"
    )
    roles = ", ".join(f"{k} {v}" for k, v in td["roles"].items())
    v = card["versions"]
    return f"""# Model card: {card["name"]} {card["version"]}

{card["description"]}

- **File**: `models/{card["file"]}` (skops; sha256 `{card["sha256"]}`), checked against its card
  `models/{card["file"].removesuffix(".skops")}.card.json` before every load; skops must find no untrusted type in it.
- **Model**: {card["pipeline"]}.
- **Training data**: the rules' candidates in {td["records"]} passages labelled by reading ({", ".join(k for k in td if k in ("passages", "candidates"))}),
  {td["buyers"]} buyers: {td["candidates"]} candidates; roles: {roles}. A candidate's role comes from the label, never from the rules.
- **Decision**: a finding of the rules counts unless P(obligation) + P(award criterion) + P(reservation) < {card["threshold"]} (the verifier vetoes); a wide-net candidate counts when that probability reaches {card.get("wide_net_threshold", card["threshold"])} and takes
  the most probable of the three (within what the label allows).
- **Seed**: {card["seed"]}; trained {card["trained_at"]} with scikit-learn {v["scikit-learn"]}, skops {v["skops"]}, Python {v["python"]}.

## Cross-validated passage-level DECP values

{cv["scheme"]}. Each cell is precision / recall / F1; support = labelled passages that carry the value.

| DECP value | Support | Rules only | Rules + verifier |
|---|---:|---|---|
{chr(10).join(rows)}

## Intended use and limits

- Decides on candidates the rules propose: it never finds what the rules miss.
- Trained on development passages (a handful of DCE, two guides, BOAMP criterion cells, notices); wordings far
  from these are out of its experience.
"""


# --- grouped cross-validation ---------------------------------------------------------------------


@dataclass
class CVResult:
    """Out-of-fold predictions: per record, the DECP values of rules alone and of rules + verifier."""

    cs: CandidateSet
    rules: list[set[str]]
    verified: list[set[str]]
    judged: list[list[Finding]]  # per record: findings after the verifier (out of fold)
    p_imposing: np.ndarray  # per candidate, out of fold
    splits: list[tuple[np.ndarray, np.ndarray]]


def out_of_fold(
    cs: CandidateSet,
    seed: int = DEFAULT_SEED,
    threshold: float = 0.5,
    n_splits: int = 5,
    rule_threshold: float = 0.5,
    wide_threshold: float | None = None,
    refile: bool = False,
) -> CVResult:
    """GroupKFold by buyer over records: each record's candidates are judged by a verifier that saw none of its buyer's."""
    from analyzer.classifier.folds import buyer_key, group_splits
    from analyzer.classifier.verifier import apply, is_wide_candidate

    taxonomy = default_taxonomy()
    splits = group_splits([buyer_key(r.buyer) for r in cs.records], n_splits)
    p_imposing = np.zeros(len(cs.candidates))
    judged: list[list[Finding]] = [list(fs) for fs in cs.findings]
    by_record: dict[int, list[int]] = {}
    for k, ri in enumerate(cs.record_index):
        by_record.setdefault(ri, []).append(k)
    for train_idx, test_idx in splits:
        verifier = fit_on(cs, train_idx.tolist(), seed)
        cand = [k for ri in test_idx.tolist() for k in by_record.get(ri, [])]
        if not cand:
            continue
        judgements = verifier.judge([cs.candidates[k] for k in cand])
        verdict = dict(zip(cand, judgements))
        for ri in test_idx.tolist():
            ks = iter(by_record.get(ri, []))
            new = []
            for f in cs.findings[ri]:
                if f.negated:
                    new.append(f)
                    continue
                k = next(ks)
                p_imposing[k] = verdict[k].p_imposing
                wide = is_wide_candidate(f)
                if wide and wide_threshold is not None and wide_threshold > 1.0:
                    continue  # the wide net is off
                limit = wide_threshold if wide and wide_threshold is not None else threshold
                new.append(apply(f, verdict[k], cs.passages[ri].kind, taxonomy, limit, refile))
            judged[ri] = new

    def rules_values(fs: list[Finding]) -> set[str]:
        return {f.decp_value for f in fs if f.decp_value and not f.negated and f.score >= rule_threshold and not is_wide_candidate(f)}

    def verified_values(fs: list[Finding]) -> set[str]:
        return {f.decp_value for f in fs if f.decp_value and not f.negated and "verifier" in f.facts}

    return CVResult(
        cs=cs,
        rules=[rules_values(fs) for fs in cs.findings],
        verified=[verified_values(fs) for fs in judged],
        judged=judged,
        p_imposing=p_imposing,
        splits=splits,
    )


def grouped_cv(
    cs: CandidateSet,
    seed: int = DEFAULT_SEED,
    threshold: float = 0.5,
    n_splits: int = 5,
    wide_threshold: float | None = None,
    refile: bool = False,
) -> dict[str, Any]:
    """Passage-level P/R/F1 per DECP value, rules alone vs rules + verifier, GroupKFold by buyer."""
    from analyzer.classifier.metrics import micro, per_label
    from analyzer.detection.taxonomy import DECP_VALUES

    res = out_of_fold(cs, seed, threshold, n_splits, wide_threshold=wide_threshold, refile=refile)
    truth = [set(r.decp) for r in cs.records]
    out: dict[str, Any] = {
        "scheme": f"GroupKFold by buyer over {len(cs.records)} labelled passages, {len(res.splits)} folds; "
        f"{len(cs.candidates)} rule candidates judged out of fold",
        "decp": {},
        "micro": {},
    }
    for mode, pred in (("rules", res.rules), ("verifier", res.verified)):
        table = per_label(truth, pred, DECP_VALUES)
        out["decp"][mode] = {k: v.to_dict() for k, v in table.items()}
        out["micro"][mode] = micro(table).to_dict()
    return out
