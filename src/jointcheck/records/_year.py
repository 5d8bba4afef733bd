"""The annual plan (年度抽查计划): every task a county bureau runs in a year, from every level."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from enum import Enum
from fractions import Fraction

from pydantic import Field, field_validator, model_validator

from jointcheck._internal.csv_safe import csv_text
from jointcheck._internal.markdown import markdown_table, md_text
from jointcheck._internal.printable import e, html_page, html_table
from jointcheck.errors import InspectionError
from jointcheck.model import PLAN_YEARS, DateWindow, FrozenModel, Plan, ScopeKind, Task
from jointcheck.records._coverage import parse_share
from jointcheck.workdays import DeadlineRule, WorkingDays, read_deadline

__all__ = [
    "PLAN_HEADER",
    "AnnualPlan",
    "PlanEntry",
    "PlanLevel",
    "StepDeadlines",
    "annual_plan_rows",
]


class PlanLevel(str, Enum):
    """The level that set a task (计划来源): the bureau's own, or a higher one it carries out."""

    OWN = "OWN"  # 本级 (内部 or 部门联合, initiated by the bureau or a department of its level)
    CITY = "CITY"  # 市级统筹 (市抽县查: the city draws, the county inspects)
    PROVINCE = "PROVINCE"  # 省级统筹
    NATIONAL = "NATIONAL"  # 国家级 (e.g. 国家随机监督抽查)

    @property
    def label(self) -> str:
        """The Chinese name."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    PlanLevel.OWN: "本级",
    PlanLevel.CITY: "市级统筹",
    PlanLevel.PROVINCE: "省级统筹",
    PlanLevel.NATIONAL: "国家级",
}


class StepDeadlines(FrozenModel):
    """Deadlines of the steps between the draw and the inspection, each counted from the step
    before it (the event day not counted).

    * ``dispatch`` (派发), from the draw: the drawn subjects go to the inspecting units by
      registration jurisdiction (按管辖派发); Shandong's practice is 2 working days.
    * ``claim`` (认领), from the dispatch (from the draw when nothing is dispatched): each
      participating department (配合部门) claims the subjects it inspects (Xiao 2025).
    * ``confirmation`` (比对确认), from the claim (from the dispatch or the draw for the
      initiating department): "在两个工作日内完成比对和确认" (Lianchi 2023).

    Any :data:`~jointcheck.workdays.DeadlineRule` fits (working days by default, 调休
    included, on the calendar passed to the report), or the notice's wording, read by
    :func:`~jointcheck.workdays.read_deadline`:

    Examples:
        >>> StepDeadlines(confirmation="两个工作日内完成比对和确认").confirmation
        WorkingDays(kind='working_days', n=2)
    """

    dispatch: DeadlineRule = Field(
        default=WorkingDays(n=2), description="派发 deadline, counted from the draw day"
    )
    claim: DeadlineRule = Field(
        default=WorkingDays(n=2), description="认领 deadline, counted from the dispatch (or draw)"
    )
    confirmation: DeadlineRule = Field(
        default=WorkingDays(n=2),
        description="比对确认 deadline, counted from the claim (or dispatch, or draw)",
    )

    @field_validator("dispatch", "claim", "confirmation", mode="before")
    @classmethod
    def _read_wording(cls, value: object) -> object:
        return read_deadline(value) if isinstance(value, str) else value


class PlanEntry(FrozenModel):
    """One plan (抽查计划 / 联合抽查工作方案) as the annual plan carries it.

    The plan's initiator (发起部门) and its other departments (配合部门) come from the plan;
    ``level`` says who set it; ``dispatched`` says whether the drawn subjects reach the
    inspecting units by dispatch (派发, 市抽县查) rather than being drawn by them.
    """

    plan: Plan = Field(description="The plan, with its tasks, windows and departments")
    level: PlanLevel = Field(default=PlanLevel.OWN, description="Who set it (计划来源)")
    source: str = Field(
        default="", description="The document it comes from, e.g. 秦市监函〔2023〕453号"
    )
    dispatched: bool = Field(
        default=False,
        description="Drawn subjects are dispatched to inspecting units (派发) before the claim",
    )
    deadlines: StepDeadlines = Field(
        default_factory=StepDeadlines, description="Deadlines of 派发, 认领 and 比对确认"
    )


class AnnualPlan(FrozenModel):
    """A bureau's plan for the year (年度双随机抽查工作计划): internal tasks, joint tasks with
    other departments, and tasks coordinated by the city or province, with the yearly
    coverage target (年度抽查企业占比达到3%以上).

    Task ids are unique across the year, so every event and record names a task by its id.

    Examples:
        >>> from jointcheck.scenarios import xiao_2025_plan
        >>> annual = AnnualPlan(id="xiao-2025", name="萧县2025年度双随机抽查工作计划", year=2025,
        ...                     jurisdiction="萧县", entries=[PlanEntry(plan=xiao_2025_plan())])
        >>> [t.id for t in annual.tasks], annual.coverage_target
        (['xiao-2025-1'], Decimal('0.03'))
    """

    id: str = Field(min_length=1, description="Annual plan id")
    name: str = Field(min_length=1, description="Name as published (汇总后向社会公示)")
    year: int = Field(ge=PLAN_YEARS[0], le=PLAN_YEARS[1], description="The year (年度)")
    jurisdiction: str = Field(default="", description="The bureau's jurisdiction, e.g. 泽州县")
    publisher: str = Field(default="", description="Who publishes it, e.g. 泽州县市场监督管理局")
    coverage_target: Decimal = Field(
        default=Decimal("0.03"),
        ge=0,
        le=1,
        description="Yearly share of the jurisdiction's subjects to inspect (3%以上)",
    )
    entries: tuple[PlanEntry, ...] = Field(min_length=1, description="The plans of the year")

    @field_validator("coverage_target", mode="before")
    @classmethod
    def _read_share(cls, value: object) -> object:
        if isinstance(value, str | Fraction):
            return parse_share(value)
        return value

    @model_validator(mode="after")
    def _unique(self) -> AnnualPlan:
        plans = [e.plan.id for e in self.entries]
        dupes = sorted(p for p, n in Counter(plans).items() if n > 1)
        if dupes:
            raise ValueError(f"plans {dupes} appear more than once in the annual plan")
        other = sorted(
            f"{e.plan.id} ({e.plan.year})" for e in self.entries if e.plan.year != self.year
        )
        if other:
            raise ValueError(f"plans {other} are not plans of the year {self.year}")
        tasks = [t.id for e in self.entries for t in e.plan.tasks]
        dupes = sorted(t for t, n in Counter(tasks).items() if n > 1)
        if dupes:
            raise ValueError(
                f"task ids {dupes} appear in more than one plan; task ids are unique across "
                "the year (events name a task by its id)"
            )
        return self

    @property
    def tasks(self) -> list[Task]:
        """Every task of the year, plan by plan."""
        return [t for e in self.entries for t in e.plan.tasks]

    def entry(self, task_id: str) -> PlanEntry:
        """The entry whose plan holds ``task_id``.

        Raises:
            InspectionError: no plan of the year has this task.
        """
        for entry in self.entries:
            if any(t.id == task_id for t in entry.plan.tasks):
                return entry
        shown = [t.id for t in self.tasks]
        raise InspectionError(
            f"no plan of the year {self.year} has task {task_id!r}; tasks: "
            f"{shown[:10]}{' …' if len(shown) > 10 else ''}",
            field="task_id",
            value=task_id,
        )

    def task(self, task_id: str) -> Task:
        """The task ``task_id`` (see :meth:`entry`)."""
        return self.entry(task_id).plan.task(task_id)

    def initiator(self, task_id: str) -> str:
        """The initiating department (发起部门) of ``task_id``: the task's own, else its plan's."""
        return self.entry(task_id).plan.initiator_of(task_id)

    def participants(self, task_id: str) -> tuple[str, ...]:
        """The participating departments (配合部门) of ``task_id``: the task's own list, else
        every other department with check items in it (:meth:`Plan.participants_of`)."""
        return self.entry(task_id).plan.participants_of(task_id)

    def confirming(self, task_id: str) -> tuple[str, ...]:
        """The departments that confirm the task's subjects (比对确认): the initiator when it
        has check items in the task (a city that only draws and dispatches does not), then
        every participating department."""
        initiator = self.initiator(task_id)
        own = (initiator,) if initiator in self.task(task_id).department_ids else ()
        return own + tuple(d for d in self.participants(task_id) if d != initiator)

    def department_name(self, department_id: str) -> str:
        """The department's name from the first plan that lists it (the id if none does)."""
        for entry in self.entries:
            for department in entry.plan.departments:
                if department.id == department_id:
                    return department.name
        return department_id

    def unit_ids(self) -> frozenset[str]:
        """Every unit (股室、所、队) of every department of the year's plans."""
        return frozenset(u.id for e in self.entries for d in e.plan.departments for u in d.units)

    def year_window(self) -> tuple[dt.date, dt.date]:
        """1 January and 31 December of the year."""
        return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)

    def to_csv(self) -> str:
        """The plan for publication (汇总后向社会公示) as CSV: one row per task."""
        return csv_text([list(PLAN_HEADER), *annual_plan_rows(self)])

    def to_markdown(self) -> str:
        """The plan for publication as Markdown."""
        table = markdown_table(PLAN_HEADER, annual_plan_rows(self))
        return f"# {md_text(self.name)}\n\n{md_text(_plan_meta(self))}\n\n{table}\n"

    def to_html(self) -> str:
        """The plan for publication as a printable HTML page (A4 landscape)."""
        body = f'<p class="meta">{e(_plan_meta(self))}</p>' + html_table(
            PLAN_HEADER, annual_plan_rows(self)
        )
        return html_page(self.name, body, landscape=True)


