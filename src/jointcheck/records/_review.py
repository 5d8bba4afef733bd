"""The year reviewed: findings across every task, and how far the plan goes toward the
yearly coverage target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from fractions import Fraction

import numpy as np
from pydantic import Field

from jointcheck._internal.checked import checked
from jointcheck.errors import InvalidInputError
from jointcheck.forms import InspectionResult
from jointcheck.model import FrozenModel, Task
from jointcheck.population import Population
from jointcheck.records._dispatch import YearRecord
from jointcheck.records._timeline import Severity, check_task_timeline
from jointcheck.records._year import AnnualPlan
from jointcheck.workdays import WorkdayCalendar, default_calendar

__all__ = [
    "PlanCoverage",
    "PlannedCount",
    "YearFinding",
    "YearFindingCode",
    "check_year",
    "plan_coverage",
]


class YearFindingCode(str, Enum):
    """What a finding about the year is about."""

    TIMELINE = "TIMELINE"  # a task's own timeline (detail holds the FindingCode)
    INSPECTION_OVERLAP = "INSPECTION_OVERLAP"  # two tasks may visit the same subjects at once
    DRAW_OUTSIDE_EXTRACTION = "DRAW_OUTSIDE_EXTRACTION"  # draw not in the 抽取时间
    DRAW_AFTER_INSPECTION_WINDOW = "DRAW_AFTER_INSPECTION_WINDOW"  # draw after 检查时间 ended
    DISCLOSURE_CANNOT_BE_MET = "DISCLOSURE_CANNOT_BE_MET"  # draw after the plan's 公示 date
    INSPECTION_BEFORE_DRAW = "INSPECTION_BEFORE_DRAW"  # a result dated before the task's draw
    INSPECTION_WITHOUT_DRAW = "INSPECTION_WITHOUT_DRAW"  # a result of a task never drawn


class YearFinding(FrozenModel):
    """One finding about the year's plan or record."""

    code: YearFindingCode = Field(description="What it is about")
    severity: Severity = Field(description="ERROR, WARNING or INFO")
    task_ids: tuple[str, ...] = Field(default=(), description="Tasks concerned")
    day: dt.date | None = Field(default=None, description="The date it is about")
    detail: str = Field(default="", description="For TIMELINE: the task finding's code")
    message: str = Field(description="What is wrong, in words")


def _may_meet(a: Task, b: Task) -> bool:
    """Whether two tasks' conditions can select the same subject."""
    if not set(a.subject_kinds) & set(b.subject_kinds):
        return False
    if a.required_tags and b.required_tags and not set(a.required_tags) & set(b.required_tags):
        return False
    return not (
        a.jurisdictions and b.jurisdictions and not set(a.jurisdictions) & set(b.jurisdictions)
    )


