"""Departments (部门) and their units (股室、所、科、队)."""

from __future__ import annotations

from enum import Enum

from pydantic import Field, model_validator

from jointcheck._internal.base import FrozenModel, NonEmptyStr, SortedUniqueStrs

__all__ = ["Department", "Unit", "UnitKind"]


class UnitKind(str, Enum):
    """The kind of unit inside a department."""

    BUREAU = "BUREAU"  # 局 (the department's own level)
    SECTION = "SECTION"  # 股室 / 科室
    STATION = "STATION"  # 所 (e.g. 市场监管所)
    TEAM = "TEAM"  # 队 / 大队 (e.g. 卫生健康监督执法大队)


class Unit(FrozenModel):
    """A unit of a department (股室、所、科、队) and the jurisdictions it covers."""

    id: NonEmptyStr = Field(description="Unit id, unique within the plan")
    name: NonEmptyStr = Field(description="Unit name, e.g. 城关市场监管所")
    kind: UnitKind = Field(default=UnitKind.SECTION, description="Kind of unit")
    jurisdictions: SortedUniqueStrs = Field(
        default=(),
        description="Jurisdictions the unit covers (管辖区域); empty means none in particular",
    )


class Department(FrozenModel):
    """A regulating department (部门), e.g. 市场监督管理局 or 卫生健康委员会."""

    id: NonEmptyStr = Field(description="Department id, unique within the plan")
    name: NonEmptyStr = Field(description="Full name, e.g. 兴安盟市场监督管理局")
    region: str = Field(
        default="", description="Administrative region (行政区划) whose calendar and registry apply"
    )
    units: tuple[Unit, ...] = Field(
        default=(), description="Units (股室、所、科、队) of the department"
    )

    @model_validator(mode="after")
    def _unique_units(self) -> Department:
        seen: set[str] = set()
        for unit in self.units:
            if unit.id in seen:
                raise ValueError(f"unit id {unit.id!r} appears twice in department {self.id!r}")
            seen.add(unit.id)
        return self

    def unit(self, unit_id: str) -> Unit:
        """The unit with id ``unit_id``; ``KeyError`` naming the known ids if there is none."""
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        known = ", ".join(u.id for u in self.units) or "none"
        raise KeyError(f"department {self.id!r} has no unit {unit_id!r}; units: {known}")
