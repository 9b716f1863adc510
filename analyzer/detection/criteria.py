"""Award criteria read as a table, not as words: criterion, sub-criteria, weight, unit, total, side.

Criteria come as table rows ("Valeur technique | 40 %"), lists ("2.1 Méthodologie : 20 points"), notice fields
("4. Performances en matière de protection de l'environnement / Pondération : 10") or prose ("Prix (60 pts)
valeur technique (40 pts)"). Each weight is converted against the real total (points out of the sum of the
top-level weights, or the "note sur N" the text states), and each criterion is classified environmental,
social, both or neither. A combined criterion gives each stated sub-weight to its own side, the sub-weights
written in parentheses, after "dont", after a colon or announced ("Performance sociale et environnementale 15 %
(performance environnementale 10 %, performance sociale 5 %)", "Critère RSE 15 % : 7,5 % volet social et 7,5 %
volet environnemental"); when the split is not stated, or its sub-weights do not add up to its weight, its full
weight goes to both sides and the record says so (`split_stated=False`, `notes`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from analyzer.passages.split import NOTICE_SECTION

ENVIRONMENTAL = re.compile(
    r"environnement\w*|d[ée]veloppement\s+durable|[ée]colog\w*|[ée]co-?\w*(?:conception|label|responsab)|carbone|co2|\bges\b|"
    r"d[ée]chets?|recycl\w*|r[ée]emploi|[ée]nerg[ée]tique|[ée]nergie|[ée]missions?|circuits?\s+courts?|biodiversit|"
    r"\bsoged\b|\bsopre\b|\bsosed\b|emballages?|transition\s+[ée]cologique|environment\w*|sustainab\w*|green",
    re.I,
)
SOCIAL = re.compile(
    r"\bsocia\w*|soci[ée]ta\w*|insertion|\bemploi\b|handicap\w*|[ée]galit[ée]|discrimination|apprenti\w*|\brse\b|"
    r"conditions\s+de\s+travail|commerce\s+[ée]quitable|[ée]thique|inclusi\w*|social\s+integration|disadvantaged",
    re.I,
)
# "développement durable" alone is read as the environmental side (corpus/labels/GUIDELINE-passages.md).
_NOT_SOCIAL = re.compile(r"raison\s+sociale|si[èe]ge\s+social|d[ée]nomination\s+sociale|s[ée]curit[ée]\s+sociale|charges\s+sociales", re.I)

# After a percentage, what it is a share of when it is no criterion's weight: "réservant 5 % des heures travaillées",
# "5% of hours", "20 % de matières recyclées", "10 % du montant".
SHARE_OF = (
    r"(?!\s*(?:des|du|de\s+la|de\s+l['’]|d['’]|de|of(?:\s+the)?)\s*(?:heures?|hours?|montant|amount|effectifs?|salari|personnel|"
    r"main|achats?|purchases?|fibres?|mati[èe]res?|produits?|d[ée]chets?|emballages?|contenu|denr[ée]es|v[ée]hicules?|papier)\b)"
)
_WEIGHT = re.compile(
    # Every alternative starts with a digit, "pond", "coef" or "poids": the look-ahead turns the other positions down at
    # once, where re would try each alternative (the same matches, a third of the time on a long document).
    r"(?=\d|[pc(])(?:"
    # "coefficient de pondération 1,05 appliqué au prix" weighs a price, it is no criterion's weight
    r"(?<!coefficient\sde\s)pond[ée]ration\s*:?\s*(?P<pond>\d{1,3}(?:[.,]\d{1,2})?)(?![\d])\s*(?P<pond_unit>%|points?\b|pts\b)?"
    # "10/100", "30 sur 100", "8 points sur 20": points out of a stated total (first, or "8 points" would be read alone);
    # never a date ("15/10/2020", "le 10/12 à"), a part of a longer number, "3 sur 10 lots" (a word follows the total)
    # or a number with a leading zero ("01/10"). References ("article 10/100") are left out in _items.
    r"|(?<![\d/.,])(?P<frac>(?!0\d)\d{1,3}(?:[.,]\d{1,2})?)\s*(?:(?:points?|pts)\s*)?(?:/|sur\b)\s*(?P<of>\d{2,4})(?![\d/]|[.,]\d)"
    r"(?!\s*(?!points?\b|pts\b|et\b|pour\b)[^\W\d_])(?:\s*(?:points?|pts)\b)?"
    r"|(?P<num>\d{1,3}(?:[.,]\d{1,2})?)\s*(?P<unit>(?:%|pour\s?cent)" + SHARE_OF + r"|points?\b|pts?\b)"
    # "prix (note sur 60), valeur technique (note sur 30)": the scale a criterion is marked on, in parentheses after its
    # name as a weight would be. Not "La valeur technique sera notée sur 10, appréciée au travers des sous-critères …",
    # the total its sub-criteria's points make up. A weight only where the scales differ (_table).
    r"|\(\s*not(?:e|[ée]e?s?)\s+sur\s+(?P<scale>\d{1,3})\s*\)"
    # "note sur 10 pondérée du coefficient 3", "noté sur 20 puis pondéré à 40 %": the weight comes after, the scale is none
    r"(?![^;\n]{0,40}?(?:coefficient|\bcoef\b|pond[ée]r|\bpoids\b))"
    # "Prix, coefficient 6", "note sur 10 pondérée du coefficient multiplicateur 3", "coef. 2", "par un coefficient
    # de 4", "(poids 3)": a weight relative to the other criteria's coefficients (read so only when every criterion of the list
    # has one, _table); "coefficient K", "coefficient de pondération 1,05" are no such weight
    r"|\b(?:coefficient|coef\b\.?|poids)(?:\s+multiplicateur)?(?:\s+(?:de|[ée]gal\s+[àa]))?\s*:?\s*"
    r"(?P<coef>\d{1,2}(?:[.,]\d{1,2})?)(?!\d|[.,]\d|\s*(?:%|points?\b|pts\b|/|sur\b|kg\b|g\b|t\b|tonnes?\b|grammes?\b|kilo)))",
    re.I,
)
# Before a "N/M": a reference, not a weight ("article 10/100", "annexe 2/10", "décision n° 20/100", "le 10/12").
_REFERENCE_BEFORE = re.compile(
    r"(?:\barticles?|\bart\.|\bn°|\bno\.|\br[ée]f(?:[ée]rence)?s?\.?|\bannexes?|\bpages?|\bp\.|\bd[ée]cret|\bloi|\barr[êe]t[ée]|"
    r"\bdirective|\br[èe]glement|\bd[ée]cision|\bdate|\blots?|\btranches?|\bphases?|\ble|\bdu|\bau)\s*:?\s*$"
    # "réf. CDA 20/72": a reference's code, in capitals, may stand between the word and its number
    r"|\br[ée]f(?:[ée]rence)?s?\.?\s*:?\s*(?-i:[A-Z]{2,6})[-\s]?$",
    re.I,
)
# A line that states only the total ("Total : 100 points", "Note globale sur 100") is no criterion.
_TOTAL_NAME = re.compile(r"^(?:sous-)?total\b|^note\s+(?:globale|finale|totale)\b|^total\s+(?:des\s+)?points\b", re.I)
# Words that make the number after them the total, not a criterion's weight: "note globale sur 100 points",
# "Total : 100 points", "sur un total de 100 points" ("notée sur 2 points" alone is a criterion's weight in points).
# The offers as a whole marked on a scale are its total too: "Les offres seront jugées sur 20 points : prix 12 points, …",
# "Tenders will be scored out of 100 points".
TOTAL_BEFORE = re.compile(
    r"(?:\bnote\s+(?:globale|finale|totale|g[ée]n[ée]rale)\s+(?:sur|de)|\b(?:sous-)?total(?:e|\s+de|\s+sur)?|\bsur\s+un\s+total\s+de|"
    r"\b(?:offres?|propositions?)\s+(?:(?:seront|sont|sera|est)\s+)?(?:not[ée]e?s?|jug[ée]e?s?|[ée]valu[ée]e?s?|appr[ée]ci[ée]e?s?|class[ée]e?s?)\s+sur|"
    r"\b(?:tenders?|offers?|bids?)\s+(?:(?:will\s+be|are|is)\s+)?(?:scored|marked|evaluated|assessed|rated)\s+(?:out\s+of|on))\s*:?\s*$",
    re.I,
)
# Bare numbers ("Prix : 50 ; Qualité : 35 ; Insertion : 15 (pondération sur 100)") are weights only beside a
# stated total they add up to (_bare_tables): alone they could be lot numbers, counts, anything.
# The look-ahead (a digit) asks first what the number starts with: most positions fail there, before the look-behind.
_BARE = re.compile(r"(?=\d)(?<![\d/.,])(?P<bare>(?!0\d)\d{1,3}(?:[.,]\d{1,2})?)(?![\d/]|[.,]\d)(?=\s*(?:[;,|)(]|\.(?:\s|$)|$|et\b|-\s))")
_BARE_TOTAL = re.compile(
    r"(?:pond[ée]ration|pond[ée]r[ée]e?s?|not[ée]e?s?|notation|bar[èe]me|\btotal)\s*\(?\s*:?\s*sur\s+(?P<a>\d{2,4})\b"
    r"|\bsur\s+(?:un\s+total\s+de\s+)?(?P<b>\d{2,4})\s*(?:points?|pts)\b"
    # TED English: "(weighting out of 100)", "scored out of 100"
    r"|\bout\s+of\s+(?P<c>\d{2,4})\b",
    re.I,
)
# "… dont 10 % pour la gestion des déchets et 5 % pour l'insertion": the weight comes first, its criterion after it.
# TED English: "50 points including 10 points for the environmental approach".
_NAME_AFTER = re.compile(
    r"\s*(?:pour|au\s+titre\s+d[eu]|relatifs?\s+[àa]|consacr[ée]e?s?\s+[àa]|affect[ée]e?s?\s+[àa]|for)\s+"
    r"(?:(?:la|le|les|l['’]|the)\s*)?(?P<name>[^;,.()\n]*?)\s*(?=$|[;,.()]|\bet\b|\bpuis\b|\band\b)",
    re.I,
)
# The same without "pour", in a list of sub-weights after a weight on its line: "15 % : 7,5 % volet social (insertion)
# et 7,5 % volet environnemental (bilan carbone)", "(dont 10 % bilan carbone et 10 % emballages)". The name starts
# with a letter and may end with an aside in parentheses.
_NAME_AFTER_BARE = re.compile(
    r"\s*(?!(?:de|du|des|d['’]|sur|aux?|[àa]|en|par|soit|maximum|minimum|max|min|environ|chacun\w*|chaque)\b)"
    r"(?:(?:la|le|les|l['’])\s*)?(?P<name>[^\W\d_][^;,.()\n\d%]*?(?:\s*\([^()\n]*\))?)\s*(?=$|[;,.)]|\bet\b|\bpuis\b)",
    re.I,
)
# What stands before such a weight when it is not a criterion's name.
_CONNECTIVE = re.compile(r"(?:dont|et|soit|avec|puis|ainsi\s+que|y\s+compris|including|of\s+which|and|,|;)?", re.I)
# What opens a criterion's list of sub-weights right after its weight: "15 % (performance environnementale 10 %, …)",
# "15 %, dont 5 % pour …", "(dont 10 % bilan carbone …)", "15 % : 7,5 % volet social …", "15 %, soit 10 % pour …".
_SUB_OPENER = re.compile(
    r"\s*[,:]?\s*(?:(?P<paren>\()\s*(?:dont\b)?|(?P<dont>dont\b|soit\b|including\b|of\s+which\b)|(?P<colon>:))\s*:?\s*", re.I
)
# What says the sub-weights that follow are a part of the criterion's weight ("\W*" takes an opening parenthesis too),
# before the first of them or in its name: "40 % (dont 10 % …)", "60 points dont sous-critère 1 méthodologie 30 points"
_PART_WORD = re.compile(r"\W*(?:dont|including|of\s+which)\b", re.I)
# Between two sub-weights of one list: "10 %, performance sociale 5 %", "7,5 % volet social et 7,5 % …".
_SUB_GAP = re.compile(r"\s*[,;]?\s*(?:et|puis|ainsi\s+que|and)?\s*", re.I)
_STATED_TOTAL = re.compile(r"(?:not[ée]e?s?\s+sur|sur\s+un\s+total\s+de|total\s*:?|/)\s*(\d{2,4})\s*(?:points?|pts)?\b", re.I)
_SUB_MARKER = re.compile(r"^\s*(?:[-•▫◦‣⁃*]|[a-z]\)|\d+\.\d+\.?|[ivx]+\))\s*", re.I)
_INLINE_SUB_NUMBER = re.compile(r"(?<![\d.,])\d{1,2}\.\d{1,2}\.?\s*[-–:)]?\s*$")
_PARENT_HINT = re.compile(r"\bdont\b|sous-crit[èe]res?|d[ée]compos[ée]|r[ée]partis?|comme\s+suit|:\s*$", re.I)
_LIST_MARKER = re.compile(r"^\s*(?:[-•▫◦‣⁃*]|\(?\d+(?:\.\d+)*[.)-]?|[a-z]\)|crit[èe]re\s+n?°?\s*\d+\s*[:.-]?)\s*", re.I)
_NAME_JUNK = " \t:/|-–—().,;=>*•▫"


@dataclass
class Criterion:
    name: str
    weight: float
    unit: str  # "%" or "points"
    start: int  # offsets in the text the criteria were read from (the weight's end)
    end: int
    sub: list[Criterion] = field(default_factory=list)
    marked_sub: bool = False  # the line is a bullet or a sub-number ("- ", "a)", "2.1")
    pct: float | None = None  # weight in % of the total
    name_start: int = -1  # where its name stands in the text (before its weight, or after it: "10 % pour la gestion des déchets")
    name_end: int = -1
    out_of: float | None = None  # the total its own words state: "30 sur 100", "(10/100)", "8 points sur 20"
    unweighted_before: bool = False  # a list item with no weight stands between it and the previous weight
    sub_partial: bool = False  # its sub-weights follow "dont": a part of its weight, which may leave the rest unsaid
    scale: str = ""  # its weight is the scale it is marked on: "points" ("noté sur 20 points"), "bare" ("note sur 60")

    @property
    def lead(self) -> int:
        """Where it starts in the text: its name, or its weight when the name follows it (or is on the line above)."""
        return self.name_start if 0 <= self.name_start < self.start else self.start

    @property
    def tail(self) -> int:
        """Where it ends in the text: its weight, or its name when the name follows it."""
        return max(self.end, self.name_end)

    @property
    def side(self) -> str:
        return side_of(self.name)


@dataclass
class CriteriaTable:
    criteria: list[Criterion]
    unit: str
    total: float
    total_stated: bool  # False: the sum of the top-level points, or 100 assumed for a criterion alone
    start: int
    end: int

    def contributions(self) -> dict[str, object]:
        """Weight in % of the total on each side, with how combined criteria were split."""
        env = social = 0.0
        notes: list[str] = []
        split_stated = True
        for c in self.criteria:
            own = contribution(c)
            env, social = env + own.env, social + own.social
            notes.extend(own.notes)
            split_stated = split_stated and own.split_stated
        # Top-level weights in % that add up to more than 100 are several tables run together (one per lot):
        # no side total can be read from them.
        consistent = self.unit != "%" or sum(c.weight for c in self.criteria) <= 100.5
        return {
            "consistent": consistent,
            "env_pct": round(env, 2) if env else None,
            "social_pct": round(social, 2) if social else None,
            "split_stated": split_stated,
            "notes": notes,
            "total": self.total,
            "unit": self.unit,
            "total_stated": self.total_stated,
        }

    def to_dict(self) -> dict[str, object]:
        def one(c: Criterion) -> dict[str, object]:
            return {"name": c.name, "weight": c.weight, "unit": c.unit, "pct": c.pct, "side": c.side, "sub": [one(s) for s in c.sub]}

        return {"criteria": [one(c) for c in self.criteria], **self.contributions()}


@dataclass
class Contribution:
    """What one top-level criterion gives each side, in % of the total."""

    env: float = 0.0
    social: float = 0.0
    split_stated: bool = True
    notes: list[str] = field(default_factory=list)

    def count(self, side: str, pct: float, name: str, what: str = "") -> None:
        if side in ("environmental", "both"):
            self.env += pct
        if side in ("social", "both"):
            self.social += pct
        if side == "both":
            self.split_stated = False
            self.notes.append(f"« {name[:80]} » ({what}{pct:g} %) is social and environmental, its split is not stated: counted on both sides")


def sub_weights_add_up(c: Criterion) -> bool:
    """Whether a criterion's sub-weights make up its weight. After "dont" they are a part and may leave a rest; in
    parentheses, after a colon or announced, they are the whole. More than the parent's weight, or less than a whole
    ("Valeur technique 60 % (méthodologie 45 %, moyens 25 % …)", shares of the parent that make 100 %), is a split
    that does not add up: which of the numbers is meant is not guessed."""
    stated = sum(s.weight for s in c.sub)
    return not c.sub or (stated <= c.weight + 1e-6 and (c.sub_partial or stated >= c.weight - 1e-6))


def contribution(c: Criterion) -> Contribution:
    """Each side's share of a top-level criterion: its own weight on its side(s), or its stated sub-weights each on
    its own, when they add up to its weight. A combined criterion whose split is not stated, or does not add up,
    counts in full on both sides, and the notes say so."""
    out = Contribution()
    if c.pct is None:
        return out
    if not c.sub:
        out.count(c.side, c.pct, c.name)
        return out
    if not sub_weights_add_up(c):
        stated = sum(s.weight for s in c.sub)
        out.notes.append(
            f"« {c.name[:80]} » ({c.weight:g} {c.unit}): its sub-weights add up to {stated:g} {c.unit}, not {c.weight:g}: "
            "its split is not read" + (", its own weight is counted" if c.side != "neither" else "")
        )
        out.count(c.side, c.pct, c.name)
        return out
    if c.side == "both" and all(s.side == "neither" for s in c.sub):
        out.count("both", c.pct, c.name)  # sub-criteria that say nothing of their side: the parent's combined weight stands
        return out
    for s in c.sub:
        # A sub-criterion that names no side is a part of its parent's: "Critère environnemental 20 % dont 10 %
        # méthodologie et 10 % moyens" is environmental throughout.
        if s.pct is not None:
            out.count(s.side if s.side != "neither" else c.side, s.pct, s.name)
    rest = c.pct - sum(s.pct for s in c.sub if s.pct is not None)
    if rest > 1e-6 and c.side != "neither":
        # "Développement durable 15 % dont 5 % pour l'insertion": the 10 % left stay the parent's
        out.count(c.side, round(rest, 2), c.name, "the rest its sub-weights leave, ")
    return out


def side_of(name: str) -> str:
    """environmental, social, both or neither, from the criterion's own words."""
    env = bool(ENVIRONMENTAL.search(name))
    social = bool(SOCIAL.search(_NOT_SOCIAL.sub(" ", name)))
    return "both" if env and social else "environmental" if env else "social" if social else "neither"


