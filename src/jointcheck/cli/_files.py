"""Reading the command's input files and writing its outputs; every failure is a bad input.

A path of ``-`` means standard input (or standard output for ``--output``).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, TextIO, TypeVar

from jointcheck import io
from jointcheck.errors import InvalidInputError
from jointcheck.model import FrozenModel

__all__ = [
    "display_name",
    "parse_day",
    "read_bytes",
    "read_json",
    "read_model",
    "read_text",
    "write_text",
]

_M = TypeVar("_M", bound=FrozenModel)


def display_name(path: str) -> str:
    """How a path is named in messages (``<stdin>`` for ``-``)."""
    return "<stdin>" if path == "-" else path


def read_bytes(path: str, *, what: str) -> bytes:
    """The content of ``path`` (``-``: standard input); an unreadable file is a bad input."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(
            f"{what} {path!r} does not exist (working directory: {Path.cwd()})",
            field=what,
            value=path,
        ) from None
    except IsADirectoryError:
        raise InvalidInputError(
            f"{what} {path!r} is a directory; give a file", field=what, value=path
        ) from None
    except OSError as exc:
        raise InvalidInputError(
            f"cannot read {what} {path!r}: {exc.strerror or exc}", field=what, value=path
        ) from None


def read_text(path: str, *, what: str) -> str:
    """The content of ``path`` as text (:func:`jointcheck.io.read_text`: binary content and
    encodings are checked, a byte-order mark is dropped)."""
    return io.read_text(read_bytes(path, what=what), name=display_name(path), what=what)


def read_json(path: str, *, what: str) -> Any:
    """Parse ``path`` as JSON; a syntax error names the line and column."""
    return io.read_json(read_bytes(path, what=what), name=display_name(path), what=what)


def read_model(path: str, model: type[_M], *, what: str) -> _M:
    """Parse ``path`` as the JSON of ``model``; a mismatch names every offending field."""
    return io.read_model(read_bytes(path, what=what), model, name=display_name(path), what=what)


def write_text(path: str | None, text: str, *, out: TextIO, what: str) -> None:
    """Write ``text`` to ``path``, or to ``out`` when ``path`` is None or ``-``."""
    if path is None or path == "-":
        out.write(text)
        return
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(
            f"cannot write {what} to {path!r}: {exc.strerror or exc}", field="output", value=path
        ) from None


def parse_day(text: str, *, what: str) -> dt.date:
    """An ISO date ``YYYY-MM-DD``; anything else is a bad input naming ``what``."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(
            f"{what} {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2023-04-07",
            field=what,
            value=text,
        ) from None
