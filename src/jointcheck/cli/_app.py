"""The ``jointcheck`` parser and :func:`main`, which maps failures to exit codes.

The contract: ``0`` success; ``1`` only when a check found problems (violations,
infeasibility); ``2`` with one line for bad input; ``130`` on Ctrl-C at any moment; ``141``
when the reader of standard output went away; ``70`` with one line for a defect in
jointcheck. Never a traceback. A command's module is imported only when it runs
(:data:`~jointcheck.cli._common.COMMANDS`), so ``jointcheck --help`` answers at once.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from jointcheck.cli._common import (
    COMMANDS,
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    Parser,
    Streams,
)
from jointcheck.errors import JointcheckError

__all__ = ["build_parser", "main"]

EPILOG = """\
exit codes:
  0    success (verify, audit: the record holds)
  1    a check found problems: verify or audit found violations, match found no
       assignment, year found a step or follow-up overdue
  2    bad input: unknown file, bad CSV row (FILE:LINE), unreadable rule or JSON, a date
       outside the calendar, an unknown department or unit id, a usage error
  130  interrupted (Ctrl-C)

Run 'jointcheck COMMAND --help' for a command's options and examples.
"""

_MESSAGE_LIMIT = 2000
"""Longest error message printed; a longer one is cut (it echoes input)."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jointcheck")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0+unknown"


def build_parser(streams: Streams, *, only: str | None = None) -> Parser:
    """The argument parser, writing help to ``streams.out``.

    With ``only``, only that command's module is imported and its options defined (none
    with ``only=""``); the other commands are listed by name and help. Without it, every
    command is complete.
    """
    parser = Parser(
        prog="jointcheck",
        streams=streams,
        description="双随机、一公开 joint random inspections: verifiable draws of subjects, "
        "joint inspector teams, working-day deadlines.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"jointcheck {_version()}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=Parser
    )
    for name, command in COMMANDS.items():
        if only is None or name == only:
            add: Callable[..., None] = getattr(importlib.import_module(command.module), command.add)
            add(commands, streams)
        else:
            commands.add_parser(name, streams=streams, help=command.help, add_help=False)
    return parser


def _command(argv: Sequence[str]) -> str:
    """The command named in ``argv`` ('' when none is): the first word that is not an
    option (the top level has only ``--help`` and ``--version``, which take no value)."""
    for word in argv:
        if word == "--":
            return ""
        if not word.startswith("-"):
            return word if word in COMMANDS else ""
    return ""


def _one_line(text: str) -> str:
    """The message on one line (its lines joined by ``; ``), cut at :data:`_MESSAGE_LIMIT`."""
    text = "; ".join(part.strip() for part in text.splitlines() if part.strip())
    if len(text) > _MESSAGE_LIMIT:
        text = text[: _MESSAGE_LIMIT - 1] + "…"
    return text


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
        return _main(list(sys.argv[1:] if argv is None else argv), streams)
    except KeyboardInterrupt:
        _say(streams, "jointcheck: interrupted")
        return EXIT_INTERRUPTED


def _say(streams: Streams, line: str) -> None:
    try:
        streams.err.write(line + "\n")
        streams.err.flush()
    except (OSError, ValueError):  # standard error closed: nothing more to tell
        pass


def _main(argv: list[str], streams: Streams) -> int:
    try:
        args = build_parser(streams, only=_command(argv)).parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    run: Callable[..., int] = args.run
    try:
        return run(args, streams)
    except JointcheckError as exc:
        _say(streams, f"jointcheck: error: {_one_line(str(exc))}")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (``jointcheck demo | head``): stop quietly, as shell tools do.
        if streams.out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141
    except MemoryError:
        _say(streams, "jointcheck: error: out of memory; the input is too large for this machine")
        return EXIT_BAD_INPUT
    except OSError as exc:
        _say(streams, f"jointcheck: error: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
    except Exception as exc:  # a defect: one line, never a traceback
        _say(
            streams,
            f"jointcheck: internal error (please report it): {type(exc).__name__}: "
            f"{_one_line(str(exc))[:300]}",
        )
        return EXIT_INTERNAL
