"""Regular expressions tried only where a match can start.

A search tries the whole pattern at every position of the text: each alternative of "crit[èe]re|pond[ée]ration|…",
and each look-behind before them, before it moves one character on. Most positions cannot start a match at all.
`led` puts in front of the pattern a look-ahead on the characters its matches start with, derived from the pattern
itself, which turns those positions down with one test: the same matches, in a half to a third of the time on the
sentences and passages detection reads.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the standard library's parser of patterns: what a pattern's matches start with
from re import _parser

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


class _Unknown(Exception):
    """A part of the pattern whose first character is not read here: the pattern is used as it is."""


def led(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled with a look-ahead on the characters its matches can start with. When they cannot be told
    (a pattern that matches the empty string, or starts with any character, a back-reference, inline flags), and
    when re needs none (a pattern anchored at the start, which it tries there only; one that starts with a single
    character or class, which it tests as fast), the pattern as it is. The look-ahead only ever turns down
    positions where no match starts."""
    try:
        return re.compile(f"(?={_first_characters(pattern, flags)})(?:{pattern})", flags)
    except (_Unknown, re.error):  # re.error: inline global flags ("(?i)…"), which must stay at the pattern's start
        return re.compile(pattern, flags)


def _first_characters(pattern: str, flags: int = 0) -> str:
    """A pattern matching one character, every character a match of `pattern` can start with (and maybe more): a
    character class, or classes joined by "|". _Unknown when they cannot be told."""
    if flags & re.VERBOSE:
        raise _Unknown("verbose")  # a comment at its end would swallow the closing parenthesis
    items = _parser.parse(pattern, flags).data
    if _one_character_first(items, flags):
        raise _Unknown("starts with one character")  # re tests it as fast as a look-ahead would, or skips to it
    atoms, empty = _starts(items)
    if empty:
        raise _Unknown("can match the empty string")
    ordered = sorted(atoms)  # the same pattern in every process
    plain = "".join(text for negated, text in ordered if not negated)
    classes = ([f"[{plain}]"] if plain else []) + [f"[^{text}]" for negated, text in ordered if negated]
    return "|".join(classes)


def _one_character_first(items: list, flags: int) -> bool:
    while items:
        op, av = items[0]
        if op is sre.SUBPATTERN and not (av[1] or av[2]):
            items = av[3]  # a group without flags of its own: its first item
        elif op in _REPEATS and av[0] >= 1:
            items = av[2]  # "\d+": its first character is the repeated item's
        elif op is sre.BRANCH:
            # "sur|/": re jumps to the alternatives' first characters itself, when case does not matter to them
            return all(alt and alt[0][0] is sre.LITERAL and not (flags & re.I and _cased(alt[0][1])) for alt in av[1])
        else:
            return op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN)
    return False


def _cased(code: int) -> bool:
    c = chr(code)
    return c.lower() != c or c.upper() != c


def _starts(items: list) -> tuple[set[tuple[bool, str]], bool]:
    """(what the sequence's first character is one of, whether it can match the empty string). Each atom is (negated,
    the inside of a character class)."""
    atoms: set[tuple[bool, str]] = set()
    for op, av in items:
        if op is sre.AT and av in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
            raise _Unknown("anchored at the start")  # re tries such a pattern at the start only, or fails it at once
        if op in _ZERO_WIDTH:
            continue  # "\b", "$", a look-behind: the first character is the next item's
        found, empty = _item_starts(op, av)
        atoms |= found
        if not empty:
            return atoms, False
    return atoms, True


def _item_starts(op: object, av: object) -> tuple[set[tuple[bool, str]], bool]:
    if op is sre.LITERAL:
        return {(False, _char(av))}, False
    if op is sre.NOT_LITERAL:
        return {(True, _char(av))}, False
    if op is sre.IN:
        return {_class(av)}, False
    if op is sre.BRANCH:
        atoms: set[tuple[bool, str]] = set()
        empty = False
        for alternative in av[1]:
            found, can_be_empty = _starts(alternative)
            atoms |= found
            empty = empty or can_be_empty
        return atoms, empty
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        if add_flags or del_flags:
            raise _Unknown("flags inside a group")
        return _starts(inner)
    if op is sre.ATOMIC_GROUP:
        return _starts(av)
    if op in _REPEATS:
        low, high, inner = av
        found, empty = _starts(inner)
        return (found, True) if high == 0 else (found, empty or low == 0)
    raise _Unknown(str(op))  # any character, a back-reference, a conditional group


def _class(items: list) -> tuple[bool, str]:
    negated = bool(items) and items[0][0] is sre.NEGATE
    parts = []
    for op, av in items[1:] if negated else items:
        if op is sre.LITERAL:
            parts.append(_char(av))
        elif op is sre.RANGE:
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            raise _Unknown(str(op))
    return negated, "".join(parts)


def _char(code: int) -> str:
    # Written as an escape, so that no character ("]", "^", "-", "\\") means anything in the class.
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
