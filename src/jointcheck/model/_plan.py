"""Check items (抽查事项), tasks (抽查任务) and plans (抽查计划)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from enum import Enum
from typing import Any

from pydantic import Field, field_validator, model_validator

from jointcheck._internal.base import FrozenModel, NonEmptyStr, SortedUniqueStrs
from jointcheck.errors import UnknownIdError
from jointcheck.model._organisation import Department
from jointcheck.model._rule import SamplingRule
from jointcheck.model._subject import Kind, SubjectKind
from jointcheck.model._team import TeamRequirement

__all__ = [
    "PLAN_YEARS",
    "TEAM_EXEMPT_METHODS",
    "CheckItem",
    "DateWindow",
    "InspectionMethod",
    "Plan",
    "ScopeKind",
    "Task",
]

PLAN_YEARS = (2015, 2100)
"""The years a plan may have (年度), first and last: the years its timeline is checked in."""


class InspectionMethod(str, Enum):
    """How the inspection is carried out (检查方式 / 核查方式)."""

    ON_SITE = "ON_SITE"  # 实地检查
    DOCUMENTARY = "DOCUMENTARY"  # 书面检查
    ONLINE = "ONLINE"  # 网络监测
    TESTING = "TESTING"  # 检验检测 / 抽检
    EXPERT_OPINION = "EXPERT_OPINION"  # 行政部门检查结果或专业意见 / 委托专业机构


TEAM_EXEMPT_METHODS: frozenset[InspectionMethod] = frozenset(
    {InspectionMethod.DOCUMENTARY, InspectionMethod.ONLINE, InspectionMethod.EXPERT_OPINION}
)
"""Methods without on-site enforcement, to which the two-inspector rule does not apply.

