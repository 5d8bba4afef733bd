"""``ChinaCalendar``: mainland China's working days from chinese-calendar's data, with overrides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import chinese_calendar
import numpy as np
import numpy.typing as npt
from pydantic import Field

from jointcheck._internal.base import FrozenModel
from jointcheck.errors import CalendarDataError, InvalidInputError
from jointcheck.workdays._data import CalendarData, CalendarLayer, YearSchedule, duplicates
from jointcheck.workdays._table import TableCalendar, day_number

__all__ = ["KNOWN_CORRECTIONS", "ChinaCalendar", "DataCorrection", "default_calendar"]


class DataCorrection(FrozenModel):
    """A day on which chinese-calendar's data is wrong, and what the official notice says."""

    day: dt.date = Field(description="The day")
    workday: bool = Field(description="Whether the day is a working day (the correct value)")
    source: str = Field(description="The official text that settles it")


KNOWN_CORRECTIONS: tuple[DataCorrection, ...] = (
    DataCorrection(
        day=dt.date(2005, 12, 31),
        workday=True,
        source="国务院办公厅关于2006年部分节假日安排的通知 (国办发明电〔2005〕35号): "
        "元旦 1月1日至3日放假，12月31日(星期六)上班",
    ),
)
"""Days where ChinaCalendar departs from chinese-calendar's data, because its data is wrong.

Applied only to years that come from chinese-calendar (a supplied :class:`YearSchedule`
replaces them). If a later chinese-calendar release fixes a day, the correction agrees with it.
"""


def _chinese_calendar_years() -> tuple[int, int]:
    """The years chinese-calendar covers, found the way it checks them itself."""
    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


def _weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


def _weekday_flags(first: int, n_days: int) -> npt.NDArray[np.bool_]:
    # 1970-01-01 (day number 0) was a Thursday (weekday 3).
    flags: npt.NDArray[np.bool_] = ((np.arange(first, first + n_days) + 3) % 7) < 5
    return flags


def _kind(workday: bool) -> str:
    return "调休 working day" if workday else "holiday"


