"""A cheap test of whether a passage can match a rule, derived from the rule files themselves.

Most passages of a tender contain no word any rule looks for; tokenizing them and running three
SpanRulers over them is most of the cost of an audit. For every phrase and token pattern of a rule
set, one of its tokens must appear in a matching passage, so its literal text, case- and
accent-folded, is a *trigger*: a passage whose folded text contains no trigger of a rule set cannot
match it. An Aho-Corasick automaton (pyahocorasick) finds triggers in one pass.

Correctness first: a phrase token or pattern token that yields no literal (a wildcard, a regex, a
NOT_IN) is never a trigger, and a pattern with no literal token at all makes its rule set let
every passage through. No keyword is written here: the triggers are what the rules say.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

    from analyzer.detection.rules import RuleSet


# Set by `detect(..., prefilter=False)`: every passage goes through every pattern (the reference path).
FULL_PATH: ContextVar[bool] = ContextVar("clauses_full_path", default=False)


def _accent_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x80, 0x2000):
        c = chr(cp)
        if unicodedata.combining(c):
            table[cp] = ""
            continue
        bare = "".join(x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x))
        if bare != c:
            table[cp] = bare
    # str.lower() is per character except for the Greek final sigma: fold both sigmas alike.
    table[ord("ς")] = "σ"
    return table


_ACCENTS = _accent_table()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Lower case without accents, one character at a time: if `a` is inside `b`, fold(a) is inside fold(b).

    Same as text.lower().translate(_ACCENTS), several times faster: str.translate with a dict
    looks every character up, while a passage has a handful of distinct non-ASCII characters.
    Replacing them one after the other is the same as at once: no replacement holds a character
    that has a replacement of its own (a bare letter has no accent left).
    """
    return _fold(text)[0]


def _fold(text: str) -> tuple[str, bool]:
    """fold(text), and whether it kept every character at its place (one character for one)."""
    lowered = text.lower()
    aligned = len(lowered) == len(text)  # a lower case is never shorter: equal lengths, none grew
    if lowered.isascii():
        return lowered, aligned
    for c in set(_NON_ASCII.findall(lowered)):
        bare = _ACCENTS.get(ord(c))
        if bare is not None:
            lowered = lowered.replace(c, bare)
            aligned = aligned and len(bare) == 1
    return lowered, aligned


# --- Triggers of one rule set --------------------------------------------------------------------

_LITERAL_ATTRS = ("LOWER", "ORTH", "TEXT")  # attributes whose value is the token's text (lower-cased for LOWER)
_REPEAT = re.compile(r"^\{(\d*)(?:,(\d*))?\}$")


def _mandatory(token: dict[str, Any]) -> bool:
    """Whether a token pattern consumes at least one token in every match."""
    op = token.get("OP")
    if op is None or op in ("1", "+"):
        return True
    m = _REPEAT.match(str(op))
    return bool(m and m.group(1) and int(m.group(1)) >= 1)


def _literals(token: dict[str, Any]) -> set[str] | None:
    """The texts this token pattern can match, when they are a finite list of literals, else None."""
    for attr in _LITERAL_ATTRS:
        value = token.get(attr, token.get(attr.lower()))
        if isinstance(value, str):
            return {value}
        if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
            return set(value["IN"])
    return None


Requirement = tuple[frozenset[str], ...]  # every clause must have one of its words in the passage


MIN_WORD = 3  # shorter words ("à", "de", "d'") are in nearly every passage: their clauses are dropped


def _requirement(clauses: Iterable[set[str]]) -> Requirement | None:
    """The folded clauses. Dropping a clause only lets more passages through, so a clause with a
    word shorter than MIN_WORD (it would be found everywhere; "" would match anything) is dropped.
    None when nothing is left: the pattern could match any passage."""
    folded = [frozenset(fold(w) for w in c) for c in clauses]
    kept = tuple(c for c in folded if c and min(map(len, c)) >= MIN_WORD)
    return kept or None


def pattern_requirement(pattern: Sequence[dict[str, Any]]) -> Requirement | None:
    """Every mandatory token of a spaCy token pattern whose texts are a list of literals is a clause."""
    return _requirement(lit for tok in pattern if _mandatory(tok) and (lit := _literals(tok)) is not None)


def phrase_requirement(phrase: str, nlp: Language) -> Requirement | None:
    """A phrase matches on LOWER token by token (the SpanRuler tokenizes it with the same tokenizer),
    so each of its tokens is in a matching passage."""
    return _requirement({t.lower_} for t in nlp.make_doc(phrase) if not t.is_space)


def ruleset_requirements(ruleset: RuleSet, nlp: Language) -> tuple[Requirement, ...] | None:
    """What a passage needs to possibly match one rule of the set; None when some pattern needs nothing."""
    out: list[Requirement] = []
    for rule in ruleset.rules:
        for req in [phrase_requirement(p, nlp) for p in rule.phrases] + [pattern_requirement(p) for p in rule.patterns]:
            if req is None:
                return None
            out.append(req)
    return tuple(dict.fromkeys(out))


# --- The filter --------------------------------------------------------------------------------


class Prefilter:
    """`groups[k]` holds the requirements of detector k (one met is enough), or None for "every passage"."""

    def __init__(self, groups: Sequence[tuple[Requirement, ...] | None]) -> None:
        import ahocorasick

        self.groups = list(groups)
        self._always = {k for k, g in enumerate(self.groups) if g is None}
        # Each requirement is looked at only when a word of its most selective clause is found.
        self._by_word: dict[str, list[tuple[int, Requirement]]] = {}
        for k, g in enumerate(self.groups):
            for req in g or ():
                anchor = max(req, key=lambda c: (min(map(len, c)), -len(c)))
                for w in anchor:
                    self._by_word.setdefault(w, []).append((k, req))
        self._automaton = None
        words = {w for g in self.groups for req in g or () for c in req for w in c}
        if words:
            automaton = ahocorasick.Automaton()
            for w in words:
                automaton.add_word(w, w)
            automaton.make_automaton()
            self._automaton = automaton

    def groups_of(self, text: str) -> set[int]:
        """The detectors (indices into `groups`) that can match `text` (an nlp_text)."""
        hit = set(self._always)
        if self._automaton is None or len(hit) == len(self.groups):
            return hit
        found = self.words_in(text)
        for w in found & self._by_word.keys():
            for k, req in self._by_word[w]:
                if k not in hit and all(not c.isdisjoint(found) for c in req):
                    hit.add(k)
        return hit

    def words_in(self, text: str) -> set[str]:
        """The trigger words that stand in `text` as whole words.

        A token never starts or ends inside a run of letters: the tokenizer splits only at spaces,
        punctuation, elisions, digits and symbols (tests/detection/test_prefilter.py checks its rules
        and the development corpus). So a trigger found with a letter before its first letter ("art"
        in "partie") or after its last ("res" in "ressources") is not a token there and is skipped.
        Positions are compared in the text itself; when folding moved characters (a decomposed
        accent removed, a character whose lower case is longer), every occurrence counts.
        """
        if self._automaton is None:
            return set()
        folded, aligned = _fold(text)
        if not aligned:
            return {w for _, w in self._automaton.iter(folded)}
        last = len(text) - 1
        found: set[str] = set()
        for end, w in self._automaton.iter(folded):
            if w in found:
                continue
            start = end - len(w) + 1
            if start > 0 and text[start].isalpha() and text[start - 1].isalpha():
                continue
            if end < last and text[end].isalpha() and text[end + 1].isalpha():
                continue
            found.add(w)
        return found
