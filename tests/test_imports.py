"""The one-way flow, checked on the source: no import cycle between analyzer's sub-packages
(imports inside functions and under TYPE_CHECKING included), and evaluation imported by the CLI only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "analyzer"


def unit_of(module: str) -> str | None:
    """analyzer.detection.detectors.rules -> "detection"; analyzer.pipeline -> "pipeline"; other packages -> None."""
    parts = module.split(".")
    if parts[0] != "analyzer":
        return None
    return parts[1] if len(parts) > 1 else "analyzer"


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, wherever the import statement stands; relative imports resolved."""
    here = module_name(path).split(".")
    return imports_in(path.read_text(encoding="utf-8"), here if path.name == "__init__.py" else here[:-1])


def imports_in(source: str, package: list[str]) -> set[str]:
    tree = ast.parse(source)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            target = ".".join(x for x in (base, node.module or "") if x)
            found.add(target)
            # "from analyzer import evaluation" imports the sub-package itself.
            found.update(
                f"{target}.{alias.name}"
                for alias in node.names
                if target == "analyzer" and ((PACKAGE / alias.name).is_dir() or (PACKAGE / f"{alias.name}.py").is_file())
            )
    return found


def unit_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        src = unit_of(module_name(path))
        for target in imports_of(path):
            dst = unit_of(target)
            if dst and src and dst != src and dst != "analyzer":
                graph.setdefault(src, set()).add(dst)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle_between_subpackages() -> None:
    cycle = find_cycle(unit_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_only_the_cli_imports_evaluation() -> None:
    offenders = sorted(
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if unit_of(module_name(path)) not in ("cli", "evaluation") and any(unit_of(t) == "evaluation" for t in imports_of(path))
    )
    assert offenders == []


@pytest.mark.parametrize(("a", "b"), [("detection", "classifier"), ("classifier", "decision"), ("detection", "decision")])
def test_earlier_stage_never_imports_later_one(a: str, b: str) -> None:
    assert b not in unit_graph().get(a, set()), f"{a} imports {b}"


@pytest.mark.parametrize(
    ("source", "graph", "has_cycle"),
    [
        ("import in a function", {"a": {"b"}, "b": {"a"}}, True),
        ("three packages", {"a": {"b"}, "b": {"c"}, "c": {"a"}}, True),
        ("one way", {"a": {"b"}, "b": {"c"}}, False),
    ],
)
def test_cycle_finder(source: str, graph: dict[str, set[str]], has_cycle: bool) -> None:
    assert (find_cycle(graph) is not None) is has_cycle


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def g():\n    from analyzer.classifier.factory import model_detectors\n", {"analyzer.classifier.factory"}),
        ("if TYPE_CHECKING:\n    import analyzer.classifier.model\n", {"analyzer.classifier.model"}),
        ("from ..classifier import data\n", {"analyzer.classifier"}),
        ("from analyzer import evaluation, __version__\n", {"analyzer", "analyzer.evaluation"}),
    ],
)
def test_imports_are_seen_wherever_they_stand(source: str, expected: set[str]) -> None:
    assert imports_in(source, ["analyzer", "detection"]) == expected
