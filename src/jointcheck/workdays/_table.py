"""The cumulative working-day table behind every jointcheck calendar.

A calendar covers a closed range of days ``first_day .. last_day``. It keeps three read-only
arrays built once at construction:

* ``work[i]``: whether day ``first_day + i`` is a working day (工作日);
* ``cum[i]``: how many working days lie in ``[first_day, first_day + i)``, so ``cum[i + 1]``
  counts the working days up to and including day ``i``;
* ``pos[r]``: the index of the ``r``-th working day (0-based).

Every question is then one or two array look-ups: the ``n``-th working day after day ``i``
is ``pos[cum[i + 1] + n - 1]``, and the working days in ``(a, b]`` are ``cum[b + 1] - cum[a + 1]``.
The vectorised forms do the same look-ups with numpy fancy indexing.
"""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

import numpy as np
import numpy.typing as npt

from jointcheck._internal.arrays import as_array
from jointcheck.errors import CalendarCoverageError, CalendarFallbackWarning, InvalidInputError

__all__ = ["DateArray", "TableCalendar", "day_number", "from_day_number"]

DateArray = npt.NDArray[np.datetime64]
"""A numpy array of ``datetime64[D]`` days."""

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_D = np.dtype("datetime64[D]")


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01 (the integer behind ``numpy.datetime64(day, 'D')``)."""
    return day.toordinal() - _EPOCH_ORDINAL


def from_day_number(number: int) -> dt.date:
    """The date ``number`` days after 1970-01-01."""
    return dt.date.fromordinal(number + _EPOCH_ORDINAL)


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _check_day(day: object, name: str) -> dt.date:
    if not isinstance(day, dt.date):
        raise InvalidInputError(
            f"{name} must be a datetime.date, got {type(day).__name__} {day!r}",
            field=name,
            value=day,
        )
    return day


def _check_int(n: object, name: str) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise InvalidInputError(
            f"{name} must be an int, got {type(n).__name__} {n!r}", field=name, value=n
        )
    return int(n)


def _as_days(days: Any, name: str) -> DateArray:
    """``days`` as a ``datetime64[D]`` array (no copy when it already is one)."""
    arr = as_array(days, field="days")
    if arr.dtype.kind != "M":
        if arr.dtype.kind not in "OU":
            raise InvalidInputError(
                f"{name} must hold dates (numpy datetime64, datetime.date or ISO strings), "
                f"got an array of dtype {arr.dtype}",
                field=name,
                value=days,
            )
        try:
            arr = arr.astype(_D)
        except (ValueError, TypeError) as exc:
            raise InvalidInputError(
                f"{name} must hold dates (numpy datetime64, datetime.date or ISO strings): {exc}",
                field=name,
                value=days,
            ) from exc
    return arr.astype(_D, copy=False)


def _as_ints(n: Any, name: str) -> npt.NDArray[np.int64] | int:
    if isinstance(n, (int, np.integer)) and not isinstance(n, bool):
        return int(n)
    arr = as_array(n, field="n")
    if arr.dtype.kind not in "iu":
        raise InvalidInputError(
            f"{name} must be an int or an array of ints, got dtype {arr.dtype}",
            field=name,
            value=n,
        )
    return arr.astype(np.int64, copy=False)


class TableCalendar:
    """Working-day arithmetic over a closed range of days, from a table built once.

    Subclasses build the ``work`` flags and call :meth:`_init_table`; instances are
    immutable afterwards. Days from ``guessed_from`` on are guesses the caller opted in to:
    any answer that depends on them emits a :class:`~jointcheck.errors.CalendarFallbackWarning`.
    """

    __slots__ = ("_cum", "_cum_incl", "_first", "_guessed_from", "_n_days", "_pos", "_work")

    _first: int
    _n_days: int
    _work: npt.NDArray[np.bool_]
    _cum: npt.NDArray[np.int64]
    _cum_incl: npt.NDArray[np.int64]
    _pos: npt.NDArray[np.int64]
    _guessed_from: int | None

    def _init_table(
        self,
        first_day: dt.date,
        work: npt.NDArray[np.bool_],
        *,
        guessed_from: dt.date | None = None,
    ) -> None:
        work = np.array(work, dtype=bool)  # a private copy
        cum = np.zeros(work.size + 1, dtype=np.int64)
        np.cumsum(work, out=cum[1:])
        pos = np.flatnonzero(work).astype(np.int64)
        for array in (work, cum, pos):
            array.flags.writeable = False
        first = day_number(first_day)
        guess = None if guessed_from is None else day_number(guessed_from) - first
        if guess is not None and guess >= work.size:
            guess = None
        set_ = object.__setattr__
        set_(self, "_first", first)
        set_(self, "_n_days", int(work.size))
        set_(self, "_work", work)
        set_(self, "_cum", cum)
        set_(self, "_cum_incl", cum[1:])
        set_(self, "_pos", pos)
        set_(self, "_guessed_from", guess)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(
            f"{type(self).__name__} is immutable; build a new calendar instead "
            "(e.g. with_schedule() or with_layer())"
        )

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __copy__(self) -> TableCalendar:
        return self  # immutable: a copy is the same calendar

    def __deepcopy__(self, memo: dict[int, object]) -> TableCalendar:
        return self

    # ----------------------------------------------------------------- coverage

    @property
    def first_day(self) -> dt.date:
        """The first day the calendar covers."""
        return from_day_number(self._first)

    @property
    def last_day(self) -> dt.date:
        """The last day the calendar covers (inclusive)."""
        return from_day_number(self._first + self._n_days - 1)

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` lies in ``first_day .. last_day`` (both included)."""
        i = day_number(_check_day(day, "day")) - self._first
        return 0 <= i < self._n_days

    def _coverage_hint(self, year: int) -> str:
        return f"build the {type(self).__name__} with a range that includes {year}"

    def _uncovered(
        self, what: str, value: object, year: int, *, verb: str = "is outside"
    ) -> CalendarCoverageError:
        first, last = self.first_day, self.last_day
        name = type(self).__name__
        message = (
            f"{what} {verb} the range this {name} covers ({first} to {last}): "
            f"year {year} has no working-day data. To cover it, {self._coverage_hint(year)}."
        )
        return CalendarCoverageError(
            message, value=value, year=year, covered=(first.isoformat(), last.isoformat())
        )

    def _index(self, day: object, name: str = "day") -> int:
        day = _check_day(day, name)
        i = day_number(day) - self._first
        if not 0 <= i < self._n_days:
            raise self._uncovered(f"{name} {day.isoformat()}", day, day.year)
        return i

    def _beyond(self, what: str, value: object, *, forward: bool) -> CalendarCoverageError:
        if forward:
            return self._uncovered(what, value, self.last_day.year + 1, verb="falls after")
        return self._uncovered(what, value, self.first_day.year - 1, verb="falls before")

    def _warn_if_guessed(self, highest: int) -> None:
        if self._guessed_from is not None and highest >= self._guessed_from:
            start = from_day_number(self._first + self._guessed_from)
            warnings.warn(
                f"{type(self).__name__}: this answer depends on days from {start} on, for which "
                "there is no official schedule; they were assumed to be working days Monday to "
                f"Friday. {self._fallback_hint(start.year)}",
                CalendarFallbackWarning,
                stacklevel=3,
            )

    def _fallback_hint(self, year: int) -> str:
        return f"To stop guessing, {self._coverage_hint(year)}."

    # ----------------------------------------------------------------- scalar forms

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day (工作日).

        Raises:
            CalendarCoverageError: ``day`` is outside the covered range.
        """
        i = self._index(day)
        self._warn_if_guessed(i)
        return bool(self._work[i])

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day``; ``day`` itself is never counted.

        * ``n > 0``: the ``n``-th working day after ``day`` (民法典 art. 201: the day of the
          event is not counted), whether or not ``day`` is a working day. So
          ``add_workdays(day, 1)`` is the next working day after ``day``.
        * ``n < 0``: the ``|n|``-th working day before ``day``, ``day`` again not counted.
        * ``n == 0``: ``day`` itself, even when it is a rest day.

        For ``n > 0`` this is ``count_workdays(day, result) == n`` with ``result`` a working
        day; it equals ``chinese_calendar.find_workday(n - 1, day + 1 day)``, which is *not*
        ``find_workday(n, day)`` when ``day`` is a rest day.

        Raises:
            CalendarCoverageError: ``day`` or the answer is outside the covered range.
        """
        n = _check_int(n, "n")
        i = self._index(day)
        if n == 0:
            self._warn_if_guessed(i)
            return from_day_number(self._first + i)
        rank = int(self._cum_incl[i]) + n - 1 if n > 0 else int(self._cum[i]) + n
        if not 0 <= rank < self._pos.size:
            size = abs(n)
            where = "after" if n > 0 else "before"
            raise self._beyond(
                f"the {size}{_ordinal_suffix(size)} working day {where} {day}", day, forward=n > 0
            )
        j = int(self._pos[rank])
        self._warn_if_guessed(max(i, j))
        return from_day_number(self._first + j)

    def count_workdays(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``: the interval ``(start, end]``.

        The start day is not counted and the end day is, as statutes count periods, so
        ``count_workdays(day, add_workdays(day, n)) == n`` for ``n >= 0``. When ``end`` is
        before ``start`` the result is minus the working days in ``(end, start]``, so counts
        add up: ``count(a, b) + count(b, c) == count(a, c)``.

        Raises:
            CalendarCoverageError: ``start`` or ``end`` is outside the covered range.
        """
        i = self._index(start, "start")
        j = self._index(end, "end")
        self._warn_if_guessed(max(i, j))
        return int(self._cum_incl[j] - self._cum_incl[i])

    def next_workday(self, day: dt.date, *, inclusive: bool = False) -> dt.date:
        """The first working day after ``day``; with ``inclusive=True``, on or after ``day``.

        ``inclusive=True`` rolls a rest day forward and leaves a working day as it is, as
        when the last day of a period falls on a holiday (民法典 art. 203).

        Raises:
            CalendarCoverageError: ``day`` or the answer is outside the covered range.
        """
        i = self._index(day)
        rank = int(self._cum[i] if inclusive else self._cum_incl[i])
        if rank >= self._pos.size:
            raise self._beyond(f"the next working day after {day}", day, forward=True)
        j = int(self._pos[rank])
        self._warn_if_guessed(j)
        return from_day_number(self._first + j)

    def previous_workday(self, day: dt.date, *, inclusive: bool = False) -> dt.date:
        """The last working day before ``day``; with ``inclusive=True``, on or before ``day``.

        Raises:
            CalendarCoverageError: ``day`` or the answer is outside the covered range.
        """
        i = self._index(day)
        rank = int(self._cum_incl[i] if inclusive else self._cum[i]) - 1
        if rank < 0:
            raise self._beyond(f"the previous working day before {day}", day, forward=False)
        self._warn_if_guessed(i)
        return from_day_number(self._first + int(self._pos[rank]))

    # ----------------------------------------------------------------- vectorised forms

    def _indices(self, days: Any, name: str) -> tuple[DateArray, npt.NDArray[np.int64]]:
        arr = _as_days(days, name)
        idx = arr.view(np.int64) - self._first
        if idx.size and (int(idx.min()) < 0 or int(idx.max()) >= self._n_days):
            bad = np.flatnonzero(((idx < 0) | (idx >= self._n_days)).ravel())
            where = np.unravel_index(int(bad[0]), arr.shape)
            value = arr[where]
            label = f"{name}[{', '.join(str(int(k)) for k in where)}]" if arr.ndim else name
            if np.isnat(value):
                raise InvalidInputError(
                    f"{label} is NaT; every entry must be a date", field=name, value=value
                )
            year = int(value.astype("datetime64[Y]").astype(np.int64)) + 1970
            others = f" ({bad.size} entries in all)" if bad.size > 1 else ""
            raise self._uncovered(f"{label} = {value}{others}", value.item(), year)
        return arr, idx

    def _done(self, arrays: tuple[npt.NDArray[np.int64], ...]) -> None:
        if self._guessed_from is None:
            return
        highest = max((int(a.max()) for a in arrays if a.size), default=-1)
        if highest >= self._guessed_from:
            start = from_day_number(self._first + self._guessed_from)
            warnings.warn(
                f"{type(self).__name__}: some answers depend on days from {start} on, for "
                "which there is no official schedule; they were assumed to be working days "
                f"Monday to Friday. {self._fallback_hint(start.year)}",
                CalendarFallbackWarning,
                stacklevel=3,
            )

    def _to_days(self, idx: npt.NDArray[np.int64]) -> DateArray:
        return (idx + self._first).view(_D)

    def is_workday_array(self, days: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """:meth:`is_workday` for every entry of ``days`` (``datetime64`` or dates); same shape.

        Raises:
            CalendarCoverageError: an entry is outside the covered range (the message names it).
            InvalidInputError: ``days`` does not hold dates, or holds NaT.
        """
        _, idx = self._indices(days, "days")
        self._done((idx,))
        return self._work[idx]

    def add_workdays_array(self, days: npt.ArrayLike, n: npt.ArrayLike) -> DateArray:
        """:meth:`add_workdays` for every entry: ``n`` is an int or an int array broadcast
        against ``days``. Returns ``datetime64[D]``.

        Examples:
            >>> import numpy as np
            >>> from jointcheck.workdays import FixedCalendar
            >>> cal = FixedCalendar(dt.date(2024, 1, 1), dt.date(2024, 1, 31))
            >>> cal.add_workdays_array(np.array(["2024-01-05", "2024-01-06"], "M8[D]"), 1)
            array(['2024-01-08', '2024-01-08'], dtype='datetime64[D]')

        Raises:
            CalendarCoverageError: an entry or its answer is outside the covered range.
        """
        _, idx = self._indices(days, "days")
        steps = _as_ints(n, "n")
        size = self._pos.size
        if isinstance(steps, int):
            if steps == 0:
                self._done((idx,))
                return self._to_days(idx)
            rank = self._cum_incl[idx] + (steps - 1) if steps > 0 else self._cum[idx] + steps
            if rank.size and (int(rank.max()) >= size or int(rank.min()) < 0):
                self._rank_error(rank, np.broadcast_to(np.int64(steps), rank.shape), idx)
            out = self._pos[rank]
        else:
            idx, steps = np.broadcast_arrays(idx, steps)
            rank = np.where(steps > 0, self._cum_incl[idx] + steps - 1, self._cum[idx] + steps)
            zero = steps == 0
            bad = ((rank < 0) | (rank >= size)) & ~zero
            if bad.any():
                self._rank_error(np.where(zero, 0, rank), steps, idx)
            out = np.array(idx, dtype=np.int64)
            moved = ~zero
            out[moved] = self._pos[rank[moved]]
        self._done((idx, out))
        return self._to_days(out)

    def _rank_error(
        self,
        rank: npt.NDArray[np.int64],
        steps: npt.NDArray[np.int64],
        idx: npt.NDArray[np.int64],
    ) -> None:
        bad = np.flatnonzero(((rank < 0) | (rank >= self._pos.size)).ravel())
        k = int(bad[0])
        n = int(steps.ravel()[k])
        day = from_day_number(self._first + int(idx.ravel()[k]))
        where = "after" if n > 0 else "before"
        others = f" ({bad.size} entries in all)" if bad.size > 1 else ""
        raise self._beyond(
            f"the {abs(n)}{_ordinal_suffix(abs(n))} working day {where} {day}{others}",
            day,
            forward=n > 0,
        )

    def count_workdays_array(
        self, starts: npt.ArrayLike, ends: npt.ArrayLike
    ) -> npt.NDArray[np.int64]:
        """:meth:`count_workdays` for every pair (broadcast): working days in ``(start, end]``.

        Raises:
            CalendarCoverageError: an entry is outside the covered range.
        """
        _, i = self._indices(starts, "starts")
        _, j = self._indices(ends, "ends")
        self._done((i, j))
        result: npt.NDArray[np.int64] = self._cum_incl[j] - self._cum_incl[i]
        return result

    def next_workday_array(self, days: npt.ArrayLike, *, inclusive: bool = False) -> DateArray:
        """:meth:`next_workday` for every entry of ``days``.

        Raises:
            CalendarCoverageError: an entry or its answer is outside the covered range.
        """
        _, idx = self._indices(days, "days")
        rank = self._cum[idx] if inclusive else self._cum_incl[idx]
        if rank.size and int(rank.max()) >= self._pos.size:
            k = int(np.flatnonzero((rank >= self._pos.size).ravel())[0])
            day = from_day_number(self._first + int(idx.ravel()[k]))
            raise self._beyond(f"the next working day after {day}", day, forward=True)
        out = self._pos[rank]
        self._done((out,))
        return self._to_days(out)

    def previous_workday_array(self, days: npt.ArrayLike, *, inclusive: bool = False) -> DateArray:
        """:meth:`previous_workday` for every entry of ``days``.

        Raises:
            CalendarCoverageError: an entry or its answer is outside the covered range.
        """
        _, idx = self._indices(days, "days")
        rank = (self._cum_incl[idx] if inclusive else self._cum[idx]) - 1
        if rank.size and int(rank.min()) < 0:
            k = int(np.flatnonzero((rank < 0).ravel())[0])
            day = from_day_number(self._first + int(idx.ravel()[k]))
            raise self._beyond(f"the previous working day before {day}", day, forward=False)
        out = self._pos[rank]
        self._done((idx,))
        return self._to_days(out)
