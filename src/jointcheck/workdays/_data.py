"""Calendar data as models: a year's national schedule, a regional layer, a bundle of both.

The data is what the State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知)
or a regional government's notice prints: rest days (放假) and weekend days that become
working days (调休上班). It parses from a dict, JSON or TOML text; reading a file is the
caller's job (``CalendarData.from_toml(path.read_text("utf-8"))``).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from jointcheck._internal.base import FrozenModel, NonEmptyStr
from jointcheck.errors import CalendarDataError, MissingExtraError

__all__ = ["CalendarData", "CalendarLayer", "DateList", "YearSchedule"]

_MAX_RANGE_DAYS = 31
_SPRING_WINDOW = ((1, 20), (2, 23))
"""Days that can hold the Spring Festival holiday: 农历正月初一 falls from 21 January to
20 February, and the holiday runs from 除夕 to at least 初三."""
_SPRING_MIN_DAYS = 3
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _expand(values: Any) -> Any:
    """Expand ISO 8601 intervals ``"2026-02-15/2026-02-23"`` into their days (both ends)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple)):
        return values  # pydantic reports the wrong type
    out: list[Any] = []
    for value in values:
        if isinstance(value, str) and "/" in value:
            head, _, tail = value.partition("/")
            try:
                start, end = (
                    dt.date.fromisoformat(head.strip()),
                    dt.date.fromisoformat(tail.strip()),
                )
            except ValueError as exc:
                raise ValueError(
                    f"{value!r} is not a day range; write 'YYYY-MM-DD/YYYY-MM-DD' ({exc})"
                ) from exc
            days = (end - start).days + 1
            if not 1 <= days <= _MAX_RANGE_DAYS:
                raise ValueError(
                    f"day range {value!r} spans {days} days; a range must run forward and span "
                    f"1 to {_MAX_RANGE_DAYS} days"
                )
            out.extend(start + dt.timedelta(days=k) for k in range(days))
        else:
            out.append(value)
    return out


def _sorted_days(values: tuple[dt.date, ...]) -> tuple[dt.date, ...]:
    return tuple(sorted(set(values)))


DateList = Annotated[tuple[dt.date, ...], BeforeValidator(_expand), AfterValidator(_sorted_days)]
"""Days given as dates or ISO strings, where ``"YYYY-MM-DD/YYYY-MM-DD"`` stands for every day
from the first to the last; stored sorted and without duplicates."""


def _weekend_only(days: tuple[dt.date, ...], what: str) -> None:
    weekdays = [d for d in days if d.weekday() < 5]
    if weekdays:
        shown = ", ".join(f"{d} ({_WEEKDAY_NAMES[d.weekday()]})" for d in weekdays[:5])
        raise ValueError(
            f"{what} {shown} {'is a weekday' if len(weekdays) == 1 else 'are weekdays'}; "
            "调休 working days are Saturdays or Sundays that become working days (a weekday is "
            "a working day already)"
        )


def _longest_run(days: list[dt.date]) -> int:
    """The most consecutive days in ``days`` (sorted, unique)."""
    best = run = 0
    previous: dt.date | None = None
    for day in days:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        best = max(best, run)
        previous = day
    return best


def _plausible(year: int, holidays: tuple[dt.date, ...]) -> None:
    """Refuse a schedule that cannot be a whole year's notice: each notice since 1950 gives the
    Spring Festival (春节) and National Day (国庆节) holidays."""
    if not holidays:
        raise ValueError(
            f"the schedule for {year} has no holidays; a year's notice always lists the "
            "Spring Festival (春节) and National Day (国庆节) holidays"
        )
    first, last = dt.date(year, *_SPRING_WINDOW[0]), dt.date(year, *_SPRING_WINDOW[1])
    spring = [d for d in holidays if first <= d <= last]
    if _longest_run(spring) < _SPRING_MIN_DAYS:
        raise ValueError(
            f"the schedule for {year} has no Spring Festival (春节) holiday: no "
            f"{_SPRING_MIN_DAYS} consecutive holidays between {first} and {last}; a schedule "
            "replaces its whole year, so give every holiday of the notice"
        )
    national = [dt.date(year, 10, day) for day in (1, 2, 3)]
    missing = [d for d in national if d not in holidays]
    if missing:
        raise ValueError(
            f"the schedule for {year} has no National Day (国庆节) holiday: "
            f"{', '.join(map(str, missing))} not listed as holidays (放假办法 art. 2 gives "
            "1 to 3 October); a schedule replaces its whole year, so give every holiday of "
            "the notice"
        )


def _disjoint(holidays: tuple[dt.date, ...], workdays: tuple[dt.date, ...]) -> None:
    both = sorted(set(holidays) & set(workdays))
    if both:
        raise ValueError(
            f"{', '.join(map(str, both[:5]))} listed both as holiday and as working day; "
            "each day may be only one"
        )


