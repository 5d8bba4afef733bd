"""What a department's part of an inspection team must satisfy (检查人员要求)."""

from __future__ import annotations

from enum import Enum

from pydantic import Field, model_validator

from jointcheck.model._base import FrozenModel, NonEmptyStr, SortedUniqueStrs

__all__ = ["PoolScope", "TeamRequirement"]


class PoolScope(str, Enum):
    """Which of the department's inspectors may be drawn for a subject (抽取范围).

    A subject is *covered* by the unit(s) of the department whose jurisdictions include the
    subject's jurisdiction (属地监管所).
    """

    ANY = "ANY"  # 股所随机: any inspector of the department
    SAME_UNIT = "SAME_UNIT"  # 所内随机 / 股内随机: only inspectors of the covering unit
    OTHER_UNIT = "OTHER_UNIT"  # 所所随机: never inspectors of the covering unit


class TeamRequirement(FrozenModel):
    """Members one department sends to each subject (按每户企业N名执法检查人员的标准).

    ``certified_members=None`` means every counted member must hold a certificate valid on
    the inspection date (the default, 行政处罚法 art. 42 and 55).
    """

    department_id: NonEmptyStr = Field(description="Department that staffs these members")
    min_members: int = Field(
        default=2, ge=1, description="Minimum counted members per subject (不少于2人)"
    )
    certified_members: int | None = Field(
        default=None,
        ge=0,
        description="How many counted members must hold a valid 执法证; None means all of them",
    )
    qualifications: SortedUniqueStrs = Field(
        default=(),
        description="Qualifications the department's check items need (专业资质)",
    )
    scope: PoolScope = Field(
        default=PoolScope.ANY,
        description="Which inspectors may be drawn for a subject: ANY (股所随机), SAME_UNIT "
        "(所内随机) or OTHER_UNIT (所所随机)",
    )
    max_subjects_per_inspector: int | None = Field(
        default=None,
        ge=0,
        description="Workload cap: at most this many subjects per inspector in one matching; "
        "None means no cap",
    )

    @model_validator(mode="after")
    def _certified_within_team(self) -> TeamRequirement:
        if self.certified_members is not None and self.certified_members > self.min_members:
            raise ValueError(
                f"certified_members={self.certified_members} exceeds min_members="
                f"{self.min_members}; it must be at most min_members"
            )
        return self

    @property
    def required_certified(self) -> int:
        """How many members must be certified (``min_members`` when ``certified_members`` is None)."""
        return self.min_members if self.certified_members is None else self.certified_members
