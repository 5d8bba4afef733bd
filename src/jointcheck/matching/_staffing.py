"""The staffing table: every candidate arc of every staffing call, with its pool, level,
stage and whether it is in the final team (published as ``staffing.csv``).

With the seed, the table is all a verifier needs to recompute version 2's teams: the tickets
order the nodes and candidates, the pools and levels follow from the arcs and caps, and the
greedy stages and the repair follow from those (see the matching specification).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar, NamedTuple

import numpy as np

from jointcheck._internal.checked import checked
from jointcheck.errors import InvalidInputError
from jointcheck.matching._assignment import ALGORITHM_VERSION
from jointcheck.matching._matcher import Call, Staffing, solve
from jointcheck.matching._problem import MatchProblem, Role

__all__ = ["STAFFING_COLUMNS", "StaffingRow", "StaffingTable", "staffing_table"]

STAFFING_COLUMNS = (
    "department_id",
    "role",
    "node",
    "subject_code",
    "inspector_id",
    "certified",
    "demand",
    "max_uncertified",
    "cap",
    "pool",
    "level",
    "stage",
    "chosen",
)
"""The table's columns, in order (the header of ``staffing.csv``)."""


class StaffingRow(NamedTuple):
    """One candidate arc (demand node, inspector) of one staffing call."""

    department_id: str
    role: str  # "member" (执法检查人员) or "specialist" (专业人员)
    node: str  # the subject code, or "code|qualification" for a specialist need
    subject_code: str
    inspector_id: str
    certified: int  # 1: counts toward the certified places (specialists: always 1)
    demand: int  # members the node needs
    max_uncertified: int  # uncertified members the node may have
    cap: int  # the inspector's effective cap: min(workload cap, its arcs in the call)
    pool: int  # connected pool within the call, numbered 1, 2, … in node order
    level: int  # the pool's level L
    stage: int | None  # stage value j at which the greedy took the arc; None: not taken
    chosen: int  # 1: in the final team


@dataclass(frozen=True)
class StaffingTable:
    """The staffing table of one matching: rows by department, role (members first), demand
    node order and candidate order. Stored column by column (``data``, in the order of
    :data:`STAFFING_COLUMNS`); :attr:`rows` gives the records."""

    data: tuple[tuple[Any, ...], ...]
    columns: ClassVar[tuple[str, ...]] = STAFFING_COLUMNS

    def __len__(self) -> int:
        return len(self.data[0])

    @cached_property
    def rows(self) -> tuple[StaffingRow, ...]:
        """One :class:`StaffingRow` per candidate arc."""
        return tuple(map(StaffingRow._make, zip(*self.data, strict=True)))

    def column(self, name: str) -> tuple[Any, ...]:
        """One column's values, by its name in :data:`STAFFING_COLUMNS`."""
        if not isinstance(name, str) or name not in STAFFING_COLUMNS:
            shown = str(name)[:40]
            raise InvalidInputError(
                f"column {shown!r} is not one of {', '.join(STAFFING_COLUMNS)}",
                field="name",
                value=shown,
            )
        return self.data[STAFFING_COLUMNS.index(name)]

    def to_csv(self) -> str:
        """The table as CSV text (header row, ``\\n`` line ends, empty ``stage`` when the
        greedy did not take the arc); write it as UTF-8."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(STAFFING_COLUMNS)
        writer.writerows(zip(*self.data, strict=True))  # None is written as an empty field
        return out.getvalue()


@checked
def staffing_table(problem: MatchProblem) -> StaffingTable:
    """The staffing table of ``match(problem)`` (the current algorithm version).

    Raises:
        InfeasibleError: as :func:`match`.
    """
    return table_of(solve(problem, version=ALGORITHM_VERSION))


def table_of(staffing: Staffing) -> StaffingTable:
    """The staffing table of a solved staffing."""
    codes = [s.code for s in staffing.problem.subjects]
    data: list[list[Any]] = [[] for _ in STAFFING_COLUMNS]
    for result in staffing.results.values():
        for call in result.calls:
            for column, values in zip(data, _call_columns(call, codes), strict=True):
                column.extend(values)
    return StaffingTable(data=tuple(tuple(column) for column in data))


def _call_columns(call: Call, codes: list[str]) -> tuple[list[Any], ...]:
    """One call's columns: nodes in demand-node order, each node's arcs in
    candidate order (the order the pairs are stored in)."""
    outcome = call.outcome
    n_nodes = len(call.demand)
    ptr = np.searchsorted(call.pair_node, np.arange(n_nodes + 1))
    order = call.node_order
    start, width = ptr[order], ptr[order + 1] - ptr[order]
    first = np.cumsum(width) - width
    rows = np.repeat(start - first, width) + np.arange(int(width.sum()), dtype=np.int64)
    if not len(rows):
        return tuple([] for _ in STAFFING_COLUMNS)
    node = call.pair_node[rows]
    inspector = call.pair_inspector[rows]
    label = outcome.component_right[node]
    # Pools numbered 1, 2, … by their first node in demand-node order.
    firsts = np.unique(label, return_index=True)
    number = np.zeros(int(label.max()) + 1, dtype=np.int64)
    number[firsts[0][np.argsort(firsts[1], kind="stable")]] = np.arange(1, len(firsts[0]) + 1)
    subject = np.array(codes, dtype=object)[call.node_subject]
    key = np.array(
        [
            f"{c}|{q}" if q else c
            for c, q in zip(subject.tolist(), call.node_qualification, strict=True)
        ],
        dtype=object,
    )
    stage = [None if j < 0 else j for j in outcome.stage[rows].tolist()]
    n = len(rows)
    role = "member" if call.role is Role.MEMBER else "specialist"
    return (
        [call.department_id] * n,
        [role] * n,
        key[node].tolist(),
        subject[node].tolist(),
        np.array(call.pool.ids, dtype=object)[inspector].tolist(),
        call.pair_certified[rows].astype(np.int64).tolist(),
        call.demand[node].tolist(),
        call.max_uncertified[node].tolist(),
        outcome.cap[inspector].tolist(),
        number[label].tolist(),
        outcome.level[label].tolist(),
        stage,
        call.chosen[rows].astype(np.int64).tolist(),
    )
