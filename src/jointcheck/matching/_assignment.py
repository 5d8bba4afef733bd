"""The audit record of a matching: teams per subject, loads, exclusions, seed and algorithm."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from pydantic import Field

from jointcheck._internal.base import FrozenModel, NonEmptyStr
from jointcheck._internal.display import Shown, html_table, span
from jointcheck.matching._problem import ReasonCode
from jointcheck.matching._team import DepartmentTeam, Team
from jointcheck.matching._team_table import TeamTable
from jointcheck.model import DateWindow, TeamRequirement
from jointcheck.sampling import Reveal

__all__ = [
    "ALGORITHM",
    "ALGORITHM_VERSION",
    "ALGORITHM_VERSIONS",
    "Assignment",
    "DepartmentTeam",
    "InspectorExclusion",
    "InspectorLoad",
    "Team",
    "TeamTable",
]

ALGORITHM = "jointcheck-flow-match"
"""Name of the default matcher's algorithm, stored in every :class:`Assignment`."""

ALGORITHM_VERSION = "2"
"""Version of new assignments. Teams for given inputs and seed never change within one
algorithm version; version 2's teams can be recomputed from the published staffing table."""

ALGORITHM_VERSIONS = ("1", "2")
"""Versions this library verifies (version 1: Dinic's repair at every stage, kept for old
records)."""


class InspectorLoad(FrozenModel):
    """How many subjects one inspector of a participating department was given."""

    inspector_id: NonEmptyStr = Field(description="Inspector")
    department_id: NonEmptyStr = Field(description="The inspector's department")
    subjects: int = Field(ge=0, description="Number of subjects (as member or specialist)")


class InspectorExclusion(FrozenModel):
    """An inspector excluded for every subject (``subject_code=None``) or for one subject."""

    inspector_id: NonEmptyStr = Field(description="Inspector excluded")
    department_id: NonEmptyStr = Field(description="The inspector's department")
    subject_code: str | None = Field(
        default=None, description="Subject the exclusion is about; None means every subject"
    )
    code: ReasonCode = Field(description="Machine-readable reason")
    message: str = Field(description="The reason in words")


class Assignment(FrozenModel):
    """The audit record of one matching (随机匹配结果), re-derivable from its inputs and seed.

    Scope exclusions (所内 / 所所随机) follow from the requirements' ``scope`` and the units in
    each :class:`DepartmentTeam`; they are not listed one pair at a time.
    """

    algorithm: str = Field(default=ALGORITHM, description="Matching algorithm")
    version: str = Field(default=ALGORITHM_VERSION, description="Algorithm version")
    seed: str = Field(description="Seed of the tickets")
    inputs_digest: str = Field(description="SHA-256 of the canonical JSON of the MatchProblem")
    inspection: DateWindow = Field(description="Inspection date or window")
    requirements: tuple[TeamRequirement, ...] = Field(description="Requirements applied")
    teams: TeamTable = Field(description="One joint team per subject, sorted by code")
    loads: tuple[InspectorLoad, ...] = Field(
        description="Subjects per inspector of every participating department, sorted by id"
    )
    exclusions: tuple[InspectorExclusion, ...] = Field(
        default=(), description="Inspector-wide and pair exclusions (回避, 轮换, 执法证, …)"
    )
    announcement_digest: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="Announcement.digest() the seed was derived from (purpose 'teams'); None "
        "for a matching whose seed has no published origin",
    )
    reveals: tuple[Reveal, ...] = Field(
        default=(), description="The parties' reveals the seed was derived from"
    )

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # Counts and ranges instead of every team: a county's matching has thousands.
        yield "algorithm", self.algorithm
        yield "version", self.version
        yield "seed", self.seed
        yield "inspection", Shown(_window_text(self.inspection))
        yield "subjects", len(self.teams)
        sizes = ", ".join(
            f"{department}: {span(members)}" for department, members in self._team_sizes().items()
        )
        yield "team_sizes", Shown("{" + sizes + "}")
        yield "inspectors", len(self.loads)
        yield "loads", Shown(span(load.subjects for load in self.loads))
        if self.exclusions:
            yield "exclusions", len(self.exclusions)

    def _team_sizes(self) -> dict[str, list[int]]:
        """Counted members per team, by department id in order."""
        sizes: dict[str, list[int]] = {r.department_id: [] for r in self.requirements}
        for team in self.teams:
            for part in team.departments:
                sizes.setdefault(part.department_id, []).append(len(part.members))
        return sizes

    def _repr_html_(self) -> str:
        loads: dict[str, list[int]] = defaultdict(list)
        for load in self.loads:
            loads[load.department_id].append(load.subjects)
        specialists: dict[str, int] = defaultdict(int)
        for team in self.teams:
            for part in team.departments:
                specialists[part.department_id] += len(part.specialists)
        rows = [
            (
                department,
                span(members),
                specialists[department],
                sum(1 for n in loads[department] if n),
                len(loads[department]),
                span(loads[department]),
            )
            for department, members in self._team_sizes().items()
        ]
        excluded = len(self.exclusions)
        return html_table(
            f"Assignment (随机匹配结果) {self.algorithm} v{self.version} · seed {self.seed!r} · "
            f"{len(self.teams):,} subjects · inspection {_window_text(self.inspection)}",
            (
                "department",
                "members per team",
                "specialist places",
                "inspectors used",
                "inspectors",
                "subjects per inspector",
            ),
            rows,
            notes=[f"{excluded:,} exclusion{'s' * (excluded != 1)} (回避, 轮换, 执法证, …)"]
            if excluded
            else [],
        )

    def team(self, subject_code: str) -> Team:
        """The team of one subject."""
        for team in self.teams:
            if team.subject_code == subject_code:
                return team
        raise KeyError(f"no team for subject {subject_code!r}")

    def load_of(self, inspector_id: str) -> int:
        """Subjects given to one inspector (0 if the inspector has no load record)."""
        for load in self.loads:
            if load.inspector_id == inspector_id:
                return load.subjects
        return 0

    def dispatch(self, *, department_id: str | None = None) -> dict[str, tuple[Team, ...]]:
        """Group the teams for sending out (按管辖派发).

        Args:
            department_id: None groups by the subjects' jurisdiction; a department id groups
                by that department's covering unit (a subject no unit covers goes under ``""``;
                one covered by two units goes under both).

        Returns:
            Keys sorted, teams in subject-code order.
        """
        groups: dict[str, list[Team]] = defaultdict(list)
        for team in self.teams:
            if department_id is None:
                groups[team.jurisdiction].append(team)
                continue
            units = team.department(department_id).units
            for unit in units or ("",):
                groups[unit].append(team)
        return {key: tuple(groups[key]) for key in sorted(groups)}


def _window_text(window: DateWindow) -> str:
    return str(window.start) if window.start == window.end else f"{window.start}..{window.end}"
