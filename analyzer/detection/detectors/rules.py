"""A detector made from one rule set file: spaCy matches (as a SpanRuler of its patterns gives them), qualified by their
context."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from functools import cached_property, lru_cache

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from analyzer.detection import context, criteria, facts, insertion
from analyzer.detection.detectors.base import ClauseDetector
from analyzer.detection.finding import Finding
from analyzer.detection.languages import reads_as
from analyzer.detection.nlp import get_nlp
from analyzer.detection.prefilter import FULL_PATH, Prefilter, pattern_requirement
from analyzer.detection.rules import Rule, RuleSet
from analyzer.detection.taxonomy import Taxonomy
from analyzer.documents.model import Document
from analyzer.passages.model import Passage

# Insertion hours are often stated after the heading that matched ("SOIT un nombre d'heures
# d'insertion :" then "35 H par tranche de 100 000 €" two lines below, maybe in the next passage):
# this many characters of the document after the quote are read for them.
HOURS_WINDOW = 300
# A match that names a clause or its hours is never a body's name, whatever body word precedes it.
_NAMES_A_CLAUSE = re.compile(r"\bclauses?\b|\bheures?\b", re.I)
# Token pattern Matchers kept per rule set, one per set of token patterns that can match a passage: few sets occur
# (most passages need none or one pattern). The phrases have one PhraseMatcher per rule set: building one costs
# tokenizing every phrase, so it is built once.
MAX_MATCHERS = 64


class RuleSetDetector(ClauseDetector):
    kind = "rule"

    def __init__(self, ruleset: RuleSet, taxonomy: Taxonomy) -> None:
        self.ruleset = ruleset
        self.taxonomy = taxonomy
        self.name = ruleset.name
        self.version = ruleset.version
        self._matchers: OrderedDict[frozenset[int], Matcher] = OrderedDict()  # by token patterns in use
        self._labels: dict[int, tuple[str, str]] = {}  # match key -> (label, rule id)
        self._by_id = {r.id: r for r in ruleset.rules}
        self._pattern_gate: Prefilter | None = None

    @property
    def labels(self) -> frozenset[str]:
        return frozenset(r.label for r in self.ruleset.rules)

    @cached_property
    def _phrase_matcher(self) -> PhraseMatcher | None:
        """The PhraseMatcher of every phrase of the set (None when it has none), built on first use: the phrases are
        tokenized by the model's tokenizer, as SpanRuler.add_patterns tokenizes them (nlp.pipe)."""
        phrases = [(self._key(r), p) for r in self.ruleset.rules for p in r.phrases]
        if not phrases:
            return None
        nlp = get_nlp()
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER", validate=True)
        for (key, _), doc in zip(phrases, nlp.pipe(p for _, p in phrases)):
            matcher.add(key, [doc])
        return matcher

    def _token_matcher(self, token_patterns: frozenset[int]) -> Matcher | None:
        """The Matcher of the token patterns numbered in `token_patterns` (None for none of them). Cheap to build (no
        tokenizing), kept per set of patterns: few sets occur."""
        if not token_patterns:
            return None
        matcher = self._matchers.get(token_patterns)
        if matcher is not None:
            self._matchers.move_to_end(token_patterns)
            return matcher
        matcher = Matcher(get_nlp().vocab, validate=True)
        k = 0
        for r in self.ruleset.rules:
            for p in r.patterns:
                if k in token_patterns:
                    matcher.add(self._key(r), [list(p)])
                k += 1
        self._matchers[token_patterns] = matcher
        if len(self._matchers) > MAX_MATCHERS:
            self._matchers.popitem(last=False)
        return matcher

    def _key(self, rule: Rule) -> str:
        """The match key of a rule's patterns, SpanRuler's own (repr of label and id), with its label and id."""
        key = repr((rule.label, rule.id))
        self._labels[get_nlp().vocab.strings.add(key)] = (rule.label, rule.id)  # the match id Matcher.add gives it
        return key

    def _spans(self, doc: Doc, matchers: tuple[Matcher | PhraseMatcher, ...]) -> list[Span]:
        """The spans a SpanRuler of these matchers' patterns sets (SpanRuler.match): every non-empty match as a Span
        of its rule's label and id, duplicates merged, sorted (by characters, then label and id)."""
        labels = self._labels
        matches = [m for matcher in matchers for m in matcher(doc)]
        return sorted(
            {Span(doc, start, end, label=labels[m_id][0], span_id=labels[m_id][1]) for m_id, start, end in matches if start != end}
        )

    def _matchers_for(self, text: str) -> tuple[Matcher | PhraseMatcher, ...]:
        """The matchers to run on a passage: the phrases', and the token patterns' that can match there. The token
        patterns (spaCy's Matcher: most of the matching time, and it grows with the number of patterns at every
        token) run on a passage only when it holds the literal tokens each one requires; elsewhere a pattern cannot
        match, so the others give the same spans (a sorted set: the same patterns' matches). The full path
        (prefilter off) runs every pattern."""
        if self._pattern_gate is None:
            reqs = [pattern_requirement(p) for r in self.ruleset.rules for p in r.patterns]
            self._pattern_gate = Prefilter([None if q is None else (q,) for q in reqs])
        gate = self._pattern_gate
        if FULL_PATH.get():
            wanted = frozenset(range(len(gate.groups)))
        else:
            wanted = frozenset(gate.groups_of(text)) if gate.groups else frozenset()
        phrases = self._phrase_matcher
        tokens = self._token_matcher(wanted)
        return tuple(m for m in (tokens, phrases) if m is not None)

    def analyze(self, passages: Sequence[Passage], docs: Sequence[Doc]) -> list[Finding]:
        return self.analyze_pieces(passages, [[(0, d)] for d in docs], None)

    def analyze_document(self, document: Document, passages: Sequence[Passage], docs: Sequence[Doc]) -> list[Finding]:
        return self.analyze_pieces(passages, [[(0, d)] for d in docs], document.text)

    def analyze_pieces(
        self, passages: Sequence[Passage], pieces: Sequence[Sequence[tuple[int, Doc]]], document_text: str | None = None
    ) -> list[Finding]:
        """Findings of passages of which only some stretches were tokenized: `pieces[i]` holds (offset in the
        passage's text, Doc of the stretch), in order, and every match the whole passage holds lies within one
        (analyzer/detection/prefilter.py, Prefilter.plan). `document_text` is the document's, for insertion hours
        stated after a quote."""
        out: list[Finding] = []
        for passage, parts in zip(passages, pieces):
            matchers = self._matchers_for(passage.nlp_text)
            if not matchers:
                continue  # this rule set has no phrase, and none of its token patterns can match here
            for offset, doc in parts:
                for span in self._spans(doc, matchers):
                    rule = self._by_id[span.id_]
                    finding = self._qualify(rule, passage, offset + span.start_char, offset + span.end_char, document_text)
                    if finding is not None:
                        out.append(self._with_following_hours(finding, document_text))
        return out

    def _with_following_hours(self, f: Finding, document_text: str | None) -> Finding:
        """An insertion finding whose quote names hours but states none: read them in the document
        text that follows the quote (only with the whole document at hand)."""
        if document_text is None or f.negated or f.label not in ("social.insertion", "social.training") or "insertion_hours" in f.facts:
            return f
        if not re.search(r"heure", f.quote, re.I):
            return f
        hours = facts.insertion_hours(document_text[f.start : f.end + HOURS_WINDOW])
        if hours:
            f.facts["insertion_hours"] = hours
        return f

    def _qualify(self, rule: Rule, passage: Passage, start: int, end: int, document_text: str | None = None) -> Finding | None:
        text = passage.text
        # A passage's conditions are read once for all the matches its rules make there.
        if rule.requires and not context.finds(rule.requires, text):
            return None
        if rule.excludes and context.finds(rule.excludes, text):
            return None
        if context.in_table_of_contents(passage, start):
            return None  # a contents line names a section, it imposes nothing
        if rule.language == "en" and reads_as(text, "fr"):
            return None  # English words in a French passage: a name or a title, not TED's English version (rules.LANGUAGES)
        why = [f"rule {rule.id} ({self.ruleset.source.rsplit('/', 1)[-1]}:{rule.line}) matched '{text[start:end]}'"]
        if rule.instrument == "auto":
            guess = context.guess_instrument(passage, start, end, document_text)
            instrument = guess.instrument
            why.append(f"instrument {instrument}: {guess.reason}")
        else:
            instrument = rule.instrument
        in_place = context.instrument_in_place(passage, start, end, instrument)
        if in_place is not None:
            instrument = in_place.instrument
            why.append(f"instrument {instrument}: {in_place.reason}")
        if instrument != "mention" and context.in_a_context_section(passage, start, end, document_text):
            instrument = "mention"
            why.append("instrument mention: describes the purchase's background under a context heading, binds nobody")
        label = self.taxonomy.labels[rule.label]
        # A criterion is never stated on the contract's title line, whatever weight follows in the block.
        if (
            label.side == "environmental"
            and context.is_object_of_contract(passage, start, end)
            and (instrument != "award_criterion" or context.on_object_line(text, start))
        ):
            instrument = "mention"
            why.append("instrument mention: names the object of the contract, imposes nothing")
        elif (
            label.side == "social"
            and not _NAMES_A_CLAUSE.search(text[start:end])  # "le facilitateur de la Maison de l'emploi … la clause d'insertion"
            and context.names_a_body_or_the_buyer(passage, start, end)
        ):
            # a body's name or what the buyer is ("La ville est labellisée Territoire de commerce équitable"); what a
            # contract buys that is social (insertion as the object, 35593512) stays with the verifier
            instrument = "mention"
            why.append("instrument mention: names a body or describes the buyer, imposes nothing")
        if rule.context == "criteria" and instrument != "award_criterion":
            return None  # a weak word outside a criteria context means nothing (rules.CONTEXTS)
        if instrument not in label.instruments and instrument not in ("mention", "selection_criterion"):
            # e.g. a reservation-only label cannot be a criterion; keep the rule's meaning.
            instrument = label.instruments[0]
            why.append(f"instrument set to {instrument}, the label's first")
        score = rule.score
        negated_by = None if rule.harmful else context.is_negated(text, start, end)
        if negated_by is None and not rule.harmful:
            following = document_text[passage.end : passage.end + 400] if document_text is not None else ""
            below = context.empty_section_below(text, start, end, following)
            if below:
                negated_by = f"{below} (under the heading)"
        found_facts: dict[str, object] = {}  # typed values of analyzer.detection.facts
        quote_end = end
        if instrument == "award_criterion":
            # The criterion as a row of its table: weight, unit, real total, side, sub-criteria (detection/criteria.py).
            # The table the passage's text holds; or, when the passage cuts a list of criteria, the whole list as the
            # document holds it (offsets there are the document's: `shift` brings them back to the passage's).
            source, shift = text, 0
            row = None
            if document_text is not None:
                row = criteria.criterion_in_document(document_text, passage.start, passage.end, passage.start + start)
                if row is not None:
                    source, shift = document_text, passage.start
            if row is None:
                row = criteria.criterion_at(text, start)
            named = row is not None and row[1].name_start <= start + shift < row[1].name_end and row[1].pct is not None
            if named:
                # The match names this row of the criteria: its own weight, wherever it stands, not the next one the
                # text states ("dont 10 % pour la gestion des déchets et 5 % pour l'insertion").
                criterion = row[1]
                weight = context.Weight(
                    pct=criterion.pct,
                    quote=source[criterion.start : criterion.end],
                    how="the row its match names" + (" (its list read in the whole document)" if shift else ""),
                    end=min(criterion.end - shift, len(text)),
                )
            else:
                weight = context.criterion_weight(text, end)
            if weight is not None:
                found_facts["weight_pct"] = weight.pct
                why.append(f"weight {weight.pct:g}% ({weight.how}: '{weight.quote}')")
                quote_end = max(end, weight.end)
                if weight.pct == 0:
                    negated_by = negated_by or "weight 0"
            if row is not None:
                table, criterion = row
                in_table = table.contributions()
                found_facts["criterion"] = {
                    "name": criterion.name,
                    "weight": criterion.weight,
                    "unit": criterion.unit,
                    "pct": criterion.pct,
                    "side": criterion.side,
                    "table": in_table,
                }
                top = criteria.top_level_of(table, criterion)
                if top is not None and top.sub and (not in_table["consistent"] or not criteria.sub_weights_add_up(top)):
                    # The split of the criterion the row is or belongs to, for when its table cannot be added up (lots
                    # run together) or its sub-weights do not make up its weight: the match on "sociale" of
                    # "Performance sociale et environnementale 15 % (… sociale 5 %)" is 5 %, not 15 %.
                    own = criteria.contribution(top)
                    found_facts["criterion"]["own"] = {
                        "env_pct": round(own.env, 2) if own.env else None,
                        "social_pct": round(own.social, 2) if own.social else None,
                        "split_stated": own.split_stated,
                        "adds_up": criteria.sub_weights_add_up(top),
                        "notes": own.notes,
                    }
        if rule.label in ("social.insertion", "social.training"):
            typed = _typed_hours(text, _hours_from(text, start))
            if typed is not None:
                found_facts["insertion"] = typed.to_dict()  # absolute, per year or a rate with its threshold
            # "35 heures d'insertion": the number stands just before the words that matched. The tender's facts keep
            # the same reading, without its kind and threshold.
            hours = facts.hours_fact(typed)
            if hours:
                found_facts["insertion_hours"] = hours
                why.append(f"hours: '{hours.quote}'")
            lots = _hours_by_lot(text)
            if lots:
                # "Lot 1 : 300 heures ; Lot 2 : 150 heures": the tender's hours are the lots' sum (facts/tender.py)
                found_facts["insertion_lots"] = [{"lot": lot, "hours": h.hours, "quote": h.quote} for lot, h in lots]
                why.append("hours by lot: " + ", ".join(f"lot {lot} {h.hours:g} h" for lot, h in lots))
        if rule.label == "env.circular":
            share = _recycled_share(text)
            if share:
                found_facts["recycled_share"] = share
        if rule.label == "env.ecolabel":
            named = _labels_named(text)
            if named:
                found_facts["labels"] = named
        fine = facts.penalty(context.sentence_around(text, start, end)) or (
            facts.penalty(text, in_penalty_section=True) if re.search(r"p[ée]nalit", passage.section, re.I) else None
        )
        if fine:
            found_facts["penalty"] = fine
            why.append(f"penalty: '{fine.quote[:80]}'")
        articles = list(_legal_articles(text))
        if articles:
            found_facts["articles"] = articles
        if negated_by:
            why.append(f"negated by '{negated_by}'")
        q_start, q_end = _sentence_bounds(text, start, quote_end)
        return Finding(
            label=rule.label,
            instrument=instrument,
            decp_value=None if negated_by else self.taxonomy.decp_value(rule.label, instrument),
            file=passage.file,
            page=passage.page,
            start=passage.start + q_start,
            end=passage.start + q_end,
            quote=text[q_start:q_end],
            score=score,
            detector=self.id,
            rule_id=rule.id,
            explanation="; ".join(why),
            negated=bool(negated_by),
            legal_risk=label.legal_risk,
            facts=found_facts,
        )


