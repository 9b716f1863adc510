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
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from analyzer.detection.languages import reads_as

if TYPE_CHECKING:
    from spacy.language import Language

    from analyzer.detection.rules import Rule, RuleSet


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
# The accented small letters of Latin-1 (à to ÿ, each one bare letter): French text's. Each is looked for with `in`, a
# scan in C, and replaced; that leaves most passages ASCII, and only the others need the search that lists every
# non-ASCII character (which costs more than the rest of the folding).
_LATIN1_ACCENTED = tuple((chr(cp), _ACCENTS[cp]) for cp in range(0xE0, 0x100) if cp in _ACCENTS)


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
    for c, bare in _LATIN1_ACCENTED:
        if c in lowered:
            lowered = lowered.replace(c, bare)
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


@dataclass(frozen=True)
class Check:
    """A rule's conditions on the whole passage (rules.Rule `requires`, `language`). The detector drops every match
    of the rule in a passage that fails them (detectors/rules.py, `_qualify`), so such a passage need not be matched
    for that rule at all. Read on the passage's own text, as `_qualify` reads them."""

    requires: re.Pattern[str] | None
    english: bool  # `language: en`: dropped where the passage reads as French

    def __call__(self, text: str, seen: dict[object, bool] | None = None) -> bool:
        """Whether `text` can keep the rule's matches; `seen` remembers each answer for this text (rules share
        their conditions)."""
        seen = {} if seen is None else seen
        if self.requires is not None and not _searched(self.requires, text, seen):
            return False
        if self.english:
            if "fr" not in seen:
                seen["fr"] = reads_as(text, "fr")
            return not seen["fr"]
        return True


def _searched(regex: re.Pattern[str], text: str, seen: dict[object, bool]) -> bool:
    if regex not in seen:
        seen[regex] = regex.search(text) is not None
    return seen[regex]


def rule_check(rule: Rule) -> Check | None:
    """The rule's passage conditions that are worth reading before matching, or None when it has none. `excludes`
    is left to the detector: an exclusion holds in few passages, so reading it here (one long regex, often) would
    cost more than the matching it saves."""
    if rule.requires is None and rule.language != "en":
        return None
    return Check(rule.requires, rule.language == "en")


Gate = tuple[Requirement, "Check | None"]  # the words a match needs, and the rule's conditions on its passage


def ruleset_gates(ruleset: RuleSet, nlp: Language) -> tuple[Gate, ...] | None:
    """(requirement, check) of every phrase and token pattern of the set; None when some pattern needs no word."""
    out: list[Gate] = []
    for rule in ruleset.rules:
        check = rule_check(rule)
        for req in [phrase_requirement(p, nlp) for p in rule.phrases] + [pattern_requirement(p) for p in rule.patterns]:
            if req is None:
                return None
            out.append((req, check))
    return tuple(dict.fromkeys(out))


def pattern_reach(pattern: Sequence[dict[str, Any]]) -> int | None:
    """The most tokens a match of this token pattern can hold; None when unbounded ("*", "+", "{n,}")."""
    total = 0
    for tok in pattern:
        op = tok.get("OP")
        if op in (None, "1", "?", "!"):
            total += 1  # "!" consumes nothing: counting one is a safe overestimate
            continue
        m = _REPEAT.match(str(op))
        if not m or m.group(2) == "":  # "*", "+", "{n,}"
            return None
        total += int(m.group(2) if m.group(2) is not None else m.group(1) or 0)
    return total


def ruleset_reach(ruleset: RuleSet, nlp: Language) -> int | None:
    """The most tokens a match of any rule of the set can hold (phrases as the tokenizer cuts them); None if unbounded."""
    reach = 1
    for rule in ruleset.rules:
        for phrase in rule.phrases:
            reach = max(reach, len(nlp.make_doc(phrase)))
        for pattern in rule.patterns:
            r = pattern_reach(pattern)
            if r is None:
                return None
            reach = max(reach, r)
    return reach


# --- The filter --------------------------------------------------------------------------------

Window = tuple[int, int]  # [start, end) of a stretch of a passage's text, cut at whitespace


