"""A tender's procedure as the check needs it (launch date, offer deadline, estimated amount, nature, buyer's
kind): given by the user, else read from the documents' clues, else unknown, always with where it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from analyzer.detection.procedure import ProcedureClue, procedure_clues
from analyzer.documents.model import Document

T = TypeVar("T")
# Which document is believed first for each field: the RC states the procedure, the notice the launch.
CLI_OPTIONS = {"launch_date": "--launch-date", "amount": "--amount", "nature": "--nature", "buyer_kind": "--buyer-kind"}
_DOC_ORDER = {"RC": 0, "avis": 1, "AE": 2, "CCAP": 3, "CCTP": 4}


@dataclass(frozen=True)
class Known(Generic[T]):
    """A value and its origin: "option" (the user said it), "document" (read, with file, page, quote) or "unknown"."""

    value: T | None
    origin: str = "unknown"
    file: str | None = None
    page: int | None = None
    quote: str | None = None
    option: str | None = None  # the command-line option or form field when origin is "option"

    @property
    def known(self) -> bool:
        return self.value is not None

    def where(self) -> str:
        """Short origin for a sentence: "indiqué (--amount)", "RC.pdf p. 1" or "inconnu"."""
        if self.origin == "document":
            return (self.file or "?").rsplit("/", 1)[-1] + (f" p. {self.page}" if self.page else "")
        return self.source_fr()

    def source_fr(self) -> str:
        if self.origin == "option":
            return f"indiqué ({self.option})" if self.option else "indiqué"
        if self.origin == "document":
            where = self.file or "?"
            if self.page:
                where += f" p. {self.page}"
            return f"{where} : « {self.quote} »"
        return "inconnu"

    def as_dict(self) -> dict[str, Any]:
        v = self.value.isoformat() if isinstance(self.value, date) else self.value
        return {"value": v, "origin": self.origin, "file": self.file, "page": self.page, "quote": self.quote, "source": self.source_fr()}


@dataclass(frozen=True)
class ProcedureFacts:
    launch_date: Known[date]
    offer_deadline: Known[date]  # the consultation was launched before it
    amount: Known[float]  # estimated value, € HT
    nature: Known[str]  # travaux | fournitures | services
    buyer_kind: Known[str]  # central | local | entite-adjudicatrice
    readable: bool = True  # False when no document of the tender could be read

    def as_dict(self) -> dict[str, Any]:
        return {
            "launch_date": self.launch_date.as_dict(),
            "offer_deadline": self.offer_deadline.as_dict(),
            "amount": self.amount.as_dict(),
            "nature": self.nature.as_dict(),
            "buyer_kind": self.buyer_kind.as_dict(),
        }


def _given(value: T | None, option: str) -> Known[T] | None:
    return Known(value, origin="option", option=option) if value is not None else None


def _first(clues: list[tuple[int, ProcedureClue]], field: str) -> Known[Any]:
    found = sorted((rank, i, c) for i, (rank, c) in enumerate(clues) if c.field == field)
    if not found:
        return Known(None)
    c = found[0][2]
    return Known(c.value, origin="document", file=c.file, page=c.page, quote=c.quote)


def procedure_facts(
    documents: list[Document],
    launch_date: date | None = None,
    amount: float | None = None,
    nature: str | None = None,
    buyer_kind: str | None = None,
    given_as: dict[str, str] | None = None,
) -> ProcedureFacts:
    """What the user gave wins; what is missing is read from the documents (RC first), else stays unknown.

    `given_as` names where the user gave each value (default: the command-line options)."""
    names = {**CLI_OPTIONS, **(given_as or {})}
    clues = [(_DOC_ORDER.get(d.kind, 9), c) for d in documents for c in procedure_clues(d)]
    return ProcedureFacts(
        launch_date=_given(launch_date, names["launch_date"]) or _first(clues, "launch_date"),
        offer_deadline=_first(clues, "offer_deadline"),
        amount=_given(amount, names["amount"]) or _first(clues, "amount"),
        nature=_given(nature, names["nature"]) or _first(clues, "nature"),
        buyer_kind=_given(buyer_kind, names["buyer_kind"]) or _first(clues, "buyer_kind"),
        readable=any(not d.error and d.chars > 0 for d in documents),
    )
