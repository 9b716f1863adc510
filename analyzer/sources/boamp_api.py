"""BOAMP open-data API records (Opendatasoft dataset `boamp`): one record per notice, the full notice
in its `donnees` field (a JSON string in the xmltodict convention).

Records arrive as API pages, as `exports/{csv,json,jsonl}` files, or one per file as `clauses pull
boamp` writes them. This module reads them all as flat dicts of the 41 fields (identifiers stay
strings) and turns one into a `TenderMeta`. Nothing here reads the notice text: that is
analyzer/documents/notices.py.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from analyzer.sources.eforms_meta import eforms_meta
from analyzer.sources.identifiers import parse_identifier
from analyzer.sources.metadata import TenderMeta, clean_text, iso_date, to_amount
from analyzer.sources.tree import first, get, text

# `donnees` holds whole notices: far beyond csv's default 128 KiB field limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

NOTICE_URL = "https://www.boamp.fr/pages/avis/?q=idweb:{idweb}"


class RecordNotFound(KeyError):
    pass


class BadRecord(ValueError):
    """A record that cannot be used (no idweb); the message says why in one line."""


# --- Reading records ------------------------------------------------------------------------


def flat_record(raw: dict[str, Any]) -> dict[str, Any]:
    """The API fields of a record, whatever wrapper it came in (v2.1 flat, v2.0 `record.fields`,
    a scraper's `raw_fields`)."""
    rec = raw
    if isinstance(rec.get("record"), dict):  # Explore v2.0: {"record": {"fields": {...}}}
        rec = rec["record"]
    for key in ("fields", "raw_fields"):
        inner = rec.get(key)
        if isinstance(inner, str):
            try:
                inner = json.loads(inner)
            except json.JSONDecodeError:
                inner = None
        if isinstance(inner, dict) and ("idweb" in inner or "donnees" in inner):
            merged = {k: v for k, v in rec.items() if k != key}
            merged.update(inner)
            rec = merged
    if "idweb" not in rec and isinstance(rec.get("reference"), str):
        rec = {**rec, "idweb": rec["reference"]}
    return rec


def is_boamp_record(rec: dict[str, Any]) -> bool:
    return isinstance(rec, dict) and bool(rec.get("idweb")) and ("donnees" in rec or "dateparution" in rec or "nomacheteur" in rec)


def as_list(value: Any) -> list[str]:
    """A multivalued field as a list: ["44"], '["44","49"]' (CSV), "44,49" (ODS CSV export), "44"."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return list(_text_list(str(value)))


@lru_cache(maxsize=4096)  # a few values of each field come back with every record ('["75"]', "Sociaux")
def _text_list(value: str) -> tuple[str, ...]:
    return tuple(_parse_list(value))


def _parse_list(value: str) -> list[str]:
    textv = value.strip()
    if not textv or textv.lower() in ("null", "none", "nan"):
        return []
    if textv.startswith("["):
        try:
            parsed = json.loads(textv)
            return [str(v).strip() for v in parsed if str(v).strip()] if isinstance(parsed, list) else [textv]
        except json.JSONDecodeError:
            pass
    return [v.strip() for v in re.split(r"[,;]", textv) if v.strip()]


def donnees(rec: dict[str, Any]) -> dict[str, Any] | None:
    """The parsed notice; None when absent. Raises BadRecord when it is there but not JSON."""
    raw = rec.get("donnees")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dict):
        return raw
    try:
        parsed = json.loads(raw)
    except (json.JSONDecodeError, TypeError) as exc:
        raise BadRecord(f"notice {rec.get('idweb')}: `donnees` is not valid JSON ({exc})") from exc
    if not isinstance(parsed, dict):
        raise BadRecord(f"notice {rec.get('idweb')}: `donnees` is not a JSON object")
    return parsed


def with_parsed_donnees(rec: dict[str, Any]) -> dict[str, Any]:
    """The record with its `donnees` JSON string parsed into the object it holds (a copy), so that the
    metadata and the notice text, which both read it, parse it once; the record itself when there is
    no object to parse (absent, empty, not JSON, not an object: each reader says so in its own way)."""
    if not isinstance(rec.get("donnees"), str):
        return rec
    try:
        parsed = donnees(rec)
    except BadRecord:
        return rec
    return rec if parsed is None else {**rec, "donnees": parsed}


def read_record(csv_path: Path, idweb: str) -> dict[str, str]:
    """The API record whose `idweb` is `idweb`, as strings."""
    for row in iter_csv_records(Path(csv_path)):
        if row.get("idweb") == idweb:
            return row
    raise RecordNotFound(f"no record idweb={idweb} in {csv_path}")


def write_record(record: dict[str, Any], folder: Path) -> Path:
    """Write one record as `<idweb>.json` in `folder` (a tender of its own) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{safe_key(record['idweb'])}.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def safe_key(key: str) -> str:
    """A file name from a record key: idweb "25-127510" stays as it is; anything odd becomes "_"."""
    return re.sub(r"[^0-9A-Za-z._-]", "_", str(key)).strip(".") or "_"


def iter_csv_records(path: Path) -> Iterator[dict[str, str]]:
    """Rows of an API CSV export, streamed. The API exports with ";", other tools with ",": sniffed."""
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        head = fh.readline()
        fh.seek(0)
        delimiter = ";" if head.count(";") > head.count(",") else ","
        yield from csv.DictReader(fh, delimiter=delimiter)


def iter_json_array(path: Path, chunk: int = 1 << 20) -> Iterator[Any]:
    """The items of a JSON array (or an API page {"results": [...]}) read incrementally: an export of
    a year is gigabytes, so the array is never loaded whole."""
    decoder = json.JSONDecoder()
    with Path(path).open(encoding="utf-8-sig") as fh:
        buf = fh.read(chunk)
        pos = _skip(buf, 0)
        if buf[pos : pos + 1] == "{":
            # A single object: a record or an API page. Small enough to load (pages are ≤ 100 records).
            buf += fh.read()
            obj = json.loads(buf)
            items = obj.get("results") if isinstance(obj.get("results"), list) else [obj]
            yield from items
            return
        if buf[pos : pos + 1] != "[":
            raise ValueError(f"{path.name}: not a JSON array or object")
        pos += 1
        while True:
            pos = _skip(buf, pos, extra=",")
            if pos >= len(buf):
                more = fh.read(chunk)
                if not more:
                    raise ValueError(f"{path.name}: truncated JSON (no closing ']')")
                buf, pos = buf[pos:] + more, 0
                continue
            if buf[pos] == "]":
                return
            try:
                item, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError:
                more = fh.read(chunk)
                if not more:
                    raise ValueError(f"{path.name}: truncated or malformed JSON near character {pos}") from None
                buf, pos = buf[pos:] + more, 0
                continue
            yield item
            buf, pos = buf[end:], 0


def _skip(buf: str, pos: int, extra: str = "") -> int:
    while pos < len(buf) and (buf[pos].isspace() or buf[pos] in extra):
        pos += 1
    return pos


def iter_jsonl(path: Path) -> Iterator[Any]:
    with Path(path).open(encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path.name} line {n}: not valid JSON ({exc.msg})") from None


def iter_file_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of an export file (.csv, .json, .jsonl/.ndjson), flattened; streamed."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        items: Iterator[Any] = iter_csv_records(path)
    elif suffix in (".jsonl", ".ndjson"):
        items = iter_jsonl(path)
    else:
        items = iter_json_array(path)
    for item in items:
        if isinstance(item, dict):
            yield flat_record(item)


# --- Metadata --------------------------------------------------------------------------------


def declared_from_criteres(value: Any) -> tuple[bool | None, bool | None]:
    """(social, environmental) from the buyer's `criteres` flag.

    Empty: the buyer declared nothing, (None, None). Else each side is True when listed, False when not.
    """
    values = {v.lower() for v in as_list(value)}
    if not values:
        return None, None
    return "sociaux" in values, "environnementaux" in values


def boamp_meta(rec: dict[str, Any]) -> TenderMeta:
    """TenderMeta of one API record; the notice in `donnees` fills what the record's fields lack."""
    rec = flat_record(rec)
    idweb = clean_text(rec.get("idweb"))
    if not idweb:
        raise BadRecord("BOAMP record without `idweb`")
    try:
        notice = donnees(rec)
    except BadRecord:
        notice = None  # the fields of the record still say a lot; the reader reports the notice itself
    social, env = declared_from_criteres(rec.get("criteres"))
    deps = as_list(rec.get("code_departement"))
    meta = TenderMeta(
        tender_id=idweb,
        source="boamp",
        source_id=idweb,
        url=clean_text(rec.get("url_avis")) or NOTICE_URL.format(idweb=idweb),
        title=clean_text(rec.get("objet")),
        publication_date=iso_date(rec.get("dateparution")),
        deadline=clean_text(rec.get("datelimitereponse")),
        procedure=clean_text(rec.get("procedure_libelle")) or clean_text(rec.get("type_procedure")),
        nature=clean_text(rec.get("nature")),
        contract_type=", ".join(as_list(rec.get("type_marche"))).lower() or None,
        buyer_name=clean_text(rec.get("nomacheteur")),
        departement=deps[0] if deps else None,
        procedure_id=clean_text(rec.get("contractfolderid")),
        declared_sociales=social,
        declared_environnementales=env,
        declared_detail=", ".join(as_list(rec.get("criteres"))) or None,
    )
    if notice:
        _fill_from_notice(meta, notice)
    return meta


def _fill_from_notice(meta: TenderMeta, notice: dict[str, Any]) -> None:
    if "EFORMS" in notice:
        ef = eforms_meta(notice, meta.tender_id, "boamp", meta.source_id)
        if ef is not None:
            meta.buyer_siret, meta.buyer_siren = ef.buyer_siret, ef.buyer_siren
            meta.cpv = meta.cpv or ef.cpv
            meta.amount_eur = ef.amount_eur
            meta.city = ef.city
            meta.buyer_members = ef.buyer_members
            meta.buyer_name = meta.buyer_name or ef.buyer_name
            meta.procedure_id = meta.procedure_id or ef.procedure_id
            if meta.declared_sociales is None and meta.declared_environnementales is None:
                meta.declared_sociales, meta.declared_environnementales = ef.declared_sociales, ef.declared_environnementales
                meta.declared_detail = ef.declared_detail
        return
    if "FNSimple" in notice:
        fns = notice["FNSimple"]
        org = first(fns, "organisme") or {}
        meta.buyer_siret, meta.buyer_siren = parse_identifier(text(first(org, "codeIdentificationNational")))
        meta.city = clean_text(text(first(org, "ville")))
        for part in ("initial", "attribution", "rectificatif"):
            nature = first(fns, part, "natureMarche")
            if nature is None:
                continue
            meta.cpv = (
                meta.cpv
                or text(first(nature, "codeCPV", "objetPrincipal", "classPrincipale"))
                or text(first(fns, part, "lots", "lot", "codeCPV", "objetPrincipal", "classPrincipale"))
            )
            meta.amount_eur = meta.amount_eur or _euros(first(nature, "valeurEstimee"), "valeur")
        group = first(org, "grpCommandes", "oui")
        if group is not None:
            coordinator = text(first(group, "grpCoordonnateur"))
            meta.buyer_members = split_members(meta.buyer_name, coordinator)
        return
    identite = first(notice, "IDENTITE") or {}
    meta.buyer_siret, meta.buyer_siren = parse_identifier(text(first(identite, "CODE_IDENT_NATIONAL")))
    meta.city = clean_text(text(first(identite, "VILLE")))
    if meta.buyer_name is None:
        meta.buyer_name = clean_text(text(first(identite, "DENOMINATION")))
    cpv = get(notice, "OBJET", "CPV", "PRINCIPAL") or get(notice, "OBJET", "LOTS", "LOT", "CPV", "PRINCIPAL")
    meta.cpv = meta.cpv or (text(cpv[0]) if cpv else None)
    meta.amount_eur = (
        _euros(first(notice, "OBJET", "CARACTERISTIQUES"), "VALEUR_TOTALE", "VALEUR", "VALEUR_MAX")
        or _euros(first(notice, "ATTRIBUTION"), "VALEUR_TOTALE")
        or _euros(first(notice, "OBJET", "ACCORD_CADRE"), "VALEUR", "VALEUR_MAX")
        or _sum_lots(notice)
    )
    coordinator = text(first(identite, "COORDINATEUR"))
    if coordinator:
        meta.buyer_members = split_members(meta.buyer_name, coordinator)


def _euros(node: Any, *keys: str) -> float | None:
    """The first of `keys` under `node` that is an amount in euros (a value in another currency is not one)."""
    if not isinstance(node, dict):
        return None
    for key in keys:
        value = node.get(key)
        if isinstance(value, dict):
            currency = (value.get("@DEVISE") or value.get("@devise") or "EUR").upper()
            amount = to_amount(value.get("#text") if "#text" in value else value.get("valeur"))
            if amount is not None and currency == "EUR":
                return amount
        elif value is not None and not isinstance(value, list):
            amount = to_amount(value)
            if amount is not None:
                return amount
    return None


def _sum_lots(notice: dict[str, Any]) -> float | None:
    """Lots that each state their value add up to the notice's; if one lot lacks it, there is no total."""
    lots = get(notice, "OBJET", "LOTS", "LOT")
    values = [_euros(lot, "VALEUR") for lot in lots]
    return sum(values) if values and all(v is not None for v in values) else None  # type: ignore[misc]


_MEMBER_LEAD = re.compile(
    r"^\s*(?:le\s+|un\s+)?groupement\s+de\s+commandes?\s*(?:constitué\s+|composé\s+|formé\s+)?(?:entre|de|par|:)?\s*", re.I
)
_ARTICLE = re.compile(r"^(?:les?|la|l['’]|et|entre)\s+", re.I)


def split_members(buyer_name: str | None, coordinator: str | None) -> list[str]:
    """Members of a joint purchase from the notice's coordinator text.

    "Groupement de commandes entre la Ville de Saint-Nazaire, le Ccas de la ville de Saint-Nazaire et
    la Carene. La Ville de Saint-Nazaire étant le coordinateur" gives three members; a bare
    coordinator name gives the buyer and that coordinator; "Ville et CCAS de Gisors" gives both.
    """
    members: list[str] = [buyer_name] if buyer_name else []
    if coordinator:
        body = re.split(r"\.\s+", coordinator)[0]
        body = _MEMBER_LEAD.sub("", body).strip(" .")
        parts = [p.strip(" .") for p in re.split(r",\s*|\s+et\s+", body) if p.strip(" .")]
        parts = [re.sub(r"^\w\s+", "", _ARTICLE.sub("", p)).strip() for p in parts]  # "entre e la Ville": a typo's stray letter
        # "Ville et CCAS de Gisors": the last part's "de X" completes the bare ones.
        tail = re.search(r"\s(d[eu]\s.+|d['’].+)$", parts[-1]) if parts else None
        if tail:
            parts = [p if re.search(r"\s(d[eu]|d['’])\s?", p) else f"{p} {tail.group(1)}" for p in parts]
        members.extend(p for p in parts if len(p) > 2)
    seen: dict[str, str] = {}
    for m in members:
        seen.setdefault(re.sub(r"\W+", " ", m.lower()).strip(), m)
    return list(seen.values()) if len(seen) > 1 else []


def boamp_xml_meta(tree: dict[str, Any], tender_id: str) -> TenderMeta | None:
    """TenderMeta of a BOAMP XML notice (schema v230, `<ANNONCE>`; see analyzer.sources.tree.xml_to_tree).

    The buyer's declaration is `GESTION/INDEXATION/CRITERES_SOCIAUX_ENV` (`<ENVIRONNEMENTAUX/>`,
    `<SOCIAUX/>`), the same flag as the API's `criteres`: absent, nothing declared.
    """
    annonce = tree.get("ANNONCE") if isinstance(tree, dict) else None
    if not isinstance(annonce, dict):
        return None
    index = first(annonce, "GESTION", "INDEXATION") or {}
    idweb = text(first(annonce, "GESTION", "REFERENCE", "IDWEB"))
    flags = first(index, "CRITERES_SOCIAUX_ENV")
    declared = [k.lower() for k in flags] if isinstance(flags, dict) else []
    social, env = ("sociaux" in declared, "environnementaux" in declared) if declared else (None, None)
    nature = first(annonce, "GESTION", "REFERENCE", "TYPE_AVIS", "NATURE")
    meta = TenderMeta(
        tender_id=tender_id,
        source="boamp",
        source_id=idweb,
        url=NOTICE_URL.format(idweb=idweb) if idweb else None,
        title=clean_text(text(first(index, "RESUME_OBJET"))),
        publication_date=iso_date(text(first(index, "DATE_PUBLICATION"))),
        deadline=clean_text(text(first(index, "DATE_LIMITE_REPONSE"))),
        nature=next(iter(nature), None) if isinstance(nature, dict) else None,
        departement=clean_text(text(first(index, "DEP_PUBLICATION"))),
        buyer_name=clean_text(text(first(index, "NOMORGANISME"))),
        declared_sociales=social,
        declared_environnementales=env,
        declared_detail=", ".join(declared) or None,
    )
    notice = first(annonce, "DONNEES")
    if isinstance(notice, dict):
        _fill_from_notice(meta, notice)
    return meta
