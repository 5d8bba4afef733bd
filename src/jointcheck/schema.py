"""JSON Schema of every public model, for systems written in other languages."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from jointcheck.matching import (
    Assignment,
    ConflictRules,
    DepartmentTeam,
    Exclusion,
    InspectionRecord,
    InspectorLoad,
    MatchProblem,
    MatchSubject,
    Reason,
    ReasonCount,
    Recusal,
    Remedy,
    Shortfall,
    Team,
    Violation,
    WorkloadCap,
)
from jointcheck.model import (
    Certificate,
    CheckItem,
    DateWindow,
    Department,
    Inspector,
    Plan,
    Subject,
    Task,
    TeamRequirement,
    Unit,
)
from jointcheck.workdays import (
    CalendarData,
    CalendarDays,
    CalendarLayer,
    EarliestOf,
    FixedDate,
    TimelineFinding,
    WorkingDays,
    YearSchedule,
)

__all__ = ["PUBLIC_MODELS", "schema"]

PUBLIC_MODELS: tuple[type[BaseModel], ...] = (
    Assignment,
    CalendarData,
    CalendarDays,
    CalendarLayer,
    Certificate,
    CheckItem,
    ConflictRules,
    DateWindow,
    Department,
    DepartmentTeam,
    EarliestOf,
    Exclusion,
    FixedDate,
    InspectionRecord,
    Inspector,
    InspectorLoad,
    MatchProblem,
    MatchSubject,
    Plan,
    Reason,
    ReasonCount,
    Recusal,
    Remedy,
    Shortfall,
    Subject,
    Task,
    Team,
    TeamRequirement,
    TimelineFinding,
    Unit,
    Violation,
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
