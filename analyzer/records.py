"""One definition per record: every output is derived from the dataclasses, never from a hand-written list.

The JSON contract, the DuckDB tables, the CSV/Parquet columns and the Excel sheets all walk
`dataclasses.fields` and the type hints through this module, so a field added to a record
reaches every output at once. It imports no stage of the analyzer: each stage's records pass
through it, and it must not depend on any of them.

Conventions a record may use:
- a dataclass that should not be written whole (a `Document` with its text) defines
  `__record__(self) -> Summary`; the summary dataclass stands for it everywhere;
- a `typing.NamedTuple` hint names the parts of a plain tuple (`("CCTP.pdf", "encrypted PDF")`
  is written as `{"file": ..., "error": ...}`).
"""

from __future__ import annotations

import dataclasses
import enum
import json
import operator
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from functools import cache, wraps
from pathlib import PurePath
from typing import Any, TypeVar

JSON_TYPE = "JSON"

_F = TypeVar("_F", bound=Callable[..., Any])


def _per_hint(fn: _F) -> _F:
    """Computed once per type hint: writing a batch of tenders asks the same few hints for every
    value, and walking `typing` each time was most of the writer's cost. A hint that cannot be
    hashed is answered without the cache."""
    cached = cache(fn)

    @wraps(fn)
    def lookup(hint: Any) -> Any:
        try:
            return cached(hint)
        except TypeError:
            return fn(hint)

    return lookup  # type: ignore[return-value]


# ---- type hints -------------------------------------------------------------------------------


@_per_hint
def _strip_optional(hint: Any) -> Any:
    """`X | None` -> X; other unions are kept (they become JSON)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _is_namedtuple(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields")


@_per_hint
def record_class(hint: Any) -> type | None:
    """The class whose fields stand for values of `hint` in outputs, or None for a plain value."""
    hint = _strip_optional(hint)
    if not isinstance(hint, type):
        return None
    hook = getattr(hint, "__record__", None)
    if hook is not None:
        return typing.get_type_hints(hook)["return"]
    if dataclasses.is_dataclass(hint) or _is_namedtuple(hint):
        return hint
    return None


@cache
def record_fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, type hint) of each field of a record class, in definition order."""
    cls = record_class(cls) or cls
    hints = typing.get_type_hints(cls)
    if _is_namedtuple(cls):
        return tuple((name, hints.get(name, Any)) for name in cls._fields)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


@_per_hint
def _item_hint(hint: Any) -> Any | None:
    """The element type of a list/tuple/set hint, or None when `hint` is not a sequence."""
    hint = _strip_optional(hint)
    origin = typing.get_origin(hint)
    if origin in (list, set, frozenset) or (origin is tuple and len(typing.get_args(hint)) == 2 and typing.get_args(hint)[1] is ...):
        args = typing.get_args(hint)
        return args[0] if args else Any
    if hint in (list, set, frozenset):
        return Any
    return None


def list_of_records(hint: Any) -> type | None:
    """The record class of a `list[Record]` hint, else None."""
    item = _item_hint(hint)
    return record_class(item) if item is not None else None


# ---- JSON ----------------------------------------------------------------------------------


def _as_record(value: Any, hint: Any) -> Any:
    hook = getattr(value, "__record__", None)
    return hook() if callable(hook) else value