def _num(s: str) -> float:
    return float(s.replace(",", "."))


# The scale and verb between a criterion's name and its coefficient: "Valeur technique : note sur 10 pondérée du
# (coefficient multiplicateur 3)", "Prix, note sur 20 affectée d'un (coefficient 5)", "Délai, noté sur 20, (coefficient 2)".
_SCALE_BEFORE_COEFFICIENT = re.compile(
    r"(?:(?:une\s+)?not[ée]e?s?\s+sur\s+\d{1,3}(?:\s*(?:points?|pts))?(?:[\s,]+(?:et\s+)?(?:pond[ée]r[ée]e?s?|affect[ée]e?s?|multipli[ée]e?s?))?"
    r"|(?:pond[ée]r[ée]e?s?|affect[ée]e?s?|multipli[ée]e?s?))"
    r"(?:\s+(?:du|d['’]\s*un|par\s+(?:un|le)|avec\s+(?:un|le)|de|d['’]))?[\s,]*$",
    re.I,
)


def _clean_name(raw: str, coefficient: bool = False) -> str:
    if coefficient:
        raw = _SCALE_BEFORE_COEFFICIENT.sub("", raw)
    name = _LIST_MARKER.sub("", raw.strip(_NAME_JUNK), count=1).strip(_NAME_JUNK)
    name = re.sub(r"\s*(?:/\s*)?pond[ée]ration\s*:?\s*$", "", name, flags=re.I).strip(_NAME_JUNK)
    # "Performance environnementale : notée sur 40 points": the criterion is named before "notée sur". Alone
    # ("(45%) notée sur 20 points", a scale after a weight) the words stay what the item is named, as before.
    named = re.sub(r"\s*(?:(?:est|sont|sera|seront)\s+)?not[ée]e?s?\s+sur$", "", name, flags=re.I).strip(_NAME_JUNK)
    if re.search(r"[A-Za-zÀ-ÿ]{3}", named):
        name = named
    # Prose runs labels and criteria together: "Critère de jugement des offres :Pour l'ensemble des lots :Prix".
    tail = re.split(r"\s*[:.;]\s*", name)[-1]
    if tail != name and re.search(r"[A-Za-zÀ-ÿ]{3}", tail):
        name = tail
    return " ".join(name.split())


