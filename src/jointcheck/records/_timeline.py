"""Plan timeline checks: phases in order, within the plan year, disclosure within the rule.

A plan (抽查工作方案) runs in phases: 随机抽取 (extraction), 实地检查 (inspection) and
问题处理及结果公示 (disclosure). The rule is that results are published within
``task.disclosure_working_days`` working days after the inspection ends (抽查结束后20个工作日内);
a plan may also set its own last day (``task.disclosure_by``). The checks return findings,
never raise or warn, so a system can show them or act on them.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import Field

from jointcheck._internal.checked import checked
from jointcheck.errors import CalendarCoverageError, InvalidInputError
from jointcheck.model import PLAN_YEARS, DateWindow, FrozenModel, Plan, Task
from jointcheck.workdays import (
    DeadlineRule,
    EarliestOf,
    FixedDate,
    WorkdayCalendar,
    WorkingDays,
    deadline,
    default_calendar,
)

__all__ = [
    "FindingCode",
    "Severity",
    "TimelineFinding",
    "check_plan_timeline",
    "check_task_timeline",
    "disclosure_deadline",
    "disclosure_rule",
]


class Severity(str, Enum):
    """How serious a finding is."""

    ERROR = "ERROR"  # the plan contradicts itself or cannot be checked
    WARNING = "WARNING"  # the plan departs from the legal rule or its year
    INFO = "INFO"  # a check that could not be made for lack of data


class FindingCode(str, Enum):
    """What a timeline finding is about."""

    PHASE_ORDER = "PHASE_ORDER"  # 实地检查 starts before 随机抽取 starts
    PHASE_OVERLAP = "PHASE_OVERLAP"  # 实地检查 starts before 随机抽取 ends
    OUTSIDE_PLAN_YEAR = "OUTSIDE_PLAN_YEAR"  # a phase or date outside the plan's 年度
    OUTSIDE_PLAN_PERIOD = "OUTSIDE_PLAN_PERIOD"  # a phase or date outside the plan's period
    DISCLOSURE_BEFORE_INSPECTION_END = "DISCLOSURE_BEFORE_INSPECTION_END"
    DISCLOSURE_AFTER_LEGAL_DEADLINE = "DISCLOSURE_AFTER_LEGAL_DEADLINE"  # later than 20个工作日
    DISCLOSURE_SHORTER_THAN_RULE = "DISCLOSURE_SHORTER_THAN_RULE"  # fewer working days
    NO_INSPECTION_WINDOW = "NO_INSPECTION_WINDOW"  # no 检查时间: deadline cannot be checked
    CALENDAR_NOT_COVERED = "CALENDAR_NOT_COVERED"  # the calendar has no data for the year


class TimelineFinding(FrozenModel):
    """One problem found in a plan's timeline."""

    code: FindingCode = Field(description="What the finding is about")
    severity: Severity = Field(description="How serious it is")
    task_id: str | None = Field(default=None, description="The task concerned, if any")
    day: dt.date | None = Field(default=None, description="The date the finding is about")
    legal_deadline: dt.date | None = Field(
        default=None, description="The deadline the legal rule gives, where it was computed"
    )
    message: str = Field(description="What is wrong and what the rule says, in words")


@checked
def disclosure_rule(task: Task) -> DeadlineRule:
    """The task's disclosure deadline rule, counted from the end of the inspection.

    ``WorkingDays(task.disclosure_working_days)``, or, when the plan sets its own last day
    (``task.disclosure_by``), the earliest of that and the working-day rule.

    Examples:
        >>> from jointcheck.model import CheckItem, Task
        >>> task = Task(id="t", name="t", sampling="5%", disclosure_working_days=10,
        ...             check_items=[CheckItem(id="i", department_id="d", name="登记事项检查")])
        >>> disclosure_rule(task)
        WorkingDays(kind='working_days', n=10)
    """
    legal = WorkingDays(n=task.disclosure_working_days)
    if task.disclosure_by is None:
        return legal
    return EarliestOf(rules=(legal, FixedDate(day=task.disclosure_by)))


