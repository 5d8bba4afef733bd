"""What a round publishes, as models: :class:`PublicRound` and :class:`PublishedResult`."""

from __future__ import annotations

from pydantic import Field

from jointcheck._internal.base import NonEmptyStr
from jointcheck.matching import Assignment, MatchProblem
from jointcheck.model import FrozenModel, InspectionRecord
from jointcheck.sampling import Announcement, Draw

__all__ = ["PublicRound", "PublishedResult"]


class PublishedResult(FrozenModel):
    """One subject's published result (抽查结果), as the notice words it."""

    subject_code: NonEmptyStr = Field(description="Code of the subject inspected")
    result: NonEmptyStr = Field(description="The result, e.g. 未发现问题 or 发现问题已责令改正")


class PublicRound(FrozenModel):
    """Everything a round publishes, as models (the bundle is its bytes)."""

    announcement: Announcement = Field(description="Published before any randomness existed")
    draw: Draw = Field(description="The draw, bound to the announcement")
    problem: MatchProblem | None = Field(
        default=None, description="The matching's inputs, with the drawn subjects and team seed"
    )
    assignment: Assignment | None = Field(
        default=None, description="The joint teams, bound to the announcement"
    )
    results: tuple[PublishedResult, ...] = Field(
        default=(), description="Published results, one per inspected subject"
    )
    inspections: tuple[InspectionRecord, ...] | None = Field(
        default=None,
        description="The inspection records a RECENTLY_INSPECTED exclusion rests on",
    )
