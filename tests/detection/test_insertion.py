"""Insertion hours as stated: absolute, per year, or a rate with its threshold; never a guessed total."""

from __future__ import annotations

import pytest

from analyzer.detection.insertion import ABSOLUTE, PER_YEAR, RATE, hours_by_lot, insertion_hours


@pytest.mark.parametrize(
    ("text", "kind", "hours", "per_eur", "above_eur"),
    [
        ("5 h par tranche de 10 000 € HT au-delà de 1 M€", RATE, 5, 10_000, 1_000_000),
        # Aquaréel CCAP 4.5
        ("▫ Lot unique : 35 H par tranche de 100 000 € de commandes facturées", RATE, 35, 100_000, None),
        ("70 heures d'insertion par tranche de 100 000 euros HT facturés à partir de 500 000 €", RATE, 70, 100_000, 500_000),
        ("Le titulaire réalisera 200 heures d'insertion par an.", PER_YEAR, 200, None, None),
        # made up: a bound between the hours and the year; near miss: the bound without a year
        ("Heures d'insertion : 150 heures minimum par an pendant 4 ans.", PER_YEAR, 150, None, None),
        ("Heures d'insertion : 150 heures minimum sur la durée du marché.", ABSOLUTE, 150, None, None),
        ("soit 1 400 heures de travail d'insertion sur la durée du marché", ABSOLUTE, 1400, None, None),
        ("Nombre d'heures de travail à réaliser au titre de l'engagement d'insertion : 5043", ABSOLUTE, 5043, None, None),
        # the notice field's number is per year when the field says so; without it, a total
        ("Nombre d'heures d'insertion : 420 h/an", PER_YEAR, 420, None, None),
        ("Nombre d'heures d'insertion : 420 h, réparties sur la durée du marché", ABSOLUTE, 420, None, None),
        # made up: the field's label says per year before its colon
        ("Nombre d'heures d'insertion par an : 300 h", PER_YEAR, 300, None, None),
        ("Nombre d'heures d'insertion annuelles : 300", PER_YEAR, 300, None, None),
        # made up: the hours a share is taken from are not the insertion hours
        ("le titulaire réserve 5 % du nombre total d'heures travaillées, estimé à 10 000 heures, soit 500 heures, à "
         "l'insertion.", ABSOLUTE, 500, None, None),
    ],
)
def test_hours_as_stated(text: str, kind: str, hours: float, per_eur: float | None, above_eur: float | None) -> None:
    h = insertion_hours(text)
    assert h is not None
    assert (h.kind, h.hours, h.per_eur, h.above_eur) == (kind, hours, per_eur, above_eur)


def test_a_rate_keeps_its_basis_and_is_never_turned_into_a_total() -> None:
    h = insertion_hours("5 h par tranche de 10 000 € HT au-delà de 1 M€")
    assert h.basis == "HT" and "total" not in h.to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Durée du marché : 12 mois",
        "Montant : 100 000 € HT",
        "Nombre d'heures : 0",
        "le titulaire réserve 5 % du nombre total d'heures travaillées, estimé à 10 000 heures.",
    ],
)
def test_no_hours_without_a_number_of_hours(text: str) -> None:
    assert insertion_hours(text) is None


@pytest.mark.parametrize(
    ("text", "kind", "hours", "per_eur", "above_eur", "basis"),
    [
        ("The contractor shall carry out 350 hours of integration work.", ABSOLUTE, 350, None, None, None),
        ("a minimum of 1,500 hours of social integration over the term", ABSOLUTE, 1500, None, None, None),
        ("200 integration hours per year", PER_YEAR, 200, None, None, None),
        ("35 hours per EUR 100,000 excluding VAT invoiced above EUR 1 million", RATE, 35, 100_000, 1_000_000, "HT"),
        ("5 hours for every 10,000 EUR invoiced", RATE, 5, 10_000, None, None),
    ],
)
def test_english_hours_as_stated(text: str, kind: str, hours: float, per_eur: float | None, above_eur: float | None, basis: str | None) -> None:
    h = insertion_hours(text)
    assert h is not None
    assert (h.kind, h.hours, h.per_eur, h.above_eur, h.basis) == (kind, hours, per_eur, above_eur, basis)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("1,5 h d'insertion", 1.5),  # a French decimal comma, not an English thousands one: "hours" is not written
        ("1 500 heures d'insertion", 1500),
    ],
)
def test_french_numbers_stay_french(text: str, hours: float) -> None:
    assert insertion_hours(text).hours == hours


@pytest.mark.parametrize(
    "text",
    [
        "The contractor shall intervene within 48 hours.",  # a delay
        "The helpdesk is open 24 hours a day.",  # an opening time
        "Orders are placed with 72 hours' notice.",
        "The report is due 48 hours after the request.",
    ],
)
def test_english_delays_are_not_insertion_hours(text: str) -> None:
    assert insertion_hours(text) is None


@pytest.mark.parametrize(
    ("text", "lots"),
    [
        # made up: hours stated lot by lot, on one line or one per line
        ("Lot 1 : 300 heures d'insertion ; Lot 2 : 150 heures d'insertion.", [("1", 300), ("2", 150)]),
        ("Clause d'insertion.\nLot n°1 : 300 heures.\nLot n°2 : 150 heures.\nLot n°3 : sans objet.", [("1", 300), ("2", 150)]),
        # made up: the lot named after its hours
        ("Action d'insertion : 140 heures pour le lot 1 et 70 heures pour le lot 2.", [("1", 140), ("2", 70)]),
        ("Action d'insertion : 140 heures pour le lot 1.", []),
        # near misses: one lot states hours, or the second figure is part of the first
        ("Lot 1 : 300 heures d'insertion. Le lot 2 ne comporte pas de clause.", []),
        ("Le titulaire réalise 300 heures d'insertion, dont 150 heures en contrat d'apprentissage.", []),
        # hours per year or a rate are never summed
        ("Lot 1 : 200 heures d'insertion par an ; Lot 2 : 35 h par tranche de 100 000 € HT.", []),
    ],
)
def test_hours_stated_lot_by_lot(text: str, lots: list[tuple[str, float]]) -> None:
    assert [(lot, h.hours) for lot, h in hours_by_lot(text)] == lots


@pytest.mark.parametrize(
    "text",
    [
        # made up: French hours that say when or how soon, after an insertion clause in the same passage
        "Une clause d'insertion est prévue. Le délai d'intervention est de 48 heures.",
        "Le titulaire réalise une action d'insertion ; il intervient dans les 24 heures suivant l'appel.",
        "Clause d'insertion : le titulaire est joignable de 8 heures à 18 heures.",
        "Action d'insertion. Les commandes sont passées 72 heures à l'avance.",
    ],
)
def test_french_delays_and_schedules_are_not_insertion_hours(text: str) -> None:
    assert insertion_hours(text) is None


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        # near misses: volumes of work, whatever word stands before or after them
        ("Clause d'insertion : 350 heures à réaliser sur la durée du marché.", 350),
        ("Le titulaire réalise 200 heures d'insertion à partir de la notification.", 200),
        ("Le titulaire réalisera 200 heures d'insertion par an.", 200),
        ("Le titulaire s'engage à réserver au moins 500 heures de travail à l'insertion.", 500),
    ],
)
def test_french_volumes_of_hours_are_read_beside_time_words(text: str, hours: float) -> None:
    found = insertion_hours(text)
    assert found is not None and found.hours == hours
