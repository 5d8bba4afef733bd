"""CSV for spreadsheets, with formula cells neutralised (pure: rows in, text out)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

__all__ = ["FORMULA_PREFIXES", "csv_cell", "csv_text"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def csv_cell(value: object) -> str | int:
    """A cell a spreadsheet shows as text: numbers as they are; a text starting with a
    formula character (``= + - @``, tab, carriage return) gets a leading ``'``, as OWASP
    recommends against CSV injection (``=cmd|' /C calc'!A0`` becomes ``'=cmd|…``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text (RFC 4180: CRLF line ends, a cell holding a comma, quote, CR or LF
    quoted), every text cell passed through :func:`csv_cell`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue()
