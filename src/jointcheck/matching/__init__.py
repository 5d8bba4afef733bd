"""Matching inspectors to drawn subjects (the second 随机: 随机匹配执法检查人员).

Each department taking part in a joint task staffs its own members for every subject (认领),
from its own pool, so one joint team visits each subject once (进一次门、查多项事). Build a
:class:`MatchProblem` (every input in one record, with a digest), and :func:`match` it: the
matcher respects recusal (回避), rotation (轮换), pool scopes
(所内 / 所所随机), 执法证 validity, availability and workload caps; it finds an assignment
whenever one exists, and otherwise raises :class:`~jointcheck.errors.InfeasibleError` whose
``shortfalls`` say which subjects, which department, how many members are missing, why, and
what would fix it.

Examples:
    >>> import datetime as dt
    >>> from jointcheck.model import Certificate, Inspector, TeamRequirement
    >>> cert = Certificate(number="1", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 1, 1))
    >>> pool = [Inspector(id=f"W{n}", name=f"卫{n}", department_id="NHC", certificate=cert)
    ...         for n in range(3)]
    >>> problem = MatchProblem.build(
    ...     ["S1", "S2", "S3"], pool, requirements=[TeamRequirement(department_id="NHC")],
    ...     on=dt.date(2025, 6, 2), seed=2025)
    >>> a = match(problem)
    >>> [t.department("NHC").members for t in a.teams]  # a simulation: the seed is not bound
    [('W1', 'W2'), ('W0', 'W1'), ('W0', 'W2')]
"""

from jointcheck.matching._assignment import (
    ALGORITHM,
    ALGORITHM_VERSION,
    ALGORITHM_VERSIONS,
    Assignment,
    DepartmentTeam,
    InspectorExclusion,
    InspectorLoad,
    Team,
    TeamTable,
)
from jointcheck.matching._binding import match_announced, team_inputs_digest
from jointcheck.matching._diagnosis import (
    ReasonCount,
    Remedy,
    RemedyKind,
    Shortfall,
    ShortfallKind,
)
from jointcheck.matching._inputs import (
    ConflictRules,
    MatchSubject,
    Recusal,
    RecusalReason,
    WorkloadCap,
)
from jointcheck.matching._matcher import match
from jointcheck.matching._problem import MatchProblem, Reason, ReasonCode, Role
from jointcheck.matching._staffing import (
    STAFFING_COLUMNS,
    StaffingRow,
    StaffingTable,
    staffing_table,
)
from jointcheck.matching._tickets import TICKET_TAG, pair_ticket
from jointcheck.matching._verify import (
    AssignmentViolation,
    AssignmentViolationCode,
    verify_assignment,
)

__all__ = [
    "ALGORITHM",
    "ALGORITHM_VERSION",
    "ALGORITHM_VERSIONS",
    "Assignment",
    "AssignmentViolation",
    "AssignmentViolationCode",
    "ConflictRules",
    "DepartmentTeam",
    "InspectorExclusion",
    "InspectorLoad",
    "MatchProblem",
    "MatchSubject",
    "Reason",
    "ReasonCode",
    "ReasonCount",
    "Recusal",
    "RecusalReason",
    "Remedy",
    "RemedyKind",
    "Role",
    "STAFFING_COLUMNS",
    "Shortfall",
    "ShortfallKind",
    "StaffingRow",
    "StaffingTable",
    "TICKET_TAG",
    "Team",
    "TeamTable",
    "WorkloadCap",
    "match",
    "match_announced",
    "pair_ticket",
    "staffing_table",
    "team_inputs_digest",
    "verify_assignment",
]
