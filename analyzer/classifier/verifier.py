"""The verifier: the second stage after the rules. The rules propose candidate findings with high recall;
the verifier decides, for each, what role its passage plays: an obligation on the holder, an award
criterion or sub-criterion, a reservation, or something that imposes nothing (a mention, a contents
line, a negated statement, another sense of the word).

Its features are the match's sentence, the passage, the heading path, the document kind, the passage's
position (contents page, list of documents to provide, object line, Q&A) and sentence-level cues of
modality and negation ("doit", "s'engage à", "est tenu de" against "encourage", "peut", "ne … pas").
All of them are turned into columns of one pandas DataFrame that a scikit-learn ColumnTransformer reads,
so the saved model holds only public scikit-learn types (skops, never pickle).

Nothing here runs unless analyzer/data/combine.yaml's mode uses the verifier.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from analyzer.classifier.inference import predict_proba
from analyzer.detection.context import names_a_clause_not_a_criterion, sentence_span
from analyzer.detection.finding import Finding
from analyzer.detection.regex import led
from analyzer.detection.taxonomy import Taxonomy
from analyzer.longlived import keep_for_the_process
from analyzer.passages.model import Passage, for_nlp
from analyzer.passages.structure import is_toc_line

ROLES = ("obligation", "award_criterion", "reservation", "mention", "toc", "negated", "other")
IMPOSING = ("obligation", "award_criterion", "reservation")
VERIFIER_FILE = "clauses-verifier.skops"
VERIFIER_NAME = "clauses.verifier"
CANDIDATES_DETECTOR = "clauses.candidates"  # the wide-net rule set of analyzer/data/rules/candidates/
COLUMNS = ("sentence", "passage", "heading", "context")

# Sentence-level cues. Each becomes a token of the "context" column; the model learns their weight.
# They are written in lower case and searched in the lower-cased sentence: the same matches as
# case-insensitive patterns on these letters, at half the cost (re's IGNORECASE folds every character
# it compares). An upper-case letter in a pattern (or an escape such as \S) would break that: a test
# (tests/classifier/test_verifier.py) keeps them lower case.
_CUE_PATTERNS: dict[str, re.Pattern[str]] = {
    "must": re.compile(
        r"\b(?:doit|doivent|devra|devront|s.engage|s.engagent|est\s+tenue?|sont\s+tenus|obligatoire(?:ment)?|imp[ée]rativement|"
        r"exig[ée]e?s?|impos[ée]e?s?|veillera|est\s+requise?|sont\s+requis|shall|must|is\s+required)\b",
    ),
    "weak": re.compile(
        r"\b(?:encourag\w*|peut|peuvent|pourra|pourront|invit[ée]s?|incit\w*|recommand\w*|facultati\w*|souhait\w*|sensibilis\w*|"
        r"est\s+libre|may|encouraged)\b",
    ),
    "neg": re.compile(
        r"\bne\s+(?:\w+\s+){0,4}?(?:pas|aucune?|ni|jamais)\b|\bn.(?:\w+\s+){0,3}?(?:pas|aucune?)\b|\baucune?\b|\bsans\s+objet\b|"
        r"\bn[ée]ant\b|\bnot\s+applicable\b|\bno\b|\bnone\b",
    ),
    "weight": re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|points?\b|pts\b)|pond[ée]ration|weighting|coefficient"),
    "criterion": re.compile(r"crit[èe]res?|sous-crit[èe]re|not[ée]e?\s+sur|notation|jugement\s+des\s+offres|criteri"),
    "condition": re.compile(r"conditions?\s+d.ex[ée]cution|titulaire|attributaire|contractor|performance\s+of\s+the\s+contract"),
    "reserved": re.compile(r"\br[ée]serv[ée]e?s?\b|\breserved\b"),
    "hours": re.compile(r"\d[\d\s.]*\s*(?:h\b|heures?)"),
    "documents": re.compile(
        r"questionnaire|\bq(?:rse|ces|dd)\b|m[ée]moire\s+technique|cadre\s+de\s+r[ée]ponse|attestation|certificat|[àa]\s+fournir|"
        r"[àa]\s+joindre|[àa]\s+produire|pi[èe]ces?\s+(?:de|à)",
    ),
    "buyer": re.compile(r"activit[ée]\s+principale|comp[ée]tences?\b|main\s+activity|\bmissions?\s+de\s+la\s+collectivit"),
    "body_name": re.compile(r"\bagence\b|\bsas?\b|\bsarl\b|\bassociation\b|\bsoci[ée]t[ée]\b|\bsiret\b|\bsi[èe]ge\b"),
    "question": re.compile(r"\?|\bquestion\b|\br[ée]ponse\b"),
    "english": re.compile(r"\b(?:the|shall|contract|tender(?:er)?s?|award|criteria|which)\b"),
    "object": re.compile(r"^\s*(?:objet|intitul[ée]|titre|description\s+succincte|title)\b"),
    "policy": re.compile(r"\bpolitique\b|\bstrat[ée]gie\b|\bdémarche\s+de\s+la\s+collectivit|s.est\s+engag[ée]e?"),
}
# Searched from the characters each can start with only (analyzer/detection/regex.py): the same cues, in half the time.
_CUES = {name: led(rx.pattern, rx.flags) for name, rx in _CUE_PATTERNS.items()}


@dataclass(frozen=True)
class Candidate:
    """One rule finding with the context the verifier reads."""

    sentence: str
    passage: str
    heading_path: tuple[str, ...]
    kind: str
    position: str
    side: str  # social, environmental or reserved
    rule_id: str
    rule_instrument: str
    on_toc_line: bool = False
    file: str = ""


def side_of(label: str, taxonomy: Taxonomy) -> str:
    return "reserved" if label.startswith("reserved.") else taxonomy.labels[label].side


def candidate_for(passage: Passage, finding: Finding, taxonomy: Taxonomy) -> Candidate:
    """The candidate a rule finding stands for, read in its passage."""
    start = max(0, finding.start - passage.start)
    end = max(start, finding.end - passage.start)
    text = passage.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    # The sentence, not a window of characters: a window ran over the next field of a notice ("… Marche reserve non
    # Condition particuliere execution : … feront l'objet de clauses environnementales …" read as negated) or the
    # sentence before ("ne peut être attribué sans négociation. … un des critères … portera sur une évaluation RSE"
    # read as weak). A notice's lines are fields: there a line break ends the sentence too.
    s_start, s_end = sentence_span(text, start, end, 200, lines=passage.kind == "avis")
    return Candidate(
        sentence=text[s_start:s_end],
        passage=text,
        heading_path=tuple(passage.heading_path) or ((passage.section,) if passage.section else ()),
        kind=passage.kind,
        position=passage.position,
        side=side_of(finding.label, taxonomy),
        rule_id=finding.rule_id or "",
        rule_instrument=finding.instrument,
        on_toc_line=is_toc_line(line),
        file=passage.file,
    )


def _plain(text: str) -> str:
    return " ".join(for_nlp(text).split())


def context_tokens(c: Candidate, sentence: str | None = None, cues: dict[str, list[str]] | None = None) -> str:
    """The categorical features and cues of a candidate as tokens: "kind=RC pos=toc cue=must …" (`sentence`: its
    sentence already normalised; `cues`: the cues of the sentences seen so far, filled here)."""
    toks = [f"kind={c.kind}", f"pos={c.position}", f"side={c.side}", f"rule={c.rule_id}", f"inst={c.rule_instrument}"]
    toks.append(f"side_inst={c.side}:{c.rule_instrument}")
    if c.on_toc_line:
        toks.append("toc_line")
    sentence = _plain(c.sentence) if sentence is None else sentence
    found = cues.get(sentence) if cues is not None else None
    if found is None:
        found = _cues_in(sentence.lower())
        if cues is not None:
            cues[sentence] = found
    for name in found:
        toks.append(f"cue={name}")
        toks.append(f"cue={name}:{c.side}")
    if len(c.passage.strip()) < 80:
        toks.append("short")
    if len(c.heading_path) == 0:
        toks.append("no_heading")
    return " ".join(toks)


def _cues_in(sentence: str) -> list[str]:
    """The names of the cues found in a lower-cased sentence, in _CUES's order."""
    return [name for name, rx in _CUES.items() if rx.search(sentence)]


