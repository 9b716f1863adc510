"""One tender against the legal obligations and targets of the editable obligations file."""

from __future__ import annotations

import pytest

from analyzer.scoring.obligations import check_obligations


def _met(considerations: list[str]) -> dict[str, bool]:
    return {c.id: c.met for c in check_obligations(considerations)}


@pytest.mark.parametrize(
    ("considerations", "expected"),
    [
        # Grenoble INP: environmental criterion and conditions, no social clause.
        (
            ["Clause environnementale", "Critère environnemental"],
            {"L2112-2": True, "L2152-7": True, "L2112-2-1": False, "pnad-social": False, "pacte-ess": False},
        ),
        # Vigicrues: insertion clause and environmental clauses, no environmental criterion found.
        (
            ["Clause sociale", "Clause environnementale"],
            {"L2112-2": True, "L2152-7": False, "L2112-2-1": True, "pnad-social": True, "pacte-ess": True},
        ),
        # A social criterion alone does not meet the social execution condition of L2112-2-1.
        (["Critère social"], {"L2112-2-1": False, "pnad-social": True, "pacte-ess": False}),
        ([], {"L2112-2": False, "L2152-7": False, "pacte-ess": False}),
    ],
)
def test_tender_obligations_follow_its_considerations(considerations: list[str], expected: dict[str, bool]) -> None:
    met = _met(considerations)
    assert {k: met[k] for k in expected} == expected


def test_obligation_dates_come_from_the_data_file(tmp_path) -> None:
    f = tmp_path / "obligations.yaml"
    f.write_text("items:\n  - {id: x, fr: X, any_of: [Critère social], applies_from: '2030-01-01'}\n", encoding="utf-8")
    [c] = check_obligations(["Critère social"], f)
    assert c.met and c.applies_from == "2030-01-01"


# Applicability (issue 12): launch date against the start of an obligation, amount against the EU thresholds.
from datetime import date  # noqa: E402

from analyzer.facts.procedure import Known, ProcedureFacts  # noqa: E402
from analyzer.scoring.applicability import above_eu_threshold, launched_from, threshold_periods  # noqa: E402


def _proc(launch=None, deadline=None, amount=None, nature=None, kind=None) -> ProcedureFacts:  # noqa: ANN001
    def k(v, src="option"):  # noqa: ANN001, ANN202
        return Known(v, origin=src if v is not None else "unknown")

    return ProcedureFacts(
        launch_date=k(launch), offer_deadline=k(deadline, "document"), amount=k(amount), nature=k(nature), buyer_kind=k(kind)
    )


@pytest.mark.parametrize(
    ("proc", "applies"),
    [
        (_proc(launch=date(2026, 8, 20)), False),
        (_proc(launch=date(2026, 8, 21)), True),
        (_proc(deadline=date(2026, 7, 15)), False),  # offers due before the start: launched before it
        (_proc(deadline=date(2026, 9, 30)), None),  # offers due after: launched before or after, cannot tell
        (_proc(), None),
    ],
)
def test_launch_date_decides_whether_a_2026_obligation_applies(proc: ProcedureFacts, applies: bool | None) -> None:
    assert launched_from(proc, date(2026, 8, 21)).applies is applies


@pytest.mark.parametrize(
    ("launch", "kind", "nature", "amount", "applies"),
    [
        # 2026-2027: 140 000 / 216 000 / 432 000 / 5 404 000 € HT.
        (date(2026, 3, 1), "central", "fournitures", 140_000, True),
        (date(2026, 3, 1), "local", "fournitures", 215_000, False),
        (date(2026, 3, 1), "local", "travaux", 5_404_000, True),
        # 2024-2025: 143 000 / 221 000 / 443 000 / 5 538 000 € HT; the same amounts fall the other side.
        (date(2025, 6, 1), "central", "fournitures", 141_000, False),
        (date(2026, 6, 1), "central", "fournitures", 141_000, True),
        (date(2025, 6, 1), "local", "services", 220_000, False),
        (date(2025, 6, 1), "entite-adjudicatrice", "services", 443_000, True),
        (date(2025, 6, 1), "local", "travaux", 5_500_000, False),
        # Unknown buyer kind or nature: decided only when every candidate threshold agrees.
        (date(2026, 3, 1), None, "services", 40_000, False),
        (date(2026, 3, 1), None, "services", 500_000, True),
        (date(2026, 3, 1), None, "services", 180_000, None),
        (date(2026, 3, 1), "local", None, 300_000, None),  # above supplies/services, below works
        (date(2026, 3, 1), "local", "services", None, None),
    ],
)
def test_eu_threshold_depends_on_period_buyer_kind_and_nature(launch, kind, nature, amount, applies) -> None:  # noqa: ANN001
    verdict = above_eu_threshold(_proc(launch=launch, amount=amount, nature=nature, kind=kind))
    assert verdict.applies is applies, verdict.reason


def test_threshold_periods_cite_their_sources_and_do_not_overlap() -> None:
    periods = threshold_periods()
    assert [p.valid_from.year for p in periods] == [2022, 2024, 2026]
    assert "2025/2150" in periods[-1].source and "2023/2495" in periods[-2].source
    for before, after in zip(periods, periods[1:]):
        assert before.valid_to is not None and before.valid_to < after.valid_from


def test_a_threshold_file_missing_a_value_fails_with_its_name(tmp_path) -> None:
    f = tmp_path / "thresholds.yaml"
    f.write_text(
        "periods:\n  - valid_from: '2026-01-01'\n    thresholds:\n      central: {fournitures: 1, services: 1, travaux: 1}\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=str(f)):
        threshold_periods(f)


def test_a_pulled_record_s_metadata_gives_the_procedure_and_an_option_overrides_it() -> None:
    from analyzer.facts.procedure import procedure_facts
    from analyzer.sources.metadata import TenderMeta

    meta = TenderMeta(
        tender_id="boamp-1", source="boamp", publication_date="2026-09-20", amount_eur=300000.0, nature="SERVICES", buyer_kind="commune"
    )
    p = procedure_facts([], meta=meta)
    assert (p.launch_date.value, p.launch_date.origin) == (date(2026, 9, 20), "metadata")
    assert (p.amount.value, p.nature.value, p.buyer_kind.value) == (300000.0, "services", "local")
    assert "publication_date = 2026-09-20" in p.launch_date.source_fr()
    assert procedure_facts([], meta=meta, amount=40000.0).amount.origin == "option"
    assert above_eu_threshold(p).applies is True  # 300 000 € of services for a commune: above 216 000 €