PLAN_HEADER = (
    "序号",
    "计划来源",
    "抽查计划",
    "抽查任务名称",
    "抽查类型",
    "发起部门",
    "配合部门",
    "抽查事项",
    "抽查对象范围",
    "抽查比例或数量",
    "抽取时间",
    "检查时间",
    "结果公示",
)
"""Columns of the published annual plan (the columns of the notices' plan tables)."""


def _window(window: DateWindow | None) -> str:
    return f"{window.start}至{window.end}" if window else "未定"


def annual_plan_rows(annual: AnnualPlan) -> list[list[str]]:
    """One row per task of the year, in :data:`PLAN_HEADER` order."""
    rows: list[list[str]] = []
    for entry in annual.entries:
        plan = entry.plan
        for task in plan.tasks:
            source = entry.level.label + (f"（{entry.source}）" if entry.source else "")
            items = "；".join(
                f"{annual.department_name(d)}：" + "、".join(i.name for i in task.items_for(d))
                for d in task.department_ids
            )
            disclosure = f"检查结束后{task.disclosure_working_days}个工作日内"
            if task.disclosure_by:
                disclosure += f"，且不晚于{task.disclosure_by}"
            rows.append(
                [
                    str(len(rows) + 1),
                    source,
                    plan.name + (f"（{plan.document_number}）" if plan.document_number else ""),
                    task.name,
                    "定向" if task.scope is ScopeKind.DIRECTED else "不定向",
                    annual.department_name(annual.initiator(task.id)),
                    "、".join(annual.department_name(d) for d in annual.participants(task.id))
                    or "无",
                    items,
                    task.target,
                    task.sampling.text or task.sampling.describe(),
                    _window(task.extraction),
                    _window(task.inspection),
                    disclosure,
                ]
            )
    return rows


def _plan_meta(annual: AnnualPlan) -> str:
    parts = [f"{annual.year}年度"]
    if annual.jurisdiction:
        parts.append(annual.jurisdiction)
    if annual.publisher:
        parts.append(annual.publisher)
    parts.append(f"年度抽查占比目标 {(annual.coverage_target * 100).normalize():f}%")
    return " · ".join(parts)
