"""Walking notices held as xmltodict-style JSON (BOAMP `donnees`) or as XML (TED): one tree shape
for both, keys without namespace prefixes, "@attr" and "#text" as xmltodict writes them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from defusedxml import ElementTree


def local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def strip_prefixes(obj: Any) -> Any:
    """The same tree with "cbc:ID" keys as "ID" (and "@cbc:x" as "@x")."""
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            key = "@" + local(k[1:]) if k.startswith("@") else (k if k == "#text" else local(k))
            v = strip_prefixes(v)
            if key in out:  # two prefixes for one local name: keep both as a list
                prev = out[key] if isinstance(out[key], list) else [out[key]]
                out[key] = prev + (v if isinstance(v, list) else [v])
            else:
                out[key] = v
        return out
    if isinstance(obj, list):
        return [strip_prefixes(v) for v in obj]
    return obj


def xml_to_tree(data: bytes) -> dict[str, Any]:
    """XML (parsed with defusedxml: no entities, no external references) as {root_tag: tree}."""
    root = ElementTree.fromstring(data)
    return {local(root.tag): _element(root)}


def _element(el) -> Any:  # noqa: ANN001 - an ElementTree element
    node: dict[str, Any] = {f"@{local(k)}": v for k, v in el.attrib.items()}
    for child in el:
        if not isinstance(child.tag, str):
            continue
        key, value = local(child.tag), _element(child)
        if key in node:
            node[key] = (node[key] if isinstance(node[key], list) else [node[key]]) + [value]
        else:
            node[key] = value
    text = (el.text or "").strip()
    if not node:
        return text
    if text:
        node["#text"] = text
    return node


def each(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def get(obj: Any, *path: str) -> list[Any]:
    """Every value at `path` below `obj`; lists along the way are walked."""
    nodes = each(obj)
    for key in path:
        nodes = [v for n in nodes if isinstance(n, dict) for v in each(n.get(key))]
    return nodes


def first(obj: Any, *path: str) -> Any:
    """`get(obj, *path)[0]`, or None: the values are walked depth first and the walk stops at the first one."""
    found = _first(obj, path)
    return None if found is _NOTHING else found


_NOTHING = object()


def _first(obj: Any, path: tuple[str, ...]) -> Any:
    for v in each(obj):
        if not path:
            return v  # None too, when a list holds one: get's first value
        if isinstance(v, dict):
            found = _first(v.get(path[0]), path[1:])
            if found is not _NOTHING:
                return found
    return _NOTHING


def text(value: Any) -> str | None:
    """The text of a leaf ("x", {"#text": "x", "@languageID": "FRA"}); None when empty."""
    if isinstance(value, dict):
        value = value.get("#text")
    if value is None or isinstance(value, dict | list):
        return None
    out = " ".join(str(value).split())
    return out or None


def french(values: list[Any]) -> str | None:
    """The French variant among multilingual texts, else the first."""
    for v in values:
        if isinstance(v, dict) and str(v.get("@languageID", "")).upper() in ("FRA", "FR"):
            return text(v)
    return text(values[0]) if values else None


def walk(obj: Any, key: str) -> Iterator[Any]:
    """Every value under `key` anywhere in the tree."""
    stack = [obj]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            for k, v in n.items():
                if k == key:
                    yield from each(v)
                if isinstance(v, dict | list):
                    stack.append(v)
        elif isinstance(n, list):
            stack.extend(n)
