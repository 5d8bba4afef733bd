"""The joint team records (联合检查组) and their construction from already valid fields."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import Field

from jointcheck._internal.base import FrozenModel, NonEmptyStr

__all__ = ["DepartmentTeam", "Team", "trusted"]

_M = TypeVar("_M", bound=FrozenModel)

_SET = object.__setattr__
_NEW = object.__new__
_FIELDS: dict[type[FrozenModel], set[str]] = {}
"""The field names of each record class :func:`trusted` has built (one set per class: a
frozen model never changes it, a copy gets its own)."""


def trusted(cls: type[_M], fields: dict[str, Any]) -> _M:
    """An instance of ``cls`` from ``fields`` that are already valid and complete (every
    field given, in declaration order), without validation: what pydantic's
    ``model_construct`` does, without its per-call overhead. For the matcher's own output
    only (a province's assignment has hundreds of thousands of team parts)."""
    fields_set = _FIELDS.get(cls)
    if fields_set is None:
        fields_set = _FIELDS[cls] = set(cls.model_fields)
    instance = _NEW(cls)
    _SET(instance, "__dict__", fields)
    _SET(instance, "__pydantic_fields_set__", fields_set)
    _SET(instance, "__pydantic_extra__", None)
    _SET(instance, "__pydantic_private__", None)
    return instance


class DepartmentTeam(FrozenModel):
    """One department's part of a subject's joint team."""

    department_id: NonEmptyStr = Field(description="Department that staffs these members")
    units: tuple[str, ...] = Field(
        default=(), description="The department's units covering the subject (属地), sorted"
    )
    members: tuple[str, ...] = Field(
        description="Inspector ids of the counted members (执法检查人员), sorted"
    )
    specialists: tuple[str, ...] = Field(
        default=(),
        description="Specialists (专业人员) who assist on professional items; never counted",
    )


class Team(FrozenModel):
    """The joint team (联合检查组) that visits one subject once (进一次门、查多项事)."""

    subject_code: NonEmptyStr = Field(description="Subject inspected")
    jurisdiction: str = Field(default="", description="Subject's jurisdiction (登记管辖)")
    departments: tuple[DepartmentTeam, ...] = Field(
        description="Each participating department's members, sorted by department id"
    )

    def department(self, department_id: str) -> DepartmentTeam:
        """The part of the team staffed by ``department_id``."""
        for part in self.departments:
            if part.department_id == department_id:
                return part
        raise KeyError(f"team of {self.subject_code!r} has no members of {department_id!r}")

    @property
    def inspector_ids(self) -> tuple[str, ...]:
        """Every inspector of the team, members and specialists, sorted."""
        return tuple(sorted(i for p in self.departments for i in (*p.members, *p.specialists)))
