"""ChinaCalendar against chinese-calendar's data, the seed deadlines and coverage errors."""

from __future__ import annotations

import datetime as dt
import warnings

import chinese_calendar
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jointcheck.errors import CalendarCoverageError, CalendarFallbackWarning
from jointcheck.workdays import KNOWN_CORRECTIONS, ChinaCalendar, WorkdayCalendar, default_calendar

D = dt.timedelta
# The covered years, read from the installed chinese-calendar the way it checks them itself.
FIRST_YEAR = min(d.year for d in chinese_calendar.holidays)
LAST_YEAR = max(d.year for d in chinese_calendar.holidays)
CAL = ChinaCalendar()
CORRECTED = {c.day: c.workday for c in KNOWN_CORRECTIONS}


def all_days() -> list[dt.date]:
    start, end = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
    return [start + D(days=k) for k in range((end - start).days + 1)]


def test_is_a_workday_calendar() -> None:
    assert isinstance(CAL, WorkdayCalendar)
    assert default_calendar() is default_calendar()


def test_covered_range_comes_from_the_installed_release() -> None:
    assert CAL.first_day == dt.date(FIRST_YEAR, 1, 1)
    assert CAL.last_day == dt.date(LAST_YEAR, 12, 31)
    assert CAL.official_years == (FIRST_YEAR, LAST_YEAR)
    assert chinese_calendar.__version__ in CAL.data_source