def _balanced(name: str) -> str:
    """A name whose closing parenthesis was cut as junk gets it back: "volet social (insertion)"."""
    return name + ")" * (name.count("(") - name.count(")"))


_DIGIT = re.compile(r"\d")
# A share that says how much something changes, right before it: "une réduction de 40 %", "réduire d'au moins 30 %",
# "cut energy consumption by 40 %" (made up). No criterion's weight is stated so.
REDUCTION_BEFORE = re.compile(
    r"(?:r[ée]dui\w*|r[ée]ductions?|diminu\w*|baisses?|abaiss\w*|[ée]conomi\w*|augment\w*|hausses?|progress\w*|"
    r"reduc\w*|\bcut\w*|lower\w*|decreas\w*|sav(?:e|es|ing|ings)\b|increas\w*)"
    r"\b[^.;:\n%]{0,40}?(?:\bde|\bd['’]|\bby|\bof|[àa]\s+hauteur\s+de|jusqu.[àa])(?:\s+(?:au\s+moins|au\s+minimum|at\s+least|plus\s+de|more\s+than))?\s*$",
    re.I,
)
_OWN_MARKER = re.compile(r"(?:[\s;:,.\-–•▫]|\(?\b\d{1,2}[.)-]|\b[a-z]\))*$", re.I)