class Prefilter:
    """`groups[k]` holds the requirements of detector k (one met is enough), or None for "every passage";
    `checks[k][i]`, when given, the passage conditions of `groups[k][i]` (a requirement met whose check fails
    does not count); `reach[k]`, when given, the most tokens a match of detector k holds (None: unbounded)."""

    def __init__(
        self,
        groups: Sequence[tuple[Requirement, ...] | None],
        checks: Sequence[tuple[Check | None, ...] | None] | None = None,
        reach: Sequence[int | None] | None = None,
    ) -> None:
        self.groups = list(groups)
        self.reach = list(reach) if reach is not None else [None] * len(self.groups)
        self._always = {k for k, g in enumerate(self.groups) if g is None}
        # Each requirement is looked at only when a word of its most selective clause (its anchor) is found; most
        # passages hold no anchor at all, and the anchors are few, so one pass with their automaton settles them.
        # Each entry keeps the requirement's other clauses only: its anchor clause holds the word it is found by.
        self._by_anchor: dict[str, list[tuple[int, Requirement, Check | None]]] = {}
        self._anchors_of: list[frozenset[str]] = []
        for k, g in enumerate(self.groups):
            mine: set[str] = set()
            for i, req in enumerate(g or ()):
                check = checks[k][i] if checks is not None and checks[k] is not None else None
                anchor = max(req, key=lambda c: (min(map(len, c)), -len(c)))
                rest = tuple(c for c in req if c is not anchor)
                for w in anchor:
                    self._by_anchor.setdefault(w, []).append((k, rest, check))
                mine |= anchor
            self._anchors_of.append(frozenset(mine))
        self._anchors = _automaton(self._by_anchor)

    def groups_of(self, text: str, raw: str | None = None) -> set[int]:
        """The detectors (indices into `groups`) that can match `text` (an nlp_text); the checks are read on `raw`
        (the passage's text), and skipped without it."""
        return self.plan(text, raw)[0]

    def plan(self, text: str, raw: str | None = None) -> tuple[set[int], list[Window]]:
        """The detectors that can match `text`, and the stretches of `text` that hold every match they can make.

        A match of detector k holds a word of every clause of a requirement, so one of its anchors, and at most
        `reach[k]` tokens: it lies within `reach[k]` whitespace-separated chunks of an anchor on each side (a chunk
        holds one token or more). The tokenizer cuts each chunk on its own (spaCy splits at whitespace first), so
        a stretch cut at whitespace is tokenized as it is inside the whole text. The whole text is one stretch when
        some detector's reach is unbounded, when folding moved characters, or when the stretches cover most of it.
        """
        hit = set(self._always)
        whole = [(0, len(text))] if text else []
        if self._anchors is None or len(hit) == len(self.groups):
            return hit, whole if hit else []
        folded, aligned = _fold(text)
        anchors = _occurrences(self._anchors, folded, text, aligned)
        if not anchors:
            return hit, whole if hit else []
        present: dict[str, bool] = {w: True for _, _, w in anchors}
        # A requirement with a check (a regex over the whole passage, some costing a quarter of a microsecond a
        # character) is read after those without: most detectors it would let in are let in by one of them already.
        checked: list[tuple[int, Requirement, Check]] = []
        for w in {w for _, _, w in anchors}:
            for k, rest, check in self._by_anchor[w]:
                if k in hit:
                    continue
                if check is not None and raw is not None:
                    checked.append((k, rest, check))
                    continue
                if rest and not _meets(rest, folded, text, aligned, present):
                    continue
                hit.add(k)
        seen: dict[object, bool] = {}  # each regex's answer on this passage: rules share their conditions
        for k, rest, check in checked:
            if k in hit:
                continue
            if rest and not _meets(rest, folded, text, aligned, present):
                continue
            if check(raw, seen):  # type: ignore[arg-type]  # only requirements read with `raw` were put aside
                hit.add(k)
        if not hit:
            return hit, []
        if self._always or not aligned or any(self.reach[k] is None for k in hit):
            return hit, whole
        backwards = text[::-1]
        windows = sorted(
            _window(text, start, end, self.reach[k], backwards)  # type: ignore[arg-type]  # None was returned above
            for start, end, w in anchors
            for k in hit
            if w in self._anchors_of[k]
        )
        merged = _merge(windows)
        if sum(e - s for s, e in merged) > 0.7 * len(text):
            return hit, whole  # most of it anyway: one piece is cheaper to tokenize and match than several
        return hit, merged

    def words_in(self, text: str) -> set[str]:
        """The trigger words that stand in `text` as whole words (every word of every clause, not only the anchors
        plan() looks for)."""
        folded, aligned = _fold(text)
        return {w for _, _, w in _occurrences(self._every_word, folded, text, aligned)}

    @cached_property
    def _every_word(self):  # noqa: ANN202 - an ahocorasick.Automaton, or None; plan() never needs it
        return _automaton({w for g in self.groups for req in g or () for c in req for w in c})


