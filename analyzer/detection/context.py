"""Context around a match: is it negated, which instrument is it, what weight does it carry.

The same words mean an award criterion in the RC's criteria section and an execution condition
in the CCAP; "sans objet", "néant", "Clauses sociales : Sans" and a weight of 0 are negatives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analyzer.detection import criteria
from analyzer.detection.regex import led
from analyzer.passages.model import Passage, for_nlp
from analyzer.passages.structure import heading_level, is_toc_line

# Right after the match, on the same line: "Clauses sociales : Sans", "... : sans objet", ": néant", ": non";
# "|" too, for table rows read as "Clauses sociales | Sans".
_NEG_AFTER = re.compile(
    r"^[\s:.\-–|]*\(?\s*(?:sans\b|s\.o\.|(?-i:SO)\s*(?:[.;)]|$)|néant|neant|non\b(?! ?-? ?(?:discrimination|respect))|aucune?\b|pas de\b|☐|"
    # English: "Social clause: no", "Social clause: no.", ": none", ": not applicable"; not "criterion no. 3", "No 2"
    r"no\b(?!\.?\s*\d)|none\b|not\s+applicable|n/a\b)",
    re.I,
)
# Just before: "ne comporte pas de clause ...", "aucune clause ...", "pas de critère ...".
_NEG_BEFORE = led(
    r"(?:\bpas\s+(?:de|d')|\baucune?\b|\bne\s+(?:comporte|pr[ée]voit|contient|comprend)\s+(?:pas|aucune?)\s*(?:de|d')?|\bsans\b|☐|"
    r"\bno\b(?!\.|\s*\d)|\bwithout\b)\s*(?:\w+\s+){0,2}$",
    re.I,
)
_CRITERIA_WORDS = led(
    # "critères d'éligibilité" of an insertion clause's public are not award criteria
    # nor are "critères de sélection des candidatures" (selection; "… des offres" is award), nor "selection criteria" nor the
    # EU's "GPP criteria" (technical specifications)
    r"crit[èe]res?\b(?!\s+(?:d.[ée]ligibilit|de\s+recrutement|administratifs\s+d|d.accès|de\s+s[ée]lection(?!\s+des\s+offres)))|sous-crit[èe]re|pond[ée]ration|pond[ée]r[ée]|jugement des offres|analyse des offres|\bnot(?:é|ée|és|ées|ee|ees)\s+sur\b|\bnotes?\s+sur\s+(?:\d|la\s+base|un\s+total|une\s+[ée]chelle|un\s+bar[èe]me)|notation|valeur technique|\bnotes?\s+(?:environnementale|sociale)s?\b|"
    r"award\s+criteri|(?<!selection\s)(?<!gpp\s)(?<!procurement\s)criteri(?:on|a)\b|weighting|sub-criteri",
    re.I,
)
_CRITERIA_SECTION = led(
    r"crit[èe]re(?!s?\s+de\s+s[ée]lection(?!\s+des\s+offres))|jugement|attribution|II\.2\.5|IV\.2\.1|classement des offres|"
    r"analyse des offres|award\s+criteri",
    re.I,
)
_CONDITION_WORDS = led(
    r"conditions? d.ex[ée]cution|condition particuli[èe]re|III\.2\.2|s.engage|devra|doit|oblig|"
    r"performance\s+(?:conditions|of\s+the\s+contract)|conditions\s+for\s+performance|\bshall\b|\bmust\b",
    re.I,
)
_SELECTION_WORDS = led(
    r"capacit[ée]s? (?:technique|professionnelle)|crit[èe]res? de s[ée]lection|candidature|garanties (?:apport[ée]es|professionnelles)|"
    # experience the candidate proves: "Les candidats doivent justifier d'une expérience dans l'insertion par l'activité économique"
    r"\bjustifi\w*\s+d.une\s+exp[ée]rience|\br[ée]f[ée]rences\s+(?:similaires|comparables)|"
    # TED English: "… (ISO 14001 or equivalent) is a selection criterion", "technical and professional ability"
    r"selection\s+criteri|(?:technical|professional)\s+(?:and\s+professional\s+)?ability|economic\s+and\s+financial\s+standing",
    re.I,
)
# Notice sections III.1.x are the conditions of participation (selection), not the contract's clauses.
_SELECTION_SECTION = re.compile(
    r"^III\.1\.\d\)|conditions de participation|capacit[ée] (?:technique|professionnelle)|"
    # an RC's article: "Article 4 - Critères de sélection des candidatures" ("… des offres" is award)
    r"crit[èe]res? de s[ée]lection(?!\s+des\s+offres)|s[ée]lection des candidatures|selection\s+criteria",
    re.I,
)
# Where a notice or an RC names what is bought: "Étude ... énergies renouvelables" is the object, not a clause. A
# notice's options (II.2.11) are more of it: "Description des options : … recharge de véhicules électriques".
_OBJECT_SECTION = re.compile(
    r"^(?:II\.1\.1|II\.1\.4|II\.2\.1|II\.2\.4|II\.2\.11)\)|^Intitul[ée]|^Objet (?:du march[ée]|de la consultation|du contrat|de l.accord)|"
    r"^Description (?:succincte|des prestations|des options)?\s*:|^Objet\s*:|^Titre\s*:|^Intitul[ée]\s*:|"
    r"^Informations? (?:sur les|about) options|^Description of options\s*:",
    re.I,
)
_OBLIGATION_WORDS = led(
    r"exig|impos|devra|doit|doivent|s.engage|oblig|conditions? d.ex[ée]cution|clause|heures|"
    # TED English versions of the same notices
    r"\bshall\b|\bmust\b|\bundertakes?\b|\bis\s+required\b|conditions?\s+(?:of|for)\s+(?:the\s+)?(?:performance|execution)|performance\s+conditions?|\bhours\b",
    re.I,
)
# Notices glue list items as ".-Les candidats": a period followed by a dash ends a sentence too.
# "l'article L. 2112-2" does not end a sentence: a lone L, R or D before the point and a number after it is an article.
_SENTENCE_STOP = led(r"[.;!?](?:(?<=\b[LRD]\.)(?!\s+\d)|(?<!\b[LRD]\.))(?:\s|$|-)|\n\s*\n|\n\s*[-•▫–]\s")

_PERCENT = led(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|pour\s?cent)" + criteria.SHARE_OF)
_POINTS = led(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:points?|pts)\b", re.I)
_TOTAL = led(r"(?:sur|/)\s*(\d{2,4})\b")
# JOUE notice form: "4. Performance en matière de protection de l'environnement / Pondération : 5.0" (in % or points of 100).
# (?!\d) first: without it "Pondération : 10%" backtracks to "1" (followed by "0%", which the lookahead allows).
# eForms' own label for a weight in %, as TED renders a notice: "Pondération (pourcentage, exacte) : 15", "Weight
# (percentage, exact): 15" (BT-541 with its code per-exa).
_PONDERATION = led(
    r"(?<!coefficient\sde\s)(?:(?:pond[ée]ration|weighting)(?:\s*\(pourcentage[^)]{0,20}\)|\s*\(percentage[^)]{0,20}\))?|"
    r"weight\s*\(percentage[^)]{0,20}\))\s*:?\s*(\d{1,3}(?:[.,]\d{1,2})?)(?![\d.,])(?!\s*(?:points?|pts|%))",
    re.I,
)


# Forms with boxes: the CHECKED box decides ("☐ Oui ☒ Non" is a no, "☒ Oui ☐ Non" a yes).
_CHECKED_BOX = re.compile(r"(?:☒|☑|■|\[\s*[xX]\s*\])\s*(oui|non|avec|sans)\b", re.I)
_BOX = re.compile(r"[☐☒☑□■]|\[\s*[xX ]?\s*\]")
_UNTICKED_LINE = re.compile(r"^\s*(?:☐|□|\[\s*\])")


# In the match's sentence, before it: "Le présent accord-cadre ne met pas en œuvre de clause environnementale",
# "ne fait pas l'objet d'une clause sociale", "n'impose aucune condition ...". The verb says the tender does not
# contain or apply the clause; a clause that forbids something ("ne doit pas") is not an absence.
# A negation reaches the match within its clause: not past "mais" ("… n'est pas obligatoire mais le tri des déchets est
# obligatoire", made up) nor another contrast.
_SAME_CLAUSE = r"(?:(?!\b(?:mais|toutefois|cependant|n[ée]anmoins|en\s+revanche|but|however|whereas)\b)[^.;:!?])"
_NEG_SENTENCE_BEFORE = led(
    r"\bn(?:e\s+|['’])(?:\w+\s+)?(?:met|mettra|mettent|pr[ée]voi\w*|comport\w*|contien\w*|compren\w*|int[èe]gr\w*|impos\w*|inclu\w*|fix\w*|"
    r"reti\w*|fai\w*|pr[ée]sent\w*|requi\w*|exig\w*|appliqu\w*|rel[èe]v\w*|soumet\w*|est|sont|sera|seront|y\s+a)\s+(?:pas|aucune?|ni|plus)\b"
    + _SAME_CLAUSE
    + r"{0,70}$|"
    # "Il n'a pas été prévu de clause d'insertion", "n'ont pas été retenues"; "L'acheteur a renoncé à intégrer une
    # clause sociale". Not "n'a pas" alone: "le titulaire qui n'a pas réalisé les heures d'insertion" pays a penalty.
    r"\bn['’](?:a|ont)\s+pas\s+[ée]t[ée]\s+(?:pr[ée]vu|retenu|int[ée]gr[ée]|ins[ée]r[ée]|impos[ée]|fix[ée]|jug[ée])\w*" + _SAME_CLAUSE + r"{0,70}$|"
    r"\brenon(?:c|ç)\w*\s+[àa]\b" + _SAME_CLAUSE + r"{0,60}$|"
    # English: "The contract does not include an insertion clause", "... is not subject to a social clause".
    r"\b(?:does|do|will)\s+not\s+(?:include|contain|provide|impose|comprise|involve|apply|require|have)\w*\b" + _SAME_CLAUSE + r"{0,70}$|"
    r"\b(?:is|are)\s+not\s+subject\s+to\b" + _SAME_CLAUSE + r"{0,70}$",
    re.I,
)
# After it, in the same clause: "clause sociale n'est pas prévue", "clauses environnementales : il n'en est pas prévu",
# "... ne sont pas applicables", "not applicable".
_NEG_SENTENCE_AFTER = re.compile(
    r"^[^.;:!?]{0,40}?\bn(?:e\s+|['’])(?:en\s+|y\s+)?(?:\w+\s+)?(?:est|sont|sera|seront|s.appliqu\w*|figur\w*|pr[ée]vu\w*)\s+(?:pas|aucune?)\b"
    r"(?!\s+(?:seulement|uniquement|n[ée]gociable|facultati))|^\s*:?\s*(?:not\s+applicable|none)\b|"
    r"^[^.;:!?]{0,40}?\b(?:is|are|will\s+be)\s+not\s+(?:provided|planned|included|applicable|imposed|applied)\b|"
    # after a colon: "Clauses environnementales : le présent marché n'est pas concerné", "… : ne s'applique pas"
    r"^\s*:\s*[^.;:!?]{0,40}?\b(?:n['’]est\s+pas|ne\s+sont\s+pas)\s+(?:concern[ée]e?s?|applicables?|pr[ée]vue?s?)\b|"
    r"^\s*:\s*[^.;:!?]{0,40}?\bne\s+s['’]appliquen?t?\s+pas\b",
    re.I,
)


@lru_cache(maxsize=2048)
def finds(regex: re.Pattern[str], text: str) -> bool:
    """Whether `regex` finds something in `text`, remembered: a passage's section, its text and a match's sentence
    are read by the same patterns for every match they hold (four or so in a PDF's passage), and some of these
    patterns cost a tenth of a microsecond a character."""
    return regex.search(text) is not None


def is_negated(text: str, start: int, end: int) -> str | None:
    """The negating words if the match at text[start:end] is stated as absent, else None."""
    after = text[end : end + 40].split("\n", 1)[0]
    if _BOX.search(after[:12]):
        checked = _CHECKED_BOX.search(after)
        if checked:
            return checked.group(0) if checked.group(1).lower() in ("non", "sans") else None
    m = _NEG_AFTER.match(after)
    if m:
        return m.group(0).strip(" :.-–")
    before = text[max(0, start - 60) : start].split("\n")[-1]
    m = _NEG_BEFORE.search(before)
    if m:
        return m.group(0).strip()
    # "☐ Le marché comporte une clause sociale" then "☒ Le marché ne comporte pas de clause sociale": a line that an
    # empty box starts is an option not taken
    m = _UNTICKED_LINE.match(before)
    if m:
        return m.group(0).strip()
    sentence_start = _sentence_start(text, start)
    prefix = for_nlp(text[sentence_start:start])
    m = _NEG_SENTENCE_BEFORE.search(prefix)
    # "une offre qui ne présente pas d'action d'insertion est irrégulière" states a condition, not an absence.
    if m and not _CONDITIONAL.search(prefix[: m.start()]):
        return m.group(0).strip()
    m = _NEG_SENTENCE_AFTER.search(for_nlp(text[end : end + 90]))
    if m:
        return m.group(0).strip(" :")
    return None


# The first line under a heading that says its section is empty: "Sans objet.", "Néant", "Non concerné", "Aucune clause
# n'est prévue", "Le présent marché ne comporte pas de clause environnementale particulière." Not "Non-respect de la
# clause : pénalités", not "Aucun candidat ne peut ...": the words that say it must be about a clause or condition.
_EMPTY_SECTION = re.compile(
    r"^[\s:.\-–•|]*(?:sans\s+objet|s\.\s?o\.|(?-i:S\.?O)\s*[.;]?\s*$|n[ée]ant|non\s+(?:concern[ée]e?s?|applicables?|pr[ée]vue?s?)|sans\s*[.;]?\s*$|non\s*[.;]?\s*$|"
    r"(?:aucune?|pas\s+de|pas\s+d['’])\s*(?:\w+\s+){0,2}(?:clauses?|conditions?|dispositions?|crit[èe]res?|exigences?|heures?|obligations?|stipulations?)\b|"
    r"not\s+applicable|none\b|n/a\b|nil\b)|"
    r"^[^.\n]{0,80}\bn(?:e\s+|['’])(?:\w+\s+)?(?:comport\w*|pr[ée]voi\w*|contien\w*|int[èe]gr\w*|impos\w*|fai\w*\s+l.objet|est\s+soumis\w*|y\s+a)\s+(?:pas|aucune?)\b",
    re.I,
)
_HEADING_LINE_MAX = 150  # a title line; a longer line is a paragraph, whose own words say what is or is not


def empty_section_below(text: str, start: int, end: int, following: str = "") -> str | None:
    """The words saying the section is empty when the match stands in a title line and the first line under it says so:
    "ARTICLE 12 – CLAUSE SOCIALE D'INSERTION" then "Sans objet." The next line is read in the passage, or, when the title
    ends the passage, in `following` (the document's text after the passage)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end].strip()
    # A title: numbered ("ARTICLE 12 –", "9.2"), in capitals, or a passage of its own; a PDF line broken out of a
    # paragraph ("... une clause environnementale ;" then "le lot 2 ne comporte pas ...") is none of them.
    if len(line) > _HEADING_LINE_MAX or line.endswith((",", ";")):
        return None
    if heading_level(line) is None and not line.isupper() and line != text.strip():
        return None
    below = text[line_end:] if text[line_end:].strip() else following
    nxt = next((line for line in below.split("\n") if line.strip()), "")
    m = _EMPTY_SECTION.match(nxt[:200])
    return m.group(0).strip(" :.-–•|") if m else None


_CONDITIONAL = led(r"(?:\bqui|\bsi|\bs'ils?|\blorsqu'(?:il|elle)s?|\bdont|\bà défaut|\bsauf)\s*$", re.I)


def _sentence_start(text: str, start: int, limit: int = 300) -> int:
    left = max(0, start - limit)
    stops = list(_SENTENCE_STOP.finditer(text, left, start))
    return stops[-1].end() if stops else left


@dataclass(frozen=True)
class InstrumentGuess:
    instrument: str
    reason: str


# A stated weight: "10 %", "20 points", "Pondération : 5", "coefficient 2", "30/100".
_WEIGHT_CUE = led(r"\d\s*(?:%|pour\s?cent|points?\b|pts\b)|pond[ée]ration|coefficient\s*\d|\b\d{1,3}\s*/\s*\d{2,3}\b", re.I)
_CLAUSE_WORDS = led(r"\bclauses?\b|conditions?\s+(?:particuli[èe]res?\s+)?d.ex[ée]cution|performance\s+conditions?|conditions?\s+for\s+performance", re.I)


def names_a_clause_not_a_criterion(quote: str, side: str) -> bool:
    """Whether a sentence of `quote` names a clause of its side and has nothing an award criterion is stated with
    (criteria words, a weight): "The contract includes an insertion clause.", "afin de promouvoir la protection de
    l'environnement, une clause est prévue au CCAP" (a notice's VI.3 that goes on with the criteria: the quote may
    run over several sentences, the one that names the clause decides)."""
    side_words = criteria.ENVIRONMENTAL if side == "environmental" else criteria.SOCIAL
    for sentence in _SENTENCE_STOP.split(quote):
        if finds(_CLAUSE_WORDS, sentence) and side_words.search(sentence):
            if not finds(_CRITERIA_WORDS, sentence) and not finds(_WEIGHT_CUE, sentence):
                return True
    return False


@lru_cache(maxsize=1024)  # several readings of one match ask for its sentence; a string is immutable
def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence (or list item) holding text[start:end], at most `limit` characters each side."""
    left, right = sentence_span(text, start, end, limit)
    return text[left:right]


def sentence_span(text: str, start: int, end: int, limit: int = 400, lines: bool = False) -> tuple[int, int]:
    """The offsets of the sentence (or list item) holding text[start:end], at most `limit` characters each side.
    With `lines`, a line break ends a sentence too: a notice's lines are its fields ("Marche reserve non" is a field
    of its own, not the start of the next one's sentence), where a PDF's lines are wrapped text."""
    left = max(0, start - limit)
    stops = list(_SENTENCE_STOP.finditer(text, left, start))
    left = stops[-1].end() if stops else left
    m = _SENTENCE_STOP.search(text, end, min(len(text), end + limit))
    right = m.start() + 1 if m else min(len(text), end + limit)
    if lines:
        left = max(left, text.rfind("\n", left, start) + 1)
        brk = text.find("\n", end, right)
        right = brk if brk != -1 else right
    return left, right


def line_of(text: str, start: int) -> str:
    """The line holding offset `start`."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", start)
    return text[left : right if right != -1 else len(text)]


def on_object_line(text: str, start: int) -> bool:
    """True when offset `start` is on a line that names the contract's object ("Objet du marché :", "Intitulé :")."""
    return bool(finds(_OBJECT_SECTION, line_of(text, start).lstrip("-•▫ ")))


# What the buyer is or does: a notice's "Activité principale : Traitement et valorisation des déchets", a list of an
# authority's competences ("exerce les compétences suivantes : la gestion des déchets ménagers, l'éclairage public").
_ABOUT_BUYER = led(
    r"activit[ée]s?\s+principales?|main\s+activit|\bI\.[56]\)|comp[ée]tences?\s+(?:suivantes|statutaires|obligatoires|optionnelles|exerc[ée]es|transf[ée]r[ée]es)|"
    r"(?:exerce|assure|d[ée]tient|g[èe]re)\s+(?:les|la|des)\s+comp[ée]tences?|au\s+titre\s+de\s+(?:ses|sa)\s+comp[ée]tences?|"
    r"type\s+(?:de\s+)?pouvoir\s+adjudicateur|type\s+of\s+(?:the\s+)?contracting\s+authority",
    re.I,
)
# A named body: "Agence Bio", "Agence de l'environnement et de la maîtrise de l'énergie", "SAS … efficacité énergétique
# et environnementale". A capitalised body word a few words before the match, on its line, with no verb between.
_BODY_NAME = re.compile(
    r"(?-i:\b(?:Agence|AGENCE|Soci[ée]t[ée]|SOCI[ÉE]T[ÉE]|SAS|SARL|SA|EURL|SCOP|SCIC|Association|ASSOCIATION|Institut|Office|Syndicat|"
    r"Observatoire|F[ée]d[ée]ration|Groupement\s+d.int[ée]r[êe]t|Cabinet|Bureau\s+d.[ée]tudes|Minist[èe]re|Direction\s+r[ée]gionale|"
    r"Conseil\s+d[ée]partemental|Maison))(?:\s+[\w'’-]+){0,9}?\s*[\w'’-]*$",
)
_VERB_IN_NAME = re.compile(r"\b(?:doit|devra|est|sont|s.engage|assure|r[ée]alise|fournit|veille|pr[ée]voit|met)\b", re.I)


# A public body as the subject of the sentence, doing the work itself: "La communauté de communes assure la collecte
# sélective et le recyclage des emballages sur son territoire", "Le syndicat gère le traitement des déchets", or what it
# is or has committed to ("La ville est labellisée Territoire de commerce équitable", "s'est engagée dans …"). Only with
# nobody else in the sentence ("La collectivité impose au titulaire le tri de ses déchets" is a clause), and no clause
# named ("La Ville assure le suivi de la clause d'insertion" is left to the verifier).
_BUYER_DOES = led(
    r"^\W*(?:la|le|l['’]|les)\s*(?:commune|ville|communaut[ée]\s+(?:de\s+communes|d['’]agglom[ée]ration|urbaine)|m[ée]tropole|"
    r"syndicat(?:\s+mixte)?|collectivit[ée]|d[ée]partement|r[ée]gion|[ée]tablissement\s+public|intercommunalit[ée]|agglom[ée]ration|"
    # the buyer by its role: "l'acheteur est certifié ISO 14001" (made up)
    r"acheteur|pouvoir\s+adjudicateur|entit[ée]\s+adjudicatrice|ma[îi]tre\s+d.ouvrage)\b"
    r"[^.;:]{0,60}?\b(?:assure|assurent|exerce|exercent|g[èe]re|g[èe]rent|organise|organisent|m[èe]ne|m[èe]nent|exploite|exploitent|"
    r"d[ée]veloppe|d[ée]veloppent|(?:est|a\s+[ée]t[ée])\s+labellis[ée]e?|(?:est|a\s+[ée]t[ée])\s+certifi[ée]e?|s.est\s+engag[ée]e?|"
    # its policy: "La commune poursuit une politique de réduction des déchets", "met en œuvre un plan climat", "porte un
    # projet alimentaire territorial" (made up)
    r"poursui[tv]\w*|met\s+en\s+(?:œ|oe)uvre|mettent\s+en\s+(?:œ|oe)uvre|porte|portent|conduit|conduisent|anime|animent|d[ée]ploie|d[ée]ploient|"
    r"a\s+engag[ée]|a\s+mis\s+en\s+place|s.inscrit|"
    r"est\s+engag[ée]e?|a\s+adopt[ée])\s",
    re.I,
)
# TED English, what the buyer is or runs: "The buyer is a waste management authority serving 40 municipalities."
_BUYER_IS_EN = led(
    r"^\W*the\s+(?:buyer|contracting\s+(?:authority|entity)|purchaser)\s+(?:is\s+an?\b|operates|manages|runs|has\s+adopted|"
    # its policy (made up): "The contracting authority is committed to reducing its greenhouse gas emissions"
    r"is\s+committed\s+to|has\s+committed\s+to|pursues|implements|has\s+implemented|has\s+set\s+up|is\s+engaged\s+in)",
    re.I
)
# A short first line with no full stop, then a line that opens with a capital: a heading before the sentence.
_HEADING_LINE = re.compile(r"^[^\n.;:]{1,60}\n\s*(?=[A-ZÉÈÀ])")
_NOT_THE_BUYER_ALONE = led(
    r"titulaire|prestataire|candidat|soumissionnaire|attributaire|fournisseur|entreprise|op[ée]rateur\s+[ée]conomique|"
    r"contractant|mandataire|\bdoit\b|\bdevra\b|s.engage|contractor|tenderer|\bclauses?\b|\bheures\b",
    re.I,
)


# Done by the buyer, or by the building's users, not the holder: "Un état des lieux de la biodiversité du site sera
# réalisé par le maître d'ouvrage", "Le tri des déchets est effectué par les usagers du bâtiment".
_DONE_BY_OTHERS = led(
    r"\b(?:r[ée]alis|effectu|assur|men[ée]|conduit|pris\s+en\s+charge|command)\w*\s+par\s+(?:le\s+ma[îi]tre\s+d['’]ouvrage|"
    r"la\s+ma[îi]trise\s+d['’]ouvrage|la\s+collectivit[ée]|l['’]acheteur|le\s+pouvoir\s+adjudicateur|la\s+ville|la\s+commune|"
    # someone working for the buyer: "par le bureau d'études du maître d'ouvrage" (made up)
    r"(?:le|la|les|un|une|l['’])\s*[^.;]{0,30}?\s(?:du|de\s+la|de\s+l['’])\s*(?:ma[îi]tre\s+d['’]ouvrage|ma[îi]trise\s+d['’]ouvrage|collectivit[ée]|ville|commune|acheteur|pouvoir\s+adjudicateur)|"
    r"les\s+services\s+(?:municipaux|de\s+la\s+(?:ville|commune|collectivit[ée])|techniques)|les\s+usagers|les\s+occupants)\b",
    re.I,
)


def about_the_buyer(passage: Passage, start: int) -> bool:
    """True when the match describes the buyer (its main activity, its competences, what it does itself), not what it
    imposes."""
    if finds(_ABOUT_BUYER, passage.section):
        return True
    sentence = sentence_around(passage.text, start, start)
    if finds(_ABOUT_BUYER, sentence):
        return True
    # A heading line may open the passage, before the sentence: "Contexte\nLa commune gère en régie la collecte …"
    sentence = _HEADING_LINE.sub("", sentence, count=1)
    plain = for_nlp(sentence)
    return bool(
        (finds(_BUYER_DOES, plain) or finds(_BUYER_IS_EN, plain) or finds(_DONE_BY_OTHERS, plain))
        and not finds(_NOT_THE_BUYER_ALONE, plain)
    )


# A name's words: capitalised, or the small words between them ("Énergies Renouvelables et Environnement").
_NAME_WORDS = r"(?:\s+(?:[A-ZÉÈÀÂÎÔÛÇ][\w'’&-]*|et|de|des|du|d['’]|la|le|&))"
# The legal form after a capitalised name that holds the match: "… Énergies Renouvelables et Environnement SARL".
_LEGAL_FORM_AFTER = re.compile(r"(?-i:^[\w'’-]*" + _NAME_WORDS + r"{0,8}?\s+(?:SARL|SAS|SASU|SA|EURL|SCOP|SCIC|SNC|GIE)\b)")
# A common noun for a body, then a capitalised name up to the match: "le bureau d'études Énergies …", "la société Eco Plus".
_BODY_WORD_BEFORE = re.compile(
    r"(?-i:\b(?:bureau\s+d['’][ée]tudes|cabinet|soci[ée]t[ée]|entreprise|association|agence|groupe)" + _NAME_WORDS + r"{0,8}?\s*$)"
)


def in_body_name(text: str, start: int, end: int | None = None) -> bool:
    """True when the match is part of the name of a body or a company ("Agence Bio", "SAS … efficacité énergétique",
    "le bureau d'études Énergies Renouvelables et Environnement SARL")."""
    before = text[max(0, start - 90) : start].split("\n")[-1]
    m = _BODY_NAME.search(before)
    if m and not _VERB_IN_NAME.search(m.group(0)):
        return True
    if not text[start : start + 1].isupper():  # a name is capitalised: "la société s'engage à réduire ses déchets" is not one
        return False
    if _BODY_WORD_BEFORE.search(before):
        return True
    after = text[end if end is not None else start : (end if end is not None else start) + 90].split("\n")[0]
    return bool(_LEGAL_FORM_AFTER.match(after))


# What the contract is for, said in a sentence: "L'accord-cadre couvre la fourniture de bacs de tri sélectif", "Le présent
# marché a pour objet la collecte des biodéchets". What is bought is no clause (corpus/labels/GUIDELINE-tenders.md) unless
# the sentence imposes something as well (is_object_of_contract's _OBLIGATION_WORDS test).
_OBJECT_SENTENCE = led(
    r"(?:^|\n)\W*(?:le|la|l['’]|les|ce|cet|cette)\s*(?:pr[ée]sente?s?\s+)?(?:march[ée]s?|accords?-cadres?|consultation|contrat|lot|proc[ée]dure)\b"
    r"[^.;:\n]{0,30}?\s(?:(?:a|ont|aura)\s+pour\s+objet|porten?t?\s+sur|concernen?t?|couvren?t?|compren(?:d|nent))\s+"
    r"(?:la\s+|le\s+|les\s+|l['’]|des\s+|de\s+la\s+|du\s+)?(?:fournitures?|acquisition|achat|location|r[ée]alisation|prestations?|travaux|services?|"
    r"missions?|maintenance|collecte|entretien|livraison|exploitation|conception|construction|r[ée]novation|installation|"
    r"mise\s+en\s+place|[ée]tudes?|gestion|traitement|nettoyage|transport)\b|"
    # the work bought as the subject: "L'étude porte sur la performance énergétique du groupe scolaire"
    r"(?:^|\n)\W*(?:l['’]|la|le|les|cette|ce|cet)\s*(?:pr[ée]sente?s?\s+)?(?:[ée]tudes?|missions?|prestations?|diagnostics?|audits?)\b"
    r"[^.;:\n]{0,30}?\s(?:(?:a|ont)\s+pour\s+objet|porten?t?\s+sur|concernen?t?)\s",
    re.I,
)


def names_a_body_or_the_buyer(passage: Passage, start: int, end: int) -> bool:
    """True when the match is part of a body's name or describes the buyer (what it is, does or has committed to)."""
    return in_body_name(passage.text, start, end) or about_the_buyer(passage, start)


def is_object_of_contract(passage: Passage, start: int, end: int) -> bool:
    """True when the match names what is bought (a title, "Objet du marché :", "Intitulé :", II.2.4), what the buyer
    is or does (main activity, competences) or a body ("Agence Bio"), and imposes nothing. Notice forms often pack the object line and other fields into one passage, so the
    match's own line counts as well as the passage's section."""
    # A notice's title lines come before its first heading.
    title = passage.kind == "avis" and not passage.section
    in_object = (
        title or finds(_OBJECT_SECTION, passage.section) or finds(_OBJECT_SECTION, passage.text[:60]) or on_object_line(passage.text, start)
    )
    if names_a_body_or_the_buyer(passage, start, end):
        return True
    sentence = sentence_around(passage.text, start, end)
    return bool(in_object or finds(_OBJECT_SENTENCE, sentence)) and not finds(_OBLIGATION_WORDS, sentence)


# Non-binding wording: an invitation imposes nothing ("le pouvoir adjudicateur encourage les candidats à ...").
_NON_BINDING = led(
    r"\bencourag\w*|\binvit[ée]e?s?\s+[àa]|\bincit[ée]e?s?\s+[àa]|\bincite\b|\brecommand\w*|\bsouhait\w*|\bsensibilis\w*|"
    r"\best\s+libre\s+de|\b[àa]\s+titre\s+(?:facultatif|indicatif)|\bfacultati\w*|\bclause\s+de\s+progr[èe]s|"
    # "Le recours à des produits biosourcés est apprécié mais non obligatoire" (made up)
    r"\bnon\s+obligatoires?\b|\bn.est\s+pas\s+obligatoire\b|"
    r"\binvited\s+to|\bwish(?:es)?\s+to|\bis\s+free\s+to|\boptional\b|\bas\s+an\s+indication\b|"
    # a variant the candidate may offer: "Une variante environnementale (matériaux biosourcés) est possible"
    r"\bvariantes?\b[^.;]{0,80}?\b(?:est|sont|sera|seront)\s+(?:possibles?|autoris[ée]es?|admises?|accept[ée]es?|facultatives?)\b",
    re.I,
)
# What the holder or the candidate may do: "Le titulaire peut recourir à des produits écolabellisés", "The contractor
# may use electric vehicles", "Le titulaire pourra être amené à travailler avec des personnes handicapées" (a possibility).
# Not "pourra être pénalisé" (a penalty), not "ne peut utiliser que" (a restriction: no
# "peut" right after the party), and not inside a clause it is a way of carrying out (_PART_OF_A_CLAUSE).
_PERMISSION = led(
    # "Les candidats ont la possibilité de proposer des produits issus du réemploi" (made up) is the same
    r"\b(?:titulaires?|prestataires?|fournisseurs?|candidats?|soumissionnaires?|entreprises?)\s+"
    r"(?:peut|peuvent|pourra|pourront|(?:a|ont|aura|auront)\s+la\s+(?:possibilit[ée]|facult[ée])\s+de)\b"
    r"(?!\s+(?:être(?!\s+amen[ée])|se\s+voir|faire\s+l.objet))|\b(?:contractors?|holders?|suppliers?|tenderers?)\s+may\b(?!\s+be\b)",
    re.I,
)
# "le titulaire peut solliciter la globalisation des heures d'insertion" (Aquaréel CCAP 4.5.4) is an operative part
# of its insertion clause (corpus/labels/GUIDELINE-passages.md), not a bare permission.
_PART_OF_A_CLAUSE = led(r"\bclauses?\b|\bheures\b|\bhours\b|insertion|integration|facilitat|p[ée]nalit|penalt", re.I)
_BINDING = led(
    r"\b(?:doit|doivent|devra|devront|s.engage\w*|est\s+tenue?|sont\s+tenus|(?<!non\s)(?<!pas\s)obligatoire\w*|impos\w*|exig\w*|"
    r"shall|must|undertakes?|(?:is|are)\s+required|mandatory|compulsory)\b",
    re.I,
)
# A document the candidate fills in, named in a list of what to provide: "le questionnaire RSE (QRSE) propre à chaque lot".
_DOCUMENT_NAMED = led(
    r"questionnaire\s+(?:rse|d[ée]veloppement\s+durable|considérations|environnemental|social)|\((?:QRSE|QCES|QDD|QE|QS)\)|"
    r"\b(?:QRSE|QCES)\b|(?:m[ée]moire|cadre\s+de\s+r[ée]ponse|annexe)\s+(?:technique\s+)?(?:et\s+)?(?:environnemental|rse|d[ée]veloppement)",
    re.I,
)
# The candidate is asked for a document: "Le candidat fournit une note sur la démarche environnementale de
# l'entreprise", "Pièces à fournir : …, une présentation de la politique environnementale". Such a note feeds the
# reading of the offer at most: the criteria, if any, are stated elsewhere, and it imposes nothing on the holder.
_DOCUMENTS_LEAD_IN = (
    r"(?:pi[èe]ces?|documents?)\s+(?:[àa]\s+(?:fournir|produire|remettre|joindre)|(?:de|constituant)\s+(?:la\s+candidature|l.offre))|"
    r"(?:dossier\s+de\s+candidature|offre|pli|candidature)\s+(?:comprend|comprendra|contient|contiendra|(?:est|sera)\s+compos[ée]e?)|"
    # the technical memo as the subject: "Le mémoire technique précise notamment : les moyens, la démarche environnementale"
    # says what the offer describes, read under a criterion stated elsewhere (a weight after the match keeps it a criterion)
    r"m[ée]moire\s+(?:technique|justificatif)\s+(?:pr[ée]cise\w*|comprend\w*|contient|contiendra|d[ée]taille\w*|pr[ée]sente\w*|"
    r"d[ée]cri\w*|indique\w*|compor\w*|(?:devra|doit)\s+(?:pr[ée]ciser|comprendre|contenir|d[ée]tailler|pr[ée]senter|d[ée]crire|indiquer|comporter))|"
    # TED English: "The documents to be provided include: …", "Documents to be submitted with the tender:"
    r"documents?\s+(?:to\s+be\s+(?:provided|submitted|supplied|enclosed|attached)|required\s+(?:from|of)\s+(?:the\s+)?(?:tenderers?|candidates?|bidders?))"
)
_PROVIDES_A_DOCUMENT = re.compile(
    _DOCUMENTS_LEAD_IN + r"|\b(?:candidats?|soumissionnaires?|tenderers?|bidders?)\b[^.;:]{0,40}?"
    r"\b(?:fourni\w*|joindre|joint|joignent|produi\w*|remet\w*|transmet\w*|communiqu\w*|pr[ée]sente\w*|provides?|submits?)\b"
    r"[^.;]{0,40}?\b(?:note|m[ée]moire|pr[ée]sentation|document|attestation|certificat|questionnaire|descriptif|fiche|dossier|"
    r"justificatif|copie|description|statement)s?\b",
    re.I,
)
_LEAD_IN_LINE = re.compile(r"(?:" + _DOCUMENTS_LEAD_IN + r")[^\n]*:\s*$", re.I)
# What binds the holder in such a sentence: "joint à son offre l'engagement par lequel il s'engage à réaliser 350 heures".
_HOLDER_BOUND = re.compile(
    r"s.engage\w*|\bheures\b|\btitulaire|\battributaire|\bholder\b|\bcontractor\b|(?:pendant|au\s+cours\s+de)\s+l.ex[ée]cution", re.I
)
# A sentence whose subject is the law states what the law asks of buyers: "La loi AGEC impose aux acheteurs publics
# d'acquérir des biens issus du réemploi", "Le décret n° 2021-254 fixe la part minimale des achats …", "La loi Climat et
# résilience rend obligatoire une clause environnementale". Only a code's or a law's article: "L'article 8 prévoit une
# clause d'insertion" names the tender's own article.
_LAW_AS_SUBJECT = re.compile(
    r"^[\s\W\d]*(?:(?:or|ainsi|de\s+plus|en\s+effet|par\s+ailleurs|depuis\s+\d{4})\s*,?\s+)?"
    r"(?:la\s+loi|le\s+d[ée]cret|l.ordonnance|la\s+directive|le\s+code\s+de\s+la\s+commande\s+publique|le\s+code\s+du\s+travail|"
    r"l.article\s+[LRD]\.?\s*\d{4}|les\s+articles\s+[LRD]\.?\s*\d{4}|l.article\s+\d+\s+de\s+la\s+loi|la\s+r[ée]glementation|"
    r"le\s+l[ée]gislateur|the\s+law|the\s+(?:decree|directive))\b",
    re.I,
)
# Who a contract binds, or the tender itself: named, the sentence is the tender's own rule whatever its subject
# ("L'article L. 2113-13 s'applique au présent marché").
_PARTY_NAMED = re.compile(
    r"\b(?:titulaires?|prestataires?|fournisseurs?|cocontractants?|attributaires?|candidats?|soumissionnaires?|entreprises?|"
    r"entrepreneurs?|contractors?|holders?|suppliers?|tenderers?)\b|"
    r"\b(?:pr[ée]sente?|ce|cette)\s+(?:march[ée]|accord|consultation|contrat|lot|proc[ée]dure)|\bthis\s+(?:contract|lot|procurement)",
    re.I,
)
_RESPONSE_FRAME_FILE = re.compile(r"cadre[-_ ]de[-_ ]r[ée]ponse|\bCRT[EA]?\b|questionnaire|m[ée]moire[-_ ]technique", re.I)


def instrument_in_place(passage: Passage, start: int, end: int, instrument: str) -> InstrumentGuess | None:
    """A different instrument where the passage stands says so, whatever the rule said; None to keep the rule's.

    A question-and-answer document only quotes the tender: it never makes a criterion or a condition on its own.
    A list of documents to provide names forms. An invitation imposes nothing. A response frame's items feed a
    scored criterion: they are not execution conditions. A sentence whose subject is the law says what it asks of
    buyers or allows them, a reservation included ("Les articles L. 2113-12 et L. 2113-13 permettent de réserver …").
    """
    if instrument == "mention":
        return None
    left, right = sentence_span(passage.text, start, end)
    sentence = passage.text[left:right]
    if instrument == "reservation":
        return _law_restated(sentence)
    if passage.position == "qa":
        return InstrumentGuess("mention", "in a question-and-answer document, which only quotes the tender")
    if sentence.rstrip().endswith("?"):
        # "Q: How will environmental criteria be assessed?", "Les heures d'insertion peuvent-elles être globalisées ?"
        return InstrumentGuess("mention", "a question, which asks and imposes nothing")
    weighted = criterion_weight(passage.text, end) is not None
    if instrument != "award_criterion" or not weighted:
        if passage.position == "documents_list" and not finds(_BINDING, sentence):
            return InstrumentGuess("mention", "names a document to provide")
        if finds(_DOCUMENT_NAMED, sentence) and not finds(_BINDING, sentence) and not finds(_CRITERIA_WORDS, sentence):
            return InstrumentGuess("mention", "names a questionnaire or document to provide")
    if not weighted and asks_for_a_document(passage.text, start, sentence):
        return InstrumentGuess("mention", "the candidate is asked for a document, which imposes nothing")
    if finds(_NON_BINDING, sentence) and not finds(_BINDING, sentence) and not weighted:
        return InstrumentGuess("mention", "non-binding wording (an invitation imposes nothing)")
    if finds(_PERMISSION, sentence) and not finds(_BINDING, sentence) and not weighted and not finds(_PART_OF_A_CLAUSE, sentence):
        return InstrumentGuess("mention", "what the holder may do imposes nothing")
    if not weighted and (law := _law_restated(sentence)):
        return law
    if not weighted and restates_the_law(for_nlp(sentence), start - left, end - left):
        return InstrumentGuess("mention", "compliance with the law in force, which the contract adds nothing to")
    if instrument == "execution_condition" and finds(_RESPONSE_FRAME_FILE, passage.file.rsplit("/", 1)[-1]):
        if weighted or finds(_CRITERIA_WORDS, sentence):
            return InstrumentGuess("award_criterion", "an item of a response frame that feeds a scored criterion")
    return None


# The heading of a section that describes the purchase's background, not what the contract imposes: "Contexte et objet
# du marché", "1. Contexte de l'étude", "Préambule", "Présentation de la collectivité", "Historique", "État des lieux".
# A real CCTP of a new buyer (an irrigation association) listed the studies done before under its "Contexte" heading:
# "Etude … conduisant à des économies … de la ressource en eau agricole" was read as an environmental condition.
_CONTEXT_HEADING = re.compile(
    r"^\W*(?:(?:article|chapitre|partie|titre)\s+)?(?:[\dIVX]+[.)\-–:]?\s*)*(?:[-–:]\s*)?"
    r"(?:contexte|pr[ée]ambule|historique|[ée]tat\s+des\s+lieux|description\s+de\s+l.existant|background\b|context\b|"
    r"pr[ée]sentation\s+(?:g[ée]n[ée]rale|du\s+(?:projet|site|territoire|ma[îi]tre\s+d.ouvrage|pouvoir\s+adjudicateur|syndicat|patrimoine)|"
    r"de\s+la\s+(?:collectivit[ée]|commune|ville|structure|m[ée]tropole|r[ée]gion|communaut[ée])|"
    r"de\s+l.(?:acheteur|[ée]tablissement|entit[ée]\s+adjudicatrice|existant)))",
    re.I,
)
# A background heading that names what is asked too ("Contexte et objectifs", "Contexte et exigences") heads duties as well.
_ALSO_REQUIREMENTS = re.compile(r"\b(?:objectifs?|exigences?|prescriptions?|attendus|besoins?|prestations?|obligations?|requirements?|objectives?)\b", re.I)
_TITLE_LINE_MAX = 90  # longer lines are paragraphs' lines
_CONTEXT_REACH = 4000  # characters read back for the heading above a match: a section's paragraphs, not the document's


def _title_like(line: str) -> bool:
    """A line that can be a heading: short, not a list item, not the end of a sentence."""
    line = line.strip()
    if not line or len(line) > _TITLE_LINE_MAX or line.endswith((".", ";", ",")):
        return False
    return heading_level(line) is not None or not _LIST_ITEM.match(line)


def heading_above(text: str, at: int, reach: int = _CONTEXT_REACH) -> str | None:
    """The nearest line at or above offset `at` that reads as a heading (numbered or not), within `reach` characters;
    None when there is none."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    own = text[line_start : len(text) if line_end == -1 else line_end]
    if _title_like(own):
        return own.strip()
    floor = max(0, at - reach)
    end = line_start - 1
    while end > floor:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if _title_like(line):
            # A line that opens a list ("Le syndicat a engagé plusieurs études :") is read past, unless it is numbered
            # or names a background section itself ("Contexte :").
            marked = heading_level(line) is not None or _CONTEXT_HEADING.match(line) is not None
            if marked or (line[:1].isupper() and not line.endswith(":")):
                return line
        end = start - 1
    return None


def in_a_context_section(passage: Passage, start: int, end: int, document_text: str | None = None) -> bool:
    """True when the match stands under a background heading ("Contexte", "Préambule", "Présentation de la
    collectivité") and its sentence binds nobody: no duty, no party to the contract, no clause, hours or criterion
    named, no weight. What the buyer did before, or what the project is for, imposes nothing on the holder."""
    if (
        document_text is not None
        and passage.end - passage.start == len(passage.text)
        and document_text.startswith(passage.text, passage.start)  # no slice copied for each match
    ):
        text, shift = document_text, passage.start
    else:
        text, shift = passage.text, 0
    heading = heading_above(text, shift + start)
    if heading is None or not _CONTEXT_HEADING.match(heading) or _ALSO_REQUIREMENTS.search(heading):
        return False
    sentence = for_nlp(sentence_around(passage.text, start, end))
    if heading == line_of(passage.text, start).strip():
        sentence = heading  # the heading itself: "1.2 Contexte environnemental du site"
    return not (
        finds(_BINDING, sentence)
        or finds(_NOT_THE_BUYER_ALONE, sentence)
        or finds(_PARTY_NAMED, sentence)
        or finds(_CRITERIA_WORDS, sentence)
        or finds(_WEIGHT_CUE, sentence)
    )


# Compliance with the law as it stands, which the contract adds nothing to (corpus/labels/GUIDELINE-passages.md:
# "restatements of a regulation attached to the goal"): "Le titulaire devra justifier du respect de la réglementation en
# vigueur en matière de gestion des déchets", "Les seuils d'émission de COV respecteront la réglementation COV 2010".
_LAW_WORDS = (
    r"(?:r[ée]glementations?|r[èe]glementations?|l[ée]gislations?|dispositions?\s+(?:l[ée]gales|r[ée]glementaires|l[ée]gislatives)|"
    r"textes?\s+(?:l[ée]gislatifs|r[ée]glementaires|en\s+vigueur)|prescriptions?\s+r[ée]glementaires|obligations?\s+(?:l[ée]gales|r[ée]glementaires)|"
    r"applicable\s+(?:law|legislation|regulations?)|(?:law|legislation|regulations?)\s+in\s+force)"
)
# The law as what something complies with: "respect de la réglementation …", "conformément à la réglementation
# relative aux déchets" (a match after it, in the same clause, is what the law is about)
_COMPLIANCE_WITH = re.compile(
    r"\b(?:respect\w*|conform\w*|satisf\w*|assujetti\w*|compl(?:y|ies|iance)\s+with)\s+(?:\w+\s+){0,2}?"
    r"(?:de\s+la|des|du|de|[àa]\s+la|aux?|la|les|the)\s+" + _LAW_WORDS + r"\b",
    re.I,
)
# ... or as the predicate of the match's subject: "Les seuils d'émission de COV respecteront la réglementation"
_COMPLIES_PREDICATE = re.compile(
    r"^[^,;:]{0,60}?\b(?:respect(?:e|ent|era|eront)|(?:doi(?:t|vent)|devr(?:a|ont))\s+respecter|(?:est|sont|sera|seront)\s+conformes?\s+(?:[àa]|aux?)|"
    r"compl(?:y|ies)\s+with)\s+(?:la|les|aux?|the)?\s*" + _LAW_WORDS + r"\b",
    re.I,
)
# What the contract states beyond the law: a named label or its equivalent, a figure with its unit, tracking slips.
_BEYOND_THE_LAW = led(
    r"ou\s+[ée]quivalent|or\s+equivalent|[ée]colabel|ecolabel|nf\s+environnement|\bfsc\b|\bpefc\b|bordereaux?\s+de\s+suivi|"
    r"\d\s*(?:%|g/l|mg|kg|tonnes?|litres?|kwh|heures?)\b",
    re.I,
)


def restates_the_law(sentence: str, at: int, until: int) -> bool:
    """True when the match (sentence[at:until]) is what the law in force governs, and the sentence states nothing beyond
    it: compliance with a regulation imposes nothing the contract adds."""
    if finds(_BEYOND_THE_LAW, sentence):
        return False
    for m in _COMPLIANCE_WITH.finditer(sentence):
        between = sentence[m.end() : at]
        if m.end() <= at and len(between) <= 100 and not re.search(r"[,;:]|\bet\b|\band\b", between):
            return True
    tail = sentence[until:]
    m = _COMPLIES_PREDICATE.match(tail)
    return bool(m) and not re.search(r"\bet\b|\band\b", tail[: m.start()])


_LIST_ITEM = re.compile(r"\s*(?:[-•▫*–]|\d{1,2}[.)]|[a-z][.)])\s")


def _law_restated(sentence: str) -> InstrumentGuess | None:
    if _LAW_AS_SUBJECT.match(sentence) and not finds(_PARTY_NAMED, sentence):
        return InstrumentGuess("mention", "restates the law, which binds or allows buyers, not the holder")
    return None


def asks_for_a_document(text: str, start: int, sentence: str) -> bool:
    """Whether the sentence at `start`, or the lead-in line of the list it is an item of, asks the candidate for a
    document, with no criteria words and nothing that binds the holder."""
    if finds(_CRITERIA_WORDS, sentence) or finds(_HOLDER_BOUND, sentence):
        return False
    if finds(_PROVIDES_A_DOCUMENT, sentence):
        return True
    # "Le dossier de candidature comprend :" then one item a line: the lead-in is the last line before the items
    # that ends with a colon, and every line between is an item. Walked back line by line from the match's.
    end = text.rfind("\n", 0, start)
    while end >= 0:
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end]
        if _LEAD_IN_LINE.search(line):
            return True
        if not _LIST_ITEM.match(line):
            return False
        end = begin - 1
    return False


def in_table_of_contents(passage: Passage, start: int) -> bool:
    """True when the match is on a contents line or in a contents passage: never a finding there."""
    return passage.position == "toc" or is_toc_line(line_of(passage.text, start))


def guess_instrument(passage: Passage, start: int, end: int, document_text: str | None = None) -> InstrumentGuess:
    """Award criterion in a criteria context; else technical spec in a CCTP; else execution condition.

    Criteria words count only in the match's own sentence: a notice's VI.3 often runs an insertion
    clause and the award criteria together in one paragraph. `document_text`, the passage's document, lets a
    passage that holds one row of a longer list be read as that list's row.
    """
    window = sentence_around(passage.text, start, end)
    weighted = passage.kind in ("RC", "avis", "other") and criterion_weight(passage.text, end) is not None
    if weighted:
        return InstrumentGuess("award_criterion", "a weight follows the match in an RC or notice")
    if passage.kind in ("RC", "avis", "other") and names_a_weighted_row_of_its_document(passage, start, document_text):
        return InstrumentGuess("award_criterion", "names a weighted row of a criteria list that runs past its passage")
    if passage.kind in ("RC", "avis", "other") and names_a_part_after_its_weight(passage.text, start):
        return InstrumentGuess("award_criterion", "names a sub-criterion after its weight in an RC or notice")
    if (
        (finds(_CRITERIA_WORDS, window) and not finds(_ELIGIBILITY, window))
        or (passage.kind in ("RC", "avis") and finds(_CRITERIA_SECTION, passage.section))
        or (passage.kind in ("RC", "avis", "other") and in_a_criteria_list(passage.text, start))
    ):
        if not _CONDITION_WORDS.search(passage.text[max(0, start - 80) : start]):
            return InstrumentGuess("award_criterion", "criteria words near the match")
    if (finds(_SELECTION_WORDS, window) or finds(_SELECTION_SECTION, passage.section)) and not finds(_CONDITION_WORDS, window):
        return InstrumentGuess("selection_criterion", "selection words near the match")
    if passage.kind == "CCTP":
        return InstrumentGuess("technical_specification", "in a CCTP")
    return InstrumentGuess("execution_condition", f"in a {passage.kind} outside a criteria section")


# A list of criteria run onto one line after its head: "IV.2.1) Critères d'attribution : Prix : 60 ; Valeur technique :
# 30 ; Performances en matière de protection de l'environnement : 10". The ";" ends the match's sentence, not the list.
_CRITERIA_LIST_HEAD = led(
    r"(?:crit[èe]res?\s+(?:d.attribution|de\s+jugement|de\s+choix|pond[ée]r[ée]s|retenus)|award\s+criteria)\s*:[^.!?\n]*$", re.I
)


# Who a clause is for, by "criteria" of eligibility: "Les personnes éligibles au dispositif répondent à l'un des
# critères suivants : …" describes the insertion clause's public, not an award criterion (issue 9's "eligibility
# paragraph counted as a social award criterion"). A weight in the sentence is read before this.
_ELIGIBILITY = led(r"[ée]ligib|\beligib|publics?\s+(?:vis[ée]s?|concern[ée]s?|cibles?)\b", re.I)


def in_a_criteria_list(text: str, start: int) -> bool:
    """True when the match stands in a list of criteria that its line opens with the list's head, before any full stop."""
    left = text.rfind("\n", 0, start) + 1
    head = text[max(left, start - 400) : start]
    return bool(_CRITERIA_LIST_HEAD.search(head)) and not _CONDITION_WORDS.search(head)


def names_a_weighted_row_of_its_document(passage: Passage, start: int, document_text: str | None) -> bool:
    """True when the match names a row of a criteria list that the whole document holds and its passage cuts, and
    that row has a share of the total: "3. Gestion des déchets de chantier : coefficient 1", read as a numbered
    heading of its own, weighs 10 % only beside "1. Prix : coefficient 5" and "2. Valeur technique : coefficient 4"."""
    if document_text is None:
        return False
    found = criteria.criterion_in_document(document_text, passage.start, passage.end, passage.start + start)
    if found is None:
        return False
    row = found[1]
    return row.pct is not None and row.name_start <= passage.start + start < row.name_end


# A weight shortly before the match on its line: the only place a part named after its weight can stand.
_WEIGHT_BEFORE = led(r"\d\s*(?:%|pour\s?cent|points?\b|pts\b)[^\n%]{0,80}$", re.I)


def names_a_part_after_its_weight(text: str, start: int) -> bool:
    """True when the match names a criterion of a table whose weight stands before its name: "dont 5 % pour
    l'insertion professionnelle.", "7,5 % volet environnemental (bilan carbone)". No weight follows such a name."""
    if not _WEIGHT_BEFORE.search(text, max(0, start - 100), start):
        return False
    found = criteria.criterion_at(text, start)
    if found is None:
        return False
    row = found[1]
    return row.end <= row.name_start <= start < row.name_end and row.pct is not None


@dataclass(frozen=True)
class Weight:
    pct: float
    quote: str
    how: str
    end: int  # offset in the text just after the stated weight, where a criterion's quote ends


@lru_cache(maxsize=1024)  # asked for each match by the instrument's guess, its check in place and its facts
def criterion_weight(text: str, end: int) -> Weight | None:
    """The weight stated after a criterion's name, within its line or the next two, in % of the total."""
    tail = text[end : end + 250]  # all that is read of it: a passage's rest can be long, and this runs for every match
    m = _PONDERATION.search(tail)
    if m and not re.search(r"\d+\s*\.\s+[A-ZÉ]", tail[: m.start()]):  # not past the next numbered criterion
        return Weight(pct=_num(m.group(1)), quote=m.group(0), how="notice 'Pondération', read as % of 100", end=end + m.end())
    lines = tail.split("\n")[:3]
    # The weight follows the criterion's name closely: within its line or the next two, 120 characters,
    # and before the sentence ends ("... détaillées dans le CCAP. Avance : 30 %" is not a weight).
    window = "\n".join(lines)[:120]
    stop = re.search(r"[.;](?:\s+[A-ZÉ]|-)", window)
    window = window[: stop.start()] if stop else window
    m = _PERCENT.search(window)
    if m and criteria.REDUCTION_BEFORE.search(text, max(0, end + m.start() - 60), end + m.start()):
        m = None  # "cut energy consumption by 40 %": a change, not a weight
    if m:
        return Weight(pct=_num(m.group(1)), quote=m.group(0), how="stated in %", end=end + m.end())
    m = _POINTS.search(window)
    if m and criteria.TOTAL_BEFORE.search(window[: m.start()]):
        m = None  # "(note globale sur 100 points)": the total, no criterion's weight
    if m:
        points = _num(m.group(1))
        # The real total: the criteria table the weight belongs to (sum of its top-level points, or its stated "note sur N").
        found = criteria.criterion_at(text, end + m.start())
        if (
            found is not None
            and found[1].unit == "points"
            and (found[0].total_stated or len(found[0].criteria) >= 2)
            and abs(found[1].weight - points) < 1e-9
        ):
            table, _ = found
            how = f"{points:g} points out of {table.total:g}" + (" (stated total)" if table.total_stated else " (sum of the criteria)")
            return Weight(pct=round(100 * points / table.total, 2), quote=m.group(0), how=how, end=end + m.end())
        total_m = _TOTAL.search(text)
        total = _num(total_m.group(1)) if total_m else 100.0
        if total <= 0 or points > total:
            total = 100.0
        how = f"{points:g} points out of {total:g}" + ("" if total_m else " (total assumed 100)")
        return Weight(pct=round(100 * points / total, 2), quote=m.group(0), how=how, end=end + m.end())
    # "critère environnemental 30 sur 100", "(10/100)", "coefficient 1" of a list where every criterion has one,
    # "Insertion : 15 (pondération sur 100)": the criteria table reads them, against its real total.
    found = criteria.criterion_at(text, max(0, end - 1))
    if found is not None:
        table, row = found
        if row.pct is not None and row.unit != "%" and row.name_start <= end - 1 < row.name_end:
            how = f"{row.weight:g} {row.unit} out of {table.total:g}" + (
                " (stated total)" if table.total_stated else " (sum of the coefficients)" if row.unit == "coefficient" else " (sum of the criteria)"
            )
            return Weight(pct=row.pct, quote=text[row.start : row.end], how=how, end=row.end)
    return None


def _num(s: str) -> float:
    return float(s.replace(",", "."))
