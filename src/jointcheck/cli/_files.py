"""Reading the command's input files and writing its outputs; every failure is a bad input.

A path of ``-`` means standard input (or standard output for ``--output``).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, TextIO, TypeVar

from jointcheck.errors import InvalidInputError, ModelValidationError
from jointcheck.model import FrozenModel

__all__ = [
    "display_name",
    "parse_day",
    "parse_json",
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
    """The content of ``path`` as UTF-8 text (a byte-order mark is dropped)."""
    data = read_bytes(path, what=what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidInputError(
            f"{display_name(path)}:{line}: {what} is not UTF-8 text (byte "
            f"0x{data[exc.start]:02X}); save it as UTF-8",
            field=what,
            value=path,
        ) from None


def read_json(path: str, *, what: str) -> Any:
    """Parse ``path`` as JSON; a syntax error names the line and column."""
    return parse_json(read_text(path, what=what), path=path, what=what)


def parse_json(text: str, *, path: str, what: str) -> Any:
    """Parse ``text`` (read from ``path``) as JSON; a syntax error names the line and
    column, a document nested too deeply or a number too large is a bad input too."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"{display_name(path)}:{exc.lineno}:{exc.colno}: {what} is not valid JSON: {exc.msg}",
            field=what,
            value=path,
        ) from None
    except RecursionError:
        raise InvalidInputError(
            f"{display_name(path)}: {what} is nested too deeply to be a jointcheck document",
            field=what,
            value=path,
        ) from None
    except ValueError as exc:  # an integer of thousands of digits
        raise InvalidInputError(
            f"{display_name(path)}: {what} holds a number too large to read ({exc})",
            field=what,
            value=path,
        ) from None


def read_model(path: str, model: type[_M], *, what: str) -> _M:
    """Parse ``path`` as the JSON of ``model``; a mismatch names every offending field."""
    data = read_json(path, what=what)
    try:
        return model.model_validate(data)
    except ModelValidationError as exc:
        raise InvalidInputError(
            f"{display_name(path)}: not a valid {what} ({model.__name__} JSON): {exc.message}",
            field=what,
            value=path,
        ) from None


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