class _Table:
    """Working-day flags under construction, with the note that decided each marked day."""

    def __init__(self, first_day: dt.date, last_day: dt.date) -> None:
        self.first_day = first_day
        self.first = day_number(first_day)
        n_days = day_number(last_day) - self.first + 1
        self.work = _weekday_flags(self.first, n_days)
        self.statutory = np.zeros(n_days, dtype=bool)  # national holidays: layers keep them
        self.notes: dict[dt.date, str] = {}

    def index(self, day: dt.date) -> int:
        return day_number(day) - self.first

    def mark(self, day: dt.date, workday: bool, note: str) -> None:
        i = self.index(day)
        self.work[i] = workday
        self.statutory[i] = not workday
        self.notes[day] = note

    def national(self, data_first: int, data_last: int, *, skip: set[int]) -> None:
        """chinese-calendar's data and the known corrections, for years not in ``skip``."""
        version = chinese_calendar.__version__
        for days, workday in (
            (chinese_calendar.holidays, False),
            (chinese_calendar.workdays, True),
        ):
            for day, name in days.items():
                if data_first <= day.year <= data_last and day.year not in skip:
                    self.mark(
                        day, workday, f"{_kind(workday)}: {name} (chinese-calendar {version})"
                    )
        for fix in KNOWN_CORRECTIONS:
            if data_first <= fix.day.year <= data_last and fix.day.year not in skip:
                kind = "working day" if fix.workday else "rest day"
                self.mark(
                    fix.day, fix.workday, f"{kind}: correction of chinese-calendar; {fix.source}"
                )

    def schedules(self, schedules: tuple[YearSchedule, ...]) -> None:
        """Each schedule replaces its year, then sets the days it lists."""
        ordered = sorted(schedules, key=lambda s: s.year)
        for s in ordered:
            start = self.index(dt.date(s.year, 1, 1))
            stop = self.index(dt.date(s.year, 12, 31)) + 1
            self.work[start:stop] = _weekday_flags(self.first + start, stop - start)
            self.statutory[start:stop] = False
            for day in [d for d in self.notes if d.year == s.year]:
                del self.notes[day]
        set_by: dict[dt.date, tuple[int, bool]] = {}
        for s in ordered:
            label = s.source or f"YearSchedule({s.year})"
            for days, workday in ((s.holidays, False), (s.workdays, True)):
                for day in days:
                    if day < self.first_day:
                        raise CalendarDataError(
                            f"the schedule for {s.year} lists {day}, in {day.year}, which has no "
                            f"data; supply the schedule for {day.year} too",
                            field="schedules",
                            value=day,
                        )
                    earlier = set_by.get(day)
                    if earlier is not None and earlier[1] != workday:
                        raise CalendarDataError(
                            f"schedules for {earlier[0]} and {s.year} disagree about {day}: "
                            f"one makes it a {'working' if earlier[1] else 'rest'} day, the "
                            f"other a {'working' if workday else 'rest'} day",
                            field="schedules",
                            value=day,
                        )
                    set_by[day] = (s.year, workday)
                    self.mark(day, workday, f"{_kind(workday)}: {label}")

    def layers(self, layers: tuple[CalendarLayer, ...], *, official: tuple[int, int]) -> None:
        """Regional days on top; they may not contradict each other or a national holiday."""
        last = self.index(dt.date(official[1], 12, 31))
        marks: dict[dt.date, tuple[str, bool]] = {}
        for layer in layers:
            for day, workday in sorted(layer.days.items()):
                i = self.index(day)
                if not 0 <= i <= last:
                    raise CalendarDataError(
                        f"layer {layer.name!r} names {day}, but year {day.year} has no national "
                        f"data (covered: {official[0]}–{official[1]}); supply the national "
                        f"schedule for {day.year} first",
                        field="layers",
                        value=day,
                    )
                other = marks.get(day)
                if other is not None and other[1] != workday:
                    raise CalendarDataError(
                        f"layers {other[0]!r} and {layer.name!r} disagree about {day}: one makes "
                        f"it a {'working' if other[1] else 'rest'} day, the other a "
                        f"{'working' if workday else 'rest'} day",
                        field="layers",
                        value=day,
                    )
                if workday and self.statutory[i]:
                    raise CalendarDataError(
                        f"layer {layer.name!r} makes {day} a working day, but it is a national "
                        f"holiday ({self.notes.get(day, 'holiday')}); a regional layer may add "
                        "rest days and 调休 weekend days, not cancel a national holiday",
                        field="layers",
                        value=day,
                    )
                marks[day] = (layer.name, workday)
                source = f" ({layer.source})" if layer.source else ""
                self.notes[day] = f"regional {_kind(workday)}: {layer.name}{source}"
                self.work[i] = workday


