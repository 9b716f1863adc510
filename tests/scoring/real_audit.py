"""A real audit of real notices, and their tender metadata read from the notices themselves.

Until the open-data stage (issue 10) fills `publication_date`, `amount_eur`, `cpv`, `commune_insee`, `buyer_kind`
and the EPCI columns, the scoring tests take them from the records: BOAMP API fields (`dateparution`,
`code_departement`, the buyer's SIRET in `donnees`), the 2020 notices' own text ("publié le", "Valeur hors TVA",
"CPV principal") and the offline referential of ../shared/corpus/reference/decoupage-administratif-2026.
Nothing is invented: a value the record does not give stays null.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd

from tests.conftest import NOTICES, SHARED

BOAMP_CSV = SHARED / "boamp-api-2015-2025" / "boamp_api_records_dev.csv"
REFERENTIAL = SHARED / "reference" / "decoupage-administratif-2026"
HINTS = SHARED / "energia-avis-2020-dev" / "keyword_hints.csv"

# Saint-Nazaire: 11 commune notices 2015-2023 and one of its EPCI (CARENE); Le Havre: 4 commune notices and
# 2 of Le Havre Seine Métropole (one of them a rectificatif).
BOAMP_BUYERS = re.compile(r"(?i)nazaire|^ville du havre|havre seine|^carene")
# 2020 notices: Nanterre under three names, the Eurométropole de Strasbourg (one requires recycled content,
# 33 M€), and two single-notice cities.
ENERGIA = ["35594123", "35594262", "35598034", "35715942", "35593402", "35593425", "35660034"]
ENERGIA_STRASBOURG = ["35715942"]  # plus the other Eurométropole notices found by name below
# A real Saint-Nazaire record whose download was cut short: the tender is found but cannot be read.
TRUNCATED = "23-65926"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@lru_cache(maxsize=1)
def referential() -> tuple[dict, dict, dict, dict]:
    """(commune by SIREN, commune by (département, folded name), EPCI by SIREN, EPCI of each commune)."""
    communes = json.loads((REFERENTIAL / "communes.json").read_text(encoding="utf-8"))
    epcis = json.loads((REFERENTIAL / "epci.json").read_text(encoding="utf-8"))
    by_siren, by_name = {}, {}
    for c in communes:
        if c.get("type") != "commune-actuelle":
            continue
        if c.get("siren"):
            by_siren[c["siren"]] = c
        by_name[(c["departement"], _fold(c["nom"]))] = c
    epci_by_siren = {e["code"]: e for e in epcis}
    epci_of = {m["code"]: e for e in epcis for m in e["membres"]}
    return by_siren, by_name, epci_by_siren, epci_of


_CITY_NAME = re.compile(r"(?i)^\s*(?:la\s+)?(ville|commune|mairie|ccas|caisse des [ée]coles)\s*(?:de la ville\s+)?(?:de\s+la\s+|de\s+l'|d'|de\s+|du\s+|des\s+|le\s+)?(.+)$")


def resolve_buyer(name: str | None, siret: str | None, departement: str | None) -> dict:
    """commune_insee, city, buyer_kind, epci_siren, epci_name for one buyer, or nulls."""
    by_siren, by_name, epci_by_siren, epci_of = referential()
    out = {"commune_insee": None, "city": None, "buyer_kind": None, "epci_siren": None, "epci_name": None}
    siren = siret[:9] if siret else None
    commune, kind = None, None
    if siren and siren in epci_by_siren:
        e = epci_by_siren[siren]
        return {**out, "buyer_kind": "epci", "epci_siren": e["code"], "epci_name": e["nom"]}
    if siren and siren in by_siren:
        commune, kind = by_siren[siren], "commune"
    elif name and departement:
        m = _CITY_NAME.match(name)
        if m:
            word = _fold(m.group(1))
            kind = {"ville": "commune", "commune": "commune", "mairie": "commune", "ccas": "ccas"}.get(word, "caisse_des_ecoles")
            city = re.sub(r"\s*\(\d+\)\s*$", "", m.group(2))
            key = departement.zfill(2)
            # "Ville du Havre" is Le Havre.
            commune = by_name.get((key, _fold(city))) or by_name.get((key, "le " + _fold(city)))
    if name and not commune and departement:
        # An EPCI named as in the referential, or by the acronym it carries there: "CARENE".
        folded = f" {_fold(name)} "
        for e in epci_by_siren.values():
            local = any(m["code"].startswith(departement.zfill(2)) for m in e["membres"])
            if local and len(folded) > 6 and folded in f" {_fold(e['nom'])} ":
                return {**out, "buyer_kind": "epci", "epci_siren": e["code"], "epci_name": e["nom"]}
    if commune:
        e = epci_of.get(commune["code"])
        out.update(commune_insee=commune["code"], city=commune["nom"], buyer_kind=kind)
        if e:
            out.update(epci_siren=e["code"], epci_name=e["nom"])
    return out


def _siret_in(text: str) -> str | None:
    m = re.search(r"(?<!\d)(\d{14})(?!\d)", text)
    return m.group(1) if m else None


def _boamp_cpv(donnees: str) -> str | None:
    """The main CPV code of a BOAMP record: eForms `cbc:ItemClassificationCode`, or the legacy CPV objects."""
    m = re.search(r'"(?:ItemClassificationCode|CPV_CODE|PRINCIPAL|principal|classPrincipale)"\s*:\s*(?:\{[^}]*?"(?:#text|CODE|@CODE)"\s*:\s*)?"(\d{8})', donnees)
    return m.group(1) if m else None


def boamp_records() -> list[dict]:
    with BOAMP_CSV.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if BOAMP_BUYERS.search(r["nomacheteur"] or "")]


def _amount(text: str) -> float | None:
    m = re.search(r"Valeur hors TVA\s*:\s*([\d  .]+(?:,\d+)?)\s*euros", text)
    if not m:
        return None
    digits = m.group(1).replace(" ", "").replace(" ", "").replace(".", "").replace(",", ".")
    return float(digits) if digits.strip(".") else None


def build(folder: Path) -> pd.DataFrame:
    """Copy the chosen real notices into `folder` (one tender each) and return their metadata."""
    from analyzer.documents.read import read_document
    from analyzer.sources.boamp_api import write_record

    folder.mkdir(parents=True, exist_ok=True)
    meta = []
    for r in boamp_records():
        if r["idweb"] == TRUNCATED:
            text = json.dumps(r, ensure_ascii=False)
            (folder / f"{r['idweb']}.json").write_text(text[: len(text) // 3], encoding="utf-8")
        else:
            write_record(r, folder)
        buyer = resolve_buyer(r["nomacheteur"], _siret_in(r["donnees"] or ""), (r["code_departement"] or "").strip('[]"'))
        crit = (r.get("criteres") or "").lower()
        meta.append(
            {
                "tender_id": r["idweb"],
                "source": "boamp",
                "url": r["url_avis"],
                "title": r["objet"],
                "publication_date": r["dateparution"][:10],
                "cpv": _boamp_cpv(r["donnees"] or ""),
                "buyer_name": r["nomacheteur"],
                "declared_sociales": ("sociaux" in crit) if crit else None,
                "declared_environnementales": ("environnementaux" in crit) if crit else None,
                **buyer,
            }
        )
    hints = {row["doc_id"]: row for row in csv.DictReader(HINTS.open(encoding="utf-8"))}
    strasbourg = [d for d, h in hints.items() if _fold(h["buyer"]) == "eurometropole de strasbourg"]
    for doc_id in dict.fromkeys(ENERGIA + strasbourg):
        src = next((NOTICES / doc_id).iterdir())
        target = folder / doc_id
        target.mkdir()
        (target / src.name).write_bytes(src.read_bytes())
        text = read_document(src).text
        date = re.search(r"publié le (\d\d)/(\d\d)/(\d{4})", text)
        cpv = re.search(r"CPV (?:principal|- Objet principal)\s*:\s*(\d{8})", text)
        h = hints[doc_id]
        buyer = resolve_buyer(h["buyer"], _siret_in(text[: text.find("SIRET")] if "SIRET" in text else ""), h["dept"])
        meta.append(
            {
                "tender_id": doc_id,
                "source": "boamp-html",
                "publication_date": f"{date.group(3)}-{date.group(2)}-{date.group(1)}" if date else None,
                "amount_eur": _amount(text),
                "cpv": cpv.group(1) if cpv else None,
                "buyer_name": h["buyer"],
                **buyer,
            }
        )
    return pd.DataFrame(meta)


_CACHE: dict[str, tuple] = {}


def audited() -> tuple:
    """(audit folder, stored audit, metadata): the real pipeline run once per test session on the notices above."""
    if "run" not in _CACHE:
        import tempfile

        from analyzer.audit import run_audit
        from analyzer.scoring.inputs import load_audit

        root = Path(tempfile.mkdtemp(prefix="clauses-scorecard-"))
        meta = build(root / "in")
        run_audit(root / "in", root / "out")
        _CACHE["run"] = (root / "out", load_audit(root / "out" / "audit.duckdb"), meta)
    return _CACHE["run"]
