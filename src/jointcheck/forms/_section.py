"""One department's part of the form: team, applicable check items, result."""

from __future__ import annotations

from pydantic import Field, model_validator

from jointcheck._internal.base import NonEmptyStr
from jointcheck._internal.checked import checked
from jointcheck.errors import InspectionError
from jointcheck.forms._result import InspectionResult
from jointcheck.forms._team import FormTeam
from jointcheck.model import CheckItem, FrozenModel, Subject, Task, TeamRequirement

__all__ = ["FormSection", "applicable_items", "check_result"]


class FormSection(FrozenModel):
    """One department's part of the form: its team, its check items and its result."""

    department_id: NonEmptyStr = Field(description="Department (检查部门)")
    department_name: NonEmptyStr = Field(description="Department name as printed")
    team: FormTeam = Field(description="Members the department sends (specialists marked)")
    min_members: int = Field(
        ge=1, description="Minimum counted members the task requires (不少于2人)"
    )
    items: tuple[CheckItem, ...] = Field(
        min_length=1, description="The department's check items that apply to this subject"
    )
    result: InspectionResult | None = Field(
        default=None, description="The department's result; None until entered (未录入)"
    )

    @property
    def requirement(self) -> TeamRequirement:
        """The team rule the section is held to (its department, at least ``min_members``)."""
        return TeamRequirement(department_id=self.department_id, min_members=self.min_members)

    @model_validator(mode="after")
    def _consistent(self) -> FormSection:
        if self.team.department_id != self.department_id:
            raise ValueError(
                f"team of department {self.team.department_id!r} in the section of "
                f"{self.department_id!r}; the section's team is its own department's"
            )
        foreign = [i.id for i in self.items if i.department_id != self.department_id]
        if foreign:
            raise ValueError(
                f"items {foreign} belong to another department than {self.department_id!r}"
            )
        gap = self.requirement.gap(members=len(self.team.counted_ids))
        if gap:
            raise ValueError(f"the team on the form: {gap.message}")
        if self.result is not None:
            check_result(self, self.result)
        return self


@checked
def applicable_items(task: Task, department_id: str, subject: Subject) -> tuple[CheckItem, ...]:
    """The department's check items that apply to ``subject`` (一企一表).

    An item with no ``applies_to_tags`` applies to every subject; otherwise the subject must
    carry one of its tags.
    """
    tags = set(subject.tags)
    return tuple(
        item
        for item in task.items_for(department_id)
        if not item.applies_to_tags or tags.intersection(item.applies_to_tags)
    )


@checked
def check_result(section: FormSection, result: InspectionResult) -> None:
    """Check ``result`` against the section it goes into.

    Raises:
        InspectionError: another department's result, inspectors who are not counted members
            of the team, fewer of them than the minimum, specialists not on the team, or
            findings on items that are not on this part of the form.
    """
    if result.department_id != section.department_id:
        raise InspectionError(
            f"result of department {result.department_id!r} cannot go into the section of "
            f"department {section.department_id!r}",
            field="department_id",
            value=result.department_id,
        )
    counted = set(section.team.counted_ids)
    strangers = [i for i in result.inspector_ids if i not in counted]
    if strangers:
        specialists = [i for i in strangers if i in section.team.specialist_ids]
        hint = (
            f" ({specialists} are specialists: list them in specialist_ids)" if specialists else ""
        )
        raise InspectionError(
            f"inspectors {strangers} are not counted members of the team of department "
            f"{section.department_id!r} for subject {result.subject_code!r}; the team is "
            f"{list(section.team.counted_ids)}{hint}",
            field="inspector_ids",
            value=strangers,
        )
    gap = section.requirement.gap(members=len(result.inspector_ids))
    if gap:
        raise InspectionError(
            f"inspectors {list(result.inspector_ids)} went to subject {result.subject_code!r}: "
            f"{gap.message}",
            field="inspector_ids",
            value=result.inspector_ids,
        )
    extra = [i for i in result.specialist_ids if i not in section.team.specialist_ids]
    if extra:
        raise InspectionError(
            f"specialists {extra} are not specialists of the team of department "
            f"{section.department_id!r}; its specialists are {list(section.team.specialist_ids)}",
            field="specialist_ids",
            value=extra,
        )
    item_ids = {item.id for item in section.items}
    unknown = [f.item_id for f in result.findings if f.item_id not in item_ids]
    if unknown:
        raise InspectionError(
            f"findings on items {unknown} that are not on the form of subject "
            f"{result.subject_code!r} for department {section.department_id!r}; its items are "
            f"{sorted(item_ids)}",
            field="findings",
            value=unknown,
        )