# Right before a number of points: the criterion is marked on that scale ("Prix noté sur 20 points").
_MARKED_ON = re.compile(r"\bnot(?:e|[ée]e?s?)\s+sur\s*$", re.I)


def _unweighted_item_before(segment: str, at: int, first: bool) -> bool:
    """Whether the words before a weight's criterion, back to the previous weight, hold another list item:
    "; 2. Valeur technique ; 3. Performance environnementale, coefficient 1" (Valeur technique has none).
    `at` is where the weight's own criterion starts in `segment`; a heading before the first item of its line
    ("Critères d'attribution : 1. Prix") is no item, a colon ends it."""
    if at < 0:
        return False
    rest = _OWN_MARKER.sub("", segment[:at])
    if ":" in rest:
        rest = rest.rsplit(":", 1)[1]
    elif first:
        return False
    return bool(re.search(r"[A-Za-zÀ-ÿ]{3}", rest))


def _items(text: str) -> list[Criterion]:
    """Every (name, weight) pair of the text, in order. The name is what precedes the weight on its line, back to
    the previous weight (prose: "Prix (60 pts) valeur technique (40 pts)"); a weight alone on its line ("40 %")
    takes the line above as its name (a table read cell by cell)."""
    out: list[Criterion] = []
    offset = 0
    previous_line = ""
    for line in text.split("\n"):
        prev = 0
        marked = bool(_SUB_MARKER.match(line))
        found = False
        # Every weight holds a digit: the many lines of a long document without one are not searched.
        for m in _WEIGHT.finditer(line) if _DIGIT.search(line) else ():
            if m.start() < prev:
                continue  # inside the name of the weight before it
            before = line[prev : m.start()]
            if m.group("unit") and REDUCTION_BEFORE.search(line, max(0, m.start() - 60), m.start()):
                continue  # "réduire de 40 % les consommations", "cut energy use by 40 %": a change, not a weight
            after = _NAME_AFTER.match(line, m.end())
            unweighted_before = inline_sub = False
            connective = _CONNECTIVE.fullmatch(before.strip(_NAME_JUNK + " "))
            if connective and not (after and after.group("name").strip()) and (prev > 0 or re.search(r"\bdont\b|\(", before, re.I)):
                # Only after a weight on the line, "dont" or "(": a weight alone at the start of a line ("40 % de la
                # note") takes the line above as its name, as before.
                after = _NAME_AFTER_BARE.match(line, m.end())
            if after and after.group("name").strip() and connective:
                name, prev = _balanced(_clean_name(after.group("name"))), after.end()
                name_span = (offset + after.start("name"), offset + after.end("name"))
            else:
                name = _clean_name(before, coefficient=bool(m.group("coef")))
                at = before.rfind(name.split(" ")[0]) if name else -1  # where the cleaned name starts in its segment
                name_span = (offset + prev + max(at, 0), offset + m.start())
                unweighted_before = _unweighted_item_before(before, at if name else -1, prev == 0)
                # A sub-number inside the line marks the item too: "3. Développement durable (15 %) : 3.1 Gestion des
                # déchets (10 %) 3.2 Insertion (5 %)", a notice's list run onto one line
                inline_sub = at > 0 and bool(_INLINE_SUB_NUMBER.search(before[:at]))
                if not re.search(r"[A-Za-zÀ-ÿ]{3}", name):
                    name = _clean_name(previous_line) if prev == 0 and not _WEIGHT.search(previous_line) else ""
                    name_span = (-1, -1)
                prev = m.end()
            if not name:
                continue
            out_of = _num(m.group("of")) if m.group("frac") else None
            if out_of is not None and (
                _REFERENCE_BEFORE.search(line[: m.start()])
                or not 0 < _num(m.group("frac")) <= out_of
                or out_of < 10
                or _TOTAL_NAME.match(name)
            ):
                continue  # "article 10/100", "12/10", "fraction 0/80" (a grading), "Total : 100/100": no criterion's weight
            if (m.group("num") or m.group("scale")) and TOTAL_BEFORE.search(line[: m.start()]):
                continue  # "(note globale sur 100 points)", "Total : 100 points": the total, no criterion's weight
            found = True
            num = m.group("pond") or m.group("num") or m.group("frac") or m.group("coef") or m.group("scale")
            unit_raw = (m.group("pond_unit") or m.group("unit") or ("points" if m.group("frac") or m.group("scale") else "")).lower()
            scale = "bare" if m.group("scale") else "points" if m.group("num") and _MARKED_ON.search(line[: m.start()]) else ""
            # A notice's "Pondération : 10" is read in % of 100.
            unit = "coefficient" if m.group("coef") else "points" if unit_raw.startswith(("point", "pt")) else "%"
            out.append(
                Criterion(
                    name=name, weight=_num(num), unit=unit, start=offset + m.start(), end=offset + m.end(), marked_sub=marked or inline_sub,
                    name_start=name_span[0], name_end=name_span[1], out_of=out_of,
                    unweighted_before=unweighted_before, scale=scale,
                )
            )
        if line.strip():
            previous_line = line if not found else ""
        offset += len(line) + 1
    return out


