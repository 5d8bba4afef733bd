"""jointcheck: 双随机、一公开 joint random inspections.

Exact sampling quotas, publicly verifiable draws, inspector teams that respect recusal
and team-size rules, working-day deadlines on China's official calendar, and one form per
subject (一企一表). See https://jointcheck.readthedocs.io for the guide.
"""

from importlib.metadata import PackageNotFoundError, version

from jointcheck.model import (
    ANNEX2_COLUMNS,
    Certificate,
    CheckItem,
    DateWindow,
    Department,
    InspectionMethod,
    Inspector,
    OperatingStatus,
    Plan,
    ResultCategory,
    RiskTier,
    ScopeKind,
    Subject,
    SubjectKind,
    Task,
    TeamRequirement,
    Unit,
    UnitKind,
    credit_code_check_character,
    is_valid_credit_code,
    validate_credit_code,
)
from jointcheck.population import Population
from jointcheck.schema import schema
from jointcheck.workdays import (
    CalendarData,
    CalendarDays,
    CalendarLayer,
    ChinaCalendar,
    EarliestOf,
    FixedCalendar,
    FixedDate,
    TimelineFinding,
    WorkdayCalendar,
    WorkingDays,
    YearSchedule,
    check_plan_timeline,
    deadline,
    disclosure_deadline,
    is_overdue,
    working_days_left,
)

try:
    __version__ = version("jointcheck")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = [
    "ANNEX2_COLUMNS",
    "CalendarData",
    "CalendarDays",
    "CalendarLayer",
    "Certificate",
    "CheckItem",
    "ChinaCalendar",
    "DateWindow",
    "Department",
    "EarliestOf",
    "FixedCalendar",
    "FixedDate",
    "InspectionMethod",
    "Inspector",
    "OperatingStatus",
    "Plan",
    "Population",
    "ResultCategory",
    "RiskTier",
    "ScopeKind",
    "Subject",
    "SubjectKind",
    "Task",
    "TeamRequirement",
    "TimelineFinding",
    "Unit",
    "UnitKind",
    "WorkdayCalendar",
    "WorkingDays",
    "YearSchedule",
    "__version__",
    "check_plan_timeline",
    "credit_code_check_character",
    "deadline",
    "disclosure_deadline",
    "is_overdue",
    "is_valid_credit_code",
    "schema",
    "validate_credit_code",
    "working_days_left",
]
