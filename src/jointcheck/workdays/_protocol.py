"""The ``WorkdayCalendar`` protocol every working-day calendar implements."""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from jointcheck.workdays._table import DateArray

__all__ = ["WorkdayCalendar"]


@runtime_checkable
class WorkdayCalendar(Protocol):
    """What jointcheck needs from a working-day calendar.

    Conventions every implementation keeps (see :class:`ChinaCalendar` for the reference):

    * ``add_workdays(day, n)``: ``n > 0`` is the ``n``-th working day after ``day``, ``day``
      itself not counted; ``n < 0`` the ``|n|``-th working day before ``day``; ``n == 0``
      returns ``day`` unchanged.
    * ``count_workdays(start, end)`` counts the working days in ``(start, end]`` (start not
      counted, end counted), negative when ``end < start``.
    * ``next_workday``/``previous_workday`` skip ``day`` itself unless ``inclusive=True``.
    * Any day or answer outside ``first_day .. last_day`` raises
      :class:`~jointcheck.errors.CalendarCoverageError`; nothing is guessed silently.
    * The ``*_array`` forms take ``datetime64`` arrays (or anything ``numpy.asarray`` turns
      into dates) and return arrays of the broadcast shape.
    """

    @property
    def first_day(self) -> dt.date:
        """First covered day."""
        ...

    @property
    def last_day(self) -> dt.date:
        """Last covered day (inclusive)."""
        ...

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` is in the covered range."""
        ...

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day."""
        ...

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after (``n > 0``) or before (``n < 0``) ``day``."""
        ...

    def count_workdays(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]``."""
        ...

    def next_workday(self, day: dt.date, *, inclusive: bool = False) -> dt.date:
        """First working day after ``day`` (on or after, with ``inclusive=True``)."""
        ...

    def previous_workday(self, day: dt.date, *, inclusive: bool = False) -> dt.date:
        """Last working day before ``day`` (on or before, with ``inclusive=True``)."""
        ...

    def is_workday_array(self, days: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """Vectorised :meth:`is_workday`."""
        ...

    def add_workdays_array(self, days: npt.ArrayLike, n: npt.ArrayLike) -> DateArray:
        """Vectorised :meth:`add_workdays`."""
        ...

    def count_workdays_array(
        self, starts: npt.ArrayLike, ends: npt.ArrayLike
    ) -> npt.NDArray[np.int64]:
        """Vectorised :meth:`count_workdays`."""
        ...

    def next_workday_array(self, days: npt.ArrayLike, *, inclusive: bool = False) -> DateArray:
        """Vectorised :meth:`next_workday`."""
        ...

    def previous_workday_array(self, days: npt.ArrayLike, *, inclusive: bool = False) -> DateArray:
        """Vectorised :meth:`previous_workday`."""
        ...
