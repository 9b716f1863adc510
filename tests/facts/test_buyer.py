"""Buyer identification from notices; SIRET and SIREN stay strings and are validated."""

from __future__ import annotations

import pytest

from analyzer.documents import read_document
from analyzer.facts.buyer import buyer_from_text, parse_identifier
from tests.conftest import notice


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("doc_id", "name", "siret"),
    [
        ("35593402", "CA PAU BEARN PYRENEES", "20006725400017"),
        ("35593405", "MINDEF/SGA/SPAC/S-Direction des achats", None),
    ],
)
def test_buyer_is_read_from_the_notice(doc_id: str, name: str, siret: str | None) -> None:
    doc = read_document(notice(doc_id))
    buyer = buyer_from_text(doc.text, doc.file)
    assert buyer is not None and buyer.name.lower() == name.lower()
    assert buyer.siret == siret


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20006725400017", ("20006725400017", "200067254")),
        ("200 067 254 00017", ("20006725400017", "200067254")),
        ("585980022", (None, "585980022")),
        ("20006725400018", ("20006725400018"[:0] or None, "200067254")),  # bad SIRET check digit: keep the valid SIREN only
        ("12345", (None, None)),
        (None, (None, None)),
    ],
)
def test_identifiers_are_validated_strings(raw, expected) -> None:  # noqa: ANN001
    assert parse_identifier(raw) == expected


# --- SIRET in the notice text -------------------------------------------------------------------

from analyzer.facts.buyer import BuyerResolver, commune_from_name, siret_from_text  # noqa: E402
from analyzer.sources.metadata import TenderMeta  # noqa: E402


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The TED metadata block of a BOAMP HTML notice (notice 35602895 of the dev corpus).
        ("AUAuthority nameSociété du Grand Paris (52504601700048)\n\nOLOrigi", "52504601700048"),
        # Treillières's SIRET, as its DECP rows give it, written the way notices space it.
        ("I.1) Nom et adresses\nCommune de Treillières\nSIRET : 214 402 091 00018\nAdresse : place", "21440209100018"),
        ("I.1) Nom et adresses\nCommune de Treillières\nN° SIRET 21440209100019\n", None),  # check digit wrong: dropped
        # A SIRET of another address (review body, "autre adresse") is not the buyer's.
        ("I.1) Nom et adresses\nVille de Lens\nautre adresse : Les Mureaux, Numéro national d'identification : 21780440000018", None),
    ],
)
def test_the_buyer_siret_is_read_from_its_own_section_only(text, expected) -> None:  # noqa: ANN001
    assert siret_from_text(text)[0] == expected


def test_a_buyer_section_without_nine_digits_in_a_row_has_no_siret_to_read() -> None:
    # Near miss: a phone number in pairs and a postcode are digits, never a SIRET's three groups of three.
    assert siret_from_text("I.1) Nom et adresses\nVille de Lens\nSIRET : à venir\nTél : 03 21 69 86 86\nCp : 62300\n") == (None, None)
    assert siret_from_text("I.1) Nom et adresses\nCommune de Treillières\nSIRET : 214 402 091 00018\nCp : 44119\n")[0] == "21440209100018"


def test_the_siret_labels_are_found_whatever_their_case() -> None:
    for label in ("siret", "Numéro SIRET", "CODE IDENTIFICATION NATIONAL", "n° siret"):
        assert siret_from_text(f"I.1) Nom et adresses\nCommune de Treillières\n{label} : 21440209100018\n")[0] == "21440209100018", label


def test_a_ted_authority_line_gives_name_and_siret() -> None:
    buyer = buyer_from_text("PDPublication date14/08/2020\n\nAUAuthority nameGPMH au Havre (77570019800010)\n\nOL", "avis.html")
    assert buyer is not None and (buyer.name, buyer.siret) == ("GPMH au Havre", "77570019800010")


