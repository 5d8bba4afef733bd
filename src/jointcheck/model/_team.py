"""What a department's part of an inspection team must satisfy (检查人员要求)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from pydantic import Field, model_validator

from jointcheck._internal.base import FrozenModel, NonEmptyStr, SortedUniqueStrs

__all__ = ["PoolScope", "TeamGap", "TeamRequirement"]


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

    def gap(self, *, members: int, certified: int | None = None) -> TeamGap:
        """What a team of ``members`` counted members lacks under this requirement.

        The one home of the team rule: at least ``min_members`` counted members (不少于2人),
        ``required_certified`` of them holding a 执法证 valid on every inspection day. The
        matcher staffs to it, :func:`~jointcheck.matching.verify_assignment` checks an
        assignment against it and the forms check each team and each result with it.

        Args:
            members: Counted members (执法检查人员; specialists never count).
            certified: How many of them hold a valid 执法证; ``None`` where certificates are
                not known (a form records the numbers only), so only the size is checked.

        Examples:
            >>> TeamRequirement(department_id="NHC").gap(members=1, certified=1).message
            'department NHC: 1 counted member(s), at least 2 are required (不少于2人); 1 of them with a valid 执法证, at least 2 required'
            >>> bool(TeamRequirement(department_id="NHC").gap(members=2))
            False
        """
        return TeamGap(
            department_id=self.department_id,
            members=members,
            certified=certified,
            min_members=self.min_members,
            required_certified=self.required_certified,
        )


@dataclass(frozen=True)
class TeamGap:
    """What a department's team lacks under its :class:`TeamRequirement`; falsy when nothing.

    Built by :meth:`TeamRequirement.gap`.
    """

    department_id: str
    members: int  # counted members the team has
    certified: int | None  # of them with a valid 执法证; None when not known
    min_members: int  # 不少于N人
    required_certified: int  # members who must hold a valid 执法证

    @property
    def missing_members(self) -> int:
        """Counted members missing to reach ``min_members``."""
        return max(self.min_members - self.members, 0)

    @property
    def missing_certified(self) -> int:
        """Members with a valid 执法证 missing (0 when certificates are not known)."""
        if self.certified is None:
            return 0
        return max(self.required_certified - self.certified, 0)

    def __bool__(self) -> bool:
        return bool(self.missing_members or self.missing_certified)

    @property
    def message(self) -> str:
        """The gap in words, naming the department, the counts and the rule; empty when none."""
        parts = []
        if self.missing_members:
            parts.append(
                f"{self.members} counted member(s), at least {self.min_members} are required "
                f"(不少于{self.min_members}人)"
            )
        if self.missing_certified:
            parts.append(
                f"{self.certified} of them with a valid 执法证, at least "
                f"{self.required_certified} required"
            )
        return f"department {self.department_id}: " + "; ".join(parts) if parts else ""
