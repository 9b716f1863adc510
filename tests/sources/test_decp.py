"""`pull decp`: a buyer's contracts from the consolidated decp.parquet (written here from the real
DECP rows), with DuckDB; the traps of the file (rows per titulaire and modification, "Sans objet")."""

from __future__ import annotations

import json

import httpx
import pytest

from analyzer.sources.decp import DecpError, DecpFilter, declared, decp_meta, download, pull_decp, query_contracts
from analyzer.sources.http import PoliteClient
from tests.sources.decp_fixture import consolidated_rows, write_parquet

pytestmark = pytest.mark.corpus  # every test here reads the real records of ../shared/corpus

RIVES_DE_MOSELLE = "20003994900017"  # the one real row that declares considerations


@pytest.fixture(scope="module")
def parquet(tmp_path_factory):
    return write_parquet(tmp_path_factory.mktemp("decp") / "decp.parquet")


def test_one_contract_is_one_row_whatever_its_titulaires_and_modifications(parquet) -> None:
    rows = consolidated_rows()
    contracts = list(query_contracts(parquet, DecpFilter(siret="20006810400013")))
    assert len([r for r in rows if r["acheteur_id"] == "20006810400013"]) == 2  # current + old modification
    assert len(contracts) == 1
    assert contracts[0]["montant"] == 45155.0  # the current state, not the old modification's


def test_every_current_contract_of_the_file_is_read_once(parquet) -> None:
    uids = [r["uid"] for r in consolidated_rows() if r["donneesActuelles"]]
    everyone = [c for s in {u[:14] for u in uids} for c in query_contracts(parquet, DecpFilter(siret=s))]
    assert sorted(c["uid"] for c in everyone) == sorted(set(uids))


@pytest.mark.parametrize(
    ("flt", "uids"),
    [
        (DecpFilter(siret="21440209100018"), ["21440209100018202409LOT02PAY"]),
        (DecpFilter(siren="214402091"), ["21440209100018202409LOT02PAY"]),
        (DecpFilter(siren="214402092"), []),  # near miss: one digit off
        (DecpFilter(commune="44209"), ["21440209100018202409LOT02PAY"]),  # Treillières, the SIREN's commune
        (DecpFilter(commune="44119"), []),  # near miss: the place of performance, not the buyer's commune
    ],
)
def test_contracts_are_filtered_by_siret_siren_or_commune(parquet, flt, uids) -> None:  # noqa: ANN001
    assert [c["uid"] for c in query_contracts(parquet, flt)] == uids


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Clause sociale, Critère social", (True, "Clause sociale, Critère social")),
        ("Critère environnemental, Clause environnementale", (True, "Critère environnemental, Clause environnementale")),
        ("Sans objet", (False, "Sans objet")),
        ("Pas de considération sociale", (False, "Pas de considération sociale")),
        ("['Clause sociale']", (True, "Clause sociale")),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_declared_considerations_read_sans_objet_as_no_and_empty_as_unknown(raw, expected) -> None:  # noqa: ANN001
    assert declared(raw) == expected


def test_a_contract_becomes_tender_metadata_with_its_declarations(parquet) -> None:
    [contract] = query_contracts(parquet, DecpFilter(siret=RIVES_DE_MOSELLE))
    meta = decp_meta(contract)
    assert (meta.source, meta.source_id, meta.tender_id) == ("decp", "2000399490001724-1065297-2", "decp-2000399490001724-1065297-2")
    assert (meta.declared_sociales, meta.declared_environnementales) == (True, True)
    assert (meta.buyer_siret, meta.buyer_siren, meta.cpv, meta.amount_eur) == (RIVES_DE_MOSELLE, "200039949", "45210000-2", 27364.0)
    assert meta.publication_date == "2024-12-31" and meta.procedure == "Procédure adaptée"


def test_a_pull_writes_one_line_per_contract_and_a_second_pull_changes_nothing(parquet, tmp_path) -> None:
    counts = pull_decp(parquet, DecpFilter(siren="200039949"), tmp_path)
    assert (counts.new, counts.existing) == (1, 0)
    before = counts.file.read_bytes()
    again = pull_decp(parquet, DecpFilter(siren="200039949"), tmp_path)
    assert (again.new, again.existing) == (1 - 1, 1)
    assert counts.file.read_bytes() == before
    assert json.loads(before.splitlines()[0])["uid"] == "2000399490001724-1065297-2"


def test_a_file_with_the_wrong_schema_is_refused_with_the_missing_columns(tmp_path) -> None:
    rows = [{k: v for k, v in r.items() if k not in ("donneesActuelles", "considerationsSociales")} for r in consolidated_rows()]
    path = write_parquet(tmp_path / "old.parquet", rows)
    with pytest.raises(DecpError, match="missing columns: considerationsSociales, donneesActuelles"):
        list(query_contracts(path, DecpFilter(siret=RIVES_DE_MOSELLE)))


def test_a_file_that_is_not_parquet_is_refused(tmp_path) -> None:
    path = tmp_path / "decp.parquet"
    path.write_text("uid,id\n1,2\n", encoding="utf-8")
    with pytest.raises(DecpError, match="not a readable Parquet file"):
        list(query_contracts(path, DecpFilter(siret=RIVES_DE_MOSELLE)))


class _Ranged:
    """Serves a file over MockTransport; the first answer is cut after `cut` bytes."""

    def __init__(self, data: bytes, cut: int | None) -> None:
        self.data, self.cut, self.ranges = data, cut, []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        rng = request.headers.get("Range")
        self.ranges.append(rng)
        start = int(rng.split("=")[1].rstrip("-")) if rng else 0
        body = self.data[start:]
        if self.cut is not None:
            body, self.cut = body[: self.cut], None
            return httpx.Response(206 if start else 200, content=body, headers={"Content-Length": str(len(body))})
        return httpx.Response(206 if start else 200, content=body)


def test_a_cut_download_resumes_from_what_arrived(parquet, tmp_path) -> None:
    data = parquet.read_bytes()
    server = _Ranged(data, cut=len(data) // 3)
    client = PoliteClient(transport=httpx.MockTransport(server), sleep=lambda s: None)
    path = download("http://127.0.0.1:9/decp.parquet", tmp_path / "decp.parquet", client)
    assert path.read_bytes() == data
    assert server.ranges == [None, f"bytes={len(data) // 3}-"]
    # Downloaded once: a second pull reads the file without asking the server again.
    download("http://127.0.0.1:9/decp.parquet", tmp_path / "decp.parquet", client)
    assert len(server.ranges) == 2


def test_a_download_that_stays_truncated_is_an_error_and_keeps_its_part(parquet, tmp_path) -> None:
    data = parquet.read_bytes()

    def always_cut(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=data[:100])

    client = PoliteClient(transport=httpx.MockTransport(always_cut), sleep=lambda s: None)
    with pytest.raises(DecpError, match="incomplete"):
        download("http://127.0.0.1:9/decp.parquet", tmp_path / "decp.parquet", client)
    assert (tmp_path / "decp.parquet.part").exists() and not (tmp_path / "decp.parquet").exists()