@checked
def disclosure_deadline(task: Task, *, calendar: WorkdayCalendar | None = None) -> dt.date:
    """The last day to enter and publish the task's results (:func:`disclosure_rule` applied
    to the end of its inspection window).

    Raises:
        InvalidInputError: the task has no inspection window.
        CalendarCoverageError: the calendar has no data for the days involved.
    """
    if task.inspection is None:
        raise InvalidInputError(
            f"task {task.id!r} has no inspection window, so its disclosure deadline (counted "
            "from the end of the inspection) is unknown; set task.inspection",
            field="inspection",
            value=None,
        )
    return deadline(disclosure_rule(task), task.inspection.end, calendar=calendar)


def _outside(
    what: str,
    window: DateWindow | dt.date,
    limits: DateWindow,
    code: FindingCode,
    label: str,
    task_id: str,
) -> TimelineFinding | None:
    start, end = (window, window) if isinstance(window, dt.date) else (window.start, window.end)
    if limits.start <= start and end <= limits.end:
        return None
    shown = f"{start}" if start == end else f"{start} to {end}"
    day = start if start < limits.start else end
    return TimelineFinding(
        code=code,
        severity=Severity.WARNING,
        task_id=task_id,
        day=day,
        message=f"task {task_id!r}: {what} ({shown}) is not within {label} "
        f"({limits.start} to {limits.end})",
    )


@checked
def check_task_timeline(
    task: Task,
    *,
    year: int | None = None,
    period: DateWindow | None = None,
    calendar: WorkdayCalendar | None = None,
) -> tuple[TimelineFinding, ...]:
    """Check one task's phases and disclosure date; empty when all is well.

    * extraction (抽取) starts before inspection (检查) starts (else ``PHASE_ORDER``, an
      error) and ends before it starts (else ``PHASE_OVERLAP``, a warning: batch-wise
      extraction can explain it);
    * every phase and the plan's own disclosure date lie within ``year`` and ``period``
      when given;
    * the plan's disclosure date (``task.disclosure_by``) is not before the inspection ends
      (an error), not after the legal deadline (``DISCLOSURE_AFTER_LEGAL_DEADLINE``) and,
      when earlier, the finding ``DISCLOSURE_SHORTER_THAN_RULE`` says how many working days
      it leaves against the rule's ``task.disclosure_working_days``.

    A calendar without data for the days involved gives a ``CALENDAR_NOT_COVERED`` finding
    whose message says how to supply the year.

    Raises:
        InvalidInputError: ``year`` is outside 2015–2100 (the years a plan may have).
    """
    if year is not None and not PLAN_YEARS[0] <= year <= PLAN_YEARS[1]:
        raise InvalidInputError(
            f"year {year} is out of range: a plan year is from {PLAN_YEARS[0]} to {PLAN_YEARS[1]}",
            field="year",
            value=year,
        )
    cal = calendar or default_calendar()
    findings: list[TimelineFinding] = []
    tid = task.id
    ex, insp = task.extraction, task.inspection
    if ex is not None and insp is not None:
        if insp.start < ex.start:
            findings.append(
                TimelineFinding(
                    code=FindingCode.PHASE_ORDER,
                    severity=Severity.ERROR,
                    task_id=tid,
                    day=insp.start,
                    message=f"task {tid!r}: inspection starts on {insp.start}, before extraction "
                    f"starts on {ex.start}; subjects must be drawn before they are inspected",
                )
            )
        elif insp.start <= ex.end:
            findings.append(
                TimelineFinding(
                    code=FindingCode.PHASE_OVERLAP,
                    severity=Severity.WARNING,
                    task_id=tid,
                    day=insp.start,
                    message=f"task {tid!r}: inspection starts on {insp.start}, before extraction "
                    f"ends on {ex.end}; fine if subjects are drawn in batches (逐批次), "
                    "otherwise start the inspection after the draw",
                )
            )
    limits: list[tuple[DateWindow, FindingCode, str]] = []
    if year is not None:
        limits.append(
            (
                DateWindow(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)),
                FindingCode.OUTSIDE_PLAN_YEAR,
                f"the plan year {year}",
            )
        )
    if period is not None:
        limits.append((period, FindingCode.OUTSIDE_PLAN_PERIOD, "the plan's period"))
    phases: list[tuple[str, DateWindow | dt.date]] = []
    if ex is not None:
        phases.append(("extraction", ex))
    if insp is not None:
        phases.append(("inspection", insp))
    if task.disclosure_by is not None:
        phases.append(("the disclosure date", task.disclosure_by))
    for window, code, label in limits:
        for what, phase in phases:
            finding = _outside(what, phase, window, code, label, tid)
            if finding is not None:
                findings.append(finding)
    findings.extend(_disclosure_findings(task, cal))
    return tuple(findings)


