"""The round's records: the ledger (台账), annex 2, disclosure, coverage, plan changes.

Each department enters its results into a :class:`PlanLedger`, which checks them against
the record (forms from :mod:`jointcheck.forms`) and keeps the filed changes
(:class:`PlanHistory`: 修改、延期实施、取消). The figures are functions of the ledger:
:func:`summarize` gives the annex-2 table (抽查情况汇总统计表), :func:`track_disclosure` each
result's deadline on a working-day calendar, :func:`coverage` the yearly share of the
registry inspected; :func:`check_plan_timeline` checks a plan's phases against its year and
the disclosure rule.

A bureau's year: :class:`AnnualPlan` composes the year's plans (own, joint, from higher
levels) and exports them for publication; :class:`YearRecord` holds the draws and the dated
dispatch (派发), claim (认领) and confirmation (比对确认) events and reports each step's
deadline and state; :func:`exclude_frequency_capped` turns a department's yearly cap
(:class:`FrequencyCap`) into an exclusion; :func:`plan_joint_visits` groups a subject's
overlapping tasks into one visit; :class:`FollowUpBook` tracks 限期改正, 移送 and 抄告 to
closure; :func:`check_year` and :func:`plan_coverage` review the year; :class:`Annex2`
files the summary with its 合计 row and sign-off.
"""

from jointcheck.records._annex2 import Annex2, SignOff
from jointcheck.records._changes import ChangeKind, PlanChange, PlanHistory, TaskStatus
from jointcheck.records._coverage import Coverage, TierCoverage, coverage, parse_share
from jointcheck.records._disclosure import (
    DeadlineAnchor,
    DisclosureReport,
    DisclosureState,
    DisclosureStatus,
    track_disclosure,
)
from jointcheck.records._dispatch import Step, StepReport, StepState, StepStatus, YearRecord
from jointcheck.records._events import (
    ClaimEvent,
    ConfirmationEvent,
    DispatchEvent,
    DrawEvent,
    RefusalReason,
    SubjectReplacement,
    YearEvent,
)
from jointcheck.records._followups import (
    CaseTransfer,
    CorrectionOrder,
    DepartmentNotice,
    FollowUpBook,
    FollowUpReport,
    FollowUpRow,
    FollowUpState,
    TransferStatus,
)
from jointcheck.records._frequency import FrequencyCap, exclude_frequency_capped
from jointcheck.records._ledger import PlanLedger, TaskLedger
from jointcheck.records._review import (
    PlanCoverage,
    PlannedCount,
    YearFinding,
    YearFindingCode,
    check_year,
    plan_coverage,
)
from jointcheck.records._summary import (
    ANNEX2_PRECEDENCE,
    DepartmentSummary,
    ResultCounts,
    Summary,
    annex2_column,
    category_mask,
    summarize,
    summarize_columns,
    summarize_results,
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
from jointcheck.records._visits import plan_joint_visits, record_joint_visit
from jointcheck.records._year import AnnualPlan, PlanEntry, PlanLevel, StepDeadlines

__all__ = [
    "ANNEX2_PRECEDENCE",
    "Annex2",
    "AnnualPlan",
    "CaseTransfer",
    "ChangeKind",
    "ClaimEvent",
    "ConfirmationEvent",
    "CorrectionOrder",
    "Coverage",
    "DeadlineAnchor",
    "DepartmentNotice",
    "DepartmentSummary",
    "DisclosureReport",
    "DisclosureState",
    "DisclosureStatus",
    "DispatchEvent",
    "DrawEvent",
    "FindingCode",
    "FollowUpBook",
    "FollowUpReport",
    "FollowUpRow",
    "FollowUpState",
    "FrequencyCap",
    "PlanChange",
    "PlanCoverage",
    "PlanEntry",
    "PlanHistory",
    "PlanLedger",
    "PlanLevel",
    "PlannedCount",
    "RefusalReason",
    "ResultCounts",
    "Severity",
    "SignOff",
    "Step",
    "StepDeadlines",
    "StepReport",
    "StepState",
    "StepStatus",
    "SubjectReplacement",
    "Summary",
    "TaskLedger",
    "TaskStatus",
    "TierCoverage",
    "TimelineFinding",
    "TransferStatus",
    "YearEvent",
    "YearFinding",
    "YearFindingCode",
    "YearRecord",
    "annex2_column",
    "category_mask",
    "check_plan_timeline",
    "check_task_timeline",
    "check_year",
    "coverage",
    "disclosure_deadline",
    "disclosure_rule",
    "exclude_frequency_capped",
    "parse_share",
    "plan_coverage",
    "plan_joint_visits",
    "record_joint_visit",
    "summarize",
    "summarize_columns",
    "summarize_results",
    "track_disclosure",
]