def test_a_new_release_with_another_year_extends_the_range(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new_year = dt.date(LAST_YEAR + 1, 1, 1)
    monkeypatch.setitem(chinese_calendar.holidays, new_year, "New Year's Day")
    cal = ChinaCalendar()
    assert cal.last_day == dt.date(LAST_YEAR + 1, 12, 31)
    assert not cal.is_workday(new_year)


def test_agrees_with_chinese_calendar_on_every_covered_day_but_known_errors() -> None:
    days = all_days()
    theirs = np.array([chinese_calendar.is_workday(d) for d in days])
    ours = CAL.is_workday_array(np.array(days, dtype="M8[D]"))
    differing = {d for d, a, b in zip(days, ours, theirs, strict=True) if a != b}
    # Every difference is a documented correction, and every correction holds in ours.
    assert differing <= set(CORRECTED)
    for day, workday in CORRECTED.items():
        assert CAL.is_workday(day) is workday
    # Scalars agree with the array.
    assert all(CAL.is_workday(d) == o for d, o in zip(days[::97], ours[::97], strict=True))


def test_2005_12_31_was_a_working_saturday() -> None:
    # 国办发明电〔2005〕35号: 元旦 1月1日至3日放假, 12月31日(星期六)上班.
    saturday = dt.date(2005, 12, 31)
    assert saturday.weekday() == 5
    assert CAL.is_workday(saturday)
    assert chinese_calendar.is_workday(saturday) is False  # the error being corrected
    assert CAL.add_workdays(dt.date(2005, 12, 30), 1) == saturday
    assert CAL.add_workdays(dt.date(2005, 12, 30), 2) == dt.date(2006, 1, 4)
    assert "国办发明电〔2005〕35号" in CAL.explain(saturday)


def _crosses_correction(start: dt.date, end: dt.date) -> bool:
    return any(start <= d <= end for d in CORRECTED)


covered_days = st.dates(
    min_value=dt.date(FIRST_YEAR, 1, 1) + D(days=120),
    max_value=dt.date(LAST_YEAR, 12, 31) - D(days=120),
)


@settings(max_examples=300, deadline=None)
@given(day=covered_days, n=st.integers(1, 60))
def test_add_workdays_is_find_workday_from_the_next_day(day: dt.date, n: int) -> None:
    # The statutes count from the day after the event; find_workday(n, day) would first move
    # a rest day to the next working day and so count one more.
    theirs = chinese_calendar.find_workday(n - 1, day + D(days=1))
    assume(not _crosses_correction(day, theirs))
    assert CAL.add_workdays(day, n) == theirs
    assert CAL.add_workdays_array(np.array([day], "M8[D]"), n)[0] == np.datetime64(theirs)


@settings(max_examples=200, deadline=None)
@given(day=covered_days, n=st.integers(-60, -1))
def test_negative_n_is_find_workday_backwards(day: dt.date, n: int) -> None:
    theirs = chinese_calendar.find_workday(n, day)
    assume(not _crosses_correction(theirs, day))
    assert CAL.add_workdays(day, n) == theirs


def test_find_workday_counts_one_more_from_a_rest_day() -> None:
    saturday = dt.date(2023, 4, 8)
    assert CAL.add_workdays(saturday, 1) == dt.date(2023, 4, 10)
    assert chinese_calendar.find_workday(1, saturday) == dt.date(2023, 4, 11)


@pytest.mark.parametrize(
    ("event", "n", "expected", "why"),
    [
        # Notice 000: inspection 3月7日至4月7日, results within 20 working days: across the 2023
        # 劳动节 调休 (4/23 Sun and 5/6 Sat worked, 4/29–5/3 off).
        (dt.date(2023, 4, 7), 20, dt.date(2023, 5, 8), "2023 劳动节"),
        # domain.md worked example: 9/28 Sun and 10/11 Sat worked, 10/1–10/8 off.
        (dt.date(2025, 9, 26), 20, dt.date(2025, 10, 30), "2025 国庆/中秋"),
        # Notice 002: inspection until 2023-12-31; 2024-01-01 is 元旦.
        (dt.date(2023, 12, 31), 20, dt.date(2024, 1, 29), "2024 元旦"),
        # Notice 001: 10 working days after the inspection ends (10月30日, a Monday).
        (dt.date(2023, 10, 30), 10, dt.date(2023, 11, 13), "plain weeks"),
        # Notice 001: confirm the draw 在两个工作日内 (方案 dated Thursday 2023-07-20).
        (dt.date(2023, 7, 20), 2, dt.date(2023, 7, 24), "over a weekend"),
        # Notice 004: inspection until 2025-10-30.
        (dt.date(2025, 10, 30), 20, dt.date(2025, 11, 27), "plain weeks"),
        # 2024 春节: 2/4 Sun worked, 2/10–2/17 off, 2/18 Sun worked.
        (dt.date(2024, 2, 2), 1, dt.date(2024, 2, 4), "Sunday worked"),
        (dt.date(2024, 2, 9), 1, dt.date(2024, 2, 18), "after 春节"),
        # 2023 国庆: 9/29–10/6 off, 10/7 Sat and 10/8 Sun worked.
        (dt.date(2023, 9, 28), 2, dt.date(2023, 10, 8), "two worked weekend days"),
    ],
)
def test_deadlines_computed_by_hand(event: dt.date, n: int, expected: dt.date, why: str) -> None:
    assert CAL.add_workdays(event, n) == expected, why
    assert CAL.count_workdays(event, expected) == n


def test_count_over_the_2023_labour_day() -> None:
    # Working days after 4/7 up to 4/30: 4/10–14, 4/17–21, 4/23 (Sunday worked), 4/24–28.
    assert CAL.count_workdays(dt.date(2023, 4, 7), dt.date(2023, 4, 30)) == 16


class TestCoverage:
    def test_day_after_the_last_year(self) -> None:
        with pytest.raises(CalendarCoverageError) as info:
            CAL.is_workday(dt.date(LAST_YEAR + 1, 1, 5))
        err = info.value
        assert err.year == LAST_YEAR + 1
        assert err.covered == (f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31")
        message = str(err)
        assert f"year {LAST_YEAR + 1}" in message
        assert f"YearSchedule(year={LAST_YEAR + 1}" in message
        assert "with_schedule" in message
        assert "upgrade chinese-calendar" in message

    def test_deadline_running_past_the_last_year(self) -> None:
        # e.g. 20 working days after 2026-12-10 with chinese-calendar 1.11.0.
        event = dt.date(LAST_YEAR, 12, 10)
        with pytest.raises(CalendarCoverageError, match=f"20th working day after {event}") as info:
            CAL.add_workdays(event, 20)
        assert info.value.year == LAST_YEAR + 1
        with pytest.raises(CalendarCoverageError) as info:
            CAL.add_workdays_array(np.array([dt.date(LAST_YEAR, 6, 1), event], "M8[D]"), 20)
        assert info.value.year == LAST_YEAR + 1

    def test_day_before_the_first_year(self) -> None:
        with pytest.raises(CalendarCoverageError) as info:
            CAL.add_workdays(dt.date(FIRST_YEAR - 1, 12, 31), 1)
        assert info.value.year == FIRST_YEAR - 1
        assert f"starts in {FIRST_YEAR}" in str(info.value)

    def test_no_silent_guess(self) -> None:
        with pytest.raises(CalendarCoverageError):
            CAL.count_workdays(dt.date(LAST_YEAR, 12, 1), dt.date(LAST_YEAR + 1, 1, 10))


class TestWeekdayFallback:
    cal = ChinaCalendar(assume_weekdays_through=LAST_YEAR + 2)

    def test_extends_the_range_and_warns(self) -> None:
        assert self.cal.last_day == dt.date(LAST_YEAR + 2, 12, 31)
        assert self.cal.official_years == (FIRST_YEAR, LAST_YEAR)
        monday = dt.date(LAST_YEAR + 1, 1, 1)
        while monday.weekday():
            monday += D(days=1)
        with pytest.warns(CalendarFallbackWarning, match=f"{LAST_YEAR + 1}-01-01"):
            assert self.cal.is_workday(monday)
        with pytest.warns(CalendarFallbackWarning, match="no official schedule"):
            result = self.cal.add_workdays(dt.date(LAST_YEAR, 12, 10), 20)
        assert result.year == LAST_YEAR + 1
        with pytest.warns(CalendarFallbackWarning):
            self.cal.add_workdays_array(np.array([dt.date(LAST_YEAR, 12, 10)], "M8[D]"), 20)
        assert "by assumption" in self.cal.explain(monday)

    def test_covered_answers_do_not_warn(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert self.cal.add_workdays(dt.date(2023, 4, 7), 20) == dt.date(2023, 5, 8)
            self.cal.add_workdays_array(np.array(["2023-04-07"], "M8[D]"), 20)

    def test_still_raises_beyond_the_assumed_years(self) -> None:
        with pytest.raises(CalendarCoverageError) as info:
            self.cal.is_workday(dt.date(LAST_YEAR + 3, 1, 2))
        assert info.value.year == LAST_YEAR + 3

    def test_a_year_already_covered_assumes_nothing(self) -> None:
        cal = ChinaCalendar(assume_weekdays_through=FIRST_YEAR)
        assert cal.last_day == CAL.last_day
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            cal.is_workday(CAL.last_day)


def test_explain_names_the_source() -> None:
    assert "调休 working day" in CAL.explain(dt.date(2023, 4, 23))
    assert "Labour Day" in CAL.explain(dt.date(2023, 4, 23))
    assert "holiday" in CAL.explain(dt.date(2023, 5, 1))
    assert "weekend" in CAL.explain(dt.date(2023, 4, 22))
    assert CAL.explain(dt.date(2023, 4, 24)).endswith("working day")


def test_repr_and_immutability() -> None:
    assert repr(CAL).startswith(f"ChinaCalendar({FIRST_YEAR}-01-01..")
    with pytest.raises(AttributeError, match="immutable"):
        CAL._layers = ()  # type: ignore[misc]