class ChinaCalendar(TableCalendar):
    """Mainland China's working days (工作日): Monday to Friday, less statutory holidays, plus
    the weekend days worked in their place (调休上班日).

    Precedence, lowest first (a later source wins for the days it speaks about):

    1. the week: Monday to Friday work, Saturday and Sunday rest;
    2. chinese-calendar's data (its ``holidays`` and ``workdays``), for the years it covers;
    3. :data:`KNOWN_CORRECTIONS`, fixing days where that data is wrong;
    4. supplied :class:`YearSchedule` objects: a schedule *replaces* its year entirely (a day
       it does not list follows the week), and sets the December days of the previous year
       it lists;
    5. :class:`CalendarLayer` objects (regional holidays and their 调休 days).

    Contradictions are rejected with :class:`~jointcheck.errors.CalendarDataError`: two
    schedules for one year, two schedules disagreeing about a day, two layers disagreeing
    about a day, a layer making a national holiday a working day, a layer day in a year
    without national data, or covered years with a gap.

    The covered range runs from 1 January of the first year to 31 December of the last, where
    the years are chinese-calendar's (read from the installed release) and those of supplied
    schedules. Outside it every method raises :class:`~jointcheck.errors.CalendarCoverageError`
    naming the year. ``assume_weekdays_through=YEAR`` extends the range to that year by
    assuming Monday to Friday are working days; every answer that depends on a guessed day
    emits :class:`~jointcheck.errors.CalendarFallbackWarning`.

    Instances are immutable; :meth:`with_schedule` and :meth:`with_layer` return new ones.

    Examples:
        >>> cal = ChinaCalendar()
        >>> cal.add_workdays(dt.date(2023, 4, 7), 20)  # across the 2023 劳动节 调休
        datetime.date(2023, 5, 8)
        >>> cal.is_workday(dt.date(2023, 4, 23))  # a Sunday worked for 劳动节
        True
    """

    __slots__ = ("_assume_through", "_data_years", "_layers", "_notes", "_official", "_schedules")

    _schedules: tuple[YearSchedule, ...]
    _layers: tuple[CalendarLayer, ...]
    _assume_through: int | None
    _data_years: tuple[int, int]
    _official: tuple[int, int]
    _notes: Mapping[dt.date, str]

    def __init__(
        self,
        *,
        schedules: Iterable[YearSchedule] = (),
        layers: Iterable[CalendarLayer] = (),
        assume_weekdays_through: int | None = None,
    ) -> None:
        schedules = tuple(schedules)
        layers = tuple(layers)
        for s in schedules:
            if not isinstance(s, YearSchedule):
                raise InvalidInputError(
                    f"schedules must hold YearSchedule objects, got {type(s).__name__}",
                    field="schedules",
                    value=s,
                )
        for layer in layers:
            if not isinstance(layer, CalendarLayer):
                raise InvalidInputError(
                    f"layers must hold CalendarLayer objects, got {type(layer).__name__}",
                    field="layers",
                    value=layer,
                )
        if assume_weekdays_through is not None and (
            isinstance(assume_weekdays_through, bool)
            or not isinstance(assume_weekdays_through, int)
        ):
            raise InvalidInputError(
                f"assume_weekdays_through must be a year (int) or None, got "
                f"{assume_weekdays_through!r}",
                field="assume_weekdays_through",
                value=assume_weekdays_through,
            )
        problem = duplicates(schedules, layers)
        if problem:
            raise CalendarDataError(problem[1], field=problem[0], value=None)

        data_first, data_last = _chinese_calendar_years()
        supplied = {s.year: s for s in schedules}
        years = {*range(data_first, data_last + 1), *supplied}
        first_year, last_year = min(years), max(years)
        gaps = [y for y in range(first_year, last_year + 1) if y not in years]
        if gaps:
            raise CalendarDataError(
                f"the covered years would have a gap: no data for {gaps} between "
                f"{first_year} and {last_year} (chinese-calendar {chinese_calendar.__version__} "
                f"covers {data_first}–{data_last}, schedules were supplied for "
                f"{sorted(supplied)}); supply schedules for the missing years too",
                field="schedules",
                value=gaps[0],
            )
        through = last_year
        if assume_weekdays_through is not None and assume_weekdays_through > last_year:
            through = assume_weekdays_through
            if through > 9998:
                raise InvalidInputError(
                    f"assume_weekdays_through={through} is past 9998",
                    field="assume_weekdays_through",
                    value=through,
                )

        first_day = dt.date(first_year, 1, 1)
        table = _Table(first_day, dt.date(through, 12, 31))
        table.national(data_first, data_last, skip=set(supplied))
        table.schedules(schedules)
        table.layers(layers, official=(first_year, last_year))
        notes = table.notes
        work = table.work

        set_ = object.__setattr__
        set_(self, "_schedules", tuple(sorted(schedules, key=lambda s: s.year)))
        set_(self, "_layers", layers)
        set_(self, "_assume_through", assume_weekdays_through)
        set_(self, "_data_years", (data_first, data_last))
        set_(self, "_official", (first_year, last_year))
        set_(self, "_notes", MappingProxyType(notes))
        guessed = dt.date(last_year + 1, 1, 1) if through > last_year else None
        self._init_table(first_day, work, guessed_from=guessed)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _rebuild, (self._schedules, self._layers, self._assume_through)

    # ----------------------------------------------------------------- building

    @classmethod
    def from_data(
        cls, data: CalendarData, *, assume_weekdays_through: int | None = None
    ) -> ChinaCalendar:
        """The national calendar with ``data``'s schedules and layers."""
        return cls(
            schedules=data.years,
            layers=data.layers,
            assume_weekdays_through=assume_weekdays_through,
        )

    def with_schedule(self, schedule: YearSchedule) -> ChinaCalendar:
        """A new calendar with ``schedule`` added (it replaces chinese-calendar's data for its
        year); a second schedule for a year already supplied is rejected."""
        return ChinaCalendar(
            schedules=(*self._schedules, schedule),
            layers=self._layers,
            assume_weekdays_through=self._assume_through,
        )

    def with_layer(self, layer: CalendarLayer) -> ChinaCalendar:
        """A new calendar with the regional ``layer`` on top."""
        return ChinaCalendar(
            schedules=self._schedules,
            layers=(*self._layers, layer),
            assume_weekdays_through=self._assume_through,
        )

    # ----------------------------------------------------------------- introspection

    @property
    def schedules(self) -> tuple[YearSchedule, ...]:
        """The supplied national schedules, by year."""
        return self._schedules

    @property
    def layers(self) -> tuple[CalendarLayer, ...]:
        """The regional layers, in the order given."""
        return self._layers

    @property
    def official_years(self) -> tuple[int, int]:
        """First and last year with official data (chinese-calendar's or supplied); years
        after it up to ``last_day`` are guesses (``assume_weekdays_through``)."""
        return self._official

    @property
    def data_source(self) -> str:
        """The chinese-calendar release the national data comes from and the years it covers."""
        first, last = self._data_years
        return f"chinese-calendar {chinese_calendar.__version__} ({first}–{last})"

    def explain(self, day: dt.date) -> str:
        """Why ``day`` is or is not a working day, naming the data that decided it.

        Examples:
            >>> print(ChinaCalendar().explain(dt.date(2023, 4, 23)))
            2023-04-23 (Sunday): 调休 working day: Labour Day (chinese-calendar ...)
        """
        i = self._index(day)
        names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
        head = f"{day.isoformat()} ({names[day.weekday()]})"
        note = self._notes.get(day)
        if note is not None:
            return f"{head}: {note}"
        if self._guessed_from is not None and i >= self._guessed_from:
            guess = "working day" if self._work[i] else "rest day"
            return f"{head}: {guess} by assumption; {day.year} has no official schedule"
        return f"{head}: {'rest day (weekend)' if _weekend(day) else 'working day'}"

    def _coverage_hint(self, year: int) -> str:
        first, last = self._data_years
        if year > self._official[1]:
            return (
                f"supply the State Council's schedule for {year} (its holidays and 调休 working "
                f"days): calendar.with_schedule(YearSchedule(year={year}, holidays=[...], "
                f"workdays=[...], source=...)), or upgrade chinese-calendar (installed "
                f"{chinese_calendar.__version__} covers {first}–{last}) once a release covers "
                f"{year}"
            )
        return (
            f"supply the schedule for {year} with calendar.with_schedule(YearSchedule("
            f"year={year}, ...)); chinese-calendar's data starts in {first}"
        )

    def __repr__(self) -> str:
        parts = [f"{self.first_day}..{self.last_day}", self.data_source]
        if self._schedules:
            parts.append("schedules " + ", ".join(str(s.year) for s in self._schedules))
        if self._layers:
            parts.append("layers " + ", ".join(layer.name for layer in self._layers))
        if self._guessed_from is not None:
            parts.append(f"weekdays assumed {self._official[1] + 1}–{self.last_day.year}")
        return f"ChinaCalendar({'; '.join(parts)})"


def _rebuild(
    schedules: tuple[YearSchedule, ...],
    layers: tuple[CalendarLayer, ...],
    assume_weekdays_through: int | None,
) -> ChinaCalendar:
    """Unpickle: rebuild from the same inputs (with the chinese-calendar installed there)."""
    return ChinaCalendar(
        schedules=schedules, layers=layers, assume_weekdays_through=assume_weekdays_through
    )


@lru_cache(maxsize=1)
def default_calendar() -> ChinaCalendar:
    """The national :class:`ChinaCalendar` with no overrides (built once, immutable)."""
    return ChinaCalendar()