# A passage with several matches is searched once for the facts its text states (a long one costs milliseconds);
# the facts are frozen dataclasses, shared by the findings that hold them.
@lru_cache(maxsize=64)
def _legal_articles(text: str) -> tuple[str, ...]:
    return tuple(facts.legal_articles(text))


@lru_cache(maxsize=64)
def _recycled_share(text: str) -> facts.Share | None:
    return facts.recycled_share(text)


@lru_cache(maxsize=64)
def _labels_named(text: str) -> facts.LabelsNamed | None:
    return facts.labels_named(text)


def _hours_from(text: str, start: int) -> int:
    """Where a match's insertion hours are read from: a little before it ("35 heures d'insertion" matched on its
    words, "350\nheures d'insertion" wrapped in a PDF), but not across the end of the sentence before ("Le délai
    d'exécution est de 48 heures. Une clause d'insertion est prévue." states no hours of insertion; made up)."""
    return context.sentence_span(text, start, start, limit=25)[0]


# Insertion hours are read from a little before the match on: rules matching at one place read the same.
@lru_cache(maxsize=256)
def _typed_hours(text: str, at: int) -> insertion.InsertionHours | None:
    return insertion.insertion_hours(text[at:])


@lru_cache(maxsize=64)
def _hours_by_lot(text: str) -> tuple[tuple[str, insertion.InsertionHours], ...]:
    return insertion.hours_by_lot(text)


def _sentence_bounds(text: str, start: int, end: int, limit: int = 300) -> tuple[int, int]:
    """Widen the match to its sentence so the quote reads as evidence; PDF lines break sentences,
    so a sentence start far before the match falls back to the start of the match's line."""
    # rfind gives -1 when there is no earlier sentence end: the passage's start is then the left bound.
    ends = [i + 2 for i in (text.rfind(". ", 0, start), text.rfind("\n\n", 0, start)) if i != -1]
    left = min(max(ends, default=0), start)
    if start - left > 150:
        left = max(left, text.rfind("\n", 0, start) + 1)
    if start - left > 150:
        space = text.find(" ", start - 150, start)
        left = space + 1 if space != -1 else start
    right_candidates = [i for i in (text.find(". ", end), text.find("\n\n", end)) if i != -1]
    right = min([*right_candidates, end + limit, len(text)])
    if right < end:
        right = end
    if text[right : right + 1] == ".":
        right += 1
    return left, right