def _disclosure_findings(task: Task, cal: WorkdayCalendar) -> list[TimelineFinding]:
    tid = task.id
    insp = task.inspection
    if insp is None:
        return [
            TimelineFinding(
                code=FindingCode.NO_INSPECTION_WINDOW,
                severity=Severity.INFO,
                task_id=tid,
                message=f"task {tid!r} has no inspection window; the disclosure deadline "
                "(counted from the end of the inspection) cannot be checked",
            )
        ]
    n = task.disclosure_working_days
    try:
        legal = cal.add_workdays(insp.end, n)
    except CalendarCoverageError as exc:
        return [
            TimelineFinding(
                code=FindingCode.CALENDAR_NOT_COVERED,
                severity=Severity.ERROR,
                task_id=tid,
                day=insp.end,
                message=f"task {tid!r}: cannot compute {n} working days after {insp.end}: "
                f"{exc.message}",
            )
        ]
    by = task.disclosure_by
    if by is None:
        return []
    if by < insp.end:
        return [
            TimelineFinding(
                code=FindingCode.DISCLOSURE_BEFORE_INSPECTION_END,
                severity=Severity.ERROR,
                task_id=tid,
                day=by,
                legal_deadline=legal,
                message=f"task {tid!r}: results are due by {by}, before the inspection ends on "
                f"{insp.end}",
            )
        ]
    if by > legal:
        return [
            TimelineFinding(
                code=FindingCode.DISCLOSURE_AFTER_LEGAL_DEADLINE,
                severity=Severity.WARNING,
                task_id=tid,
                day=by,
                legal_deadline=legal,
                message=f"task {tid!r}: the plan's disclosure date {by} is later than the rule "
                f"allows: {n} working days after the inspection ends on {insp.end} is {legal}, "
                "which governs",
            )
        ]
    if by < legal:
        left = cal.count_workdays(insp.end, by)
        return [
            TimelineFinding(
                code=FindingCode.DISCLOSURE_SHORTER_THAN_RULE,
                severity=Severity.WARNING,
                task_id=tid,
                day=by,
                legal_deadline=legal,
                message=f"task {tid!r}: the plan's disclosure date {by} leaves {left} working "
                f"day{'s' if left != 1 else ''} after the inspection ends on {insp.end}, fewer "
                f"than the {n} the rule allows (until {legal}); the plan's earlier date binds",
            )
        ]
    return []


@checked
def check_plan_timeline(
    plan: Plan, *, calendar: WorkdayCalendar | None = None
) -> tuple[TimelineFinding, ...]:
    """:func:`check_task_timeline` for every task of ``plan``, against its year and period.

    Examples:
        >>> from jointcheck.model import CheckItem, Department, Plan, Task, DateWindow
        >>> task = Task(
        ...     id="1", name="医疗美容场所联合检查", sampling="无风险等级抽取30%",
        ...     check_items=[CheckItem(id="a", department_id="scj", name="登记事项检查")],
        ...     extraction=DateWindow(start=dt.date(2023, 3, 3), end=dt.date(2023, 3, 6)),
        ...     inspection=DateWindow(start=dt.date(2023, 3, 7), end=dt.date(2023, 4, 7)),
        ...     disclosure_by=dt.date(2023, 4, 30))
        >>> plan = Plan(id="p", name="兴安盟2023年医疗美容行业联合抽查", year=2023,
        ...             initiator_id="scj", departments=[Department(id="scj", name="市场监管局")],
        ...             tasks=[task])
        >>> [f.code.value for f in check_plan_timeline(plan)]
        ['DISCLOSURE_SHORTER_THAN_RULE']
    """
    cal = calendar or default_calendar()
    findings: list[TimelineFinding] = []
    for task in plan.tasks:
        findings.extend(check_task_timeline(task, year=plan.year, period=plan.period, calendar=cal))
    return tuple(findings)
