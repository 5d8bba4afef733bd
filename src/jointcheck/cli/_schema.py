"""``jointcheck schema``: JSON Schemas of the public models, all at once or one by name."""

from __future__ import annotations

import argparse
import json
from typing import Any

from jointcheck.cli._common import COMMANDS, EXIT_OK, Streams
from jointcheck.errors import InvalidInputError
from jointcheck.schema import schema

__all__ = ["add_schema", "one_schema"]

EXAMPLES = """\
examples:
  jointcheck schema > jointcheck.schema.json     every model under $defs
  jointcheck schema Draw                          one model, with the definitions it uses
  jointcheck schema --list                        the names
"""


def _refs(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            found.add(ref.removeprefix("#/$defs/"))
        for value in node.values():
            found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    return found


def one_schema(name: str, *, document: dict[str, Any] | None = None) -> dict[str, Any]:
    """A standalone JSON Schema of the model or enum ``name``: its definition at the top and
    every definition it refers to, directly or not, under ``$defs`` (a recursive model
    appears there too, for its references to itself). ``document`` is :func:`schema`'s
    output, computed when not given.

    Raises:
        InvalidInputError: ``name`` is not a public model or enum; the message lists them.
    """
    document = schema() if document is None else document
    defs: dict[str, Any] = document["$defs"]
    if name not in defs:
        lower = {key.lower(): key for key in defs}
        hint = f" Did you mean {lower[name.lower()]}?" if name.lower() in lower else ""
        raise InvalidInputError(
            f"no model named {name!r}.{hint} Known: {', '.join(sorted(defs))}",
            field="name",
            value=name,
        )
    needed: set[str] = set()
    todo = [name]
    while todo:
        for ref in _refs(defs[todo.pop()]):
            if ref not in needed:
                needed.add(ref)
                todo.append(ref)
    # A recursive model (EarliestOf holds rules) keeps itself under $defs for its own refs.
    result: dict[str, Any] = {"$schema": document["$schema"], **defs[name]}
    if needed:
        result["$defs"] = {key: defs[key] for key in sorted(needed)}
    return result


def _run(args: argparse.Namespace, streams: Streams) -> int:
    out = streams.out
    if args.list:
        out.write("\n".join(sorted(schema()["$defs"])) + "\n")
        return EXIT_OK
    document = schema() if args.name is None else one_schema(args.name)
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return EXIT_OK


def add_schema(commands: Any, streams: Streams) -> None:
    """The ``schema`` subcommand."""
    parser = commands.add_parser(
        "schema",
        streams=streams,
        help=COMMANDS["schema"].help,
        description="Print JSON Schema (draft 2020-12) of jointcheck's models, for systems "
        "written in other languages.",
        epilog=EXAMPLES,
    )
    parser.add_argument("name", nargs="?", metavar="NAME", help="one model or enum, e.g. Draw")
    parser.add_argument("--list", action="store_true", help="list the model and enum names")
    parser.set_defaults(run=_run)