def frame(candidates: Sequence[Candidate]):  # noqa: ANN201 - a pandas DataFrame, imported lazily
    import pandas as pd

    plain: dict[str, str] = {}  # several rules fire in one passage: each text is normalised once per call
    cues: dict[str, list[str]] = {}  # and a sentence's cues searched once

    def once(text: str) -> str:
        out = plain.get(text)
        if out is None:
            out = plain[text] = _plain(text)
        return out

    return pd.DataFrame(
        {
            "sentence": [once(c.sentence) for c in candidates],
            "passage": [once(c.passage[:1500]) for c in candidates],
            "heading": [once(" / ".join(c.heading_path)) for c in candidates],
            "context": [context_tokens(c, once(c.sentence), cues) for c in candidates],
        },
        columns=list(COLUMNS),
    )


def make_pipeline(seed: int = 20260, C: float = 4.0):  # noqa: ANN201 - a scikit-learn Pipeline
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    def words(ngrams: tuple[int, int], max_features: int) -> TfidfVectorizer:
        return TfidfVectorizer(
            ngram_range=ngrams, min_df=2, max_features=max_features, sublinear_tf=True, strip_accents="unicode", dtype=np.float32
        )

    features = ColumnTransformer(
        [
            ("sentence", words((1, 3), 30000), "sentence"),
            (
                "sentence_chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(3, 5), min_df=2, max_features=30000, sublinear_tf=True, strip_accents="unicode", dtype=np.float32
                ),
                "sentence",
            ),
            ("passage", words((1, 2), 20000), "passage"),
            ("heading", words((1, 1), 5000), "heading"),
            ("context", TfidfVectorizer(token_pattern=r"\S+", lowercase=False, min_df=1, sublinear_tf=True, dtype=np.float32), "context"),
        ],
        transformer_weights={"sentence": 1.0, "sentence_chars": 1.0, "passage": 0.5, "heading": 0.7, "context": 1.5},
    )
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=seed)
    return Pipeline([("features", features), ("clf", clf)])


