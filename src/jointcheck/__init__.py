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

try:
    __version__ = version("jointcheck")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = [
    "ANNEX2_COLUMNS",
    "Certificate",
    "CheckItem",
    "DateWindow",
    "Department",
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
    "Unit",
    "UnitKind",
    "__version__",
    "credit_code_check_character",
    "is_valid_credit_code",
    "schema",
    "validate_credit_code",
]