class YearSchedule(FrozenModel):
    """One year's national schedule (全国年节及纪念日放假办法 + the yearly 国办 notice).

    ``holidays`` are every rest day of the holiday periods (放假), weekends inside them
    included; ``workdays`` are the weekend days that become working days (调休上班). A day in
    neither follows the week: Monday to Friday work, Saturday and Sunday rest. A notice for
    year ``Y`` may move days at the end of ``Y - 1`` (元旦 periods): days in December of
    ``Y - 1`` are accepted, other days outside ``Y`` are not.

    A schedule replaces its whole year, so a partial one would silently give wrong answers:
    a schedule is refused as implausible unless it holds a Spring Festival holiday (at least
    3 consecutive holidays from 20 January to 23 February) and the National Day holiday
    (1 to 3 October).

    Examples:
        >>> s = YearSchedule(
        ...     year=2026,
        ...     holidays=["2026-01-01/2026-01-03", "2026-02-15/2026-02-23", "2026-10-01/2026-10-07"],
        ...     workdays=["2026-01-04"],
        ... )
        >>> len(s.holidays), s.workdays
        (19, (datetime.date(2026, 1, 4),))
    """

    year: int = Field(ge=1950, le=9998, description="The year the notice is for")
    holidays: DateList = Field(description="Rest days (放假), weekends inside a holiday included")
    workdays: DateList = Field(
        default=(), description="Weekend days that become working days (调休上班日)"
    )
    source: str = Field(
        default="", description="Where the data comes from, e.g. the notice's title and 文号"
    )

    @model_validator(mode="after")
    def _consistent(self) -> YearSchedule:
        low = dt.date(self.year - 1, 12, 1)
        high = dt.date(self.year, 12, 31)
        outside = [d for d in (*self.holidays, *self.workdays) if not low <= d <= high]
        if outside:
            raise ValueError(
                f"{', '.join(map(str, sorted(outside)[:5]))} outside year {self.year}; a "
                f"schedule for {self.year} holds days from {low} to {high}"
            )
        _disjoint(self.holidays, self.workdays)
        _weekend_only(self.workdays, "working day")
        _plausible(self.year, self.holidays)
        return self


class CalendarLayer(FrozenModel):
    """Days on which a region departs from the national calendar.

    放假办法 art. 4 lets regional governments set holidays for 少数民族习惯的节日 (Xinjiang's
    肉孜节 and 古尔邦节, Tibet's 藏历新年 by prefecture, Guangxi's 壮族三月三 …). A layer adds
    rest days (``holidays``) and 调休 working days (``workdays``, weekend days only) on top
    of the national calendar; it may not turn a national holiday into a working day.
    """

    name: NonEmptyStr = Field(description="Name, e.g. 新疆维吾尔自治区 or 拉萨市")
    region: str = Field(
        default="", description="Administrative division code (行政区划代码, GB/T 2260), if known"
    )
    holidays: DateList = Field(default=(), description="Regional rest days (放假)")
    workdays: DateList = Field(
        default=(), description="Regional 调休 working days (weekend days worked)"
    )
    source: str = Field(default="", description="Where the data comes from")

    @model_validator(mode="after")
    def _consistent(self) -> CalendarLayer:
        if not self.holidays and not self.workdays:
            raise ValueError(f"layer {self.name!r} has no holidays and no workdays")
        _disjoint(self.holidays, self.workdays)
        _weekend_only(self.workdays, "working day")
        return self

    @property
    def days(self) -> dict[dt.date, bool]:
        """Every day the layer names, mapped to whether it is a working day."""
        marks = dict.fromkeys(self.holidays, False)
        marks.update(dict.fromkeys(self.workdays, True))
        return marks


class CalendarData(FrozenModel):
    """National schedules and regional layers, as kept in a JSON or TOML file.

    TOML layout (JSON has the same keys)::

        [[years]]
        year = 2026
        source = "国务院办公厅关于2026年部分节假日安排的通知"
        holidays = ["2026-01-01/2026-01-03", "2026-02-15/2026-02-23"]
        workdays = [2026-01-04, 2026-02-14, 2026-02-28]

        [[layers]]
        name = "新疆维吾尔自治区"
        region = "650000"
        holidays = ["2025-03-29/2025-03-31", "2025-06-06/2025-06-10"]
    """

    years: tuple[YearSchedule, ...] = Field(default=(), description="National yearly schedules")
    layers: tuple[CalendarLayer, ...] = Field(default=(), description="Regional layers")

    @model_validator(mode="after")
    def _unique(self) -> CalendarData:
        problem = duplicates(self.years, self.layers)
        if problem:
            raise ValueError(problem[1])
        return self

    @classmethod
    def from_json(cls, text: str | bytes) -> CalendarData:
        """Parse JSON text (the output of ``model_dump_json()`` round-trips)."""
        return cls.model_validate_json(text)

    @classmethod
    def from_toml(cls, text: str | bytes) -> CalendarData:
        """Parse TOML text; dates may be TOML dates or ISO strings.

        Raises:
            CalendarDataError: the text is not valid TOML.
            ModelValidationError: the data does not describe schedules and layers.
            MissingExtraError: Python 3.10 without ``tomli`` installed.
        """
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return cls.model_validate(_toml_loads(text))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CalendarData:
        """Build from a plain dict (e.g. parsed YAML); same keys as the TOML layout."""
        return cls.model_validate(data)


def duplicates(
    years: tuple[YearSchedule, ...], layers: tuple[CalendarLayer, ...]
) -> tuple[str, str] | None:
    """The field and a message about what is given twice (a year's schedule, a layer name)."""
    counts = Counter(s.year for s in years)
    twice = sorted(y for y, n in counts.items() if n > 1)
    if twice:
        return "schedules", f"more than one schedule for year(s) {twice}; give one per year"
    names = Counter(layer.name for layer in layers)
    named_twice = sorted(name for name, n in names.items() if n > 1)
    if named_twice:
        return "layers", f"more than one layer named {named_twice}; merge them into one layer"
    return None


def _toml_loads(text: str) -> dict[str, Any]:
    try:
        module = importlib.import_module("tomllib")
    except ModuleNotFoundError:  # Python 3.10
        try:
            module = importlib.import_module("tomli")
        except ModuleNotFoundError:
            raise MissingExtraError(module="tomli", extra="toml") from None
    try:
        data: dict[str, Any] = module.loads(text)
    except module.TOMLDecodeError as exc:
        raise CalendarDataError(
            f"calendar data is not valid TOML: {exc}", field="toml", value=text[:200]
        ) from exc
    return data