# --- Commune resolution -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "deps", "kind", "code"),
    [
        ("Commune de Nanterre", ["92"], "commune", "92050"),
        ("Mairie de Nanterre", [], "commune", "92050"),  # one Nanterre in France: no département needed
        ("VILLE DE NANTERRE", ["92"], "commune", "92050"),
        ("Mairie De Reze", ["44"], "commune", "44143"),  # accents: Rezé
        ("Ville du Mans", ["72"], "commune", "72181"),  # "du" = "Le"
        ("Ville des Sables-d'Olonne", ["85"], "commune", "85194"),
        ("COMMUNE DE LE GRAND QUEVILLY.", ["76"], "commune", "76322"),
        ("Ville de St Denis", ["93"], "commune", "93066"),  # "St" = "Saint", the département picks among homonyms
        ("Ville de Saint-Denis", ["974"], "commune", "97411"),
        ("CCAS de la ville de Saint-Nazaire", ["44"], "ccas", "44184"),
        ("Centre communal d'action sociale de Nanterre", [], "ccas", "92050"),
        ("Caisse des écoles de Paris", ["75"], "caisse_des_ecoles", "75056"),
        ("Commune de Cherbourg-Octeville", ["50"], "commune", "50129"),  # a commune déléguée: its commune nouvelle
        ("VILLE DE NANTES, Direction de la commande publique", ["44"], "commune", "44109"),
        ("Mairie de La Rochelle - Service des marchés", ["17"], "commune", "17300"),
        ("COMMUNE DE L'ILE D'YEU", ["85"], "commune", "85113"),
    ],
)
def test_commune_bodies_are_tied_to_their_commune(name, deps, kind, code) -> None:  # noqa: ANN001
    found = commune_from_name(name, deps)
    assert found is not None and (found[0], found[1].code) == (kind, code)


@pytest.mark.parametrize(
    ("name", "deps"),
    [
        ("Ville de Saint-Denis", []),  # homonyms and no département: not guessed
        ("Ville de Nanterre", ["75"]),  # the département says it is another Nanterre, and there is none
        ("Villeneuve-Saint-Georges", ["94"]),  # a commune's name, not "Ville de …"
        ("Communauté de communes du Pays de Lumbres", ["62"]),
        ("Mairie", []),
        ("Département de l'Eure", ["27"]),
    ],
)
def test_near_misses_are_not_tied_to_a_commune(name, deps) -> None:  # noqa: ANN001
    assert commune_from_name(name, deps) is None


def test_a_commune_siren_resolves_without_the_name() -> None:
    res = BuyerResolver().resolve(None, "21920062300011", None)  # Ville de Puteaux, eForms notice 25-123130
    assert (res.kind, res.commune_insee, res.city, res.how) == ("commune", "92062", "Puteaux", "siren")


def test_an_epci_siren_resolves_to_the_epci() -> None:
    res = BuyerResolver().resolve("Angers Loire Metropole (49)", "24490001500011", None)
    assert (res.kind, res.commune_insee, res.epci_siren) == ("epci", None, "244900015")


def test_the_users_table_wins_over_the_resolver(tmp_path) -> None:
    table = tmp_path / "buyers.csv"
    table.write_text(
        "buyer,buyer_siret,commune_insee,buyer_kind\nSPL EAU DU BASSIN RENNAIS,,35238,spl\n,21920062300011,92050,commune\n",
        encoding="utf-8",
    )
    resolver = BuyerResolver(table)
    assert resolver.resolve("SPL Eau du Bassin Rennais", "79820357600029", None).commune_insee == "35238"
    assert resolver.resolve(None, "21920062300011", None).commune_insee == "92050"  # instead of Puteaux
    assert resolver.resolve("Ville de Puteaux", "21920062300012", None).commune_insee == "92062"  # not in the table


def test_two_names_of_one_city_become_one_commune() -> None:
    resolver = BuyerResolver()
    a = resolver.apply(TenderMeta("a", "boamp", buyer_name="Commune de Nanterre", departement="92"))
    b = resolver.apply(TenderMeta("b", "boamp", buyer_name="Mairie de Nanterre", departement="92"))
    assert (a.commune_insee, a.city, a.buyer_kind) == (b.commune_insee, b.city, b.buyer_kind) == ("92050", "Nanterre", "commune")


@pytest.mark.parametrize(
    ("name", "deps", "siren"),
    [
        ("Nantes Métropole", ["44"], "244400404"),  # notice 19-55110 names it without a SIRET
        ("CA QUIMPER BRETAGNE OCCIDENTALE", ["29"], "200068120"),
        ("Métropole de Lyon", ["69"], "200046977"),
        ("Nantes Métropole", ["13"], None),  # no member in that département
        ("Grand Paris", [], None),  # not an EPCI's exact name
    ],
)
def test_an_epci_is_found_by_its_exact_name_and_departement(name, deps, siren) -> None:  # noqa: ANN001
    from analyzer.facts.buyer import epci_from_name

    assert epci_from_name(name, deps) == siren
