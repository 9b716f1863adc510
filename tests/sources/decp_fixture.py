"""A consolidated decp.parquet written from the 9 real DECP 2022 rows of ../shared/corpus, laid out
as decp-processing publishes it: the 57 columns of its schema_base.json, one row per contract ×
titulaire × modification, considerations joined by ", " with "Pas de considération …" as "Sans objet"."""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path

import duckdb
import pandas as pd

from analyzer.facts.territories import territories
from tests.conftest import SHARED

ROWS = SHARED / "decp-augmente-2022-sample" / "decp_augmente_valides_2022_test.csv"
SCHEMA = SHARED / "decp-processing-fixtures" / "reference" / "schema_base.json"


def _considerations(raw: str) -> str | None:
    values = ast.literal_eval(raw) if raw.startswith("[") else [raw]
    values = ["Sans objet" if v.startswith("Pas de considération") else v for v in values]
    return ", ".join(dict.fromkeys(values)) or None


def consolidated_rows() -> list[dict]:
    columns = [f["name"] for f in json.loads(SCHEMA.read_text(encoding="utf-8"))["fields"]]
    t = territories()
    out = []
    with ROWS.open(encoding="utf-8-sig", newline="") as fh:
        for n, src in enumerate(csv.DictReader(fh, delimiter=";")):
            commune = t.by_siren.get(src["acheteur.id"][:9])
            titulaires = [src[f"titulaire_id_{i}"] for i in (1, 2, 3) if src[f"titulaire_id_{i}"] not in ("", "CDL")]
            for tit in titulaires:
                row = dict.fromkeys(columns)
                row.update(
                    uid=src["acheteur.id"] + src["id"],
                    id=src["id"],
                    nature=src["nature"],
                    acheteur_id=src["acheteur.id"],
                    acheteur_nom=commune.name if commune else None,
                    titulaire_id=tit,
                    titulaire_typeIdentifiant="SIRET",
                    titulaire_nom=f"Titulaire {tit}",
                    objet=src["objet"],
                    montant=float(src["montant"]),
                    codeCPV=src["codeCPV"],
                    procedure=src["procedure"],
                    dateNotification=src["dateNotification"],
                    datePublicationDonnees=src["datePublicationDonnees"],
                    considerationsSociales=_considerations(src["considerationsSociales"]),
                    considerationsEnvironnementales=_considerations(src["considerationsEnvironnementales"]),
                    acheteur_categorie="Commune" if commune else None,
                    acheteur_commune_code=commune.code if commune else None,
                    acheteur_commune_nom=commune.name if commune else None,
                    modification_id=0,
                    donneesActuelles=True,
                    sourceDataset=src["source"],
                )
                out.append(row)
            if n == 0:
                # The same contract before its modification: no longer current, not a second contract.
                old = dict(out[-1], montant=1.0, modification_id=0, donneesActuelles=False)
                out[-1]["modification_id"] = 1
                out.append(old)
    return out


def write_parquet(path: Path, rows: list[dict] | None = None) -> Path:
    df = pd.DataFrame(rows if rows is not None else consolidated_rows())
    for col in df.columns:
        if col not in ("montant", "donneesActuelles", "modification_id"):
            df[col] = df[col].astype("string")
    duckdb.from_df(df).write_parquet(str(path))
    return path
