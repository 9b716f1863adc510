"""DECP, the consolidated contract data (data.gouv dataset 608c055b35eb4e6ee20eb325, `decp.parquet`):
one tender per contract, filtered by buyer with DuckDB straight from the Parquet file.

The file holds one row per contract × titulaire × modification. Only the current state counts
(`donneesActuelles` true), and a contract (`uid`) is one tender whatever its number of titulaires.
`considerationsSociales` / `considerationsEnvironnementales` are strings of values joined by ", ";
"Sans objet" (or the schema's "Pas de considération …") is a declared "no", empty is "not declared".
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import httpx

from analyzer.sources.files import atomic_write
from analyzer.sources.http import PoliteClient, PullError
from analyzer.sources.identifiers import parse_identifier
from analyzer.sources.metadata import TenderMeta, clean_text, iso_date, to_amount

DEFAULT_URL = "https://www.data.gouv.fr/fr/datasets/r/11cea8e8-df3e-4ed1-932b-781e2635e432"
REQUIRED = (
    "uid",
    "id",
    "acheteur_id",
    "acheteur_nom",
    "objet",
    "montant",
    "codeCPV",
    "procedure",
    "dateNotification",
    "considerationsSociales",
    "considerationsEnvironnementales",
    "titulaire_id",
    "titulaire_nom",
    "donneesActuelles",
)
OPTIONAL = (
    "nature",
    "type",
    "datePublicationDonnees",
    "acheteur_categorie",
    "acheteur_commune_code",
    "acheteur_commune_nom",
    "acheteur_departement_code",
    "modification_id",
)
NO_VALUES = {"sans objet", "pas de consideration sociale", "pas de consideration environnementale"}
_KIND = {"commune": "commune", "groupement de communes": "epci"}


class DecpError(ValueError):
    """A DECP file that cannot be used: not Parquet, wrong schema, truncated download."""


@dataclass(frozen=True)
class DecpFilter:
    siret: str | None = None
    siren: str | None = None
    commune: str | None = None  # INSEE code of the buyer's commune

    def label(self) -> str:
        return self.siret or self.siren or (f"commune-{self.commune}" if self.commune else "all")


def check_schema(path: Path) -> set[str]:
    """The columns of the file; DecpError naming what is missing when it is not the consolidated DECP."""
    try:
        cols = {row[0] for row in duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{_sql_path(path)}')").fetchall()}
    except duckdb.Error as exc:
        raise DecpError(f"{Path(path).name}: not a readable Parquet file ({str(exc).splitlines()[0]})") from None
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise DecpError(f"{Path(path).name}: not the consolidated DECP file (missing columns: {', '.join(missing)})")
    return cols


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def query_contracts(path: Path, flt: DecpFilter) -> Iterator[dict[str, Any]]:
    """One dict per current contract of the buyer, titulaires gathered; streamed from DuckDB (the
    filter and the column choice are pushed into the Parquet scan: the file is never loaded whole)."""
    cols = check_schema(path)
    present = [c for c in OPTIONAL if c in cols]
    buyer = "lpad(CAST(acheteur_id AS VARCHAR), 14, '0')"
    conditions, params = [], []
    if flt.siret:
        conditions.append(f"{buyer} = ?")
        params.append(flt.siret)
    if flt.siren:
        conditions.append(f"substr({buyer}, 1, 9) = ?")
        params.append(flt.siren)
    if flt.commune:
        if "acheteur_commune_code" not in cols:
            raise DecpError(f"{Path(path).name}: no acheteur_commune_code column to filter by commune")
        conditions.append("CAST(acheteur_commune_code AS VARCHAR) = ?")
        params.append(flt.commune)
    where = " AND ".join(["coalesce(CAST(donneesActuelles AS BOOLEAN), false)"] + conditions)
    firsts = ", ".join(f"any_value({c}) AS {c}" for c in ["id", "acheteur_nom", "objet", "montant", "codeCPV", "procedure", "dateNotification"] + present)
    sql = f"""
        SELECT CAST(uid AS VARCHAR) AS uid, {buyer} AS acheteur_id, {firsts},
               string_agg(DISTINCT CAST(considerationsSociales AS VARCHAR), ', ') AS considerationsSociales,
               string_agg(DISTINCT CAST(considerationsEnvironnementales AS VARCHAR), ', ') AS considerationsEnvironnementales,
               list(DISTINCT CAST(titulaire_id AS VARCHAR)) FILTER (WHERE titulaire_id IS NOT NULL) AS titulaires_id,
               list(DISTINCT titulaire_nom) FILTER (WHERE titulaire_nom IS NOT NULL) AS titulaires_nom
        FROM read_parquet('{_sql_path(path)}')
        WHERE {where}
        GROUP BY uid, {buyer}
        ORDER BY uid
    """
    con = duckdb.connect()
    try:
        cur = con.execute(sql, params)
        names = [d[0] for d in cur.description]
        while batch := cur.fetchmany(1000):
            for row in batch:
                yield {k: _plain(v) for k, v in zip(names, row)}
    finally:
        con.close()


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value != value:
        return None
    return value


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


def declared(value: Any) -> tuple[bool | None, str | None]:
    """(declared, detail) from a DECP considerations string: values → True, "Sans objet" → False,
    empty → None. Lists may come as "A, B" or as "['A', 'B']" (older exports)."""
    text = clean_text(value)
    if text is None or text.lower() in ("nan", "none", "null", "[]"):
        return None, None
    values = [v.strip(" '\"") for v in re.split(r",\s*", text.strip("[]")) if v.strip(" '\"")]
    if not values:
        return None, None
    positive = [v for v in values if _fold(v) not in NO_VALUES]
    return (bool(positive), ", ".join(dict.fromkeys(values)))


def is_decp_record(rec: dict[str, Any]) -> bool:
    return isinstance(rec, dict) and "uid" in rec and "considerationsSociales" in rec and "acheteur_id" in rec


def decp_meta(rec: dict[str, Any]) -> TenderMeta:
    uid = clean_text(rec.get("uid")) or f"{rec.get('acheteur_id')}{rec.get('id')}"
    siret, siren = parse_identifier(rec.get("acheteur_id"))
    social, social_detail = declared(rec.get("considerationsSociales"))
    env, env_detail = declared(rec.get("considerationsEnvironnementales"))
    details = [d for d in (social_detail, env_detail) if d]
    category = clean_text(rec.get("acheteur_categorie"))
    commune = clean_text(rec.get("acheteur_commune_code"))
    return TenderMeta(
        tender_id=f"decp-{uid}",
        source="decp",
        source_id=uid,
        title=clean_text(rec.get("objet")),
        publication_date=iso_date(rec.get("datePublicationDonnees")) or iso_date(rec.get("dateNotification")),
        procedure=clean_text(rec.get("procedure")),
        nature=clean_text(rec.get("nature")),
        contract_type=(clean_text(rec.get("type")) or "").lower() or None,
        cpv=clean_text(rec.get("codeCPV")),
        amount_eur=to_amount(rec.get("montant")),
        buyer_name=clean_text(rec.get("acheteur_nom")),
        buyer_siret=siret,
        buyer_siren=siren,
        buyer_kind=_KIND.get((category or "").lower()),
        commune_insee=commune.zfill(5) if commune and commune.isdigit() else commune,
        city=clean_text(rec.get("acheteur_commune_nom")),
        departement=clean_text(rec.get("acheteur_departement_code")),
        declared_sociales=social,
        declared_environnementales=env,
        declared_detail="; ".join(details) or None,
    )


# --- Getting the file ------------------------------------------------------------------------


def download(url: str, dest: Path, client: PoliteClient, chunk: int = 1 << 20) -> Path:
    """Download `url` to `dest` once; an interrupted download resumes from its `.part` file."""
    dest = Path(dest)
    if dest.exists():
        return dest
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(4):  # a cut connection resumes from what arrived
        if _looks_whole_parquet(part):
            break
        have = part.stat().st_size if part.exists() else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            with client.stream("GET", url, headers=headers) as response:
                if response.status_code == 416:  # nothing left to send
                    break
                if response.status_code not in (200, 206):
                    raise PullError(f"{url}: HTTP {response.status_code}")
                mode = "ab" if response.status_code == 206 and have else "wb"  # 200: the server starts again
                with part.open(mode) as fh:
                    for block in response.iter_bytes(chunk):
                        fh.write(block)
        except httpx.HTTPError:
            continue  # cut while reading: what arrived is in the part file
    if not _looks_whole_parquet(part):
        raise DecpError(f"{dest.name}: the download is incomplete ({part.stat().st_size if part.exists() else 0} bytes); run again to resume")
    part.replace(dest)
    return dest


def _looks_whole_parquet(path: Path) -> bool:
    """A Parquet file starts and ends with PAR1: a cut download lacks the end."""
    if not path.exists() or path.stat().st_size < 12:
        return False
    with path.open("rb") as fh:
        head = fh.read(4)
        fh.seek(-4, 2)
        return head == b"PAR1" and fh.read(4) == b"PAR1"


@dataclass
class DecpCounts:
    new: int = 0
    existing: int = 0
    failed: int = 0
    file: Path | None = None


def pull_decp(source: str | Path, flt: DecpFilter, out: Path, client: PoliteClient | None = None, cache: Path | None = None) -> DecpCounts:
    """Write the buyer's current contracts to `out/decp-<filter>.jsonl`, one line per contract.

    Contracts already in that file stay as they are (same line, same place); new ones are added.
    """
    out = Path(out)
    src = str(source)
    if re.match(r"https?://", src):
        own = client is None
        client = client or PoliteClient()
        try:
            path = download(src, Path(cache or out / ".cache" / "decp.parquet"), client)
        finally:
            if own:
                client.close()
    else:
        path = Path(src)
        if not path.exists():
            raise DecpError(f"{path}: no such file")
    target = out / f"decp-{flt.label()}.jsonl"
    counts = DecpCounts(file=target)
    lines: list[bytes] = []
    seen: set[str] = set()
    if target.exists():
        for line in target.read_bytes().splitlines():
            if line.strip():
                try:
                    seen.add(str(json.loads(line)["uid"]))
                except (json.JSONDecodeError, KeyError, TypeError):
                    pass
                lines.append(line)
    added = []
    for rec in query_contracts(path, flt):
        if rec["uid"] in seen:
            counts.existing += 1
            continue
        seen.add(rec["uid"])
        added.append(json.dumps(rec, ensure_ascii=False, default=str).encode("utf-8"))
    if added:
        atomic_write(target, b"\n".join(lines + added) + b"\n")
    counts.new = len(added)
    return counts