@dataclass
class Verifier:
    """A fitted pipeline: P(role) for each candidate."""

    pipeline: Any

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(str(r) for r in self.pipeline.classes_)

    def role_proba(self, candidates: Sequence[Candidate]) -> np.ndarray:
        """Rows = candidates, columns = self.roles."""
        if not candidates:
            return np.zeros((0, len(self.roles)))
        from sklearn import config_context

        # The features are TF-IDF weights of this pipeline's own vectorizers (finite, valid): the
        # per-call input checks cost more than the prediction of a tender's few candidates.
        with config_context(assume_finite=True, skip_parameter_validation=True):
            return np.asarray(predict_proba(self.pipeline, frame(candidates)), dtype=float)

    def judge(self, candidates: Sequence[Candidate]) -> list[Judgement]:
        proba = self.role_proba(candidates)
        roles = self.roles
        imposing = [i for i, r in enumerate(roles) if r in IMPOSING]
        out = []
        for row in proba:
            p_imposing = float(row[imposing].sum()) if imposing else 0.0
            best_imposing = roles[imposing[int(row[imposing].argmax())]] if imposing else "obligation"
            out.append(Judgement(role=roles[int(row.argmax())], imposing_role=best_imposing, p_imposing=round(p_imposing, 4)))
        return out


class ShippedVerifier:
    """The shipped verifier, loaded (once per process) at its first judgement: a check of a tender in
    which no rule fires never imports scikit-learn and skops, which cost more than the rest of it."""

    def judge(self, candidates: Sequence[Candidate]) -> list[Judgement]:
        return load().judge(candidates)


