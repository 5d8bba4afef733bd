"""Why no assignment exists: structured shortfalls with the binding reasons and remedies."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from jointcheck._internal.base import FrozenModel, NonEmptyStr, SortedUniqueStrs
from jointcheck.matching._problem import ReasonCode

__all__ = [
    "ReasonCount",
    "Remedy",
    "RemedyKind",
    "Shortfall",
    "ShortfallKind",
    "shortfall_report",
]


class ShortfallKind(str, Enum):
    """Where a matching falls short."""

    SUBJECT = "SUBJECT"  # one subject has too few eligible inspectors of a department
    POOLED = "POOLED"  # a group of subjects needs more than their shared inspectors can give
    SPECIALIST = "SPECIALIST"  # no eligible specialist holds a needed qualification


class RemedyKind(str, Enum):
    """A change that would remove a shortfall."""

    RAISE_CAPS = "RAISE_CAPS"  # raise the workload caps of the named inspectors
    ADD_INSPECTORS = "ADD_INSPECTORS"  # add certified inspectors (to a unit)
    ADD_SPECIALISTS = "ADD_SPECIALISTS"  # add specialists holding the qualification
    ASSIGN_UNIT = "ASSIGN_UNIT"  # 所内随机 without a covering unit: name the supervising unit


class ReasonCount(FrozenModel):
    """How many of the department's inspectors one reason excludes."""

    code: ReasonCode = Field(description="Reason")
    count: int = Field(ge=0, description="Inspectors excluded for this reason")
    message: str = Field(description="e.g. '3 recused (回避)'")


class Remedy(FrozenModel):
    """A change to the inputs that would remove the shortfall (it may reveal another)."""

    kind: RemedyKind = Field(description="What to change")
    department_id: NonEmptyStr = Field(description="Department concerned")
    unit_id: str | None = Field(
        default=None, description="Unit to add inspectors to; None means any eligible unit"
    )
    count: int = Field(ge=1, description="Inspectors to add, or by how much to raise each cap")
    inspector_ids: tuple[str, ...] = Field(
        default=(), description="Inspectors whose caps to raise (RAISE_CAPS)"
    )
    qualifications: SortedUniqueStrs = Field(
        default=(),
        description="Qualifications each added specialist holds (ADD_SPECIALISTS): all those "
        "missing at the subject, so one specialist covers them together",
    )
    max_subjects: int | None = Field(
        default=None,
        ge=1,
        description="Workload cap (WorkloadCap) the added inspectors need, when the "
        "department's cap would not let them take enough subjects; None keeps the department's",
    )
    message: str = Field(description="The remedy in words")


class Shortfall(FrozenModel):
    """Where and why the matcher cannot staff the teams."""

    kind: ShortfallKind = Field(description="SUBJECT, POOLED or SPECIALIST")
    department_id: NonEmptyStr = Field(description="Department that cannot staff its members")
    subject_codes: tuple[str, ...] = Field(
        description="The subject, or the smallest group of subjects found short (a Hall violator)"
    )
    needed: int = Field(ge=0, description="Members (or specialists) the subjects need")
    available: int = Field(
        ge=0, description="Members the eligible inspectors can supply to these subjects at most"
    )
    certified_needed: int = Field(default=0, ge=0, description="Certified members needed")
    certified_available: int = Field(
        default=0, ge=0, description="Eligible certified inspectors (SUBJECT shortfalls)"
    )
    qualification: str | None = Field(
        default=None, description="Qualification no eligible specialist holds (SPECIALIST)"
    )
    reasons: tuple[ReasonCount, ...] = Field(
        default=(), description="Binding reasons with counts, largest first"
    )
    binding_inspectors: tuple[str, ...] = Field(
        default=(), description="Inspectors whose workload caps bind (POOLED)"
    )
    remedies: tuple[Remedy, ...] = Field(default=(), description="What would fix it")
    message: str = Field(description="The shortfall in words")


def shortfall_report(shortfalls: tuple[Shortfall, ...], *, shown: int = 10) -> str:
    """The readable message of an :class:`~jointcheck.errors.InfeasibleError`."""
    count = len(shortfalls)
    lines = [f"no assignment meets every constraint: {count} shortfall{'s' if count != 1 else ''}"]
    for shortfall in shortfalls[:shown]:
        lines.append(f"  - {shortfall.message}")
        lines.extend(f"      fix: {remedy.message}" for remedy in shortfall.remedies)
    if count > shown:
        lines.append(f"  … and {count - shown} more (see .shortfalls)")
    return "\n".join(lines)