def _closing_paren(text: str, opening: int) -> int:
    """The offset of the parenthesis that closes the one at `opening`, or the end of its line."""
    depth = 0
    for k in range(opening, len(text)):
        if text[k] == "\n":
            return k
        depth += {"(": 1, ")": -1}.get(text[k], 0)
        if depth == 0:
            return k
    return len(text)


def _stated_sub_list(items: list[Criterion], i: int, text: str) -> int:
    """How far the sub-weights stated right after items[i]'s weight on its line run (an index into `items`; i + 1
    when there are none): "Performance sociale et environnementale 15 % (performance environnementale 10 %,
    performance sociale 5 %)", "Développement durable 15 %, dont 5 % pour l'insertion et 10 % pour les déchets",
    "Critère RSE 15 % : 7,5 % volet social et 7,5 % volet environnemental". Whether they add up to the parent's
    weight is read later (CriteriaTable.contributions): a list that says it is a part ("dont") may leave a rest."""
    parent = items[i]
    if i + 1 >= len(items) or items[i + 1].lead < parent.end:
        return i + 1
    first = items[i + 1]
    opener = _SUB_OPENER.fullmatch(text, parent.end, max(parent.end, first.lead))
    named_dont = not opener and _PART_WORD.match(first.name) and not text[parent.end : first.lead].strip(" ,;")
    if not opener and not named_dont:
        return i + 1
    paren = opener.group("paren") if opener else None
    dont = named_dont or bool(opener and opener.group("dont"))
    close = _closing_paren(text, opener.start("paren")) if paren else len(text)
    weight_first = first.name_start >= first.end  # "dont 10 % pour les déchets" rather than "dont déchets 10 %"
    j, total = i + 1, 0.0
    while j < len(items):
        c = items[j]
        if c.unit != parent.unit or "\n" in text[parent.end : c.start] or c.tail > close:
            break
        joined = j == i + 1 or bool(_SUB_GAP.fullmatch(text, items[j - 1].tail, max(items[j - 1].tail, c.lead)))
        if paren:
            ok = True  # what the parentheses hold is the parent's
        elif dont:
            # A part of the parent's weight: as many as fit in it, and the ones joined to them ("et", ","); not once
            # the parts make the parent's weight, nor an item worded the other way round: "dont 10 points pour la
            # démarche environnementale, délais 10 points" goes on with the next criterion
            full = j > i + 1 and total >= parent.weight - 1e-9
            ok = not full and (c.name_start >= c.end) == weight_first and (total + c.weight <= parent.weight + 1e-9 or joined)
        else:
            # After a colon: joined items that name their part after the weight ("7,5 % volet social"), or that make up
            # the parent's weight ("Valeur technique 40 % : méthodologie 20 %, moyens 20 %")
            ok = joined
        if not ok:
            break
        total += c.weight
        j += 1
    if opener and opener.group("colon") and not paren:
        children = items[i + 1 : j]
        weight_first = all(c.name_start >= c.end for c in children)
        if not weight_first and abs(total - parent.weight) > 1e-6:
            return i + 1
    return j