@dataclass(frozen=True)
class Judgement:
    role: str  # the most probable role
    imposing_role: str  # the most probable of obligation / award_criterion / reservation
    p_imposing: float  # P(obligation) + P(award_criterion) + P(reservation)


def fit(candidates: Sequence[Candidate], roles: Sequence[str], seed: int = 20260) -> Verifier:
    pipeline = make_pipeline(seed)
    pipeline.fit(frame(candidates), list(roles))
    for _, vectorizer, _ in pipeline.named_steps["features"].transformers_:
        if hasattr(vectorizer, "vocabulary_"):
            # numpy ints would be saved by skops as one .npy file each; plain ints go in its JSON.
            vectorizer.vocabulary_ = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
    return Verifier(pipeline=pipeline)


# --- the wide net ----------------------------------------------------------------------------------


def candidate_ruleset_paths() -> list[Path]:
    from importlib import resources

    folder = resources.files("analyzer.data").joinpath("rules").joinpath("candidates")
    return sorted(Path(str(p)) for p in folder.iterdir() if str(p).endswith(".yaml"))


@lru_cache(maxsize=1)
def candidate_detectors() -> tuple:
    """The wide-net rule detectors (analyzer/data/rules/candidates/*.yaml): they propose, the verifier decides."""
    from analyzer.detection.detectors.rules import RuleSetDetector
    from analyzer.detection.rules import load_ruleset
    from analyzer.detection.taxonomy import default_taxonomy

    taxonomy = default_taxonomy()
    return tuple(RuleSetDetector(load_ruleset(p, taxonomy), taxonomy) for p in candidate_ruleset_paths())


def is_wide_candidate(f: Finding) -> bool:
    return f.detector.split("@", 1)[0] == CANDIDATES_DETECTOR


# --- applying the verdict to findings --------------------------------------------------------------

_ROLE_INSTRUMENTS = {
    "obligation": ("execution_condition", "technical_specification"),
    "award_criterion": ("award_criterion",),
    "reservation": ("reservation",),
}


def instrument_for(role: str, finding: Finding, passage_kind: str, taxonomy: Taxonomy) -> str | None:
    """The instrument a verified role gives the finding's label, or None when the label cannot take it."""
    allowed = taxonomy.labels[finding.label].instruments
    choices = _ROLE_INSTRUMENTS[role]
    if finding.instrument in choices and finding.instrument in allowed:
        return finding.instrument
    if role == "obligation" and passage_kind == "CCTP" and "technical_specification" in allowed:
        return "technical_specification"
    for inst in choices:
        if inst in allowed:
            return inst
    return None


def apply(
    finding: Finding, judgement: Judgement, passage_kind: str, taxonomy: Taxonomy, threshold: float, refile: bool = False
) -> Finding:
    """The finding as the verifier decides it. The rules' own instrument and DECP value are kept in
    facts["verifier"] so that a rules-only decision can still be read from the same findings.

    With `refile`, a finding the verifier confirms takes the instrument of the verifier's most probable imposing
    role (an insertion clause the rules read as a criterion because "Critères" follows it is an execution
    condition); without it, a finding of the shipped rules keeps the rules' instrument and the verifier only vetoes.
    A wide-net candidate, which has no instrument of its own worth keeping, always takes the verifier's role."""
    verdict = {
        "role": judgement.role,
        "p_imposing": judgement.p_imposing,
        "rule_instrument": finding.instrument,
        "rule_decp_value": finding.decp_value,
    }
    instrument: str | None = None
    kept = kept_despite_a_veto(finding) if judgement.p_imposing < threshold else None
    if kept is not None:
        verdict["kept"] = kept
        instrument = finding.instrument
    elif judgement.p_imposing >= threshold:
        if not finding.decp_value and not is_wide_candidate(finding):
            instrument = None  # a rule mention stays a mention: the verifier judges what the rules counted
        elif is_wide_candidate(finding):
            instrument = instrument_for(judgement.imposing_role, finding, passage_kind, taxonomy)
        elif refile:  # a label that cannot take the verifier's role keeps the rules' instrument
            instrument = instrument_for(judgement.imposing_role, finding, passage_kind, taxonomy) or finding.instrument
            if instrument == "award_criterion" != finding.instrument and names_a_clause_not_a_criterion(
                finding.quote, taxonomy.labels[finding.label].side
            ):
                # A sentence that names a clause, with no criteria words nor weight, states a clause whatever its
                # neighbours: "The contract includes an insertion clause." is no award criterion.
                instrument = finding.instrument
        else:
            instrument = finding.instrument
    why = f"verifier: P(imposes)={judgement.p_imposing:.2f}, role {judgement.role}" + (f"; kept: {kept}" if kept else "")
    if instrument is None:
        return replace(
            finding,
            instrument="mention" if finding.decp_value or is_wide_candidate(finding) else finding.instrument,
            decp_value=None,
            explanation=f"{finding.explanation}; {why}: imposes nothing",
            facts={**finding.facts, "verifier": verdict},
        )
    return replace(
        finding,
        instrument=instrument,
        decp_value=taxonomy.decp_value(finding.label, instrument),
        explanation=f"{finding.explanation}; {why}" + (f", instrument {instrument}" if instrument != finding.instrument else ""),
        facts={**finding.facts, "verifier": verdict},
    )


