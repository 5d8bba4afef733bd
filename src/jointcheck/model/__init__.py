"""Domain models: plans, tasks, sampling rules, check items, departments, subjects, inspectors,
tiers, results.

All models are immutable pydantic v2 models that forbid unknown fields, round-trip through
JSON and raise :class:`~jointcheck.errors.ModelValidationError` on bad input.
"""

from jointcheck._internal.base import FrozenModel
from jointcheck._internal.credit_code import (
    CreditCode,
    SubjectCode,
    credit_code_check_character,
    is_valid_credit_code,
    validate_credit_code,
    validate_subject_code,
)
from jointcheck.model._history import InspectionRecord
from jointcheck.model._inspector import Certificate, Inspector
from jointcheck.model._organisation import Department, Unit, UnitKind
from jointcheck.model._plan import (
    PLAN_YEARS,
    TEAM_EXEMPT_METHODS,
    CheckItem,
    DateWindow,
    InspectionMethod,
    Plan,
    ScopeKind,
    Task,
)
from jointcheck.model._result import ANNEX2_COLUMNS, ResultCategory
from jointcheck.model._rule import (
    TOP_UP_ORDER,
    All,
    Count,
    Part,
    QuotaBasis,
    Quotas,
    Ratio,
    RiskWeights,
    SamplingRule,
    TierQuota,
    TierRule,
    TopUpPolicy,
    ceil_fraction,
)
from jointcheck.model._subject import OperatingStatus, Subject, SubjectKind
from jointcheck.model._team import PoolScope, TeamGap, TeamRequirement
from jointcheck.model._tier import RiskTier

__all__ = [
    "ANNEX2_COLUMNS",
    "All",
    "Certificate",
    "CheckItem",
    "Count",
    "CreditCode",
    "DateWindow",
    "Department",
    "FrozenModel",
    "InspectionMethod",
    "InspectionRecord",
    "Inspector",
    "OperatingStatus",
    "PLAN_YEARS",
    "Part",
    "Plan",
    "PoolScope",
    "QuotaBasis",
    "Quotas",
    "Ratio",
    "ResultCategory",
    "RiskTier",
    "RiskWeights",
    "SamplingRule",
    "ScopeKind",
    "Subject",
    "SubjectCode",
    "SubjectKind",
    "TEAM_EXEMPT_METHODS",
    "TOP_UP_ORDER",
    "Task",
    "TeamGap",
    "TeamRequirement",
    "TierQuota",
    "TierRule",
    "TopUpPolicy",
    "Unit",
    "UnitKind",
    "ceil_fraction",
    "credit_code_check_character",
    "is_valid_credit_code",
    "validate_credit_code",
    "validate_subject_code",
]
