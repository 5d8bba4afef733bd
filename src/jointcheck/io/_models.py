"""Reading text files and model JSON (a draw, a plan, a match problem) with FILE:LINE errors."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel

from jointcheck._internal.checked import checked
from jointcheck._internal.text import shorten
from jointcheck.errors import InvalidInputError, ModelValidationError
from jointcheck.io._source import LineError, Source, load, to_utf8

__all__ = ["MAX_TEXT_BYTES", "read_json", "read_model", "read_text"]

MAX_TEXT_BYTES = 1 << 30
"""Default bound on a text or JSON file (1 GiB; a province's draw is tens of MB)."""

_M = TypeVar("_M", bound=BaseModel)


@checked
def read_text(
    source: Source,
    *,
    name: str | None = None,
    encoding: str = "utf-8",
    what: str = "file",
    max_bytes: int = MAX_TEXT_BYTES,
) -> str:
    """The text of a file, after the checks every reader makes (binary content, encoding,
    byte-order mark, size).

    Raises:
        InvalidInputError: ``NAME:LINE: ...`` naming the problem and the way out.

    Examples:
        >>> read_text("规则：不低于5%".encode("gbk"), name="rule.txt", encoding="gb18030")
        '规则：不低于5%'
    """
    loaded = load(source, name=name, what=what)
    if len(loaded.data) > max_bytes:
        raise InvalidInputError(
            f"{loaded.name}: the {what} holds {len(loaded.data):,} bytes; at most {max_bytes:,} "
            "(max_bytes)",
            field=what,
            value=loaded.name,
        )
    try:
        return to_utf8(loaded.data, encoding=encoding).decode("utf-8")
    except LineError as bad:
        raise InvalidInputError(
            f"{loaded.name}:{bad.line}: {what}: {bad.message}", field=what, value=loaded.name
        ) from None


@checked
def read_json(
    source: Source, *, name: str | None = None, what: str = "file", max_bytes: int = MAX_TEXT_BYTES
) -> Any:
    """The parsed JSON of a file; a syntax error names its line and column.

    Raises:
        InvalidInputError: not text, not JSON, or nested too deeply to read.
    """
    shown = name or (f"<{what}>" if isinstance(source, (bytes, bytearray)) else str(source))
    text = read_text(source, name=shown, what=what, max_bytes=max_bytes)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"{shown}:{exc.lineno}:{exc.colno}: {what} is not valid JSON: {exc.msg}",
            field=what,
            value=shown,
        ) from None
    except RecursionError:
        raise InvalidInputError(
            f"{shown}:1: {what} is nested too deeply to read", field=what, value=shown
        ) from None
    except ValueError as exc:  # an integer of thousands of digits
        raise InvalidInputError(
            f"{shown}: {what} holds a number too large to read ({shorten(str(exc), limit=120)})",
            field=what,
            value=shown,
        ) from None


@checked
def read_model(
    source: Source,
    model: type[_M],
    *,
    name: str | None = None,
    what: str | None = None,
    max_bytes: int = MAX_TEXT_BYTES,
) -> _M:
    """A model (``Draw``, ``Plan``, ``MatchProblem``…) from its JSON file.

    Raises:
        InvalidInputError: the file is not text or not JSON (with its line and column), or the
            JSON is not a valid ``model`` (every offending field named).

    Examples:
        >>> from jointcheck.model import Department
        >>> read_model('{"id": "samr", "name": "市场监督管理局"}'.encode(), Department).name
        '市场监督管理局'
    """
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise InvalidInputError(
            f"model {shorten(model)} is not a model class; give one such as Draw or Plan",
            field="model",
            value=model,
        )
    label = what or model.__name__
    shown = name or (f"<{label}>" if isinstance(source, (bytes, bytearray)) else str(source))
    data = read_json(source, name=shown, what=label, max_bytes=max_bytes)
    try:
        return model.model_validate(data)
    except (ModelValidationError, ValueError) as exc:
        message = (
            exc.message if isinstance(exc, ModelValidationError) else shorten(str(exc), limit=400)
        )
        raise InvalidInputError(
            f"{shown}: not a valid {label} ({model.__name__} JSON): {message}",
            field=label,
            value=shown,
        ) from None
