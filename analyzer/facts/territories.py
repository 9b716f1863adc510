"""Communes and EPCI, offline: the reference tables that tie a buyer's SIREN or name to a commune.

The tables in analyzer/data/territoires/ are a subset of `@etalab/decoupage-administratif` (MIT;
data from INSEE COG and DGCL BANATIC), millésime 2026. Rebuild them from a newer release with
`python -m analyzer.facts.territories PATH/TO/decoupage-administratif/data`.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "territoires"


@dataclass(frozen=True)
class Commune:
    code: str  # INSEE code
    name: str
    departement: str
    siren: str | None
    chef_lieu: str | None = None  # for a commune déléguée or associée: the code of the commune it belongs to


@dataclass(frozen=True)
class Epci:
    siren: str
    name: str
    kind: str  # CC, CA, CU, METRO, MET69
    members: tuple[str, ...]  # INSEE codes of the member communes


def normalise_place(name: str) -> str:
    """A comparable form of a place name: no accents, no case, hyphens and apostrophes as spaces,
    "St"/"Ste" as "saint"/"sainte", a leading article kept as a word ("Le Mans" -> "le mans")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[‐-―\-'’`´_./]", " ", text)
    text = re.sub(r"\bste\b", "sainte", text)
    text = re.sub(r"\bst\b", "saint", text)
    text = re.sub(r"[^a-z0-9 ]", " ", text)
    return " ".join(text.split())


@dataclass
class Territories:
    communes: dict[str, Commune]  # INSEE code -> commune (déléguées included)
    by_siren: dict[str, Commune]
    by_name: dict[str, list[Commune]]  # normalised name -> every commune of that name (homonyms)
    epcis: dict[str, Epci]  # SIREN -> EPCI
    epci_of: dict[str, str]  # commune INSEE code -> SIREN of its EPCI


@lru_cache(maxsize=1)
def territories() -> Territories:
    communes: dict[str, Commune] = {}
    by_name: dict[str, list[Commune]] = {}
    for row in _read(DATA / "communes.csv.gz"):
        c = Commune(row["code"], row["nom"], row["departement"], row["siren"] or None, row["chef_lieu"] or None)
        if c.chef_lieu is None or c.code not in communes:  # a déléguée sharing its chef-lieu's code stays the commune
            communes[c.code] = c
        by_name.setdefault(normalise_place(c.name), []).append(c)
    epcis = {}
    epci_of = {}
    for row in _read(DATA / "epci.csv.gz"):
        e = Epci(row["siren"], row["nom"], row["type"], tuple(row["membres"].split()))
        epcis[e.siren] = e
        for code in e.members:
            epci_of[code] = e.siren
    by_siren = {c.siren: c for c in communes.values() if c.siren}
    return Territories(communes, by_siren, by_name, epcis, epci_of)


def _read(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build_tables(source: Path, out: Path = DATA) -> tuple[int, int]:
    """Write communes.csv.gz and epci.csv.gz from a decoupage-administratif `data/` folder."""
    source, out = Path(source), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    communes = json.loads((source / "communes.json").read_text(encoding="utf-8"))
    rows = []
    for c in communes:
        if c["type"] == "arrondissement-municipal":
            continue  # Paris, Lyon, Marseille buy as the commune
        chef = c.get("chefLieu") if c["type"] != "commune-actuelle" else None
        rows.append([c["code"], c["nom"], c.get("departement", ""), c.get("siren", ""), chef or ""])
    _write(out / "communes.csv.gz", ["code", "nom", "departement", "siren", "chef_lieu"], rows)
    epcis = json.loads((source / "epci.json").read_text(encoding="utf-8"))
    erows = [[e["code"], e["nom"], e["type"], " ".join(m["code"] for m in e.get("membres", []))] for e in epcis]
    _write(out / "epci.csv.gz", ["siren", "nom", "type", "membres"], erows)
    return len(rows), len(erows)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    # mtime=0: the same input gives the same bytes
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    n_communes, n_epci = build_tables(Path(sys.argv[1]))
    print(f"{n_communes} communes, {n_epci} EPCI written to {DATA}")
