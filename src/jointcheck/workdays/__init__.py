"""Working days and deadlines: statutory holidays, 调休, explicit coverage, vectorised.

* :class:`WorkdayCalendar` is the protocol; :class:`ChinaCalendar` (the default) builds the
  national calendar from chinese-calendar's data, corrected where it is wrong
  (:data:`KNOWN_CORRECTIONS`), with supplied :class:`YearSchedule` objects for years it does
  not cover yet and :class:`CalendarLayer` objects for regional holidays;
  :class:`FixedCalendar` is a test double built from explicit days.
* Deadline rules (:class:`WorkingDays`, :class:`CalendarDays`, :class:`FixedDate`,
  :class:`EarliestOf`) and :func:`deadline`, :func:`is_overdue`, :func:`working_days_left`,
  :func:`deadline_array`; :func:`read_deadline` reads the notices' wording (20个工作日内,
  10月30日前) into a rule.

Dates outside a calendar's range raise :class:`~jointcheck.errors.CalendarCoverageError`;
nothing is guessed unless asked for (``ChinaCalendar(assume_weekdays_through=...)``).
"""

from jointcheck.workdays._china import (
    KNOWN_CORRECTIONS,
    ChinaCalendar,
    DataCorrection,
    default_calendar,
)
from jointcheck.workdays._data import CalendarData, CalendarLayer, DateList, YearSchedule
from jointcheck.workdays._fixed import FixedCalendar
from jointcheck.workdays._phrases import disclosure_terms, read_deadline
from jointcheck.workdays._protocol import WorkdayCalendar
from jointcheck.workdays._rules import (
    CalendarDays,
    DeadlineRule,
    EarliestOf,
    FixedDate,
    WorkingDays,
    deadline,
    deadline_array,
    is_overdue,
    parse_deadline_rule,
    working_days_left,
)
from jointcheck.workdays._table import DateArray

__all__ = [
    "CalendarData",
    "CalendarDays",
    "CalendarLayer",
    "ChinaCalendar",
    "DataCorrection",
    "DateArray",
    "DateList",
    "DeadlineRule",
    "EarliestOf",
    "FixedCalendar",
    "FixedDate",
    "KNOWN_CORRECTIONS",
    "WorkdayCalendar",
    "WorkingDays",
    "YearSchedule",
    "deadline",
    "deadline_array",
    "default_calendar",
    "disclosure_terms",
    "is_overdue",
    "parse_deadline_rule",
    "read_deadline",
    "working_days_left",
]
