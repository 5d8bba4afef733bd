"""Deadline rules (期限): working days, calendar days, fixed dates and the earliest of several.

Each rule is a small frozen model with a ``kind`` field, so a task or plan carries its rules
in JSON. A rule turns the day of an event (the end of the inspection, 抽查结束之日) into the
last day on which the act is still in time; that day itself is in time (民法典 art. 203:
a period ends at 24:00 of its last day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
import pydantic
from pydantic import Field, TypeAdapter

from jointcheck._internal.base import FrozenModel, model_error
from jointcheck._internal.checked import checked
from jointcheck.errors import InvalidInputError
from jointcheck.workdays._china import default_calendar
from jointcheck.workdays._protocol import WorkdayCalendar
from jointcheck.workdays._table import DateArray, _as_days

__all__ = [
    "CalendarDays",
    "DeadlineRule",
    "EarliestOf",
    "FixedDate",
    "WorkingDays",
    "deadline",
    "deadline_array",
    "is_overdue",
    "parse_deadline_rule",
    "working_days_left",
]


class WorkingDays(FrozenModel):
    """The ``n``-th working day after the event (抽查结束之日起20个工作日内).

    The event day is not counted (民法典 art. 201; 行政许可法 art. 82 counts 工作日 without
    法定节假日), whether or not it is a working day, so the deadline is
    ``calendar.add_workdays(event, n)``: 20 working days after Friday 2023-04-07 is
    2023-05-08, counting Sunday 2023-04-23 and Saturday 2023-05-06 (调休上班) and skipping
    the 劳动节 holiday 04-29 to 05-03.
    """

    kind: Literal["working_days"] = Field(
        default="working_days", description="Rule type (the JSON discriminator)"
    )
    n: int = Field(ge=1, description="Number of working days (工作日) after the event")

    def describe(self) -> str:
        """The rule in words."""
        return f"{self.n} working days after the event"


class CalendarDays(FrozenModel):
    """``n`` calendar days after the event; a last day that is not a working day moves on.

    Counted as Chinese procedural law counts periods in days: the event day is not counted
    (民法典 art. 201; 民事诉讼法 art. 85), and when the last day is a holiday or a weekend rest
    day the period ends on the next working day (民法典 art. 203), which may be a 调休
    Saturday or Sunday.
    """

    kind: Literal["calendar_days"] = Field(
        default="calendar_days", description="Rule type (the JSON discriminator)"
    )
    n: int = Field(ge=1, description="Number of calendar days (日) after the event")

    def describe(self) -> str:
        """The rule in words."""
        return f"{self.n} calendar days after the event (a rest day ends on the next working day)"


class FixedDate(FrozenModel):
    """A fixed last day set by the plan (e.g. 务必在10月30日前完成); never moved.

    The day must not be before the event the deadline follows: :func:`deadline` raises
    rather than answer a day that was over before the event happened.
    """

    kind: Literal["fixed_date"] = Field(
        default="fixed_date", description="Rule type (the JSON discriminator)"
    )
    day: dt.date = Field(description="The last day on which the act is in time")

    def describe(self) -> str:
        """The rule in words."""
        return f"by {self.day.isoformat()}"


class EarliestOf(FrozenModel):
    """The earliest deadline of several rules, e.g. a plan's own end date against
    20 working days after the inspection."""

    kind: Literal["earliest_of"] = Field(
        default="earliest_of", description="Rule type (the JSON discriminator)"
    )
    rules: tuple[DeadlineRule, ...] = Field(
        min_length=1, description="The rules; the deadline is the earliest of theirs"
    )

    def describe(self) -> str:
        """The rule in words."""
        return "the earliest of: " + "; ".join(r.describe() for r in self.rules)


DeadlineRule = Annotated[
    WorkingDays | CalendarDays | FixedDate | EarliestOf,
    Field(discriminator="kind"),
]
"""Any deadline rule; in JSON the ``kind`` field says which (``working_days``,
``calendar_days``, ``fixed_date``, ``earliest_of``)."""

EarliestOf.model_rebuild()
_ADAPTER: TypeAdapter[WorkingDays | CalendarDays | FixedDate | EarliestOf] = TypeAdapter(
    DeadlineRule
)


@checked
def parse_deadline_rule(data: str | bytes | Mapping[str, Any]) -> DeadlineRule:
    """A rule from JSON text or a dict, by its ``kind``.

    Examples:
        >>> parse_deadline_rule('{"kind": "working_days", "n": 20}')
        WorkingDays(kind='working_days', n=20)

    Raises:
        ModelValidationError: unknown ``kind`` or invalid fields.
    """
    try:
        if isinstance(data, (str, bytes)):
            return _ADAPTER.validate_json(data)
        return _ADAPTER.validate_python(data)
    except pydantic.ValidationError as exc:
        raise model_error(exc, "DeadlineRule") from exc


def _check_rule(rule: object) -> None:
    if not isinstance(rule, (WorkingDays, CalendarDays, FixedDate, EarliestOf)):
        raise InvalidInputError(
            f"rule must be WorkingDays, CalendarDays, FixedDate or EarliestOf, got "
            f"{type(rule).__name__} {rule!r}",
            field="rule",
            value=rule,
        )


def _deadline(rule: DeadlineRule, event: dt.date, calendar: WorkdayCalendar) -> dt.date:
    if isinstance(rule, WorkingDays):
        return calendar.add_workdays(event, rule.n)
    if isinstance(rule, CalendarDays):
        return calendar.next_workday(event + dt.timedelta(days=rule.n), inclusive=True)
    if isinstance(rule, FixedDate):
        if rule.day < event:
            raise _before_event(rule, event)
        return rule.day
    return min(_deadline(r, event, calendar) for r in rule.rules)


def _before_event(rule: FixedDate, event: object) -> InvalidInputError:
    return InvalidInputError(
        f"the fixed deadline {rule.day.isoformat()} is before the event {event} it follows; "
        "a deadline after an event must fall on or after it (change the date, or the plan "
        "with a new last day)",
        field="event",
        value=event,
    )


@checked
def deadline(
    rule: DeadlineRule, event: dt.date, *, calendar: WorkdayCalendar | None = None
) -> dt.date:
    """The last day on which an act due under ``rule`` after ``event`` is in time.

    ``calendar`` defaults to the national :class:`ChinaCalendar`.

    Examples:
        >>> deadline(WorkingDays(n=20), dt.date(2023, 4, 7))
        datetime.date(2023, 5, 8)
        >>> deadline(EarliestOf(rules=(WorkingDays(n=20), FixedDate(day=dt.date(2023, 4, 30)))),
        ...          dt.date(2023, 4, 7))
        datetime.date(2023, 4, 30)

    Raises:
        CalendarCoverageError: the event or the deadline is outside the calendar's range.
        InvalidInputError: a :class:`FixedDate` in ``rule`` is before ``event``.
    """
    _check_rule(rule)
    if not isinstance(event, dt.date):
        raise InvalidInputError(
            f"event must be a datetime.date, got {type(event).__name__} {event!r}",
            field="event",
            value=event,
        )
    try:
        return _deadline(rule, event, calendar or default_calendar())
    except OverflowError:
        raise InvalidInputError(
            f"the deadline ({rule.describe()}) of an event on {event} falls beyond the year "
            "9999, the last there is",
            field="event",
            value=event,
        ) from None


@checked
def is_overdue(
    rule: DeadlineRule,
    event: dt.date,
    *,
    on: dt.date,
    calendar: WorkdayCalendar | None = None,
) -> bool:
    """Whether, on day ``on``, the deadline has passed (``on`` is after the deadline).

    The deadline day itself is not overdue.
    """
    return on > deadline(rule, event, calendar=calendar)


@checked
def working_days_left(
    rule: DeadlineRule,
    event: dt.date,
    *,
    on: dt.date,
    calendar: WorkdayCalendar | None = None,
) -> int:
    """Working days after ``on`` up to and including the deadline: ``count_workdays(on, deadline)``.

    ``0`` on the deadline day itself (the day is still in time); negative once overdue
    (minus the working days elapsed since the deadline). On a rest day right after the
    deadline the result is ``0`` although the deadline has passed: use :func:`is_overdue`
    to tell.

    Examples:
        >>> working_days_left(WorkingDays(n=20), dt.date(2023, 4, 7), on=dt.date(2023, 4, 28))
        4
    """
    cal = calendar or default_calendar()
    return cal.count_workdays(on, deadline(rule, event, calendar=cal))


def _deadline_array(rule: DeadlineRule, events: DateArray, calendar: WorkdayCalendar) -> DateArray:
    if isinstance(rule, WorkingDays):
        return calendar.add_workdays_array(events, rule.n)
    if isinstance(rule, CalendarDays):
        return calendar.next_workday_array(events + np.timedelta64(rule.n, "D"), inclusive=True)
    if isinstance(rule, FixedDate):
        day = np.datetime64(rule.day, "D")
        late = events > day
        if late.any():
            raise _before_event(rule, events[late.argmax()] if events.ndim == 1 else events.max())
        return np.full(events.shape, day)
    out = _deadline_array(rule.rules[0], events, calendar)
    for sub in rule.rules[1:]:
        out = np.minimum(out, _deadline_array(sub, events, calendar))
    return out


@checked
def deadline_array(
    rule: DeadlineRule, events: npt.ArrayLike, *, calendar: WorkdayCalendar | None = None
) -> DateArray:
    """:func:`deadline` for every event in a ``datetime64`` array (same shape).

    Overdue flags and days left follow with numpy: ``deadlines < on`` and
    ``calendar.count_workdays_array(on, deadlines)``.

    Raises:
        CalendarCoverageError: an event or its deadline is outside the calendar's range.
        InvalidInputError: a :class:`FixedDate` in ``rule`` is before one of the events.
    """
    _check_rule(rule)
    return _deadline_array(rule, _as_days(events, "events"), calendar or default_calendar())
