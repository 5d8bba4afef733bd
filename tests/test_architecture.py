"""The house follows the flow: no import runs in a circle, and the parts keep their order."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "jointcheck"


def _module_name(path: Path) -> str:
    parts = ("jointcheck", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every jointcheck module and the jointcheck modules it imports, at any depth of the
    code: top level, inside functions and under ``TYPE_CHECKING`` alike."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.startswith("jointcheck"):
                    for alias in node.names:
                        full = f"{node.module}.{alias.name}"
                        graph[name].add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names if a.name in modules)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_import_graph_is_read() -> None:
    graph = _imports()
    assert "jointcheck.forms._form" in graph["jointcheck.records._ledger"] or (
        "jointcheck.forms" in graph["jointcheck.records._ledger"]
    )
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_forms_and_records_have_no_import_circle() -> None:
    cycles = [
        c
        for c in _cycles(_imports())
        if any(m.startswith(("jointcheck.forms", "jointcheck.records")) for m in c)
    ]
    assert cycles == []


# The rule reader and the rule model still import each other (the parser builds rules, the
# model parses its phrase); the only circle left in the house.
KNOWN_CIRCLES = [["jointcheck.model._rule", "jointcheck.model._rule_parse"]]


def test_no_new_import_circle_anywhere() -> None:
    new = [c for c in _cycles(_imports()) if c not in KNOWN_CIRCLES]
    assert new == []


def test_forms_never_import_records() -> None:
    graph = _imports()
    upward = sorted(
        (m, i)
        for m, targets in graph.items()
        if m.startswith("jointcheck.forms")
        for i in targets
        if i.startswith("jointcheck.records")
    )
    assert upward == []


def _part(module: str) -> str:
    """The top-level part a module belongs to: ``jointcheck.records._ledger`` → ``records``."""
    return module.split(".")[1] if module.count(".") else ""


def test_no_part_imports_another_parts_private_modules() -> None:
    """What two parts share lives in ``jointcheck._internal``; no part reaches into another's
    ``_``-prefixed modules."""
    reaching = sorted(
        f"{module} imports {target}"
        for module, targets in _imports().items()
        for target in targets
        if _part(target) not in {_part(module), "_internal"}
        and any(p.startswith("_") for p in target.split(".")[2:])
    )
    assert reaching == []


def test_the_shared_internals_import_no_part() -> None:
    """``jointcheck._internal`` sits below every part: it imports errors and nothing else."""
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in _imports().items()
        if _part(module) == "_internal"
        for target in targets
        if _part(target) not in {"_internal", "errors"}
    )
    assert upward == []


def test_the_tier_codes_have_one_table() -> None:
    """Every part takes the tiers in code order from ``RiskTier.in_code_order()``; none
    sorts or lists them itself."""
    by_hand = re.compile(r"sorted\(RiskTier\b|from_code\(\w+\) for \w+ in range\(5\)")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "_tier.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert offenders == []