def _nest(items: list[Criterion], text: str = "") -> list[Criterion]:
    """Sub-criteria under their parent when the parent announces them or they are marked, and their weights
    add up to the parent's; or when they follow the parent's weight on its line, in parentheses, after "dont" or
    after a colon (_stated_sub_list): "Valeur technique : 40 % dont 10 % pour la gestion des déchets", a part of it
    that may leave the rest unsaid."""
    top: list[Criterion] = []
    i = 0
    while i < len(items):
        parent = items[i]
        j = _stated_sub_list(items, i, text)
        if j > i + 1:
            parent.sub = items[i + 1 : j]
            # "40 % dont 10 % pour …", or the part named first: "40 % (dont sous-critère environnemental 10 %)"
            parent.sub_partial = bool(_PART_WORD.match(text, parent.end, items[i + 1].lead) or _PART_WORD.match(items[i + 1].name))
            top.append(parent)
            i = j
            continue
        j, total = _taken_by(items, i)
        children = items[i + 1 : j]
        # The parent announces its parts in its name, or right after its weight: "valeur technique (60 points)
        # décomposée en : méthodologie (30 points), …"
        after = text[parent.end : children[0].name_start if children and children[0].name_start > parent.end else parent.end]
        announced = (
            _PARENT_HINT.search(parent.name)
            or (after and "\n" not in after.strip() and _PARENT_HINT.search(after))
            or (children and all(c.marked_sub for c in children) and not parent.marked_sub)
        )
        if len(children) >= 2 and abs(total - parent.weight) < 1e-6 and announced:
            parent.sub = children
            top.append(parent)
            i = j
        else:
            top.append(parent)
            i += 1
    return _nest_parents_of_parents(top, text)


def _taken_by(items: list[Criterion], i: int) -> tuple[int, float]:
    """(j, total): items[i + 1 : j], the criteria after items[i] in its unit, taken until their weights reach its
    weight, and their sum (whether they make it up exactly is the caller's test)."""
    parent = items[i]
    j, total = i + 1, 0.0
    while j < len(items) and items[j].unit == parent.unit and total < parent.weight - 1e-9:
        total += items[j].weight
        j += 1
    return j, total


_SUB_CRITERION_NAME = re.compile(r"\W*sous[\s-]*crit[èe]re", re.I)


def _nest_parents_of_parents(top: list[Criterion], text: str) -> list[Criterion]:
    """A criterion whose parts have parts of their own: "La valeur technique … notée sur 32 points : * Sous-critère 1
    (8 points) sous-sous-critère 1a (4 points) … * Sous-critère 2 (16 points) … * Sous-critère 3 (8 points) …". Once
    the sub-criteria hold their own parts, the criteria after a weight that they make up exactly become its parts,
    when it announces them (a colon after its weight, a word of _PARENT_HINT) or each is named a sub-criterion."""
    out: list[Criterion] = []
    i = 0
    while i < len(top):
        parent = top[i]
        j, total = _taken_by(top, i) if not parent.sub else (i + 1, 0.0)
        children = top[i + 1 : j]
        after = text[parent.end : max(parent.end, children[0].lead)] if children else ""
        announced = (
            _PARENT_HINT.search(parent.name)
            or re.match(r"[\s)]*:", after)
            or all(_SUB_CRITERION_NAME.match(c.name) for c in children)
        )
        if len(children) >= 2 and any(c.sub for c in children) and abs(total - parent.weight) < 1e-6 and announced:
            parent.sub = children
            i = j
        else:
            i += 1
        out.append(parent)
    return out


def walk(c: Criterion) -> list[Criterion]:
    """The criterion and all its parts, depth first."""
    return [c, *(d for s in c.sub for d in walk(s))]


def _line_numbers(text: str, offsets: list[int]) -> set[int]:
    """The numbers (from 0) of the lines holding these offsets; the text is counted through once, not from its start
    for each offset."""
    numbers, line, counted = set(), 0, 0
    for at in sorted(offsets):
        line += text.count("\n", counted, at)
        counted = at
        numbers.add(line)
    return numbers


