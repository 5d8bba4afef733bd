"""``jointcheck match``: the second 随机, inspectors to drawn subjects (JSON in, JSON out)."""

from __future__ import annotations

import argparse
from typing import Any

from pydantic import TypeAdapter, ValidationError

from jointcheck import io
from jointcheck._internal.base import model_error
from jointcheck.cli._common import COMMANDS, EXIT_FOUND, EXIT_OK, Streams
from jointcheck.cli._files import (
    display_name,
    parse_day,
    read_bytes,
    read_json,
    read_model,
    write_text,
)
from jointcheck.errors import (
    InfeasibleError,
    InvalidInputError,
    ModelValidationError,
)
from jointcheck.matching import MatchProblem, MatchSubject, match
from jointcheck.model import DateWindow, Department, Inspector, TeamRequirement

__all__ = ["add_match", "read_inspectors", "read_subjects"]

EXAMPLES = """\
examples:
  jointcheck match problem.json --output assignment.json
  jointcheck match --subjects draw.json --inspectors inspectors.json \\
      --department xam-samr --department xam-nhc \\
      --on 2023-03-07/2023-04-07 --seed 2023-03-06 --output assignment.json

Inputs are either one MatchProblem (JSON; see 'jointcheck schema MatchProblem'), or:
  --subjects    a draw (its selected codes), a JSON list of codes or of MatchSubject
                objects, or a text file with one code per line
  --inspectors  the inspector directory (执法检查人员名录库): a CSV with the columns
                id,name,department_id[,unit_id,certificate_number,valid_from,valid_until,…]
                or a JSON list of Inspector objects
  --department  ID[:N]: the department sends N certified members per subject (default 2);
                repeat per department, or give --requirements (a JSON list of TeamRequirement)
  --departments a JSON list of Department objects (units and the jurisdictions they cover)
  --on          the inspection day or window, YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD
  --seed        the seed of the tickets

The Assignment (JSON) is written to --output or standard output. When no assignment meets
every constraint, the shortfalls (which subjects, which department, why, what would fix it)
go to standard error (all of them to --shortfalls FILE, as JSON) and the exit code is 1.
"""


def _validate(adapter: TypeAdapter[Any], data: Any, path: str, what: str) -> Any:
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        message = model_error(exc, what).message
    except ModelValidationError as exc:
        message = exc.message
    raise InvalidInputError(
        f"{display_name(path)}: not a valid {what}: {message}", field=what, value=path
    )


def _items(path: str, adapter: TypeAdapter[Any], what: str) -> Any:
    return _validate(adapter, read_json(path, what=what), path, what)


def read_subjects(path: str) -> tuple[MatchSubject, ...]:
    """Subjects from a draw, a JSON list, or one code per line (:func:`jointcheck.io.read_subjects`)."""
    return io.read_subjects(read_bytes(path, what="subjects"), name=display_name(path))


def read_inspectors(path: str) -> tuple[Inspector, ...]:
    """The inspector directory, CSV or JSON (:func:`jointcheck.io.read_inspectors`)."""
    return io.read_inspectors(read_bytes(path, what="inspectors"), name=display_name(path))


def _window(text: str) -> DateWindow:
    head, _, tail = text.partition("/")
    start = parse_day(head, what="--on")
    end = parse_day(tail, what="--on") if tail else start
    if end < start:
        raise InvalidInputError(f"--on {text!r} ends before it starts", field="on", value=text)
    return DateWindow(start=start, end=end)


def _requirement(text: str) -> TeamRequirement:
    department, _, count = text.partition(":")
    if not department.strip():
        raise InvalidInputError(
            f"--department {text!r} names no department; write ID or ID:N",
            field="department",
            value=text,
        )
    if not count:
        return TeamRequirement(department_id=department.strip())
    if not count.isdigit() or int(count) < 1:
        raise InvalidInputError(
            f"--department {text!r}: N must be a whole number >= 1",
            field="department",
            value=text,
        )
    return TeamRequirement(department_id=department.strip(), min_members=int(count))


_PIECES = ("subjects", "inspectors", "department", "requirements", "departments", "on", "seed")


