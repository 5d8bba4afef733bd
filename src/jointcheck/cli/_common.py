"""What every command shares: exit codes, the argument parser class, common options."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any, NoReturn, TextIO

__all__ = [
    "COMMANDS",
    "EXIT_BAD_INPUT",
    "EXIT_FOUND",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "Command",
    "Parser",
    "Streams",
    "add_progress_option",
    "add_registry_options",
]

EXIT_OK = 0
"""Success (``verify``: the draw holds)."""

EXIT_FOUND = 1
"""A check found problems: ``verify`` found violations, ``match`` found no assignment,
``year`` found a step or follow-up overdue."""

EXIT_BAD_INPUT = 2
"""Bad input: unknown file, bad CSV row, unreadable rule or JSON, date outside the calendar."""

EXIT_INTERNAL = 70
"""A defect in jointcheck itself (sysexits ``EX_SOFTWARE``): one line, no traceback."""

EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C), at any moment, without a traceback."""


@dataclass(frozen=True)
class Command:
    """A command: the module that defines it, its ``add_*`` function, its one-line help."""

    module: str
    add: str
    help: str


COMMANDS: dict[str, Command] = {
    "demo": Command(
        "jointcheck.cli._demo",
        "add_demo",
        "the Xing'an 2023 joint plan end to end on built-in synthetic data",
    ),
    "draw": Command(
        "jointcheck.cli._sampling",
        "add_draw",
        "draw subjects from a registry CSV by a rule and a seed (JSON audit record)",
    ),
    "verify": Command(
        "jointcheck.cli._sampling",
        "add_verify",
        "recompute a draw from the registry: OK, or every violation (exit code 1)",
    ),
    "match": Command(
        "jointcheck.cli._match",
        "add_match",
        "draw each subject's joint team of inspectors (Assignment JSON)",
    ),
    "publish": Command(
        "jointcheck.cli._publish",
        "add_publish",
        "write the round's public record (一公开): JSON files, manifest, index.html",
    ),
    "audit": Command(
        "jointcheck.cli._publish",
        "add_audit",
        "check a publication bundle: verdict in Chinese and English (exit code 1 if not)",
    ),
    "deadline": Command(
        "jointcheck.cli._deadline",
        "add_deadline",
        "the last day of a period: N working days or N days after a date",
    ),
    "schema": Command(
        "jointcheck.cli._schema",
        "add_schema",
        "JSON Schema of every public model, or of one (schema NAME)",
    ),
    "year": Command(
        "jointcheck.cli._year",
        "add_year",
        "what is due, late or overdue in a year: dispatch, claim, confirmation, follow-ups",
    ),
}
"""Every command, in the order ``jointcheck --help`` lists them. A command's module is
imported only when that command runs (or its help is asked for), so ``jointcheck --help``
starts without numpy, scipy or pydantic; a new command registers here."""


@dataclass(frozen=True)
class Streams:
    """Where a command writes: results to ``out``, messages and progress to ``err``."""

    out: TextIO
    err: TextIO


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that writes help to the command's output stream and reports usage
    errors as ``jointcheck: error: ...`` (exit code 2)."""

    def __init__(self, *args: Any, streams: Streams | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self.streams = streams

    def _print_message(self, message: str, file: Any = None) -> None:
        if self.streams is not None:
            file = self.streams.out if file in (None, sys.stdout) else self.streams.err
        super()._print_message(message, file)

    def error(self, message: str) -> NoReturn:
        self.print_usage(self.streams.err if self.streams else sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"jointcheck: error: {message} (see '{self.prog} --help')\n")


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    """``--progress`` / ``--no-progress`` (default: on a terminal, over a million subjects)."""
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress line on standard error (default: when it is a terminal and the "
        "registry has over 1,000,000 subjects)",
    )


def add_registry_options(parser: argparse.ArgumentParser) -> None:
    """Options about reading the registry CSV."""
    group = parser.add_argument_group("registry CSV")
    group.add_argument(
        "--encoding",
        default="utf-8",
        metavar="NAME",
        help="text encoding of the CSV (default utf-8; e.g. gb18030 for a GBK export)",
    )
    group.add_argument(
        "--lenient-check-character",
        action="store_true",
        help="accept credit codes whose check character is wrong (early pilot codes)",
    )
    group.add_argument(
        "--ignore-unknown-columns",
        action="store_true",
        help="skip columns other than code, tier, jurisdiction, kind and status",
    )
    add_progress_option(parser)