def _bare_runs(text: str, items: list[Criterion]) -> list[list[Criterion]]:
    """Lists of bare numbers that add up to the total stated beside them: "Prix : 50 ; Qualité : 35 ;
    Insertion professionnelle : 15 (pondération sur 100)", "Critères notés sur 20 : Prix : 12 ; Délai : 8".
    Only lines with no other weight are read, so a table in % or points is never read twice."""
    weighted_lines = _line_numbers(text, [c.start for c in items])
    runs: list[list[Criterion]] = [[]]
    offset = 0
    for n, line in enumerate(text.split("\n")):
        # _BARE's numbers start with a digit (\d): a line without one has none
        if n not in weighted_lines and _DIGIT.search(line):
            prev = 0
            for m in _BARE.finditer(line):
                before = line[prev : m.start()]
                name = _clean_name(before)
                prev = m.end()
                if (
                    not re.search(r"[A-Za-zÀ-ÿ]{3}", name)
                    or _TOTAL_NAME.match(name)
                    or _REFERENCE_BEFORE.search(before)
                    or re.search(r"\b(?:sur|total|de|out\s+of)\s*:?\s*$", before, re.I)  # "(pondération sur 100)" is the total itself
                ):
                    continue
                run = runs[-1]
                if run and text.count("\n", run[-1].end, offset + m.start()) > 3:
                    runs.append(run := [])
                at = before.rfind(name.split(" ")[0])
                run.append(
                    Criterion(
                        name=name, weight=_num(m.group("bare")), unit="points", start=offset + m.start(), end=offset + m.end(),
                        marked_sub=bool(_SUB_MARKER.match(line)), name_start=offset + m.start() - len(before) + max(at, 0),
                        name_end=offset + m.start(),
                    )
                )
        offset += len(line) + 1
    out = []
    for run in runs:
        if len(run) < 2:
            continue
        line_start = text.rfind("\n", 0, run[0].name_start) + 1
        line_end = text.find("\n", run[-1].end)
        # from the line before the run's first line: where a total or a head that names weights stands
        from_line_before = max(0, text.rfind("\n", 0, max(0, line_start - 1)) + 1)
        window = text[from_line_before : len(text) if line_end == -1 else line_end]
        totals = {_num(m.group("a") or m.group("b") or m.group("c")) for m in _BARE_TOTAL.finditer(window)}
        top_sum = sum(c.weight for c in run)
        total = next((t for t in totals if abs(t - top_sum) < 1e-6), None)
        below = _line_after(text, run[-1].end)
        total_row = _TOTAL_ROW.match(below)
        if total is None and total_row and abs(_num(total_row.group("n")) - top_sum) < 1e-6:
            total = top_sum  # "Total : 100" on the row after them, their sum
        header = _WEIGHT_HEADER.search(_line_before(text, run[0].name_start))
        if total is None and header:
            # The column they stand in is named for weights: "Critère : Pondération (%)", "Critère | Poids",
            # "Critère : Coefficient". Under a %, they must make up 100; else they weigh against each other.
            if header.group("coef"):
                for c in run:
                    c.unit = "coefficient"
                out.append(run)
                continue
            if header.group("pct") and abs(top_sum - 100) > 1e-6:
                continue
            total = top_sum
        if total is None and abs(top_sum - 100) < 1e-6 and _CRITERIA_HEAD.search(text, from_line_before, run[0].name_start):
            # "… critères énoncés ci-dessous avec leur pondération : - prix : 60 - valeur technique : 40" (BOAMP's
            # wording), "Critères pondérés : Prix : 60 ; Valeur technique : 30 ; Environnement : 10": out of 100
            total = top_sum
        if total is None:
            continue  # no stated total these numbers make up: not weights
        for c in run:
            c.out_of = total
        out.append(run)
    return out


# A head that says the numbers after it are weights, on the line of a list's first item or the line before: BOAMP's
# "critères énoncés ci-dessous avec leur pondération"; or the award criteria's own head ("Critères d'attribution : Prix :
# 60 - Valeur technique : 30 - Performances environnementales : 10"): under it, a list of numbers that makes up exactly
# 100 reads as its weights, nothing else adds up so; numbers that do not make up 100 stay unread.
_CRITERIA_HEAD = re.compile(
    r"pond[ée]r|\bweight(?:ing|ed)\b|crit[èe]res?\s+(?:d.attribution|de\s+jugement|de\s+choix|de\s+s[ée]lection\s+des\s+offres)|"
    r"\bcriteres?\s+attrib|award\s+criteria",
    re.I,
)
# The row after a table's last criterion that states its total: "Total : 100", "TOTAL | 100 points".
# "(total sur 100)" too.
_TOTAL_ROW = re.compile(
    r"\s*\(?\s*(?:sous-)?total(?:\s+(?:des\s+)?points)?\s*[:|]?\s*(?:sur\s+)?(?P<n>\d{1,4})\s*(?:%|points?|pts)?\s*\)?\s*$", re.I
)
# The header of a weights column, as a table's row reads ("Critères : Pondération (%)", "Critère | Poids | Commentaire",
# "Critère : Coefficient"). "Note" is left out: a column of notes may be a grading scale.
_WEIGHT_HEADER = re.compile(
    r"^[^\d\n]*?crit[èe]res?\b[^\d\n]*?(?::|\||\t)\s*"
    r"(?:(?P<coef>coefficients?)|pond[ée]rations?|poids|points|bar[èe]me)(?P<pct>\s*(?:\(\s*(?:en\s+)?%\s*\)|en\s+%|%))?\s*(?:\||\t|$)",
    re.I,
)


def _line_before(text: str, at: int) -> str:
    """The last non-blank line that ends before the line holding offset `at`."""
    start = text.rfind("\n", 0, max(0, at))
    for line in reversed(text[max(0, start - 600) : max(0, start)].split("\n")):
        if line.strip():
            return line
    return ""


def _line_after(text: str, at: int) -> str:
    """The first non-blank line after the line holding offset `at`."""
    end = text.find("\n", at)
    if end == -1:
        return ""
    return next((line for line in text[end + 1 : end + 600].split("\n") if line.strip()), "")


def parse_criteria(text: str) -> list[CriteriaTable]:
    """The criteria tables of a text: runs of weighted items no more than two lines apart, one unit each; and
    lists of bare numbers that add up to the total stated beside them."""
    items = _items(text)
    tables: list[CriteriaTable] = []
    run: list[Criterion] = []

    def flush() -> None:
        if run:
            tables.append(_table(text, list(run)))
            run.clear()

    for c in items:
        if run and (text.count("\n", run[-1].end, c.start) > 3 or c.unit != run[-1].unit):
            flush()
        run.append(c)
    flush()
    tables.extend(_table(text, run) for run in _bare_runs(text, items))
    return sorted((t for t in tables if t.criteria), key=lambda t: t.start)


