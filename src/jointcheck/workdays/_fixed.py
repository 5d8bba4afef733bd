"""``FixedCalendar``: a calendar from explicit days, for tests and for data you hold yourself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from jointcheck.errors import CalendarDataError, InvalidInputError
from jointcheck.workdays._table import TableCalendar, day_number

__all__ = ["FixedCalendar"]


def _dates(values: Iterable[dt.date], name: str) -> tuple[dt.date, ...]:
    out = tuple(values)
    for value in out:
        if not isinstance(value, dt.date):
            raise InvalidInputError(
                f"{name} must hold datetime.date values, got {type(value).__name__} {value!r}",
                field=name,
                value=value,
            )
    return tuple(sorted(set(out)))


class FixedCalendar(TableCalendar):
    """A working-day calendar over a stated range, built from explicit rest and working days.

    A test double that needs no holiday data, like httpx's ``MockTransport``: every day of
    ``first_day .. last_day`` is a working day unless its weekday is in ``weekend`` (Saturday
    and Sunday by default) or it is listed in ``holidays``; a day listed in ``workdays`` is a
    working day whatever its weekday. Outside the range every method raises
    :class:`~jointcheck.errors.CalendarCoverageError`, just as :class:`ChinaCalendar` does for
    a year it has no data for. Immutable.

    Examples:
        >>> cal = FixedCalendar(dt.date(2024, 1, 1), dt.date(2024, 1, 31),
        ...                     holidays=[dt.date(2024, 1, 1)])
        >>> cal.add_workdays(dt.date(2024, 1, 5), 1)  # Friday → Monday
        datetime.date(2024, 1, 8)
        >>> cal.count_workdays(dt.date(2024, 1, 1), dt.date(2024, 1, 7))  # (Mon, Sun]
        4
    """

    __slots__ = ()

    def __init__(
        self,
        first_day: dt.date,
        last_day: dt.date,
        *,
        holidays: Iterable[dt.date] = (),
        workdays: Iterable[dt.date] = (),
        weekend: Iterable[int] = (5, 6),
    ) -> None:
        for name, value in (("first_day", first_day), ("last_day", last_day)):
            if not isinstance(value, dt.date):
                raise InvalidInputError(
                    f"{name} must be a datetime.date, got {type(value).__name__} {value!r}",
                    field=name,
                    value=value,
                )
        if last_day < first_day:
            raise InvalidInputError(
                f"last_day {last_day} is before first_day {first_day}; the range must hold at "
                "least one day",
                field="last_day",
                value=last_day,
            )
        rest = _dates(holidays, "holidays")
        extra = _dates(workdays, "workdays")
        weekend_days = tuple(weekend)
        if any(
            isinstance(w, bool) or not isinstance(w, int) or not 0 <= w <= 6 for w in weekend_days
        ):
            raise InvalidInputError(
                f"weekend must hold weekday numbers 0 (Monday) to 6 (Sunday), got {weekend_days}",
                field="weekend",
                value=weekend_days,
            )
        both = sorted(set(rest) & set(extra))
        if both:
            raise CalendarDataError(
                f"{', '.join(map(str, both[:5]))} listed both in holidays and in workdays; each "
                "day may be only one",
                field="workdays",
                value=both[0],
            )
        outside = [d for d in (*rest, *extra) if not first_day <= d <= last_day]
        if outside:
            raise CalendarDataError(
                f"{', '.join(map(str, outside[:5]))} outside the calendar's range {first_day} "
                f"to {last_day}",
                field="holidays" if outside[0] in rest else "workdays",
                value=outside[0],
            )
        first = day_number(first_day)
        numbers = np.arange(first, day_number(last_day) + 1)
        work = ~np.isin((numbers + 3) % 7, np.array(weekend_days, dtype=np.int64))
        for values, flag in ((rest, False), (extra, True)):
            if values:
                work[np.array([day_number(d) for d in values]) - first] = flag
        self._init_table(first_day, work)

    @classmethod
    def from_flags(cls, first_day: dt.date, flags: Sequence[bool]) -> FixedCalendar:
        """A calendar whose day ``first_day + i`` is a working day exactly when ``flags[i]``.

        Examples:
            >>> FixedCalendar.from_flags(dt.date(2024, 1, 1), [True, False, True]).last_day
            datetime.date(2024, 1, 3)
        """
        mask = np.asarray(flags)
        if mask.ndim != 1 or mask.size == 0 or mask.dtype != np.bool_:
            raise InvalidInputError(
                f"flags must be a non-empty 1-d sequence of bools, got {mask.size} entries of "
                f"dtype {mask.dtype}",
                field="flags",
                value=flags,
            )
        last = dt.date.fromordinal(first_day.toordinal() + mask.size - 1)
        start = day_number(first_day)
        weekday = (np.arange(start, start + mask.size) + 3) % 7
        holidays = [
            first_day + dt.timedelta(days=int(k)) for k in np.flatnonzero(~mask & (weekday < 5))
        ]
        workdays = [
            first_day + dt.timedelta(days=int(k)) for k in np.flatnonzero(mask & (weekday >= 5))
        ]
        return cls(first_day, last, holidays=holidays, workdays=workdays)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return FixedCalendar.from_flags, (self.first_day, self._work.tolist())

    def __repr__(self) -> str:
        return f"FixedCalendar({self.first_day}..{self.last_day})"
