"""Who is buying: name and SIRET from a notice (three BOAMP layouts) or a DCE's first pages, and
which commune or EPCI the buyer is.

Resolution, in order: the user's buyer table (a CSV that wins over everything), the SIREN (the
first 9 digits of a checked SIRET) in the offline commune and EPCI tables, then the name with the
notice's département: "Ville de X", "Mairie de X", "Commune de X", "CCAS de X", "Caisse des écoles
de X" name commune X. A name that fits several communes and no département is left unresolved:
nothing is guessed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from analyzer.facts.territories import Commune, normalise_place, territories
from analyzer.sources.identifiers import parse_identifier
from analyzer.sources.metadata import TenderMeta

__all__ = [
    "Buyer",
    "BuyerResolver",
    "Resolution",
    "buyer_from_text",
    "commune_from_name",
    "epci_from_name",
    "parse_identifier",
    "siret_from_text",
]

_ID = r"(?P<id>\d{3}[ \u00a0.]?\d{3}[ \u00a0.]?\d{3}(?:[ \u00a0.]?\d{5})?)"

_PATTERNS = [
    # eForms-like and simplified layout: "Nom officiel: Metz Métropole Numéro national d'identification: 2000..."
    re.compile(
        r"Nom officiel\s*:\s*(?P<name>[^\n]+?)\s*(?:Numéro national d.identification\s*:\s*(?P<id>[\d \u00a0]{9,17}))?\s*(?:Adresse postale|Ville|\n)",
        re.I,
    ),
    # JOUE layout: "I.1) NOM ET ADRESSES\n\nVILLE DE MONTREUIL, Numéro national d'identification : 219...,"
    re.compile(
        r"I\.1\)\s*NOM ET ADRESSES\s*\n+\s*(?P<name>[^,\n]+)(?:,\s*Numéro national d.identification\s*:\s*(?P<id>[\d \u00a0]{9,17}))?",
        re.I,
    ),
    # TED metadata block of a BOAMP HTML notice: "Authority nameSociété du Grand Paris (52504601700048)"
    re.compile(
        r"(?:Authority name|Nom de l.acheteur|Nom du pouvoir adjudicateur)\s*:?\s*(?P<name>[^\n(]{2,120}?)\s*\((?P<id>\d{9,14})\)", re.I
    ),
    # Old BOAMP national layout.
    re.compile(r"Nom et adresse officiels de l.organisme acheteur\s*:\s*\n+\s*(?P<name>[^\n]+)", re.I),
    # DCE first pages.
    re.compile(
        r"(?:Pouvoir adjudicateur|Identification de l.acheteur|Nom de l.acheteur|Acheteur|Maître d.ouvrage)\s*:\s*(?P<name>[^\n]{3,120})",
        re.I,
    ),
]

# A SIRET stated beside the buyer's name or in its address block. The lookahead gives the same
# matches (every label starts with one of these letters, matched as case-blind as the labels) and
# lets the engine pass over most positions of a text without trying every label there.
_SIRET_NEAR = re.compile(
    r"(?=[SNCA])(?:SIRET|N°\s*SIRET|Numéro\s+SIRET|Code\s+d.identification\s+national|Numéro\s+national\s+d.identification"
    r"|Code\s+identification\s+national|Authority\s+name[^\n(]{0,120}\()\s*(?:de\s+l.acheteur\s*)?[:\-n°]*\s*" + _ID,
    re.I,
)
# What every identifier of _ID holds: a text without it has no SIRET to find, and saying so costs a
# fifth of the search for the labels.
_ID_DIGITS = re.compile(r"\d{3}[ \u00a0.]?\d{3}[ \u00a0.]?\d{3}")
# Where the buyer's section of a notice ends.
_BUYER_SECTION_END = re.compile(r"\n\s*(?:Section\s+II|II\.1\)|II\.\s|autre adresse|Adresse\(s\) complémentaire)", re.I)


@dataclass(frozen=True)
class Buyer:
    name: str
    siret: str | None = None  # string: leading zeros matter
    siren: str | None = None
    source: str = ""  # where it was read: file name, or "tenders.csv"


def siret_from_text(text: str) -> tuple[str | None, str | None]:
    """The first checked SIRET (or SIREN) labelled as the buyer's in the first section of a notice.

    Only the buyer's section is searched (up to the section II or the first "autre adresse"): the
    review body and other addresses carry SIRETs that are not the buyer's.
    """
    head = _BUYER_SECTION_END.split(text[:20000], maxsplit=1)[0]
    if not _ID_DIGITS.search(head):
        return None, None
    for m in _SIRET_NEAR.finditer(head):
        found = parse_identifier(m.group("id"))
        if found != (None, None):
            return found
    return None, None


def buyer_from_text(text: str, source: str) -> Buyer | None:
    for pattern in _PATTERNS:
        m = pattern.search(text[:20000])
        if m:
            name = re.sub(r"\s+", " ", m.group("name")).strip(" ,;:.")
            if len(name) < 2:
                continue
            sret, sren = parse_identifier(m.groupdict().get("id"))
            if sret is None:
                sret2, sren2 = siret_from_text(text)
                sret, sren = sret2, sren or sren2
            return Buyer(name=name, siret=sret, siren=sren, source=source)
    return None


# --- Commune / EPCI resolution ---------------------------------------------------------------

# The kind of commune body a name announces, and the phrase that precedes the commune's name.
_NAME_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("ccas", re.compile(r"^(?:ccas|c c a s|centre communal d action sociale)(?: de la (?:ville|commune) )?(?P<rest>.*)$")),
    ("caisse_des_ecoles", re.compile(r"^caisse des ecoles(?: de la (?:ville|commune) )?(?P<rest>.*)$")),
    ("commune", re.compile(r"^(?:ville|mairie|commune)(?P<rest>\s.*)$")),
]
_DE = re.compile(r"^\s*(?:de la |de l |du |des |de |d )")
_ARTICLE_FOR = {"de la ": "la ", "de l ": "l ", "du ": "le ", "des ": "les "}


@dataclass(frozen=True)
class Resolution:
    kind: str | None = None  # commune, ccas, caisse_des_ecoles, epci
    commune_insee: str | None = None
    city: str | None = None
    epci_siren: str | None = None
    how: str = ""  # "table", "siren", "name"


def _name_candidates(rest: str) -> list[str]:
    """Possible commune names after "Ville": "de Nanterre" -> nanterre; "du Mans" -> le mans, mans."""
    body = rest.strip()
    out = []
    m = _DE.match(" " + body)
    if m:
        tail = (" " + body)[m.end() :].strip()
        article = _ARTICLE_FOR.get(m.group(0).lstrip())
        if article:
            out.append(article + tail)
        out.append(tail)
    else:
        out.append(body)
    cleaned = []
    for c in out:
        c = re.split(r" (?:cedex|bp|cs)\b| \d{5}\b", c)[0].strip()  # postal tails
        c = re.sub(r" \d{2,3}$", "", c).strip()  # "angers 49"
        if c:
            cleaned.append(c)
    return cleaned


def commune_from_name(name: str, departements: Sequence[str] | None = None) -> tuple[str, Commune] | None:
    """(kind, commune) for a commune body's name, or None.

    The département picks among homonyms; with several candidates and no département, no answer.
    """
    norm = _place_key(name)
    deps = [d.upper().zfill(2) for d in departements or [] if d]
    t = territories()
    for kind, pattern in _NAME_FORMS:
        m = pattern.match(norm)
        if not m:
            continue
        for candidate in _name_candidates(m.group("rest")):
            found = t.by_name.get(candidate, [])
            if deps:
                found = [c for c in found if c.departement in deps]
            actual = {(t.communes[c.chef_lieu] if c.chef_lieu and c.chef_lieu in t.communes else c).code for c in found}
            if len(actual) == 1:
                code = actual.pop()
                return kind, t.communes[code]
        return None
    return None


_EPCI_FORMS = [
    (re.compile(r"^communaute de communes (?:de |du |des |d )?"), "cc "),
    (re.compile(r"^communaute d agglomeration (?:de |du |des |d )?"), "ca "),
    (re.compile(r"^communaute urbaine (?:de |du |des |d )?"), "cu "),
    (re.compile(r"^metropole (?:de |du |des |d )?"), "metropole "),
]


@lru_cache(maxsize=4096)  # each buyer's name is looked up as a commune and as an EPCI; buyers publish often
def _place_key(name: str) -> str:
    """The normalised place of a buyer's name, up to its first separator ("Ville de Metz (57)" -> "ville de metz")."""
    return normalise_place(re.split(r"\s+[-–(/]\s*|[(,;/]", name)[0])


