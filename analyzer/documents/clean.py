"""Text normalisation at the ingestion boundary: what every reader's text goes through once."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# pdfium marks a hyphen that breaks a word at a line end as U+FFFE (seen in the Grenoble RC:
# "sous\ufffetraitance"); U+00AD is the same in other producers.
_SOFT_HYPHENS = {"\ufffe": "-", "\u00ad": "-"}
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}


# A notice decoded as UTF-16 or Latin-1 sometimes carries Windows-1252 bytes as C1 control code points
# ("l\x92entreprise" for "l’entreprise"): no real text uses U+0080-U+009F, so each is read as the
# Windows-1252 character it stood for, one code point for one, so that offsets do not move.
# The five bytes Windows-1252 leaves undefined become a space.
_C1_AS_CP1252 = {c: (bytes([c]).decode("cp1252") if c not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else " ") for c in range(0x80, 0xA0)}


_TRAILING_BLANKS = re.compile(r"[ \t]+\n")
_C1 = tuple((chr(c), m) for c, m in _C1_AS_CP1252.items())


def map_cp1252_controls(text: str) -> str:
    """Stray Windows-1252 code points (U+0080-U+009F) mapped to their characters; same length as `text`."""
    # str.translate with a dict looks every character up in Python (about 0.8 ms for a notice of 5 000
    # characters), and so does a regular expression's character class; a search and a replace for
    # each of the 32 code points run in C (a few microseconds). No mapped character is itself one of
    # the 32, so replacing one after the other gives what a single translation gives.
    if text.isascii():
        return text
    for c, mapped in _C1:
        if c in text:
            text = text.replace(c, mapped)
    return text


def clean_page_text(text: str) -> str:
    """NFC, Unix newlines, ligatures expanded, soft hyphens made visible, Windows-1252 stray code points
    mapped, trailing spaces dropped."""
    text = map_cp1252_controls(text)
    if "\r" in text:  # the search for "\r\n" goes through the text character by character, even without one
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for src, dst in {**_SOFT_HYPHENS, **_LIGATURES}.items():
        text = text.replace(src, dst)
    if not _is_latin1(text):
        text = unicodedata.normalize("NFC", text)
    if _TRAILING_BLANK.search(text):  # else nothing to drop, and the scan costs more than the rest
        text = _drop_trailing_blanks(text)
    return text.strip("\n")


# A newline after a space or a tab: what `" \n" in text or "\t\n" in text` finds, from newline to newline
# (two substring searches stop at every space of the text).
_TRAILING_BLANK = re.compile(r"\n(?<=[ \t]\n)")


def _is_latin1(text: str) -> bool:
    """True when every character of `text` is below U+0100, and so `text` is NFC already: no Latin-1 character
    is a combining mark, composes with its neighbour or decomposes other than back into itself (every string
    of two of them is NFC, and a third cannot reach over the one between). Most notices are so, and the NFC
    check of the normalisation looks each of their characters up; encoding a string stored one byte a
    character to Latin-1 copies its bytes."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _drop_trailing_blanks(text: str) -> str:
    """What `_TRAILING_BLANKS.sub("\n", text)` gives: the spaces and tabs that end a line, before its
    newline (the last line, with no newline after it, keeps them). A line's rstrip runs in C;
    the pattern was tried at every space of the text, and a text has one between every two words."""
    lines = text.split("\n")
    last = lines.pop()
    lines = [line.rstrip(" \t") for line in lines]
    lines.append(last)
    return "\n".join(lines)