# A named label asked for "ou équivalent" is how a buyer requires a label (R2111-14: an equivalent label must be
# accepted), so the words impose it whatever their tense: "Le papier fourni porte l'Ecolabel européen ou équivalent"
# in a CCTP. The verifier learned that a label in the present tense is often a description, and vetoed these (made up,
# P 0.12 to 0.18); a structural cue it cannot weigh from a few dozen label examples is read here instead.
_OR_EQUIVALENT = re.compile(
    r"\bou\s+(?:(?:d.un|de\s+tout|tout)\s+(?:autre\s+)?(?:label|[ée]colabel|certificat\w*|[ée]cocertifica\w*)\s+)?"
    r"[ée]quivalen(?:t|ts|te|tes|ce)\b|\bor\s+equivalent\b",
    re.I,
)


def kept_despite_a_veto(finding: Finding) -> str | None:
    """Why a rule finding counts although the verifier would veto it, or None: a named ecolabel asked for
    "ou équivalent", with a DECP value from the rules (a mention, a permission or a selection stays what it is)."""
    if finding.label == "env.ecolabel" and finding.decp_value and not finding.negated and _OR_EQUIVALENT.search(finding.quote):
        return "a label asked for 'ou équivalent' (R2111-14) imposes it"
    return None


def passage_of(finding: Finding, passages: Sequence[Passage]) -> Passage | None:
    for p in passages:
        if p.file == finding.file and p.start <= finding.start < p.end:
            return p
    return None


def _passage_finder(passages: list[Passage]) -> Callable[[Finding], Passage | None]:
    """`passage_of` over the passages of one file. A document's passages come in order and do not
    overlap: then the only passage that can hold a finding is the last one that starts at or before it
    (found by bisection; an empty passage before it holds nothing). Passages in another order are
    searched one by one, as passage_of does."""
    starts = [p.start for p in passages]
    ordered = all(a.end <= b.start for a, b in zip(passages, passages[1:])) and all(p.start <= p.end for p in passages)
    if not ordered:
        return lambda f: passage_of(f, passages)

    def find(f: Finding) -> Passage | None:
        k = bisect.bisect_right(starts, f.start) - 1
        if k >= 0 and f.start < passages[k].end:
            return passages[k]
        return None

    return find


def verify(
    passages: Sequence[Passage],
    findings: Sequence[Finding],
    verifier: Verifier,
    taxonomy: Taxonomy,
    threshold: float = 0.5,
    wide_threshold: float | None = None,
    refile: bool = False,
) -> list[Finding]:
    """Rule findings with the verifier's verdict applied; negated findings and other detectors' findings pass unchanged.

    A wide-net candidate is kept only when the verifier finds that it imposes something (else it is noise, not a mention)."""
    return verify_many([(passages, findings)], verifier, taxonomy, threshold, wide_threshold, refile)[0]


