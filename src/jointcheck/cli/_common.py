"""What every command shares: exit codes, the argument parser class, common options."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any, NoReturn, TextIO

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FOUND",
    "EXIT_OK",
    "Parser",
    "Streams",
    "add_progress_option",
    "add_registry_options",
]

EXIT_OK = 0
"""Success (``verify``: the draw holds)."""

EXIT_FOUND = 1
"""A check found problems: ``verify`` found violations, ``match`` found no assignment."""

EXIT_BAD_INPUT = 2
"""Bad input: unknown file, bad CSV row, unreadable rule or JSON, date outside the calendar."""


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