def to_json(value: Any, hint: Any = Any) -> Any:
    """A JSON-able value (dicts, lists, str, numbers, bools, None) for `value` read as `hint`."""
    if value is None:
        return None
    cls = record_class(hint)
    value = _as_record(value, hint)
    if cls is None and (dataclasses.is_dataclass(value) and not isinstance(value, type) or _is_namedtuple(type(value))):
        cls = type(value)
    if cls is not None:
        names = record_fields(cls)
        if isinstance(value, tuple):
            return {name: to_json(v, h) for (name, h), v in zip(names, value)}
        return {name: to_json(getattr(value, name), h) for name, h in names}
    item = _item_hint(hint)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json(v, item if item is not None else Any) for v in value]
    if isinstance(value, dict):
        args = typing.get_args(_strip_optional(hint))
        value_hint = args[1] if len(args) == 2 else Any
        return {str(k): to_json(v, value_hint) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    return value


# ---- DuckDB -------------------------------------------------------------------------------

_SCALARS: tuple[tuple[type, str], ...] = (
    (bool, "BOOLEAN"),  # before int: bool is an int
    (int, "BIGINT"),
    (float, "DOUBLE"),
    (str, "VARCHAR"),
    (datetime, "TIMESTAMP"),  # before date: a datetime is a date
    (date, "DATE"),
)


@_per_hint
def sql_type(hint: Any) -> str:
    """The DuckDB type of a field: scalars, LIST for sequences, STRUCT for records, JSON for the rest."""
    hint = _strip_optional(hint)
    cls = record_class(hint)
    if cls is not None:
        return "STRUCT(" + ", ".join(f"{quote_name(n)} {sql_type(h)}" for n, h in record_fields(cls)) + ")"
    item = _item_hint(hint)
    if item is not None:
        return sql_type(item) + "[]"
    if typing.get_origin(hint) is typing.Literal:
        return "VARCHAR"
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum):
            return "VARCHAR"
        if issubclass(hint, PurePath):
            return "VARCHAR"
        for py, sql in _SCALARS:
            if issubclass(hint, py):
                return sql
    return JSON_TYPE  # dict, Any, unions of several types


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_columns(cls: type) -> list[tuple[str, str]]:
    """(column, DuckDB type) of each field of a record class."""
    return [(name, sql_type(h)) for name, h in record_fields(cls)]


_PLAIN = frozenset({str, int, float, bool})  # what `to_json` gives back as it is, whatever the hint of a plain value


def to_sql(value: Any, hint: Any) -> Any:
    """A value DuckDB binds to a column of `sql_type(hint)`: JSON parts as text, records as dicts."""
    return sql_writer(hint)(value)


@_per_hint
def sql_writer(hint: Any) -> Callable[[Any], Any]:
    """`to_sql` of one hint, decided once: the store writes every field of every tender and finding, and
    walking the hint at each value cost as much as the rest of the write."""
    if sql_type(hint) == JSON_TYPE:

        def write_json(value: Any) -> Any:
            return None if value is None else json.dumps(to_json(value, hint), ensure_ascii=False)

        return write_json
    cls = record_class(hint)
    if cls is not None:
        names = [name for name, _ in record_fields(cls)]
        row = sql_row(cls)

        def write_record(value: Any) -> Any:
            if value is None:
                return None
            return dict(zip(names, row(value)))  # noqa: B905 - a short tuple gives fewer fields, as it always did

        return write_record
    item = _item_hint(hint)
    if item is not None:
        write_item = sql_writer(item)

        def write_list(value: Any) -> Any:
            return None if value is None else [write_item(v) for v in value]

        return write_list

    def write_value(value: Any) -> Any:
        if value is None or type(value) in _PLAIN:
            return value
        return to_json(value, hint)

    return write_value


@cache
def sql_row(cls: type, only: tuple[str, ...] | None = None) -> Callable[[Any], list[Any]]:
    """The column values of a record (or a tuple of its fields, or a value that stands for it through
    `__record__`) as `to_sql` writes its fields, in field order (`only` these fields, when given): what the
    store writes for each tender and each of its findings, built once per class. A field of a plain type
    whose value is plain (most of them) is taken as it is."""
    fields = [(name, h) for name, h in record_fields(cls) if only is None or name in only]
    names = [name for name, _ in fields]
    spec = [(_plain_column(h), sql_writer(h)) for _, h in fields]
    get = operator.attrgetter(*names) if len(names) > 1 else lambda value: (getattr(value, names[0]),)
    at = [i for i, (name, _) in enumerate(record_fields(cls)) if only is None or name in only]
    every = len(at) == len(record_fields(cls))

    def write_row(value: Any) -> list[Any]:
        value = _as_record(value, cls)
        if isinstance(value, tuple):  # a NamedTuple's parts
            parts = value if every else [value[i] for i in at]
        else:
            parts = get(value)
        return [v if plain and (v is None or type(v) in _PLAIN) else write(v) for (plain, write), v in zip(spec, parts)]  # noqa: B905

    return write_row


