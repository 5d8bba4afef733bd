"""Disclosure tracking (抽查结果公示): each result's deadline, on time / overdue / pending.

The deadline follows the task's rule on a working-day calendar (passed in, never global):
``disclosure_working_days`` working days after the inspection, or the plan's own last day
(``disclosure_by``) when that comes first (:func:`jointcheck.records.disclosure_rule`).
The day the period counts from is, by default, the day the subject was inspected (the
inspection of that subject ends then: 自检查结束之日起20个工作日内); a department that has
not entered its result yet has no known inspection day, so its deadline counts from the end
of the task's inspection window, the latest day the inspection may end. With
``anchor=DeadlineAnchor.WINDOW_END`` every deadline counts from the window's end.

The report is taken as of a day: results entered or published after ``as_of`` count as not
yet entered or published, so the report for a past day is what a tracker would have shown
then.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from enum import Enum
from fractions import Fraction

import numpy as np
from pydantic import Field, model_validator

from jointcheck._internal.base import NonEmptyStr
from jointcheck._internal.checked import checked
from jointcheck.errors import InspectionError
from jointcheck.forms import InspectionResult, ResultStatus
from jointcheck.model import FrozenModel, Task
from jointcheck.records._ledger import PlanLedger
from jointcheck.records._timeline import disclosure_rule
from jointcheck.workdays import DeadlineRule, WorkdayCalendar, deadline_array

__all__ = [
    "DeadlineAnchor",
    "DisclosureReport",
    "DisclosureState",
    "DisclosureStatus",
    "track_disclosure",
]


class DeadlineAnchor(str, Enum):
    """The day a disclosure period counts from (抽查检查结束之日)."""

    INSPECTION_DAY = (
        "INSPECTION_DAY"  # the day the subject was inspected (window end until entered)
    )
    WINDOW_END = "WINDOW_END"  # the last day of the task's inspection window


class DisclosureState(str, Enum):
    """Where one result stands against its deadline."""

    ON_TIME = "ON_TIME"  # 按期公示: published on or before the deadline
    LATE = "LATE"  # 逾期公示: published after the deadline
    OVERDUE = "OVERDUE"  # 逾期未公示: deadline passed, not published
    PENDING = "PENDING"  # 待公示: not published, deadline not passed

    @property
    def label(self) -> str:
        """The Chinese name."""
        return _STATE_LABELS[self]


_STATE_LABELS = {
    DisclosureState.ON_TIME: "按期公示",
    DisclosureState.LATE: "逾期公示",
    DisclosureState.OVERDUE: "逾期未公示",
    DisclosureState.PENDING: "待公示",
}


class DisclosureStatus(FrozenModel):
    """The disclosure of one (task, subject, department) result as of a day."""

    task_id: NonEmptyStr = Field(description="Task")
    subject_code: NonEmptyStr = Field(description="Subject")
    department_id: NonEmptyStr = Field(description="Department that enters and publishes")
    result_status: ResultStatus = Field(description="未录入 / 待审核 / 已公示, as of the day")
    counted_from: dt.date = Field(description="Day the period counts from (not counted itself)")
    deadline: dt.date = Field(description="Last day on which publication is in time")
    published_on: dt.date | None = Field(
        default=None, description="Day of publication, if published by the day of the report"
    )
    state: DisclosureState = Field(description="按期公示 / 逾期公示 / 逾期未公示 / 待公示")
    overdue_working_days: int = Field(
        default=0,
        ge=0,
        description="Working days after the deadline up to publication (LATE) or up to the "
        "report day (OVERDUE); 0 otherwise",
    )

    @model_validator(mode="after")
    def _consistent(self) -> DisclosureStatus:
        published = self.published_on is not None
        if published != (self.result_status is ResultStatus.PUBLISHED):
            raise ValueError("published_on is set exactly when result_status is PUBLISHED")
        if published != (self.state in (DisclosureState.ON_TIME, DisclosureState.LATE)):
            raise ValueError(
                f"state {self.state.value} does not fit published_on={self.published_on}"
            )
        if (
            self.state in (DisclosureState.ON_TIME, DisclosureState.PENDING)
            and self.overdue_working_days
        ):
            raise ValueError(f"a {self.state.value} result is not overdue by any working day")
        return self


class DisclosureReport(FrozenModel):
    """Every expected result of a plan (or task) and its disclosure as of a day.

    Expected results are one per department section of every form; a cancelled task
    expects only the results it took before it was cancelled. The disclosure rate
    (抽查结果公示率) counts results published on time: it is 100% exactly when every
    expected result was entered and published by its deadline.
    """

    plan_id: NonEmptyStr = Field(description="Plan")
    as_of: dt.date = Field(description="Day of the report")
    anchor: DeadlineAnchor = Field(description="Day each period counts from")
    items: tuple[DisclosureStatus, ...] = Field(description="One per expected result")

    @property
    def expected(self) -> int:
        """Results expected (应公示)."""
        return len(self.items)

    def count(self, state: DisclosureState) -> int:
        """Results in ``state``."""
        return sum(1 for item in self.items if item.state is state)

    @property
    def counts(self) -> dict[DisclosureState, int]:
        """Results per state, every state present."""
        found = Counter(item.state for item in self.items)
        return {state: found.get(state, 0) for state in DisclosureState}

    @property
    def rate(self) -> Fraction:
        """On-time publications / expected results, exactly (1 when nothing is expected)."""
        if not self.items:
            return Fraction(1)
        return Fraction(self.count(DisclosureState.ON_TIME), len(self.items))

    @property
    def published_rate(self) -> Fraction:
        """Published results (on time or late) / expected results (1 when nothing is expected)."""
        if not self.items:
            return Fraction(1)
        published = self.count(DisclosureState.ON_TIME) + self.count(DisclosureState.LATE)
        return Fraction(published, len(self.items))

    @property
    def complete(self) -> bool:
        """Whether the rate is 100% (抽查结果公示率达到100%)."""
        return self.rate == 1

    def for_task(self, task_id: str) -> DisclosureReport:
        """The part of the report about one task."""
        return self.model_copy(
            update={"items": tuple(i for i in self.items if i.task_id == task_id)}
        )

    def overdue(self) -> tuple[DisclosureStatus, ...]:
        """Results past their deadline and not published, most overdue first."""
        late = [i for i in self.items if i.state is DisclosureState.OVERDUE]
        return tuple(sorted(late, key=lambda i: (-i.overdue_working_days, i.deadline)))


def _as_of(result: InspectionResult | None, as_of: dt.date) -> InspectionResult | None:
    if result is None or result.entered_on > as_of:
        return None
    if result.published_on is not None and result.published_on > as_of:
        return result.model_copy(update={"published_on": None})
    return result


def _window_end(task: Task, why: str) -> dt.date:
    if task.inspection is None:
        raise InspectionError(
            f"task {task.id!r} has no inspection window, so the disclosure deadline of {why} "
            "cannot be counted; set the task's inspection window",
            field="inspection",
            value=task.id,
        )
    return task.inspection.end


@checked
def track_disclosure(
    ledger: PlanLedger,
    *,
    calendar: WorkdayCalendar,
    as_of: dt.date,
    anchor: DeadlineAnchor = DeadlineAnchor.INSPECTION_DAY,
) -> DisclosureReport:
    """Each expected result's deadline and state as of ``as_of``.

    Args:
        ledger: The plan's ledger (forms and results).
        calendar: The working-day calendar deadlines are counted on (e.g. ``ChinaCalendar()``,
            or the inspecting authority's regional calendar).
        as_of: The day of the report; nothing after it is taken into account.
        anchor: The day periods count from (see the module docstring).

    Raises:
        InspectionError: a deadline is needed from a task that has no inspection window.
        CalendarCoverageError: a day outside the calendar's range.
    """
    plan = ledger.plan
    keys: list[tuple[str, str, str]] = []
    entries: list[InspectionResult | None] = []
    events: list[dt.date] = []
    rules: list[DeadlineRule] = []
    for task_ledger in ledger.tasks:
        task = plan.task(task_ledger.task_id)
        cancelled = ledger.history.cancellation(task.id) is not None
        rule = disclosure_rule(task)
        for form in task_ledger.forms:
            for section in form.sections:
                result = _as_of(section.result, as_of)
                if cancelled and section.result is None:
                    continue
                if result is not None and anchor is DeadlineAnchor.INSPECTION_DAY:
                    event = result.inspected_on
                else:
                    why = (
                        f"results of task {task.id!r}"
                        if anchor is DeadlineAnchor.WINDOW_END
                        else f"the result of {section.department_id!r} for "
                        f"{form.subject.code!r}, not entered yet,"
                    )
                    event = _window_end(task, why)
                keys.append((task.id, form.subject.code, section.department_id))
                entries.append(result)
                events.append(event)
                rules.append(rule)
    deadlines = _deadlines(rules, events, calendar)
    items = []
    for key, result, event, due in zip(keys, entries, events, deadlines, strict=True):
        published = result.published_on if result is not None else None
        if published is not None:
            state = DisclosureState.ON_TIME if published <= due else DisclosureState.LATE
            late_until = published
        else:
            state = DisclosureState.OVERDUE if as_of > due else DisclosureState.PENDING
            late_until = as_of
        overdue = (
            calendar.count_workdays(due, late_until)
            if state in (DisclosureState.LATE, DisclosureState.OVERDUE)
            else 0
        )
        items.append(
            DisclosureStatus(
                task_id=key[0],
                subject_code=key[1],
                department_id=key[2],
                result_status=ResultStatus.NOT_ENTERED if result is None else result.status,
                counted_from=event,
                deadline=due,
                published_on=published,
                state=state,
                overdue_working_days=max(0, overdue),
            )
        )
    return DisclosureReport(plan_id=plan.id, as_of=as_of, anchor=anchor, items=tuple(items))


def _deadlines(
    rules: list[DeadlineRule], events: list[dt.date], calendar: WorkdayCalendar
) -> list[dt.date]:
    """Deadlines for every event, one vectorised call per distinct rule."""
    out: list[dt.date] = list(events)
    groups: dict[str, tuple[DeadlineRule, list[int]]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(rule.model_dump_json(), (rule, []))[1].append(i)
    for rule, positions in groups.values():
        days = np.array([events[i] for i in positions], dtype="datetime64[D]")
        found: list[dt.date] = deadline_array(rule, days, calendar=calendar).tolist()
        for i, day in zip(positions, found, strict=True):
            out[i] = day
    return out
