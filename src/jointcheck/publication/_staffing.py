"""``staffing.csv``: the staffing table of the teams in a bundle, read back and compared.

The table (one row per candidate arc of every staffing call, with the stage at which the
greedy took the arc and whether it is in the final team) is what lets anyone recompute the
teams without jointcheck: the standard-library script recomputes all of it, the DuckDB query
checks the greedy exactly. Its rows and its CSV form come from
:func:`jointcheck.matching.staffing_table` (:meth:`~jointcheck.matching.StaffingTable.to_csv`,
written as UTF-8); this module reads the file back and names every difference.

The CSV carries **exact values**: the verifiers compare its codes and ids byte for byte with
``problem.json`` and ``assignment.json``. So, unlike the spreadsheets jointcheck makes for
people (:mod:`jointcheck._internal.csv_safe`), no cell is prefixed against formula injection:
the file is a record for verifiers, like the JSON files beside it. Its text cells are subject
codes, inspector ids, department ids and qualifications, all from the announced team inputs;
a spreadsheet user imports it with every column as text.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence

from jointcheck.matching import MatchProblem, staffing_table

__all__ = [
    "STAFFING_FILE",
    "STAFFING_KEY",
    "compare_staffing",
    "parse_staffing",
    "staffing_csv",
]

STAFFING_FILE = "staffing.csv"
"""Name of the staffing table in a bundle."""

STAFFING_KEY = ("department_id", "role", "node", "inspector_id")
"""The columns naming one arc: its staffing call, its demand node and its inspector."""

_KINDS = {
    "stage": "STAFFING_STAGE",
    "chosen": "STAFFING_CHOSEN",
    "cap": "STAFFING_CAP",
    "level": "STAFFING_LEVEL",
    "certified": "STAFFING_CERTIFIED",
}
_SHOWN = 3


def staffing_csv(problem: MatchProblem) -> bytes:
    """``staffing.csv`` of the teams of ``problem`` (the current algorithm version).

    Raises:
        InfeasibleError: no assignment meets every constraint.
    """
    return staffing_table(problem).to_csv().encode()


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


def compare_staffing(data: bytes, expected: bytes) -> list[tuple[str, str]]:
    """Every difference between the published ``staffing.csv`` and the one the inputs give.

    Returns:
        ``(kind, message)`` pairs, one per kind of difference (with a count and the first
        rows), empty when ``data`` is exactly ``expected``.
    """
    if data == expected:
        return []
    header, rows = parse_staffing(expected)
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
    key = STAFFING_KEY
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