def _automaton(words: Iterable[str]):  # noqa: ANN202 - an ahocorasick.Automaton, or None for no word
    import ahocorasick

    words = set(words)
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for w in words:
        automaton.add_word(w, w)
    automaton.make_automaton()
    return automaton


def _occurrences(automaton, folded: str, text: str, aligned: bool) -> list[tuple[int, int, str]]:  # noqa: ANN001
    """(start, end, word) of the automaton's words that stand in `text` as whole words.

    A token never starts or ends inside a run of letters: the tokenizer splits only at spaces,
    punctuation, elisions, digits and symbols (tests/detection/test_prefilter.py checks its rules
    and the development corpus). So a trigger found with a letter before its first letter ("art"
    in "partie") or after its last ("res" in "ressources") is not a token there and is skipped.
    Positions are compared in the text itself; when folding moved characters (a decomposed
    accent removed, a character whose lower case is longer), every occurrence counts, and its
    position is only roughly right (plan() then takes the whole text).
    """
    if automaton is None:
        return []
    if not aligned:
        return [(end - len(w) + 1, end + 1, w) for end, w in automaton.iter(folded)]
    # _whole_word's test, written out in one comprehension: it runs for every occurrence, most of them inside longer
    # words ("res" in "ressources"), and a call of _whole_word for each made this function an eighth slower.
    n = len(text)
    return [
        (start, last + 1, w)
        for last, w in automaton.iter(folded)
        if not ((start := last - len(w) + 1) > 0 and text[start].isalpha() and text[start - 1].isalpha())
        and not (last + 1 < n and text[last].isalpha() and text[last + 1].isalpha())
    ]


def _whole_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] neither starts nor ends inside a run of letters (see _occurrences)."""
    if start > 0 and text[start].isalpha() and text[start - 1].isalpha():
        return False
    return not (end < len(text) and text[end - 1].isalpha() and text[end].isalpha())


def _meets(clauses: Requirement, folded: str, text: str, aligned: bool, memo: dict[str, bool]) -> bool:
    """Whether every clause has one of its words in the text (_present); a loop, not nested generators: plan() asks
    this for every requirement of every anchor found."""
    for clause in clauses:
        for word in clause:
            if memo.get(word) or (word not in memo and _present(word, folded, text, aligned, memo)):
                break
        else:
            return False
    return True


def _present(word: str, folded: str, text: str, aligned: bool, memo: dict[str, bool]) -> bool:
    """Whether `word` stands in `text` as a whole word (as _occurrences finds it), remembered in `memo`. The
    other clauses of a requirement are a few words looked up with str.find: far fewer steps than listing every
    trigger word of the text, common ones ("est", "vie") included."""
    if word not in memo:
        at = folded.find(word)
        if not aligned:
            memo[word] = at != -1
            return memo[word]
        while at != -1 and not _whole_word(text, at, at + len(word)):
            at = folded.find(word, at + 1)
        memo[word] = at != -1
    return memo[word]


def _window(text: str, start: int, end: int, reach: int, backwards: str | None = None) -> Window:
    """[start, end) widened to `reach` whitespace-separated chunks on each side, beyond the chunks it touches,
    cut at whitespace (or at the text's ends). `backwards` is text[::-1], when the caller has it.

    Each side steps over reach + 1 times (a run of non-spaces, then a run of spaces), stopping at the text's end,
    and gives back the spaces of its last step: one regex match each way (leftwards in the reversed text), where a
    loop over characters cost most of plan(). The regex's \\s and str.isspace, and so str.strip, are the same test
    (Python's Unicode whitespace)."""
    steps = _steps(reach)
    n = len(text)
    backwards = text[::-1] if backwards is None else backwards
    left = n - steps.match(backwards, n - start).end()
    left = start - len(text[left:start].lstrip())
    right = steps.match(text, end).end()
    right = end + len(text[end:right].rstrip())
    return left, right


@cache
def _steps(reach: int) -> re.Pattern[str]:
    # \S* and \s* take disjoint characters, so the greedy match is the only one and never backtracks.
    return re.compile(r"(?:\S*\s*){" + str(reach + 1) + "}")


def _merge(windows: list[Window]) -> list[Window]:
    """Sorted windows joined where they overlap or touch: a match lies within one of them."""
    out: list[Window] = []
    for s, e in windows:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