@checked
def check_year(
    annual: AnnualPlan,
    *,
    record: YearRecord | None = None,
    results: Iterable[InspectionResult] = (),
    calendar: WorkdayCalendar | None = None,
) -> tuple[YearFinding, ...]:
    """Findings across the whole year; empty when all is well.

    * every task's own timeline (:func:`~jointcheck.workdays.check_task_timeline` against
      the year and its plan's period: phases in order, disclosure dates that cannot be met
      or break the working-day rule);
    * ``INSPECTION_OVERLAP`` (info): two tasks whose inspection windows overlap and whose
      conditions can select the same subject; a subject drawn by both gets one joint visit;
    * with ``record``: a draw outside its task's extraction window, after its inspection
      window ended, or after the plan's own disclosure date (which then cannot be met);
    * with ``results``: an inspection dated before its task's draw, or of a task never drawn.
    """
    cal = calendar or default_calendar()
    findings: list[YearFinding] = []
    for entry in annual.entries:
        for task in entry.plan.tasks:
            for f in check_task_timeline(
                task, year=annual.year, period=entry.plan.period, calendar=cal
            ):
                findings.append(
                    YearFinding(
                        code=YearFindingCode.TIMELINE,
                        severity=f.severity,
                        task_ids=(task.id,),
                        day=f.day,
                        detail=f.code.value,
                        message=f.message,
                    )
                )
    tasks = annual.tasks
    for i, a in enumerate(tasks):
        for b in tasks[i + 1 :]:
            if a.inspection is None or b.inspection is None or not _may_meet(a, b):
                continue
            start = max(a.inspection.start, b.inspection.start)
            end = min(a.inspection.end, b.inspection.end)
            if start <= end:
                findings.append(
                    YearFinding(
                        code=YearFindingCode.INSPECTION_OVERLAP,
                        severity=Severity.INFO,
                        task_ids=(a.id, b.id),
                        day=start,
                        message=f"tasks {a.id!r} and {b.id!r} both inspect from {start} to {end}; "
                        "a subject drawn by both is inspected once (进一次门、查多项事): plan "
                        "one joint visit",
                    )
                )
    draw_days: dict[str, dt.date] = {}
    if record is not None:
        for event in record.draws:
            task = annual.task(event.task_id)
            draw_days[task.id] = event.on
            findings.extend(_draw_findings(task, event.on))
    for result in results:
        drawn = draw_days.get(result.task_id)
        if record is not None and drawn is None:
            findings.append(
                YearFinding(
                    code=YearFindingCode.INSPECTION_WITHOUT_DRAW,
                    severity=Severity.ERROR,
                    task_ids=(result.task_id,),
                    day=result.inspected_on,
                    message=f"subject {result.subject_code!r} was inspected in task "
                    f"{result.task_id!r} on {result.inspected_on}, but the task has no draw",
                )
            )
        elif drawn is not None and result.inspected_on < drawn:
            findings.append(
                YearFinding(
                    code=YearFindingCode.INSPECTION_BEFORE_DRAW,
                    severity=Severity.ERROR,
                    task_ids=(result.task_id,),
                    day=result.inspected_on,
                    message=f"subject {result.subject_code!r} was inspected in task "
                    f"{result.task_id!r} on {result.inspected_on}, before the task's draw on "
                    f"{drawn}",
                )
            )
    return tuple(findings)


def _draw_findings(task: Task, day: dt.date) -> list[YearFinding]:
    out = []
    if task.extraction is not None and day not in task.extraction:
        out.append(
            YearFinding(
                code=YearFindingCode.DRAW_OUTSIDE_EXTRACTION,
                severity=Severity.WARNING,
                task_ids=(task.id,),
                day=day,
                message=f"task {task.id!r} was drawn on {day}, outside its extraction window "
                f"{task.extraction.start} to {task.extraction.end}",
            )
        )
    if task.inspection is not None and day > task.inspection.end:
        out.append(
            YearFinding(
                code=YearFindingCode.DRAW_AFTER_INSPECTION_WINDOW,
                severity=Severity.ERROR,
                task_ids=(task.id,),
                day=day,
                message=f"task {task.id!r} was drawn on {day}, after its inspection window "
                f"ended on {task.inspection.end}; file a postponement (延期实施)",
            )
        )
    if task.disclosure_by is not None and day > task.disclosure_by:
        out.append(
            YearFinding(
                code=YearFindingCode.DISCLOSURE_CANNOT_BE_MET,
                severity=Severity.ERROR,
                task_ids=(task.id,),
                day=day,
                message=f"task {task.id!r} was drawn on {day}, after the plan's disclosure date "
                f"{task.disclosure_by}; its results cannot be published in time",
            )
        )
    return out


class PlannedCount(FrozenModel):
    """How many subjects one task inspects, and where the figure comes from."""

    task_id: str = Field(description="Task")
    count: int | None = Field(default=None, ge=0, description="Subjects; None if unknown")
    source: str = Field(description="'draw', 'given', 'quota' or 'unknown'")


