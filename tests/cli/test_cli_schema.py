"""``jointcheck schema``: every model, or one standalone schema by name."""

from __future__ import annotations

import io
import json
from typing import Any

from jointcheck.cli import main
from jointcheck.cli._schema import one_schema
from jointcheck.schema import schema


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def test_all_schemas() -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out) == schema()


def test_each_schema_is_standalone() -> None:
    """Every $ref of a one-model schema resolves inside it; only what is used is included."""
    full = schema()
    for name in full["$defs"]:
        document = one_schema(name, document=full)
        defs = document.get("$defs", {})
        assert document["$schema"].endswith("2020-12/schema")
        for ref in _refs(document):
            assert ref.removeprefix("#/$defs/") in defs, (name, ref)
        used = {r.removeprefix("#/$defs/") for r in _refs(document)}
        assert set(defs) == used, name
        assert {k: v for k, v in document.items() if k not in ("$schema", "$defs")} == (
            full["$defs"][name]
        )


def test_schema_name_from_the_command_line() -> None:
    code, out, _ = run("schema", "Draw")
    assert code == 0
    document = json.loads(out)
    assert document["title"] == "Draw"
    assert "Stratum" in document["$defs"]


def test_unknown_name_suggests_the_right_case() -> None:
    code, out, err = run("schema", "draw")
    assert (code, out) == (2, "")
    assert err.startswith("jointcheck: error: no model named 'draw'. Did you mean Draw? Known: ")


def test_list() -> None:
    code, out, _ = run("schema", "--list")
    assert code == 0
    assert out.splitlines() == sorted(schema()["$defs"])