def verify_many(
    tenders: Sequence[tuple[Sequence[Passage], Sequence[Finding]]],
    verifier: Verifier | ShippedVerifier,
    taxonomy: Taxonomy,
    threshold: float = 0.5,
    wide_threshold: float | None = None,
    refile: bool = False,
) -> list[list[Finding]]:
    """`verify` for several tenders (their passages and findings) in one call of the verifier.

    scikit-learn's cost is per call as much as per candidate (about 4 ms a call for a tender's one
    or two candidates against under 1 ms a candidate in a batch); each candidate's probabilities
    are computed row by row, so they do not depend on which tenders share the call."""
    kept = [[f for f in findings if not (is_wide_candidate(f) and f.negated)] for _, findings in tenders]
    todo: list[tuple[int, int, Passage]] = []  # (tender, finding, its passage)
    for t, ((passages, _), findings) in enumerate(zip(tenders, kept)):
        by_file: dict[str, list[Passage]] = {}
        for p in passages:
            by_file.setdefault(p.file, []).append(p)
        finders = {file: _passage_finder(ps) for file, ps in by_file.items()}
        for i, f in enumerate(findings):
            if f.negated or not f.rule_id:
                continue
            finder = finders.get(f.file)
            p = finder(f) if finder is not None else None
            if p is not None:
                todo.append((t, i, p))
    if not todo:
        return kept
    judgements = verifier.judge([candidate_for(p, kept[t][i], taxonomy) for t, i, p in todo])
    wide_threshold = threshold if wide_threshold is None else wide_threshold
    for (t, i, p), j in zip(todo, judgements):
        f = kept[t][i]
        kept[t][i] = apply(f, j, p.kind, taxonomy, wide_threshold if is_wide_candidate(f) else threshold, refile)
    return [[f for f in findings if not (is_wide_candidate(f) and f.decp_value is None)] for findings in kept]


def rules_view(finding: Finding) -> Finding:
    """The finding as the rules alone decided it (undoes `apply`)."""
    v = finding.facts.get("verifier")
    if not v:
        return finding
    return replace(finding, instrument=v["rule_instrument"], decp_value=v["rule_decp_value"])


# --- saving and loading -----------------------------------------------------------------------------


def save(verifier: Verifier, path: Path, card: dict[str, Any]) -> dict[str, Any]:
    """Write the verifier with skops and its card (with the file's sha256); return the card."""
    from analyzer.classifier.store import dump_checked

    return dump_checked(verifier.pipeline, path, {**card, "roles": list(verifier.roles)})


def default_verifier_path() -> Path:
    from analyzer.classifier.store import models_dir

    return models_dir() / VERIFIER_FILE


def load(path: Path | None = None) -> Verifier:
    """The verifier at `path` (the shipped one by default), hash-checked against its card, loaded once per process."""
    return _load(str(Path(path) if path is not None else default_verifier_path()))


@lru_cache(maxsize=2)
def _load(path_str: str) -> Verifier:
    from analyzer.classifier.store import load_checked

    pipeline, _ = load_checked(Path(path_str), what="verifier", retrain="clauses train --verifier")
    _coefficients_column_major(pipeline)
    keep_for_the_process()
    return Verifier(pipeline=pipeline)


def _coefficients_column_major(pipeline: Any) -> None:
    """Store each linear step's coefficients column-major. A sparse matrix times `coef_.T` copies
    `coef_.T` into row-major order first (scipy's csr_matvecs; 7 x 80 000 doubles: about a
    millisecond a call); column-major `coef_` makes `coef_.T` row-major already. Same values, so
    the same products."""
    for _, step in getattr(pipeline, "steps", ()):
        coef = getattr(step, "coef_", None)
        if isinstance(coef, np.ndarray) and coef.ndim == 2:
            step.coef_ = np.asfortranarray(coef)
