"""JSON Schema of every public model, for systems written in other languages."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from jointcheck.forms import (
    FollowUp,
    FormSection,
    FormTeam,
    InspectionForm,
    InspectionResult,
    ItemFinding,
    Signature,
    TeamMember,
)
from jointcheck.matching import (
    Assignment,
    AssignmentViolation,
    ConflictRules,
    DepartmentTeam,
    InspectorExclusion,
    InspectorLoad,
    MatchProblem,
    MatchSubject,
    Reason,
    ReasonCount,
    Recusal,
    Remedy,
    Shortfall,
    Team,
    WorkloadCap,
)
from jointcheck.model import (
    All,
    Certificate,
    CheckItem,
    Count,
    DateWindow,
    Department,
    InspectionRecord,
    Inspector,
    Plan,
    Quotas,
    Ratio,
    RiskWeights,
    SamplingRule,
    Subject,
    Task,
    TeamRequirement,
    TierQuota,
    TierRule,
    Unit,
)
from jointcheck.records import (
    Coverage,
    DepartmentSummary,
    DisclosureReport,
    DisclosureStatus,
    PlanChange,
    PlanHistory,
    PlanLedger,
    ResultCounts,
    Summary,
    TaskLedger,
    TierCoverage,
    TimelineFinding,
)
from jointcheck.sampling import (
    Announcement,
    Commitment,
    Draw,
    DrawViolation,
    Replacement,
    Reveal,
    Stratum,
    SubjectExclusion,
)
from jointcheck.workdays import (
    CalendarData,
    CalendarDays,
    CalendarLayer,
    DataCorrection,
    EarliestOf,
    FixedDate,
    WorkingDays,
    YearSchedule,
)

__all__ = ["PUBLIC_MODELS", "schema"]

PUBLIC_MODELS: tuple[type[BaseModel], ...] = (
    All,
    Announcement,
    Assignment,
    AssignmentViolation,
    CalendarData,
    CalendarDays,
    CalendarLayer,
    Certificate,
    CheckItem,
    Commitment,
    ConflictRules,
    Count,
    Coverage,
    DataCorrection,
    DateWindow,
    Department,
    DepartmentSummary,
    DepartmentTeam,
    DisclosureReport,
    DisclosureStatus,
    Draw,
    DrawViolation,
    EarliestOf,
    FixedDate,
    FollowUp,
    FormSection,
    FormTeam,
    InspectionForm,
    InspectionRecord,
    InspectionResult,
    Inspector,
    InspectorExclusion,
    InspectorLoad,
    ItemFinding,
    MatchProblem,
    MatchSubject,
    Plan,
    PlanChange,
    PlanHistory,
    PlanLedger,
    Quotas,
    Ratio,
    Reason,
    ReasonCount,
    Recusal,
    Remedy,
    Replacement,
    ResultCounts,
    Reveal,
    RiskWeights,
    SamplingRule,
    Shortfall,
    Signature,
    Stratum,
    Subject,
    SubjectExclusion,
    Summary,
    Task,
    TaskLedger,
    Team,
    TeamMember,
    TeamRequirement,
    TierCoverage,
    TierQuota,
    TierRule,
    TimelineFinding,
    Unit,
    WorkingDays,
    WorkloadCap,
    YearSchedule,
)
"""Every model whose JSON form is part of jointcheck's stable interface."""


def schema() -> dict[str, Any]:
    """One JSON Schema (draft 2020-12) document whose ``$defs`` hold every public model.

    Enumerations (``RiskTier``, ``ResultCategory``…) appear as string enums under their
    own names, so a Java or Go code generator gets one type per model and enum.

    Examples:
        >>> document = schema()
        >>> document["$defs"]["RiskTier"]["enum"]
        ['UNRATED', 'LOW', 'MEDIUM', 'HIGHER', 'HIGH']
    """
    _, document = models_json_schema(
        [(model, "validation") for model in PUBLIC_MODELS],
        title="jointcheck models",
        ref_template="#/$defs/{model}",
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **document}
