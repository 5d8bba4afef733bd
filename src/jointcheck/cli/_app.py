"""The ``jointcheck`` parser and :func:`main`, which maps failures to exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from jointcheck import __version__
from jointcheck.cli._common import EXIT_BAD_INPUT, Parser, Streams
from jointcheck.cli._deadline import add_deadline
from jointcheck.cli._demo import add_demo
from jointcheck.cli._match import add_match
from jointcheck.cli._publish import add_audit, add_publish
from jointcheck.cli._sampling import add_draw, add_verify
from jointcheck.cli._schema import add_schema
from jointcheck.cli._year import add_year
from jointcheck.errors import JointcheckError

__all__ = ["build_parser", "main"]

EPILOG = """\
exit codes:
  0  success (verify, audit: the record holds)
  1  a check found problems: verify or audit found violations, match found no assignment,
     year found a step or follow-up overdue
  2  bad input: unknown file, bad CSV row (FILE:LINE), unreadable rule or JSON, a date
     outside the calendar, a usage error

Run 'jointcheck COMMAND --help' for a command's options and examples.
"""


def build_parser(streams: Streams) -> Parser:
    """The argument parser of every command, writing help to ``streams.out``."""
    parser = Parser(
        prog="jointcheck",
        streams=streams,
        description="双随机、一公开 joint random inspections: verifiable draws of subjects, "
        "joint inspector teams, working-day deadlines.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"jointcheck {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=Parser
    )
    add_demo(commands, streams)
    add_draw(commands, streams)
    add_verify(commands, streams)
    add_match(commands, streams)
    add_publish(commands, streams)
    add_audit(commands, streams)
    add_deadline(commands, streams)
    add_schema(commands, streams)
    add_year(commands, streams)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code.

    Results go to ``out`` (default standard output), messages and progress to ``err``
    (default standard error).
    """
    streams = Streams(out=out if out is not None else sys.stdout, err=err or sys.stderr)
    try:
        args = build_parser(streams).parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    run: Callable[..., int] = args.run
    try:
        return run(args, streams)
    except JointcheckError as exc:
        streams.err.write(f"jointcheck: error: {exc}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        streams.err.write("jointcheck: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (``jointcheck demo | head``): stop quietly, as shell tools do.
        if streams.out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141