# A hyphen that ends a line is a word split by typesetting ("pro-\nfessionnelle") or a real hyphen
# of a compound that happened to fall there ("éco-\nconception"). Joining a real compound welds
# two words (docling #4151), so the hyphen is kept unless the split is clearly typographic.
# pdfium has already joined the two lines and marked the hyphen as U+FFFE (or U+0002 in bounded
# text); other sources keep "-\n".
COMPOUND_PREFIXES = frozenset(
    "éco eco sous auto co non anti inter multi semi extra intra micro macro mini maxi post pré pre "
    "néo neo ex vice quasi demi mi bio agro géo geo socio électro electro hydro thermo photo "
    "porte garde après avant arrière contre sur ci au vis peut c'est lui elle".split()
)
COMPOUND_SUFFIXES = frozenset("ci là dessous dessus dedans dehors après avant même mêmes être delà vis à t il elle on".split())

# This pattern and _HYPHENATED below start a match only where a run of word characters starts
# and take the whole run without backtracking (possessive): the same matches as "(\w+)..." (what
# follows the first run is never a word character), without trying every tail of every word.
_LINE_END_HYPHEN = re.compile(r"(?<!\w)(\w++)(?:-[ \t]*\n[ \t]*|[\ufffe\u0002]|\u00ad[ \t]*\n?[ \t]*)(\w+)")


# What every match of _LINE_END_HYPHEN holds.
_LINE_END_MARK = re.compile(r"-[ \t]*\n|[\ufffe\u0002\u00ad]")


@dataclass
class Hyphenation:
    joined: int = 0
    kept: int = 0


_HYPHENATED = re.compile(r"(?<!\w)\w++-\w+")  # what hyphenated_words finds (the definition it keeps to)
_WORD = re.compile(r"\w+")


def hyphenated_words(text: str) -> set[str]:
    """Lowercased "left-right" pairs written with a hyphen inside a line: the text's real compounds.

    What `_HYPHENATED.findall(text)` gives, found from the hyphens (str.find, in C) instead of a
    regular expression tried at every position of the whole document: a word run, a hyphen and a
    word run; a match starts no earlier than where the one before ended (its right run is not the
    left run of the next). re's \\w is str.isalnum() or "_".
    """
    pairs = set()
    end = 0
    find, word_at, n = text.find, _WORD.match, len(text)
    at = find("-")
    while at >= 0:
        if at and at + 1 < n:
            c = text[at - 1]
            right = (c.isalnum() or c == "_") and word_at(text, at + 1)
            if right:
                start = at - 1
                while start:
                    c = text[start - 1]
                    if not (c.isalnum() or c == "_"):
                        break
                    start -= 1
                if start >= end:
                    end = right.end()
                    pairs.add(text[start:end].lower())
                    at = find("-", end)
                    continue
        at = find("-", at + 1)
    return pairs


def dehyphenate(text: str, stats: Hyphenation | None = None, compounds: set[str] | None = None) -> str:
    """Join words split at a line end when both halves are lowercase letters and the first is not a
    compound prefix nor the pair a hyphenated word found elsewhere in the text; else keep the hyphen.

    Either way the two lines become one, as pdfium does ("éco-\\nconception" -> "éco-conception").
    """
    stats = stats if stats is not None else Hyphenation()
    if not _LINE_END_MARK.search(text):  # most of a PDF corpus's pages: no line ends on a hyphen
        return text
    compounds = hyphenated_words(text) if compounds is None else compounds

    def fix(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if _is_typographic_split(left, right, compounds):
            stats.joined += 1
            return left + right
        stats.kept += 1
        return f"{left}-{right}"

    return _LINE_END_HYPHEN.sub(fix, text)


def _is_typographic_split(left: str, right: str, compounds: set[str]) -> bool:
    if not (left.isalpha() and right.isalpha() and left[-1].islower() and right[0].islower() and right.islower()):
        return False
    last = left.lower().rsplit("'", 1)[-1].rsplit("\u2019", 1)[-1]
    if last in COMPOUND_PREFIXES or right.lower() in COMPOUND_SUFFIXES:
        return False
    # The same pair written with a hyphen inside a line elsewhere is a real compound.
    return f"{last}-{right.lower()}" not in compounds


def strip_accents(text: str) -> str:
    """'Eurométropole' -> 'Eurometropole': for comparing names and file names, never for quoted text."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