def _problem(args: argparse.Namespace) -> MatchProblem:
    if args.problem is not None:
        given = [p for p in _PIECES if getattr(args, p)]
        if given:
            raise InvalidInputError(
                f"give either PROBLEM.json or the pieces, not both (got "
                f"{', '.join('--' + p for p in given)})",
                field="problem",
                value=args.problem,
            )
        return read_model(args.problem, MatchProblem, what="match problem")
    missing = [f"--{p}" for p in ("subjects", "inspectors", "on", "seed") if not getattr(args, p)]
    if not args.department and not args.requirements:
        missing.append("--department or --requirements")
    if missing:
        raise InvalidInputError(
            f"without PROBLEM.json, match needs {', '.join(missing)}",
            field="problem",
            value=None,
        )
    requirements = [_requirement(text) for text in args.department]
    if args.requirements:
        requirements += _items(
            args.requirements, TypeAdapter(list[TeamRequirement]), "list of TeamRequirement"
        )
    departments = (
        _items(args.departments, TypeAdapter(list[Department]), "list of Department")
        if args.departments
        else []
    )
    return MatchProblem.build(
        read_subjects(args.subjects),
        read_inspectors(args.inspectors),
        requirements=requirements,
        departments=departments,
        on=_window(args.on),
        seed=args.seed,
    )


def _run(args: argparse.Namespace, streams: Streams) -> int:
    problem = _problem(args)
    if args.problem_output:
        write_text(
            args.problem_output,
            problem.model_dump_json(indent=2) + "\n",
            out=streams.out,
            what="match problem",
        )
    try:
        assignment = match(problem)
    except InfeasibleError as exc:
        message = exc.message.replace("(see .shortfalls)", "(--shortfalls FILE writes all)")
        streams.err.write(f"jointcheck: infeasible: {message}\n")
        if args.shortfalls:
            shortfalls = "[" + ",\n".join(s.model_dump_json(indent=2) for s in exc.shortfalls)
            write_text(args.shortfalls, shortfalls + "]\n", out=streams.out, what="shortfalls")
        return EXIT_FOUND
    text = assignment.model_dump_json(indent=2) + "\n"
    if args.output is None or args.output == "-":
        streams.out.write(text)
        return EXIT_OK
    write_text(args.output, text, out=streams.out, what="assignment")
    loads = [load.subjects for load in assignment.loads]
    streams.out.write(
        f"{len(assignment.teams):,} teams, {assignment.algorithm} v{assignment.version}, "
        f"seed {assignment.seed!r}\n"
        f"inputs digest {assignment.inputs_digest}\n"
        f"subjects per inspector: {min(loads, default=0)}–{max(loads, default=0)}; "
        f"{len(assignment.exclusions)} exclusion(s) recorded\n"
        f"written to {args.output}\n"
    )
    return EXIT_OK


def add_match(commands: Any, streams: Streams) -> None:
    """The ``match`` subcommand."""
    parser = commands.add_parser(
        "match",
        streams=streams,
        help=COMMANDS["match"].help,
        description="Match inspectors to drawn subjects (随机匹配执法检查人员): every "
        "department sends its own members to each subject's joint team.",
        epilog=EXAMPLES,
    )
    parser.add_argument(
        "problem", nargs="?", metavar="PROBLEM.json", help="a MatchProblem (or give the pieces)"
    )
    pieces = parser.add_argument_group("pieces of the problem (instead of PROBLEM.json)")
    pieces.add_argument("--subjects", metavar="FILE", help="draw JSON, JSON list, or codes")
    pieces.add_argument("--inspectors", metavar="FILE", help="JSON list of Inspector")
    pieces.add_argument(
        "--department",
        action="append",
        default=[],
        metavar="ID[:N]",
        help="a department taking part and its members per subject (default 2); repeatable",
    )
    pieces.add_argument("--requirements", metavar="FILE", help="JSON list of TeamRequirement")
    pieces.add_argument("--departments", metavar="FILE", help="JSON list of Department")
    pieces.add_argument("--on", metavar="DATE[/DATE]", help="inspection day or window")
    pieces.add_argument("--seed", help="seed of the tickets")
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write the assignment here and print a summary"
    )
    parser.add_argument(
        "--problem-output",
        metavar="FILE",
        help="also write the MatchProblem (JSON), so anyone can check the assignment later",
    )
    parser.add_argument(
        "--shortfalls",
        metavar="FILE",
        help="when no assignment exists, write every shortfall here (JSON list of Shortfall)",
    )
    parser.set_defaults(run=_run)