Any other method (实地检查, 检验检测 with its on-site sampling) sends at least two certified
inspectors per department (行政处罚法 art. 42: 执法人员不得少于两人; art. 55: they show
their 执法证), so a :class:`Task` with such a method refuses a team requirement below two.
"""


class ScopeKind(str, Enum):
    """Whether the draw is restricted by conditions (抽查类型)."""

    UNDIRECTED = "UNDIRECTED"  # 不定向: a plain random draw from all subjects
    DIRECTED = "DIRECTED"  # 定向: a random draw among subjects meeting conditions


class DateWindow(FrozenModel):
    """A closed range of calendar days (both ends included), e.g. 3月7日至4月7日."""

    start: dt.date = Field(description="First day")
    end: dt.date = Field(description="Last day (inclusive)")

    @model_validator(mode="after")
    def _ordered(self) -> DateWindow:
        if self.end < self.start:
            raise ValueError(
                f"window ends on {self.end} before it starts on {self.start}; end must be on or "
                "after start"
            )
        return self

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        """Number of calendar days in the window."""
        return (self.end - self.start).days + 1


class CheckItem(FrozenModel):
    """One item of the 随机抽查事项清单 that a department checks."""

    id: NonEmptyStr = Field(description="Item id, unique within its task")
    department_id: NonEmptyStr = Field(description="Department responsible for the item")
    name: NonEmptyStr = Field(description="Item name, e.g. 登记事项检查")
    legal_basis: str = Field(default="", description="Legal basis (检查依据)")
    qualification: str | None = Field(
        default=None, description="Qualification an inspector needs for this item, if any"
    )
    applies_to_tags: SortedUniqueStrs = Field(
        default=(),
        description="Only subjects carrying one of these tags get this item (一企一表); empty = all",
    )


class Task(FrozenModel):
    """A sampling task (抽查任务): scope, check items of each department, rule and windows."""

    id: NonEmptyStr = Field(description="Task id, unique within the plan")
    name: NonEmptyStr = Field(description="Task name (抽查任务名称)")
    scope: ScopeKind = Field(default=ScopeKind.DIRECTED, description="定向 or 不定向")
    target: str = Field(
        default="", description="Object range as printed (抽查对象范围), e.g. 全县企业"
    )
    subject_kinds: tuple[Kind, ...] = Field(
        default=(SubjectKind.ENTERPRISE,), min_length=1, description="Kinds of subject (检查对象)"
    )
    required_tags: SortedUniqueStrs = Field(
        default=(), description="定向 condition: subjects must carry one of these tags; empty = any"
    )
    excluded_tags: SortedUniqueStrs = Field(
        default=(),
        description="定向 condition: subjects carrying one of these tags are left out (抽查对象"
        "范围 …(除眼镜配制单位、加油站)); apply with sampling.exclusion_from_mask",
    )
    jurisdictions: SortedUniqueStrs = Field(
        default=(), description="定向 condition: jurisdictions drawn from; empty = all"
    )
    check_items: tuple[CheckItem, ...] = Field(
        description="Check items (抽查事项) of every department taking part", min_length=1
    )
    sampling: SamplingRule = Field(
        description="Sampling rule (抽查比例或数量); the printed phrase, e.g. 无风险等级抽取30%, "
        "is read by SamplingRule.parse and kept as its text"
    )
    method: InspectionMethod = Field(
        default=InspectionMethod.ON_SITE, description="Inspection method (检查方式)"
    )
    extraction: DateWindow | None = Field(default=None, description="Extraction window (抽取时间)")
    inspection: DateWindow | None = Field(default=None, description="Inspection window (检查时间)")
    disclosure_working_days: int = Field(
        default=20,
        ge=1,
        description="Results are entered and published within this many working days after the "
        "inspection ends (抽查结束后20个工作日内公示)",
    )
    disclosure_by: dt.date | None = Field(
        default=None, description="The plan's own last day for disclosure, if it sets one"
    )
    team_requirements: tuple[TeamRequirement, ...] = Field(
        default=(),
        description="Team requirement per department; a department without one sends 2 certified",
    )
    initiator_id: NonEmptyStr | None = Field(
        default=None,
        description="Initiating department of this task (发起部门), which draws the subjects; "
        "None = the plan's initiator",
    )
    participant_ids: tuple[NonEmptyStr, ...] = Field(
        default=(),
        description="Participating departments of this task (配合部门 / 参与部门), which claim "
        "the subjects and draw their own inspectors; empty = every other department with "
        "check items in the task",
    )
    initiating_unit_id: NonEmptyStr | None = Field(
        default=None,
        description="Unit of the initiating department that organises the task (发起主体, "
        "e.g. 网监股组织发起), if the plan names one",
    )

    @field_validator("sampling", mode="before")
    @classmethod
    def _read_phrase(cls, value: Any) -> Any:
        return SamplingRule.parse(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> Task:
        dupes = [i for i, n in Counter(item.id for item in self.check_items).items() if n > 1]
        if dupes:
            raise ValueError(f"check item ids {dupes} appear more than once in task {self.id!r}")
        departments = set(self.department_ids)
        for requirement in self.team_requirements:
            if requirement.department_id not in departments:
                raise ValueError(
                    f"team requirement for department {requirement.department_id!r} but task "
                    f"{self.id!r} has check items only of {sorted(departments)}"
                )
        if self.method not in TEAM_EXEMPT_METHODS:
            for requirement in self.team_requirements:
                if requirement.required_certified < 2:
                    raise ValueError(
                        f"task {self.id!r} is inspected {self.method.value} but department "
                        f"{requirement.department_id!r} sends {requirement.required_certified} "
                        "certified member(s); on-site enforcement needs at least two certified "
                        "inspectors (行政处罚法 art. 42, 55). Raise min_members / "
                        "certified_members, or use a method exempt from it: "
                        f"{sorted(m.value for m in TEAM_EXEMPT_METHODS)}"
                    )
        req_dupes = [
            d for d, n in Counter(r.department_id for r in self.team_requirements).items() if n > 1
        ]
        if req_dupes:
            raise ValueError(f"departments {req_dupes} have more than one team requirement")
        self._check_parties()
        if self.extraction and self.inspection and self.inspection.end < self.extraction.start:
            raise ValueError(
                f"inspection window {self.inspection.start}..{self.inspection.end} ends before "
                f"extraction starts on {self.extraction.start}"
            )
        return self

    def _check_parties(self) -> None:
        both = sorted(set(self.required_tags) & set(self.excluded_tags))
        if both:
            raise ValueError(
                f"tags {both} of task {self.id!r} are both required and excluded; a tag can be "
                "only one"
            )
        participants = self.participant_ids
        dupes = sorted(d for d, n in Counter(participants).items() if n > 1)
        if dupes:
            raise ValueError(
                f"participant_ids of task {self.id!r} name {dupes} more than once; give each "
                "配合部门 once"
            )
        if self.initiator_id is not None and self.initiator_id in participants:
            raise ValueError(
                f"department {self.initiator_id!r} is both the initiator (发起部门) and a "
                f"participant (配合部门) of task {self.id!r}; it can be only one"
            )

    @property
    def department_ids(self) -> tuple[str, ...]:
        """Departments with check items in this task, in order of first appearance."""
        return tuple(dict.fromkeys(item.department_id for item in self.check_items))

    def team_requirement(self, department_id: str) -> TeamRequirement:
        """The department's requirement: the explicit one, or 2 certified members.

        Qualifications that check items need are not folded in here: an item may apply to
        some subjects only (``applies_to_tags``), so the matcher works them out per subject.
        """
        for requirement in self.team_requirements:
            if requirement.department_id == department_id:
                return requirement
        if department_id not in self.department_ids:
            raise KeyError(
                f"task {self.id!r} has no check items of department {department_id!r}; "
                f"departments: {list(self.department_ids)}"
            )
        return TeamRequirement(department_id=department_id)

    def items_for(self, department_id: str) -> tuple[CheckItem, ...]:
        """The check items of one department."""
        return tuple(item for item in self.check_items if item.department_id == department_id)


class Plan(FrozenModel):
    """A random-inspection plan (双随机抽查计划 / 联合抽查工作方案)."""

    id: NonEmptyStr = Field(description="Plan id")
    name: NonEmptyStr = Field(description="Plan name as published")
    year: int = Field(ge=PLAN_YEARS[0], le=PLAN_YEARS[1], description="Plan year (年度)")
    document_number: str = Field(
        default="", description="Document number (文号), e.g. 兴市监办字〔2023〕61号"
    )
    initiator_id: NonEmptyStr = Field(description="Initiating department (发起部门 / 牵头部门)")
    departments: tuple[Department, ...] = Field(
        min_length=1, description="Every department taking part, the initiator included (参与部门)"
    )
    tasks: tuple[Task, ...] = Field(min_length=1, description="Tasks (抽查任务)")
    period: DateWindow | None = Field(default=None, description="The plan's whole period, if set")

    @model_validator(mode="after")
    def _consistent(self) -> Plan:
        dept_ids = [d.id for d in self.departments]
        _no_duplicates("department", dept_ids)
        _no_duplicates("task", [t.id for t in self.tasks])
        _no_duplicates("unit", [u.id for d in self.departments for u in d.units])
        if self.initiator_id not in dept_ids:
            raise ValueError(
                f"initiator_id {self.initiator_id!r} is not among the plan's departments {dept_ids}"
            )
        known = set(dept_ids)
        for task in self.tasks:
            for item in task.check_items:
                if item.department_id not in known:
                    raise ValueError(
                        f"check item {item.id!r} of task {task.id!r} belongs to department "
                        f"{item.department_id!r}, which is not in the plan; departments: {dept_ids}"
                    )
        for task in self.tasks:
            self._check_task_parties(task, known)
        if self.period is not None and not (
            self.period.start.year <= self.year <= self.period.end.year
        ):
            raise ValueError(
                f"plan period {self.period.start}..{self.period.end} does not include year {self.year}"
            )
        return self

    def _check_task_parties(self, task: Task, known: set[str]) -> None:
        named = [d for d in (task.initiator_id, *task.participant_ids) if d is not None]
        unknown = [d for d in named if d not in known]
        if unknown:
            raise ValueError(
                f"task {task.id!r} names departments {unknown} that are not in the plan; "
                f"departments: {[d.id for d in self.departments]}"
            )
        initiator = self.initiator_of(task)
        if task.initiating_unit_id is not None:
            units = [u.id for u in self.department(initiator).units]
            if task.initiating_unit_id not in units:
                raise ValueError(
                    f"initiating_unit_id {task.initiating_unit_id!r} of task {task.id!r} is not "
                    f"a unit of its initiator {initiator!r}; units: {units}"
                )
        if task.participant_ids:
            outside = sorted(set(task.department_ids) - {initiator, *task.participant_ids})
            if outside:
                raise ValueError(
                    f"task {task.id!r} has check items of {outside}, which are neither its "
                    f"initiator {initiator!r} nor its participants {list(task.participant_ids)}"
                )

    @property
    def participant_ids(self) -> tuple[str, ...]:
        """Departments other than the initiator (配合部门)."""
        return tuple(d.id for d in self.departments if d.id != self.initiator_id)

    def initiator_of(self, task: Task | str) -> str:
        """The initiating department (发起部门) of a task: its own, else the plan's.

        Examples:
            >>> from jointcheck.scenarios import xiao_2025_plan
            >>> plan = xiao_2025_plan()
            >>> plan.initiator_of(plan.tasks[0].id), plan.participants_of(plan.tasks[0].id)
            ('xiao-nhc', ('xiao-samr',))
        """
        found = self.task(task) if isinstance(task, str) else task
        return found.initiator_id or self.initiator_id

    def participants_of(self, task: Task | str) -> tuple[str, ...]:
        """The participating departments (配合部门) of a task: its own list, else every other
        department with check items in it, in order of first appearance."""
        found = self.task(task) if isinstance(task, str) else task
        if found.participant_ids:
            return found.participant_ids
        initiator = self.initiator_of(found)
        return tuple(d for d in found.department_ids if d != initiator)

    def department(self, department_id: str) -> Department:
        """The department with id ``department_id``."""
        for department in self.departments:
            if department.id == department_id:
                return department
        raise KeyError(
            f"plan {self.id!r} has no department {department_id!r}; "
            f"departments: {[d.id for d in self.departments]}"
        )

    def task(self, task_id: str) -> Task:
        """The task with id ``task_id``."""
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise UnknownIdError(
            f"plan {self.id!r} has no task {task_id!r}; tasks: {[t.id for t in self.tasks]}",
            field="task_id",
            value=task_id,
        )


def _no_duplicates(what: str, ids: list[str]) -> None:
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dupes:
        raise ValueError(f"{what} ids {dupes} appear more than once; ids must be unique")
