"""``staffing.csv``: the staffing table of the teams as published bytes, read back and compared.

The table (one row per candidate arc of every staffing call, with the stage at which the
greedy took the arc and whether it is in the final team) is what lets anyone recompute the
teams without jointcheck: the standard-library script recomputes all of it, the DuckDB query
checks the greedy exactly. Its rows come from :func:`jointcheck.matching.staffing_table`;
this module only turns them into CSV bytes and back, and names every difference.

The CSV carries **exact values** (UTF-8, no byte-order mark, a header row, RFC 4180 quoting,
CRLF line ends): the verifiers compare its codes and ids byte for byte with ``problem.json``
and ``assignment.json``. So, unlike the spreadsheets jointcheck makes for people
(:mod:`jointcheck._internal.csv_safe`), no cell is prefixed against formula injection: the
file is a record for verifiers, like the JSON files beside it. Its text cells are subject
codes, inspector ids, department ids and qualifications, all from the announced team inputs;
a spreadsheet user imports it with every column as text.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence

__all__ = [
    "STAFFING_FILE",
    "compare_staffing",
    "parse_staffing",
    "staffing_bytes",
]

STAFFING_FILE = "staffing.csv"
"""Name of the staffing table in a bundle."""

_KINDS = {
    "stage": "STAFFING_STAGE",
    "chosen": "STAFFING_CHOSEN",
    "cap": "STAFFING_CAP",
    "level": "STAFFING_LEVEL",
    "certified": "STAFFING_CERTIFIED",
}
_SHOWN = 3


def staffing_bytes(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """The table as CSV bytes: UTF-8, header row, RFC 4180 quoting, CRLF, exact values."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def parse_staffing(data: bytes) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The header and rows of ``staffing.csv``.

    Raises:
        ValueError: not UTF-8, not CSV, or a row whose width differs from the header's.
    """
    text = data.decode("utf-8")
    try:
        rows = [tuple(r) for r in csv.reader(io.StringIO(text, newline=""), strict=True)]
    except csv.Error as exc:
        raise ValueError(f"not CSV: {exc}") from None
    if not rows:
        raise ValueError("empty: no header row")
    header, body = rows[0], rows[1:]
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise ValueError(f"line {number}: {len(row)} cells, the header has {len(header)}")
    return header, body


def _short(value: str, width: int = 40) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def compare_staffing(
    data: bytes,
    *,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    key: Sequence[str],
) -> list[tuple[str, str]]:
    """Every difference between the published ``data`` and the table the inputs give.

    Args:
        data: The bundle's ``staffing.csv``.
        header: The table's columns.
        rows: The table's rows, as the library derives them.
        key: The columns naming one arc (call, node and inspector).

    Returns:
        ``(kind, message)`` pairs, one per kind of difference (with a count and the first
        rows), empty when ``data`` is exactly the table's bytes.
    """
    expected = staffing_bytes(header, rows)
    if data == expected:
        return []
    try:
        found_header, found = parse_staffing(data)
    except (ValueError, UnicodeError) as exc:
        return [("STAFFING_UNREADABLE", f"{STAFFING_FILE}: {_short(str(exc), 200)}")]
    if tuple(found_header) != tuple(header):
        return [
            (
                "STAFFING_UNREADABLE",
                f"{STAFFING_FILE}: the columns are {_short(','.join(found_header), 200)!r}; "
                f"the table's are {','.join(header)!r}",
            )
        ]
    at = [header.index(k) for k in key]

    def arc(row: Sequence[str]) -> tuple[str, ...]:
        return tuple(row[i] for i in at)

    def named(k: tuple[str, ...]) -> str:
        return "/".join(_short(v, 24) for v in k)

    want = {arc(r): tuple(r) for r in rows}
    have: dict[tuple[str, ...], tuple[str, ...]] = {}
    problems: dict[str, list[str]] = defaultdict(list)
    for row in found:
        k = arc(row)
        if k in have:
            problems["STAFFING_ARC_ADDED"].append(f"{named(k)} (twice)")
        have[k] = row
    for k in have.keys() - want.keys():
        problems["STAFFING_ARC_ADDED"].append(named(k))
    for k in want.keys() - have.keys():
        problems["STAFFING_ARC_DROPPED"].append(named(k))
    for k in sorted(want.keys() & have.keys()):
        for column, mine, theirs in zip(header, want[k], have[k], strict=True):
            if mine != theirs:
                kind = _KINDS.get(column, "STAFFING_FIELD")
                problems[kind].append(f"{named(k)}: {column} {_short(theirs)!r}, not {mine!r}")
    if not problems:
        if [arc(r) for r in found] != [arc(r) for r in rows]:
            problems["STAFFING_ORDER"].append("the rows are the table's, in another order")
        else:
            problems["STAFFING_UNREADABLE"].append(
                "the rows are the table's, written in another byte form (quoting, line ends)"
            )
    return [
        (
            kind,
            f"{STAFFING_FILE}: {len(items)} row(s): "
            + "; ".join(sorted(items)[:_SHOWN])
            + (f"; … {len(items) - _SHOWN} more" if len(items) > _SHOWN else ""),
        )
        for kind, items in sorted(problems.items())
    ]
