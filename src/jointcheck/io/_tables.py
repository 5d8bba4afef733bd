"""Small text tables and JSON lists, read with the line of every row or item.

Shared by the inspector-directory and subjects readers (files of thousands of rows, so
Python's :mod:`csv` and :mod:`json` are fast enough; the registry has its own columnar path).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jointcheck._internal.text import shorten
from jointcheck.io._source import LineError

__all__ = ["JsonItem", "Row", "csv_rows", "json_items"]

_DECODER = json.JSONDecoder()
_SPACE = " \t\r\n"


@dataclass(frozen=True)
class Row:
    """A CSV row: its line and its cells by lower-case column name."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class JsonItem:
    """An item of a JSON list: the line it starts on and its value."""

    line: int
    value: Any


def csv_rows(
    text: str,
    *,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    max_rows: int,
    max_field_bytes: int,
    what: str,
) -> Iterator[Row]:
    """The rows of a CSV with a header naming some of ``columns`` (any order and case);
    blank lines are skipped.

    Raises:
        LineError: a bad header, a row with the wrong number of fields, a field too large,
            more than ``max_rows`` rows, or text that is not CSV.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise LineError(
                1,
                f"the header line is empty; it must name the columns of the {what}: {', '.join(columns)}",
            )
        names = [h.strip().lower() for h in header]
        unknown = [h for h, n in zip(header, names, strict=True) if n not in columns]
        missing = [c for c in required if c not in names]
        twice = sorted({n for n in names if names.count(n) > 1})
        if unknown or missing or twice:
            problems = [
                *([f"unknown column(s) {', '.join(map(shorten, unknown[:5]))}"] if unknown else []),
                *([f"no column {' or '.join(missing)}"] if missing else []),
                *([f"column(s) {', '.join(twice)} twice"] if twice else []),
            ]
            raise LineError(
                1,
                f"the header has {'; '.join(problems)}; the columns of the {what} are "
                f"{', '.join(columns)} ({', '.join(required)} required)",
            )
        count = 0
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            line = reader.line_num
            if len(cells) != len(names):
                raise LineError(
                    line, f"expected {len(names)} fields ({','.join(names)}), found {len(cells)}"
                )
            count += 1
            if count > max_rows:
                raise LineError(
                    line, f"the {what} has more than {max_rows:,} rows (max_rows); split it"
                )
            for column, value in zip(names, cells, strict=True):
                if len(value) * 4 > max_field_bytes and len(value.encode()) > max_field_bytes:
                    raise LineError(
                        line,
                        f"field {column} holds {len(value.encode()):,} bytes "
                        f"({value[:40]!r}…); "
                        f"a field may hold at most {max_field_bytes:,} bytes (max_field_bytes)",
                    )
            yield Row(line, {n: c.strip() for n, c in zip(names, cells, strict=True)})
    except csv.Error as exc:
        reason = str(exc)
        if "field larger than field limit" in reason:
            reason = (
                f"a field is larger than {csv.field_size_limit():,} characters; a field may "
                f"hold at most {max_field_bytes:,} bytes (max_field_bytes)"
            )
        raise LineError(max(1, reader.line_num), f"not valid CSV: {reason}") from None


def json_items(text: str, *, max_items: int, what: str) -> Iterator[JsonItem]:
    """The items of a JSON list, each with the line it starts on.

    Raises:
        LineError: the text is not a JSON list, an item is not valid JSON or is nested too
            deeply, or there are more than ``max_items`` items.
    """

    def line(at: int) -> int:
        return text.count("\n", 0, at) + 1

    at = _skip(text, 0)
    if at >= len(text) or text[at] != "[":
        raise LineError(
            line(at), f"the {what} must be a JSON list ([...]) of objects, one per entry"
        )
    at = _skip(text, at + 1)
    if at < len(text) and text[at] == "]":
        return
    count = 0
    while True:
        start = at
        try:
            value, at = _DECODER.raw_decode(text, start)
        except json.JSONDecodeError as exc:
            raise LineError(exc.lineno, f"not valid JSON (column {exc.colno}): {exc.msg}") from None
        except RecursionError:
            raise LineError(
                line(start), f"item {count + 1} of the {what} is nested too deeply to read"
            ) from None
        except ValueError:  # an integer of thousands of digits
            raise LineError(
                line(start), f"item {count + 1} of the {what} holds a number too large to read"
            ) from None
        count += 1
        if count > max_items:
            raise LineError(
                line(start), f"the {what} has more than {max_items:,} entries (max_rows); split it"
            )
        yield JsonItem(line(start), value)
        at = _skip(text, at)
        if at < len(text) and text[at] == ",":
            at = _skip(text, at + 1)
            continue
        if at < len(text) and text[at] == "]":
            if _skip(text, at + 1) != len(text):
                raise LineError(line(at + 1), "text after the end of the JSON list")
            return
        raise LineError(line(at), "expected ',' or ']' after a list item")


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in _SPACE:
        at += 1
    return at
