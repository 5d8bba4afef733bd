"""Input models of the matcher: subjects, recusals, inspection history and workload caps."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from jointcheck._internal.base import FrozenModel, NonEmptyStr, SortedUniqueStrs
from jointcheck.model import InspectionRecord, Subject

__all__ = [
    "ConflictRules",
    "LineStr",
    "MatchSubject",
    "Recusal",
    "RecusalReason",
    "WorkloadCap",
]


def _no_line_break(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError(f"{value!r} must not contain a line break (ids are hashed line by line)")
    return value


LineStr = Annotated[NonEmptyStr, AfterValidator(_no_line_break)]
"""A non-blank string without line breaks (subject codes and ids are hashed line by line)."""


class MatchSubject(FrozenModel):
    """A drawn subject as the matcher sees it: its code, jurisdiction, covering units and tags.

    Examples:
        >>> MatchSubject(code="91350200776049653A", jurisdiction="城关镇").units
        ()
    """

    code: LineStr = Field(description="Subject code (统一社会信用代码 or 注册号)")
    jurisdiction: str = Field(
        default="",
        description="Registration jurisdiction (登记管辖), matched to Unit.jurisdictions",
    )
    units: SortedUniqueStrs = Field(
        default=(),
        description="Ids of units that cover the subject (属地监管所), in addition to those "
        "whose jurisdictions include the subject's jurisdiction",
    )
    tags: SortedUniqueStrs = Field(
        default=(), description="Special-library tags (专项库标签); select check items (一企一表)"
    )

    @classmethod
    def from_subject(cls, subject: Subject) -> MatchSubject:
        """The matcher's view of a :class:`~jointcheck.model.Subject`."""
        return cls(code=subject.code, jurisdiction=subject.jurisdiction, tags=subject.tags)


class RecusalReason(str, Enum):
    """Ground for recusal (回避), 行政处罚法 art. 43."""

    KINSHIP = "KINSHIP"  # 近亲属
    INTEREST = "INTEREST"  # 利害关系
    OTHER = "OTHER"  # 其他关系可能影响公正执法

    @property
    def label(self) -> str:
        """The Chinese term, e.g. ``近亲属``."""
        return {"KINSHIP": "近亲属", "INTEREST": "利害关系", "OTHER": "其他关系"}[self.value]


class Recusal(FrozenModel):
    """An inspector who must not inspect a subject (回避)."""

    inspector_id: NonEmptyStr = Field(description="Inspector who is recused")
    subject_code: NonEmptyStr = Field(description="Subject the inspector must not inspect")
    reason: RecusalReason = Field(description="Ground: KINSHIP, INTEREST or OTHER")
    note: str = Field(default="", description="Free-text detail kept in the audit record")


class WorkloadCap(FrozenModel):
    """The most subjects one inspector may take in this matching (overrides the department's)."""

    inspector_id: NonEmptyStr = Field(description="Inspector the cap applies to")
    max_subjects: int = Field(ge=0, description="At most this many subjects (0 = none)")


def _sorted_recusals(values: tuple[Recusal, ...]) -> tuple[Recusal, ...]:
    return tuple(
        sorted(set(values), key=lambda r: (r.subject_code, r.inspector_id, r.reason.value, r.note))
    )


class ConflictRules(FrozenModel):
    """Recusals and the rotation rule (轮换): who must not inspect whom."""

    recusals: tuple[Recusal, ...] = Field(
        default=(), description="Explicit recusal pairs (回避), stored sorted"
    )
    history: tuple[InspectionRecord, ...] = Field(
        default=(), description="Past inspections, for the rotation rule, stored sorted"
    )
    rotation_months: int | None = Field(
        default=None,
        ge=1,
        description="An inspector who inspected the subject within this many months before the "
        "inspection starts is excluded; None means no rotation rule",
    )

    @field_validator("recusals")
    @classmethod
    def _recusals_sorted(cls, values: tuple[Recusal, ...]) -> tuple[Recusal, ...]:
        return _sorted_recusals(values)

    @field_validator("history")
    @classmethod
    def _history_sorted(cls, values: tuple[InspectionRecord, ...]) -> tuple[InspectionRecord, ...]:
        return tuple(
            sorted(
                set(values), key=lambda h: (h.subject_code, h.department_id, h.day, h.inspector_ids)
            )
        )
