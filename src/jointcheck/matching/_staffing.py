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
from typing import ClassVar, NamedTuple

import numpy as np

from jointcheck._internal.checked import checked
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
    node order and candidate order."""

    rows: tuple[StaffingRow, ...]
    columns: ClassVar[tuple[str, ...]] = STAFFING_COLUMNS

    def __len__(self) -> int:
        return len(self.rows)

    def to_csv(self) -> str:
        """The table as CSV text (header row, ``\\n`` line ends, empty ``stage`` when the
        greedy did not take the arc); write it as UTF-8."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(STAFFING_COLUMNS)
        writer.writerows(
            (*row[:11], "" if row.stage is None else row.stage, row.chosen) for row in self.rows
        )
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
    rows: list[StaffingRow] = []
    for result in staffing.results.values():
        for call in result.calls:
            rows.extend(_call_rows(call, codes))
    return StaffingTable(rows=tuple(rows))


def _call_rows(call: Call, codes: list[str]) -> list[StaffingRow]:
    outcome = call.outcome
    n_nodes = len(call.demand)
    ptr = np.searchsorted(call.pair_node, np.arange(n_nodes + 1)).tolist()
    pool_of: dict[int, int] = {}
    for r in call.node_order.tolist():
        if ptr[r] < ptr[r + 1]:
            pool_of.setdefault(int(outcome.component_right[r]), len(pool_of) + 1)
    role = "member" if call.role is Role.MEMBER else "specialist"
    ids = call.pool.ids
    inspector = call.pair_inspector.tolist()
    certified = call.pair_certified.tolist()
    stage = outcome.stage.tolist()
    chosen = call.chosen.tolist()
    cap = outcome.cap.tolist()
    level = outcome.level.tolist()
    rows: list[StaffingRow] = []
    for r in call.node_order.tolist():
        code = codes[int(call.node_subject[r])]
        qualification = call.node_qualification[r]
        node = f"{code}|{qualification}" if qualification else code
        label = int(outcome.component_right[r])
        demand, max_unc = int(call.demand[r]), int(call.max_uncertified[r])
        rows.extend(
            StaffingRow(
                department_id=call.department_id,
                role=role,
                node=node,
                subject_code=code,
                inspector_id=ids[inspector[e]],
                certified=int(certified[e]),
                demand=demand,
                max_uncertified=max_unc,
                cap=cap[inspector[e]],
                pool=pool_of.get(label, 0),
                level=level[label],
                stage=None if stage[e] < 0 else stage[e],
                chosen=int(chosen[e]),
            )
            for e in range(ptr[r], ptr[r + 1])
        )
    return rows