def _epci_name(name: str) -> str:
    norm = _place_key(name)
    for pattern, short in _EPCI_FORMS:
        norm = pattern.sub(short, norm)
    return norm


@lru_cache(maxsize=1)
def _epci_index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for e in territories().epcis.values():
        index.setdefault(_epci_name(e.name), []).append(e.siren)
    return index


def epci_from_name(name: str, departements: Sequence[str] | None = None) -> str | None:
    """The SIREN of the EPCI named exactly so ("Nantes Métropole", "CA du Pays Basque" =
    "Communauté d'agglomération du Pays Basque"), among those with a member in the département."""
    t = territories()
    deps = {d.upper().zfill(2) for d in departements or [] if d}
    found = []
    for siren in _epci_index().get(_epci_name(name), []):
        members = t.epcis[siren].members
        if deps and not any(t.communes[c].departement in deps for c in members if c in t.communes):
            continue
        found.append(siren)
    return found[0] if len(found) == 1 else None


class BuyerResolver:
    """Resolves buyers to communes / EPCI, the user's table first."""

    def __init__(self, table: Path | None = None) -> None:
        self.by_siret: dict[str, Resolution] = {}
        self.by_siren: dict[str, Resolution] = {}
        self.by_name: dict[str, Resolution] = {}
        if table is not None and Path(table).exists():
            self._load(Path(table))

    def _load(self, path: Path) -> None:
        """A CSV with `buyer` and/or `buyer_siret`, and `commune_insee`, `city`, `buyer_kind` (any may be empty)."""
        t = territories()
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                code = (row.get("commune_insee") or "").strip() or None
                city = (row.get("city") or "").strip() or (t.communes[code].name if code and code in t.communes else None)
                res = Resolution(
                    kind=(row.get("buyer_kind") or "").strip() or ("commune" if code else None),
                    commune_insee=code,
                    city=city,
                    epci_siren=t.epci_of.get(code) if code else None,
                    how="table",
                )
                sret, sren = parse_identifier(row.get("buyer_siret"))
                if sret:
                    self.by_siret[sret] = res
                elif sren:
                    self.by_siren[sren] = res
                if (row.get("buyer") or "").strip():
                    self.by_name[normalise_place(row["buyer"])] = res

    def resolve(self, name: str | None, siret: str | None, siren: str | None, departements: list[str] | None = None) -> Resolution:
        siren = siren or (siret[:9] if siret else None)
        if siret and siret in self.by_siret:
            return self.by_siret[siret]
        if siren and siren in self.by_siren:
            return self.by_siren[siren]
        if name and self.by_name and (key := normalise_place(name)) in self.by_name:  # no table, no name to normalise
            return self.by_name[key]
        return _from_territories(name, siret, siren, tuple(departements or ()))

    def apply(self, meta: TenderMeta) -> TenderMeta:
        """The same metadata with buyer_kind, commune_insee and city from the resolution (the source's
        city stays when the buyer is not a commune body)."""
        deps = [meta.departement] if meta.departement else []
        res = self.resolve(meta.buyer_name, meta.buyer_siret, meta.buyer_siren, deps)
        if res.kind is None and res.commune_insee is None:
            return meta
        return replace(
            meta,
            buyer_kind=res.kind,
            commune_insee=res.commune_insee,
            city=res.city or meta.city,
            epci_siren=res.epci_siren,
        )


@lru_cache(maxsize=4096)  # a buyer publishes many notices: its resolution is the same each time
def _from_territories(name: str | None, siret: str | None, siren: str | None, departements: tuple[str, ...]) -> Resolution:
    """The resolution by the offline commune and EPCI tables (BuyerResolver.resolve without a user table)."""
    t = territories()
    if siren and siren in t.by_siren:
        c = t.by_siren[siren]
        return Resolution("commune", c.code, c.name, t.epci_of.get(c.code), "siren")
    if siren and siren in t.epcis:
        e = t.epcis[siren]
        return Resolution("epci", None, None, e.siren, "siren")
    if name:
        found = commune_from_name(name, departements)
        if found:
            kind, c = found
            return Resolution(kind, c.code, c.name, t.epci_of.get(c.code), "name")
        epci = epci_from_name(name, departements)
        if epci:
            return Resolution("epci", None, None, epci, "name")
    return Resolution()
