"""The round's records: the ledger (台账), annex 2, disclosure, coverage, plan changes.

Each department enters its results into a :class:`PlanLedger`, which checks them against
the record (forms from :mod:`jointcheck.forms`); :class:`Summary` is the annex-2 table
(抽查情况汇总统计表), :func:`coverage` the yearly share of the registry inspected,
:func:`track_disclosure` each result's deadline on a working-day calendar,
:class:`PlanHistory` the filed changes (修改、延期实施、取消), and :func:`check_plan_timeline`
the plan's phases against its year and the disclosure rule.
"""

from jointcheck.records._changes import ChangeKind, PlanChange, PlanHistory, TaskStatus
from jointcheck.records._coverage import Coverage, TierCoverage, coverage, parse_share
from jointcheck.records._disclosure import (
    DeadlineAnchor,
    DisclosureReport,
    DisclosureState,
    DisclosureStatus,
    track_disclosure,
)
from jointcheck.records._ledger import PlanLedger, TaskLedger
from jointcheck.records._summary import (
    ANNEX2_PRECEDENCE,
    DepartmentSummary,
    ResultCounts,
    Summary,
    annex2_column,
    category_mask,
    summarize,
    summarize_columns,
)
from jointcheck.records._timeline import (
    FindingCode,
    Severity,
    TimelineFinding,
    check_plan_timeline,
    check_task_timeline,
    disclosure_deadline,
    disclosure_rule,
)

__all__ = [
    "ANNEX2_PRECEDENCE",
    "ChangeKind",
    "Coverage",
    "DeadlineAnchor",
    "DepartmentSummary",
    "DisclosureReport",
    "DisclosureState",
    "DisclosureStatus",
    "FindingCode",
    "PlanChange",
    "PlanHistory",
    "PlanLedger",
    "ResultCounts",
    "Severity",
    "Summary",
    "TaskLedger",
    "TaskStatus",
    "TierCoverage",
    "TimelineFinding",
    "annex2_column",
    "category_mask",
    "check_plan_timeline",
    "check_task_timeline",
    "coverage",
    "disclosure_deadline",
    "disclosure_rule",
    "parse_share",
    "summarize",
    "summarize_columns",
    "track_disclosure",
]