def _table(text: str, items: list[Criterion]) -> CriteriaTable:
    top = _nest(items, text)
    unit = top[0].unit
    w0 = max(0, items[0].start - 300)
    window = text[w0 : items[-1].end + 100]
    # "Prix : noté sur 60 points" states the criterion's own points, not the table's total.
    own = {c.start for c in items}
    # A number before "/N" that is no criterion's weight makes "N" no total: "réf. CDA 20/72", a date.
    # A criterion's own scale ("prix (note sur 60)") is no total either: its number lies inside the criterion's match.
    scales = [(c.start, c.end) for c in items if c.scale]
    stated = [
        _num(m.group(1))
        for m in _STATED_TOTAL.finditer(window)
        if w0 + m.start(1) not in own
        and not any(a <= w0 + m.start(1) < b for a, b in scales)
        and not (m.group(0).startswith("/") and window[: m.start()].rstrip()[-1:].isdigit())
    ]
    top_sum = sum(c.weight for c in top)
    plausible = [x for x in stated if x >= max(c.weight for c in top)]
    out_of = {c.out_of for c in top}
    weighed = True  # False: these numbers are no weights against each other
    if unit == "%":
        total, total_stated = 100.0, True
    elif unit == "coefficient":
        # Coefficients weigh the criteria against each other: only when every criterion of the list has one.
        total, total_stated = top_sum, False
        weighed = len(top) >= 2 and not any(c.unweighted_before for c in items)
    elif len(out_of) == 1 and None not in out_of:
        # "30 sur 100", "(10/100)", "8 points sur 20": the total each criterion states. Criteria that add up to
        # more than it are each marked on that scale ("prix 20/20 ; délai 20/20"): no weights.
        total, total_stated = out_of.pop(), True
        weighed = top_sum <= total + 1e-6
    elif plausible:
        # "noté sur 40", "total 100 points": a stated total at least as large as every criterion's points
        total, total_stated = next((x for x in plausible if abs(x - top_sum) < 1e-6), max(plausible)), True
    elif len(top) >= 2:
        total, total_stated = top_sum, False
    else:
        total, total_stated = 100.0, False  # one criterion alone, no total stated: points read as out of 100
    if unit == "points" and all(c.scale for c in top):
        # Every criterion marked on a scale ("prix (note sur 60), valeur technique (note sur 30), …"): the scales weigh
        # them only where they differ ("prix noté sur 20 points, valeur technique notée sur 20 points, …, pondérés
        # respectivement à 50 %, 40 % et 10 %": their weights are said elsewhere, if at all). A scale without a unit
        # alone ("noté sur 20") says how it is marked, not what it weighs; "notée sur 32 points" alone is read as points.
        if len(top) >= 2:
            weighed = weighed and len({c.weight for c in top}) > 1
        else:
            weighed = weighed and top[0].scale != "bare"
    for c in top:
        _set_pct(c, total, weighed)
    end = max(max(c.end, c.name_end) for c in items)  # a weight-first criterion's name stands after its weight
    return CriteriaTable(criteria=top, unit=unit, total=total, total_stated=total_stated, start=items[0].start, end=end)


def _set_pct(c: Criterion, total: float, weighed: bool) -> None:
    c.pct = round(100 * c.weight / total, 2) if total and weighed else None
    # Sub-weights that do not make up their parent's have no known share of the total.
    sub_weighed = weighed and sub_weights_add_up(c)
    for s in c.sub:
        _set_pct(s, total, sub_weighed)


def top_level_of(table: CriteriaTable, row: Criterion) -> Criterion | None:
    """The top-level criterion that is `row` or holds it as a sub-criterion (at any depth)."""
    return next((c for c in table.criteria if any(s is row for s in walk(c))), None)


def criterion_at(text: str, offset: int, tables: list[CriteriaTable] | None = None) -> tuple[CriteriaTable, Criterion] | None:
    """The table and the criterion (or sub-criterion) whose name holds text offset `offset`, if any. `tables` are
    parse_criteria(text), when the caller has them. Callers must not change what it returns."""
    for table in passage_tables(text) if tables is None else tables:
        if not (table.start - 400 <= offset <= table.end):
            continue
        flat = [(c, s) for c in table.criteria for s in walk(c)]
        named = [s for _, s in flat if s.name_start <= offset < s.name_end]
        if named:  # the criterion whose own name holds the offset, wherever its weight stands
            return table, named[-1]
        best = None
        for _, c in flat:
            line_start = text.rfind("\n", 0, c.start) + 1
            if line_start <= offset <= c.end or (c.start - 200 <= offset <= c.start and "\n" not in text[offset : c.start]):
                if best is None or c.start < best.start:
                    best = c
        if best is not None:
            return table, best
    return None


# A passage's criteria are asked for by each match there that may be a criterion, by each rule set in turn: a rule set
# reads every passage of the document before the next one comes back to it, so as many as a long document holds are kept.
@lru_cache(maxsize=512)
def passage_tables(text: str) -> list[CriteriaTable]:
    """parse_criteria of a passage's text, read once. Callers must not change them."""
    return parse_criteria(text)


@lru_cache(maxsize=4)  # a document's criteria are asked for by each criterion its rules match
def document_tables(text: str) -> list[CriteriaTable]:
    """parse_criteria of a whole document's text, read once per document. Callers must not change them."""
    return parse_criteria(text)


def criterion_in_document(document_text: str, start: int, end: int, offset: int) -> tuple[CriteriaTable, Criterion] | None:
    """The table and criterion at document offset `offset`, read in the whole document, when that table runs past
    the passage [start, end) it is asked from: a passage cut in the middle of a long list (a notice's VI.3 on one
    line, cut every 1 500 characters) holds only part of the criteria, and its totals are wrong. A table that lies
    inside the passage is left to the passage's own reading (None)."""
    tables = document_tables(document_text)
    found = criterion_at(document_text, offset, tables)
    if found is None:
        return None
    table = found[0]
    items = [c for top in table.criteria for c in walk(top)]
    first = min(c.lead for c in items)
    if first >= start and table.end <= end:
        return None
    # Only a list cut by the passage's length: the lists of two lots, or of two sections of a notice, stay apart.
    outside = document_text[first:start] + " " + document_text[end : table.end]
    if _BOUNDARY.search(outside):
        return None
    return found


# What separates two lists of criteria in a document: a notice's section code ("II.2.5)"), a lot, a blank line.
_BOUNDARY = re.compile(NOTICE_SECTION.pattern + r"|\blot\s*(?:n\s*[°o]\s*)?\d|\n[ \t]*\n", re.I)
