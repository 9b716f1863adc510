"""A tender's procedure as the check needs it (launch date, offer deadline, estimated amount, nature, buyer's
kind): given by the user, else read from the documents' clues, else unknown, always with where it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from analyzer.detection.procedure import ProcedureClue, procedure_clues
from analyzer.documents.model import Document
from analyzer.sources.metadata import TenderMeta

T = TypeVar("T")
# Which document is believed first for each field: the RC states the procedure, the notice the launch.
CLI_OPTIONS = {"launch_date": "--launch-date", "amount": "--amount", "nature": "--nature", "buyer_kind": "--buyer-kind"}
_DOC_ORDER = {"RC": 0, "avis": 1, "AE": 2, "CCAP": 3, "CCTP": 4}


@dataclass(frozen=True)
class Known(Generic[T]):
    """A value and its origin: "option" (the user said it), "metadata" (a pulled record's field: file is the source,
    quote the field), "document" (read, with file, page, quote) or "unknown"."""

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
        if self.origin == "metadata":
            return f"métadonnées {self.file} : {self.quote}"
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


_META_KINDS = {"commune": "local", "ccas": "local", "caisse_des_ecoles": "local", "epci": "local"}


def _from_meta(meta: TenderMeta | None) -> dict[str, Known[Any]]:
    """What a pulled record's metadata says (BOAMP, DECP, TED): the notice's publication is the launch."""
    if meta is None:
        return {}
    out: dict[str, Known[Any]] = {}

    def put(field: str, value: Any, name: str, raw: Any) -> None:  # noqa: ANN401
        if value is not None:
            out[field] = Known(value, origin="metadata", file=meta.source, quote=f"{name} = {raw}")

    try:
        put(
            "launch_date",
            date.fromisoformat(meta.publication_date[:10]) if meta.publication_date else None,
            "publication_date",
            meta.publication_date,
        )
        put("offer_deadline", date.fromisoformat(meta.deadline[:10]) if meta.deadline else None, "deadline", meta.deadline)
    except ValueError:
        pass  # a date the source wrote otherwise: the documents may still say it
    put("amount", meta.amount_eur, "amount_eur", meta.amount_eur)
    folded = (meta.nature or "").strip().lower()
    nature = next((n for n in ("travaux", "fournitures", "services") if folded.startswith(n[:4])), None)
    put("nature", nature, "nature", meta.nature)
    put("buyer_kind", _META_KINDS.get(meta.buyer_kind or ""), "buyer_kind", meta.buyer_kind)
    return out


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
    meta: TenderMeta | None = None,
) -> ProcedureFacts:
    """What the user gave wins; what is missing is read from the documents (RC first), else stays unknown.

    `given_as` names where the user gave each value (default: the command-line options)."""
    names = {**CLI_OPTIONS, **(given_as or {})}
    clues = [(_DOC_ORDER.get(d.kind, 9), c) for d in documents for c in procedure_clues(d)]
    known = _from_meta(meta)

    def read(field: str) -> Known[Any]:
        # A pulled record's metadata is the source's own field; the documents' text comes after it.
        return known.get(field) or _first(clues, field)

    return ProcedureFacts(
        launch_date=_given(launch_date, names["launch_date"]) or read("launch_date"),
        offer_deadline=read("offer_deadline"),
        amount=_given(amount, names["amount"]) or read("amount"),
        nature=_given(nature, names["nature"]) or read("nature"),
        buyer_kind=_given(buyer_kind, names["buyer_kind"]) or read("buyer_kind"),
        readable=any(not d.error and d.chars > 0 for d in documents),
    )