@_per_hint
def _plain_column(hint: Any) -> bool:
    """A hint whose values `sql_writer` writes as they are when they are plain: no JSON, record or list."""
    return sql_type(hint) != JSON_TYPE and record_class(hint) is None and _item_hint(hint) is None


def from_sql(value: Any, hint: Any) -> Any:
    """The JSON-able value of a DuckDB cell, the same as `to_json` of what was stored."""
    return sql_reader(hint)(value)


@_per_hint
def sql_reader(hint: Any) -> Callable[[Any], Any]:
    """`from_sql` of one hint, decided once: reading a run back calls it for every field of every tender,
    and walking the hint at each value was most of the cost."""
    if sql_type(hint) == JSON_TYPE:

        def read_json(value: Any) -> Any:
            if value is None:
                return None
            return json.loads(value) if isinstance(value, str) else value

        return read_json
    cls = record_class(hint)
    if cls is not None:
        # A plain field's plain value (most of them) is taken as it is, without a call.
        fields = [(name, _plain_column(h), sql_reader(h)) for name, h in record_fields(cls)]

        def read_record(value: Any) -> Any:
            if value is None:
                return None
            return {
                name: v if plain and (v is None or type(v) in _PLAIN) else read(v)
                for name, plain, read in fields
                for v in (value.get(name),)
            }

        return read_record
    item = _item_hint(hint)
    if item is not None:
        read_item = sql_reader(item)
        plain = _plain_column(item)

        def read_list(value: Any) -> Any:
            if value is None:
                return None
            if plain:  # a list of strings or numbers: each plain item as it is, without a call
                return [v if v is None or type(v) in _PLAIN else read_item(v) for v in value]
            return [read_item(v) for v in value]

        return read_list

    def read_value(value: Any) -> Any:
        if value is None or type(value) in _PLAIN:
            return value
        return to_json(value, hint)

    return read_value


# ---- flat tables (CSV, Excel, pandas) ---------------------------------------------------------


def flat_columns(cls: type, prefix: str = "", record_lists: bool = True) -> list[str]:
    """Column names of a record flattened: a nested record's fields become `<field>_<sub-field>`.

    With `record_lists=False`, fields that are lists of records (a tender's findings) are left
    out: they are tables of their own.
    """
    return list(flat_row(None, cls, prefix, record_lists))


def flat_row(value: Any, cls: type, prefix: str = "", record_lists: bool = True) -> dict[str, Any]:
    """One row of a flat table: nested records spread into columns; lists and dicts stay values."""
    row: dict[str, Any] = {}
    data = to_json(value, cls) if value is not None else None
    _flatten(data, cls, prefix, row, record_lists)
    return row


def flat_json_row(data: dict[str, Any] | None, cls: type, record_lists: bool = True) -> dict[str, Any]:
    """`flat_row` of a record already in its JSON form (as `to_json` or the store's read-back give it)."""
    row: dict[str, Any] = {}
    _flatten(data, cls, "", row, record_lists)
    return row


def _flatten(data: dict | None, cls: type, prefix: str, row: dict[str, Any], record_lists: bool) -> None:
    for column, path in flat_plan(cls, prefix, record_lists):
        value = data
        for name in path:
            if value is None:
                break
            value = value.get(name)
        row[column] = value


@cache
def flat_plan(cls: type, prefix: str, record_lists: bool) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(column, the field names leading to its value) of each column of `cls` flattened, in column order:
    worked out once per class, as the tenders' tables flatten every tender the same way."""
    plan: list[tuple[str, tuple[str, ...]]] = []
    for name, hint in record_fields(cls):
        if not record_lists and list_of_records(hint) is not None:
            continue
        sub = record_class(hint)
        if sub is not None:
            # A record may spread its fields without the `<field>_` prefix (`__flat_prefix__ = ""`):
            # the tender metadata columns keep their own names (tender_id, source, publication_date…).
            own = getattr(sub, "__flat_prefix__", None)
            plan.extend((column, (name, *path)) for column, path in flat_plan(sub, prefix + (own if own is not None else f"{name}_"), record_lists))
        else:
            plan.append((prefix + name, (name,)))
    return tuple(plan)
