"""Does an obligation apply to this consultation? Its launch date against the obligation's start, its estimated
amount against the EU thresholds of analyzer/data/thresholds.yaml. Each verdict says why, in French."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from analyzer.data import read_data_file
from analyzer.detection.procedure import BUYER_KINDS, NATURES
from analyzer.facts.procedure import ProcedureFacts

KIND_FR = {
    "central": "autorité publique centrale",
    "local": "autre pouvoir adjudicateur",
    "entite-adjudicatrice": "entité adjudicatrice ou défense",
}


@dataclass(frozen=True)
class Period:
    valid_from: date
    valid_to: date | None
    source: str
    thresholds: dict[str, dict[str, float]]  # buyer kind -> nature -> € HT

    def holds(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)


@dataclass(frozen=True)
class Verdict:
    applies: bool | None  # None: the documents and options do not say enough to tell
    reason: str


@lru_cache(maxsize=4)
def threshold_periods(path: Path | None = None) -> tuple[Period, ...]:
    text, where = read_data_file("thresholds.yaml", path)
    out = []
    for i, p in enumerate(yaml.safe_load(text)["periods"]):
        table = {k: {n: float(v) for n, v in natures.items()} for k, natures in p["thresholds"].items()}
        for kind in BUYER_KINDS:
            missing = set(NATURES) - set(table.get(kind, {}))
            if missing:
                raise ValueError(f"{where}: period {i + 1} has no threshold for {kind} {', '.join(sorted(missing))}")
        out.append(
            Period(
                valid_from=date.fromisoformat(str(p["valid_from"])),
                valid_to=date.fromisoformat(str(p["valid_to"])) if p.get("valid_to") else None,
                source=" ".join(str(p.get("source", "")).split()),
                thresholds=table,
            )
        )
    return tuple(sorted(out, key=lambda p: p.valid_from))


def eur(v: float) -> str:
    """40000 -> '40 000 €' (a plain space: the figure is greppable and reads the French way)."""
    return f"{v:,.0f} €".replace(",", " ")


def launched_from(proc: ProcedureFacts, start: date) -> Verdict:
    """Whether the consultation was launched on or after `start` (an obligation's entry into force)."""
    if proc.launch_date.known:
        d = proc.launch_date.value
        assert isinstance(d, date)
        if d < start:
            return Verdict(False, f"lancée le {d.isoformat()}, avant le {start.isoformat()}")
        return Verdict(True, f"lancée le {d.isoformat()}, à partir du {start.isoformat()}")
    deadline = proc.offer_deadline
    if deadline.known and isinstance(deadline.value, date) and deadline.value <= start:
        # A consultation is launched before its offers are due.
        return Verdict(
            False,
            f"offres dues le {deadline.value.isoformat()} ({deadline.where()}) : lancée avant le {start.isoformat()}",
        )
    return Verdict(
        None, f"date de lancement inconnue (obligation des consultations lancées à partir du {start.isoformat()} ; --launch-date)"
    )


def _reference_date(proc: ProcedureFacts, today: date) -> tuple[date, str]:
    if proc.launch_date.known:
        return proc.launch_date.value, "date de lancement"  # type: ignore[return-value]
    if proc.offer_deadline.known:
        return proc.offer_deadline.value, "date limite des offres"  # type: ignore[return-value]
    return today, "date du jour"


def above_eu_threshold(proc: ProcedureFacts, periods: tuple[Period, ...] | None = None, today: date | None = None) -> Verdict:
    """Whether the estimated amount is at or above the EU threshold for the buyer's kind and the nature.

    An unknown kind or nature still decides when the amount is below every candidate threshold or at or above
    every one of them (40 000 € is below all; 500 000 € for services is above all)."""
    periods = threshold_periods() if periods is None else periods
    ref, ref_name = _reference_date(proc, today or date.today())
    period = next((p for p in periods if p.holds(ref)), None)
    if period is None:
        return Verdict(None, f"aucun seuil européen pour le {ref.isoformat()} ({ref_name}) dans analyzer/data/thresholds.yaml")
    kinds = [proc.buyer_kind.value] if proc.buyer_kind.known else list(BUYER_KINDS)
    natures = [proc.nature.value] if proc.nature.known else list(NATURES)
    candidates = {(k, n): period.thresholds[k][n] for k in kinds for n in natures}  # type: ignore[index]
    lo, hi = min(candidates.values()), max(candidates.values())
    if not proc.amount.known:
        span = eur(lo) if lo == hi else f"entre {eur(lo)} et {eur(hi)}"
        return Verdict(None, f"montant estimé inconnu (--amount) ; seuil européen applicable {span} HT")
    amount = float(proc.amount.value)  # type: ignore[arg-type]

    def which(v: float) -> str:
        if len(candidates) == 1:
            k, n = next(iter(candidates))
            return f"{KIND_FR[k]}, {n}"
        return "le plus bas des seuils possibles" if v == lo else "le plus haut des seuils possibles"

    if amount < lo:
        return Verdict(False, f"{eur(amount)} HT est sous le seuil européen de {eur(lo)} HT ({which(lo)} ; seuils au {ref.isoformat()})")
    if amount >= hi:
        return Verdict(True, f"{eur(amount)} HT atteint le seuil européen de {eur(hi)} HT ({which(hi)} ; seuils au {ref.isoformat()})")
    unknown = " et ".join(
        x for x, known in (("type d'acheteur (--buyer-kind)", proc.buyer_kind.known), ("nature (--nature)", proc.nature.known)) if not known
    )
    return Verdict(None, f"{eur(amount)} HT est entre les seuils européens de {eur(lo)} et {eur(hi)} HT : {unknown} inconnu")