class PlanCoverage(FrozenModel):
    """How far the year's plan goes toward the yearly coverage target (年度抽查企业占比)."""

    registered: int = Field(ge=1, description="Subjects of the jurisdiction's registry")
    target: Decimal = Field(description="Target share, e.g. 0.03")
    required: int = Field(ge=0, description="ceil(target × registered), exactly")
    tasks: tuple[PlannedCount, ...] = Field(description="Planned subjects per task")
    inspected: int = Field(ge=0, description="Distinct registry subjects inspected so far")
    repeated: int = Field(
        default=0,
        ge=0,
        description="Subjects drawn by more than one task of the record, beyond their first "
        "draw (counted once in planned)",
    )

    @property
    def planned(self) -> int:
        """Distinct subjects the plan reaches over the tasks with a known count: a subject
        drawn by two tasks of the record counts once. Exact when every task is drawn; tasks
        counted by quota or given figure may still overlap, so then it is an upper bound."""
        return sum(t.count or 0 for t in self.tasks) - self.repeated

    @property
    def planned_share(self) -> Fraction:
        """``planned / registered`` exactly."""
        return Fraction(self.planned, self.registered)

    @property
    def reaches_target(self) -> bool:
        """Whether the planned inspections can reach the target (:attr:`planned` ≥ required)."""
        return self.planned >= self.required

    @property
    def inspected_share(self) -> Fraction:
        """``inspected / registered`` exactly."""
        return Fraction(self.inspected, self.registered)

    @property
    def unknown(self) -> tuple[str, ...]:
        """Tasks whose planned count is unknown."""
        return tuple(t.task_id for t in self.tasks if t.count is None)


@checked
def plan_coverage(
    annual: AnnualPlan,
    population: Population,
    *,
    record: YearRecord | None = None,
    planned: Mapping[str, int] | None = None,
    inspected_codes: Iterable[str] = (),
) -> PlanCoverage:
    """The yearly target against what the plan draws and what was inspected.

    Each task's planned count is, in order of preference: the size of its draw in
    ``record``; the figure in ``planned``; its exact quotas on the subjects of
    ``population`` its kinds and jurisdictions select (for tasks without 定向 tags, which a
    registry does not carry); otherwise unknown.

    Raises:
        InvalidInputError: the registry is empty, or ``planned`` names an unknown task.
    """
    if len(population) == 0:
        raise InvalidInputError(
            "the registry is empty; the coverage target needs registered subjects",
            field="population",
            value=0,
        )
    planned = dict(planned or {})
    ids = {t.id for t in annual.tasks}
    unknown = sorted(set(planned) - ids)
    if unknown:
        raise InvalidInputError(
            f"planned counts for tasks {unknown} that are not in the annual plan",
            field="planned",
            value=unknown,
        )
    latest = {e.task_id: e.draw for e in record.draws} if record else {}
    drawn = {task_id: len(draw.selected) for task_id, draw in latest.items()}
    selected = [code for draw in latest.values() for code in draw.selected]
    rows = []
    for task in annual.tasks:
        if task.id in drawn:
            rows.append(PlannedCount(task_id=task.id, count=drawn[task.id], source="draw"))
        elif task.id in planned:
            rows.append(PlannedCount(task_id=task.id, count=planned[task.id], source="given"))
        elif not task.required_tags:
            mask = population.mask(
                kinds=task.subject_kinds, jurisdictions=task.jurisdictions or None
            )
            counts = population.select(mask).counts_by_tier()
            rows.append(
                PlannedCount(
                    task_id=task.id, count=task.sampling.quotas(counts).total, source="quota"
                )
            )
        else:
            rows.append(PlannedCount(task_id=task.id, source="unknown"))
    need = Fraction(annual.coverage_target) * len(population)
    codes = sorted({c for c in inspected_codes if len(c) <= 18 and c.isascii()})
    found = 0
    if codes:
        found = int((population.positions(np.array(codes, dtype="U18")) >= 0).sum())
    return PlanCoverage(
        registered=len(population),
        target=annual.coverage_target,
        required=-(-need.numerator // need.denominator),
        tasks=tuple(rows),
        inspected=found,
        repeated=len(selected) - len(set(selected)),
    )
