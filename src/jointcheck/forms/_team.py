"""A department's part of a joint inspection team (联合检查组) as printed on the form."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import Field, model_validator

from jointcheck._internal.base import NonEmptyStr
from jointcheck.errors import InspectionError
from jointcheck.model import FrozenModel, Inspector

__all__ = ["FormTeam", "TeamMember"]


class TeamMember(FrozenModel):
    """One person a department sends to a subject (检查人员).

    Only members with ``specialist=False`` are 执法检查人员 and count toward the team's
    minimum (不少于2人); specialists (专业人员) assist with professional items on top of it.
    """

    inspector_id: NonEmptyStr = Field(description="Inspector id in the 执法检查人员名录库")
    name: str = Field(default="", description="Name (姓名) as printed on the form; may be blank")
    certificate_number: str | None = Field(
        default=None, description="Law-enforcement certificate number (执法证号) shown on the form"
    )
    specialist: bool = Field(
        default=False, description="专业人员: assists, does not count toward the minimum"
    )

    @property
    def display_name(self) -> str:
        """The name, or the inspector id when no name is known."""
        return self.name or self.inspector_id


class FormTeam(FrozenModel):
    """The members one department sends to one subject (specialists marked).

    Examples:
        >>> team = FormTeam.from_ids("xx-nhc", ["n1", "n2"], specialist_ids=["e1"])
        >>> team.counted_ids, team.specialist_ids
        (('n1', 'n2'), ('e1',))
    """

    department_id: NonEmptyStr = Field(description="Department that sends these members")
    members: tuple[TeamMember, ...] = Field(
        min_length=1, description="Members in the order printed on the form, specialists marked"
    )

    @model_validator(mode="after")
    def _unique_members(self) -> FormTeam:
        dupes = sorted(i for i, n in Counter(m.inspector_id for m in self.members).items() if n > 1)
        if dupes:
            raise ValueError(
                f"inspector ids {dupes} appear more than once in the team of department "
                f"{self.department_id!r}; each member is listed once"
            )
        return self

    @classmethod
    def from_ids(
        cls,
        department_id: str,
        member_ids: Iterable[str],
        *,
        specialist_ids: Iterable[str] = (),
        inspectors: Iterable[Inspector] = (),
    ) -> FormTeam:
        """Build a team from inspector ids.

        Args:
            department_id: The department the team belongs to.
            member_ids: The 执法检查人员 who count toward the minimum.
            specialist_ids: 专业人员 who go as well but do not count.
            inspectors: The inspector directory (名录库), if at hand: names and certificate
                numbers are taken from it, and every id must be in it, belong to
                ``department_id`` and, for counted members, not be a specialist.

        Raises:
            InspectionError: an id listed twice, missing from the directory, of another
                department, or a specialist listed as a counted member.
        """
        counted = tuple(member_ids)
        extra = tuple(specialist_ids)
        both = sorted(set(counted) & set(extra))
        if both:
            raise InspectionError(
                f"inspector ids {both} are listed both as members and as specialists of "
                f"department {department_id!r}; list each person once",
                field="specialist_ids",
                value=both,
            )
        directory = {inspector.id: inspector for inspector in inspectors}
        members = []
        for inspector_id, specialist in [(i, False) for i in counted] + [(i, True) for i in extra]:
            if not directory:
                members.append(TeamMember(inspector_id=inspector_id, specialist=specialist))
                continue
            found = directory.get(inspector_id)
            if found is None:
                raise InspectionError(
                    f"inspector {inspector_id!r} is not in the inspector directory given "
                    f"({len(directory)} inspectors); every team member must be listed there",
                    field="member_ids",
                    value=inspector_id,
                )
            if found.department_id != department_id:
                raise InspectionError(
                    f"inspector {inspector_id!r} belongs to department {found.department_id!r}, "
                    f"not {department_id!r}; a department's team holds its own inspectors",
                    field="member_ids",
                    value=inspector_id,
                )
            if found.specialist and not specialist:
                raise InspectionError(
                    f"inspector {inspector_id!r} is a specialist (专业人员) and cannot count "
                    f"toward the minimum of department {department_id!r}; pass it in "
                    "specialist_ids",
                    field="member_ids",
                    value=inspector_id,
                )
            members.append(
                TeamMember(
                    inspector_id=inspector_id,
                    name=found.name,
                    certificate_number=found.certificate.number if found.certificate else None,
                    specialist=specialist,
                )
            )
        return cls(department_id=department_id, members=tuple(members))

    @property
    def member_ids(self) -> tuple[str, ...]:
        """Every member's id, specialists included, in form order."""
        return tuple(m.inspector_id for m in self.members)

    @property
    def counted_ids(self) -> tuple[str, ...]:
        """Ids of the 执法检查人员 (members who count toward the minimum)."""
        return tuple(m.inspector_id for m in self.members if not m.specialist)

    @property
    def specialist_ids(self) -> tuple[str, ...]:
        """Ids of the 专业人员 (specialists)."""
        return tuple(m.inspector_id for m in self.members if m.specialist)

    def member(self, inspector_id: str) -> TeamMember:
        """The member with id ``inspector_id``; ``KeyError`` naming the members otherwise."""
        for member in self.members:
            if member.inspector_id == inspector_id:
                return member
        raise KeyError(
            f"{inspector_id!r} is not in the team of department {self.department_id!r}; "
            f"members: {list(self.member_ids)}"
        )
