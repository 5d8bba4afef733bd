"""One form per subject (一企一表), results, summary statistics, disclosure and plan changes.

After the two draws (subjects, then inspectors), each drawn subject gets one
:class:`InspectionForm` combining every department's applicable check items and teams.
Each department enters its :class:`InspectionResult` (谁检查、谁录入、谁公示) into a
:class:`PlanLedger`, which checks it against the record; :class:`Summary` is the
annex-2 table (抽查情况汇总统计表), :func:`coverage` the yearly share of the registry
inspected, :func:`track_disclosure` each result's deadline on a working-day calendar, and
:class:`PlanHistory` the filed changes (修改、延期实施、取消).
"""

from jointcheck.inspection._adapters import (
    DrawRecord,
    draw_reference,
    drawn_subjects,
    forms_from_assignment,
)
from jointcheck.inspection._changes import ChangeKind, PlanChange, PlanHistory, TaskStatus
from jointcheck.inspection._coverage import Coverage, TierCoverage, coverage, parse_share
from jointcheck.inspection._disclosure import (
    DeadlineAnchor,
    DisclosureReport,
    DisclosureState,
    DisclosureStatus,
    track_disclosure,
)
from jointcheck.inspection._form import (
    FormSection,
    InspectionForm,
    Signature,
    SignatureStatus,
    applicable_items,
    check_result,
)
from jointcheck.inspection._ledger import PlanLedger, TaskLedger
from jointcheck.inspection._result import (
    FollowUp,
    FollowUpKind,
    InspectionResult,
    ItemFinding,
    ItemOutcome,
    ResultStatus,
)
from jointcheck.inspection._summary import (
    ANNEX2_PRECEDENCE,
    DepartmentSummary,
    ResultCounts,
    Summary,
    annex2_column,
    category_mask,
    summarize,
    summarize_columns,
)
from jointcheck.inspection._team import FormTeam, TeamMember

__all__ = [
    "ANNEX2_PRECEDENCE",
    "ChangeKind",
    "Coverage",
    "DeadlineAnchor",
    "DepartmentSummary",
    "DisclosureReport",
    "DisclosureState",
    "DisclosureStatus",
    "DrawRecord",
    "FollowUp",
    "FollowUpKind",
    "FormSection",
    "FormTeam",
    "InspectionForm",
    "InspectionResult",
    "ItemFinding",
    "ItemOutcome",
    "PlanChange",
    "PlanHistory",
    "PlanLedger",
    "ResultCounts",
    "ResultStatus",
    "Signature",
    "SignatureStatus",
    "Summary",
    "TaskLedger",
    "TaskStatus",
    "TeamMember",
    "TierCoverage",
    "annex2_column",
    "applicable_items",
    "category_mask",
    "check_result",
    "coverage",
    "draw_reference",
    "drawn_subjects",
    "forms_from_assignment",
    "parse_share",
    "summarize",
    "summarize_columns",
    "track_disclosure",
]
