"""Rule sets: versioned YAML files of spaCy patterns, checked on load with file and line in errors.

A rule set file:

    name: clauses.social        # detector name
    version: "1.0.0"
    rules:
      - id: insertion.heures     # unique in the file; kept on each span as span.id_
        label: social.insertion  # a taxonomy label
        instrument: auto         # or a taxonomy instrument; auto = from the document and section
        score: 0.9
        phrases: ["heures d'insertion"]          # matched on lower-cased tokens
        patterns: [[{LOWER: clause}, {LOWER: d'}]] # spaCy token patterns
        requires: "regex"        # optional: the passage must match (case-insensitive)
        excludes: "regex"        # optional: the passage must not match
        context: criteria        # optional: a weak word, kept only where its context makes it an award criterion
        language: en             # optional: the words of one language, dropped in a passage that reads as the other
        harmful: true            # optional: it names something harmful; "sans" / "aucun" before it states a ban, not an absence
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.matcher import Matcher

from analyzer.detection.regex import led
from analyzer.detection.taxonomy import Taxonomy

ALLOWED_KEYS = {
    "id", "label", "instrument", "score", "phrases", "patterns", "requires", "excludes", "comment", "context", "language", "harmful",
}
# `context: criteria`: words too common to mean anything alone ("environnement", "écologique", "durable") count only
# where the match is read as an award criterion (a weight follows it, or it stands in a criteria section or sentence);
# anywhere else the match is dropped, not turned into a clause.
CONTEXTS = ("any", "criteria")
# `language: en`: the English rules mirror the French ones for TED's English versions. English words also stand in
# French documents (a job title, "Digital CSR leader"; a label's English name), where they impose nothing: such a rule's
# match is dropped in a passage that reads as French (analyzer/detection/languages.py). Unset: any language.
LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    instrument: str  # "auto" or an instrument id
    score: float
    phrases: tuple[str, ...]
    patterns: tuple[tuple[dict[str, Any], ...], ...]
    requires: re.Pattern[str] | None
    excludes: re.Pattern[str] | None
    line: int
    context: str = "any"  # one of CONTEXTS
    language: str | None = None  # one of LANGUAGES, or None for any
    # "Le titulaire n'utilise aucun produit phytosanitaire", "peintures sans COV": for a harmful thing the negation is
    # the requirement; the match is never read as a stated absence of clause
    harmful: bool = False


@dataclass(frozen=True)
class RuleSet:
    name: str
    version: str
    description: str
    rules: tuple[Rule, ...]
    source: str

    def rule(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    @property
    def _by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}


class RuleError(ValueError):
    """A bad rule: the message names the file and line."""


def _line_numbers(text: str) -> list[int]:
    """1-based line of each item of the top-level `rules` list."""
    node = yaml.compose(text)
    for key, value in node.value:
        if key.value == "rules":
            return [item.start_mark.line + 1 for item in value.value]
    return []


def load_ruleset(path: Path | str, taxonomy: Taxonomy, text: str | None = None) -> RuleSet:
    where = str(path)
    text = text if text is not None else Path(path).read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
        lines = _line_numbers(text)
    except yaml.YAMLError as exc:
        raise RuleError(f"{where}: not valid YAML: {exc}") from exc
    for key in ("name", "version", "rules"):
        if key not in (raw or {}):
            raise RuleError(f"{where}: missing '{key}'")
    matcher = Matcher(_vocab())
    rules, seen = [], set()
    for item, line in zip(raw["rules"], lines):
        at = f"{where}:{line}"
        unknown = set(item) - ALLOWED_KEYS
        if unknown:
            raise RuleError(f"{at}: unknown keys {sorted(unknown)}")
        rid = item.get("id")
        if not rid or rid in seen:
            raise RuleError(f"{at}: rule id missing or repeated: {rid!r}")
        seen.add(rid)
        if item.get("label") not in taxonomy.labels:
            raise RuleError(f"{at}: rule {rid}: unknown taxonomy label {item.get('label')!r}")
        instrument = item.get("instrument", "auto")
        if instrument != "auto" and instrument not in taxonomy.instruments:
            raise RuleError(f"{at}: rule {rid}: unknown instrument {instrument!r}")
        rule_context = item.get("context", "any")
        if rule_context not in CONTEXTS:
            raise RuleError(f"{at}: rule {rid}: context must be one of {list(CONTEXTS)}, not {rule_context!r}")
        rule_language = item.get("language")
        if rule_language is not None and rule_language not in LANGUAGES:
            raise RuleError(f"{at}: rule {rid}: language must be one of {list(LANGUAGES)}, not {rule_language!r}")
        harmful = item.get("harmful", False)
        if not isinstance(harmful, bool):
            raise RuleError(f"{at}: rule {rid}: harmful must be true or false, not {harmful!r}")
        score = item.get("score", 0.8)
        if not isinstance(score, (int, float)) or not 0 < score <= 1:
            raise RuleError(f"{at}: rule {rid}: score must be in (0, 1]")
        phrases = tuple(str(p).lower() for p in item.get("phrases", []))
        patterns = tuple(tuple(p) for p in item.get("patterns", []))
        if not phrases and not patterns:
            raise RuleError(f"{at}: rule {rid}: needs phrases or patterns")
        for p in patterns:
            try:
                matcher.add(f"check-{rid}", [list(p)])
            except Exception as exc:  # spaCy raises ValueError / MatchPatternError
                raise RuleError(f"{at}: rule {rid}: bad token pattern {p}: {exc}") from exc
        rules.append(
            Rule(
                id=rid,
                label=item["label"],
                instrument=instrument,
                score=float(score),
                phrases=phrases,
                patterns=patterns,
                requires=_regex(item.get("requires"), at),
                excludes=_regex(item.get("excludes"), at),
                line=line,
                context=rule_context,
                language=rule_language,
                harmful=harmful,
            )
        )
    return RuleSet(name=raw["name"], version=str(raw["version"]), description=raw.get("description", ""), rules=tuple(rules), source=where)


def _regex(value: str | None, at: str) -> re.Pattern[str] | None:
    if value is None:
        return None
    try:
        return led(value, re.I)  # searched in every passage its rule matches in: only from where a match can start
    except re.error as exc:
        raise RuleError(f"{at}: bad regex {value!r}: {exc}") from exc


def _vocab():  # noqa: ANN202 - spaCy Vocab; a bare one checks patterns (spacy.lang.fr would cost seconds)
    from spacy.vocab import Vocab

    return Vocab()


def shipped_ruleset_paths() -> list[Path]:
    folder = resources.files("analyzer.data").joinpath("rules")
    return sorted(Path(str(p)) for p in folder.iterdir() if str(p).endswith(".yaml"))
