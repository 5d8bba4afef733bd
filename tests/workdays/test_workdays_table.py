"""The working-day table: conventions (n == 0, negative n, (start, end]), arrays, coverage."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import CalendarCoverageError, CalendarDataError, InvalidInputError
from jointcheck.workdays import FixedCalendar, WorkdayCalendar

JAN = dt.date(2024, 1, 1)  # a Monday
D = dt.timedelta


def day(n: int) -> dt.date:
    return JAN + D(days=n)


# A naive reference: walk day by day.
def naive_add(flags: list[bool], i: int, n: int) -> int | None:
    if n == 0:
        return i
    step = 1 if n > 0 else -1
    left, j = abs(n), i
    while left:
        j += step
        if not 0 <= j < len(flags):
            return None
        if flags[j]:
            left -= 1
    return j


def naive_count(flags: list[bool], i: int, j: int) -> int:
    if i <= j:
        return sum(flags[i + 1 : j + 1])
    return -sum(flags[j + 1 : i + 1])


def naive_next(flags: list[bool], i: int, *, inclusive: bool, step: int) -> int | None:
    j = i if inclusive else i + step
    while 0 <= j < len(flags):
        if flags[j]:
            return j
        j += step
    return None


calendars = st.lists(st.booleans(), min_size=1, max_size=60)


class TestConventions:
    cal = FixedCalendar(JAN, dt.date(2024, 1, 31), holidays=[dt.date(2024, 1, 1)])

    def test_is_a_workday_calendar(self) -> None:
        assert isinstance(self.cal, WorkdayCalendar)

    def test_positive_n_skips_the_day_itself(self) -> None:
        # Tuesday 2nd is the first working day after Monday 1st (a holiday here).
        assert self.cal.add_workdays(dt.date(2024, 1, 1), 1) == dt.date(2024, 1, 2)
        # From a working day: the day itself is not counted either.
        assert self.cal.add_workdays(dt.date(2024, 1, 2), 1) == dt.date(2024, 1, 3)
        # Friday + 1 = Monday; Saturday + 1 = Monday.
        assert self.cal.add_workdays(dt.date(2024, 1, 5), 1) == dt.date(2024, 1, 8)
        assert self.cal.add_workdays(dt.date(2024, 1, 6), 1) == dt.date(2024, 1, 8)
        assert self.cal.add_workdays(dt.date(2024, 1, 5), 6) == dt.date(2024, 1, 15)

    def test_zero_returns_the_day_even_a_rest_day(self) -> None:
        assert self.cal.add_workdays(dt.date(2024, 1, 6), 0) == dt.date(2024, 1, 6)
        assert self.cal.add_workdays(dt.date(2024, 1, 1), 0) == dt.date(2024, 1, 1)

    def test_negative_n_counts_back_without_the_day(self) -> None:
        # Sunday 7th - 1 = Friday 5th (not Thursday); Monday 8th - 1 = Friday 5th.
        assert self.cal.add_workdays(dt.date(2024, 1, 7), -1) == dt.date(2024, 1, 5)
        assert self.cal.add_workdays(dt.date(2024, 1, 8), -1) == dt.date(2024, 1, 5)
        assert self.cal.add_workdays(dt.date(2024, 1, 8), -4) == dt.date(2024, 1, 2)

    def test_count_is_start_exclusive_end_inclusive(self) -> None:
        assert self.cal.count_workdays(dt.date(2024, 1, 5), dt.date(2024, 1, 8)) == 1
        assert self.cal.count_workdays(dt.date(2024, 1, 8), dt.date(2024, 1, 8)) == 0
        assert self.cal.count_workdays(dt.date(2024, 1, 1), dt.date(2024, 1, 7)) == 4
        assert self.cal.count_workdays(dt.date(2024, 1, 8), dt.date(2024, 1, 5)) == -1

    def test_next_and_previous(self) -> None:
        sat, mon = dt.date(2024, 1, 6), dt.date(2024, 1, 8)
        assert self.cal.next_workday(sat) == mon
        assert self.cal.next_workday(sat, inclusive=True) == mon
        assert self.cal.next_workday(mon) == dt.date(2024, 1, 9)
        assert self.cal.next_workday(mon, inclusive=True) == mon
        assert self.cal.previous_workday(sat) == dt.date(2024, 1, 5)
        assert self.cal.previous_workday(mon) == dt.date(2024, 1, 5)
        assert self.cal.previous_workday(mon, inclusive=True) == mon

    def test_datetime_counts_as_its_date(self) -> None:
        assert self.cal.add_workdays(dt.datetime(2024, 1, 5, 23, 59), 1) == dt.date(2024, 1, 8)


class TestFixedCalendar:
    def test_explicit_days_and_weekend(self) -> None:
        cal = FixedCalendar(JAN, day(13), holidays=[day(2)], workdays=[day(6)], weekend=(4, 5, 6))
        flags = [cal.is_workday(day(k)) for k in range(14)]
        # Mon Tue Wed(holiday) Thu | Fri Sat Sun(worked) are the weekend; then a plain week.
        week1 = [True, True, False, True, False, False, True]
        week2 = [True, True, True, True, False, False, False]
        assert flags == week1 + week2

    def test_from_flags_round_trips(self) -> None:
        flags = [True, False, False, True, True, False, True, True, False]
        cal = FixedCalendar.from_flags(JAN, flags)
        assert [cal.is_workday(day(k)) for k in range(len(flags))] == flags
        assert cal.last_day == day(len(flags) - 1)

    @pytest.mark.parametrize(
        ("kwargs", "error", "words"),
        [
            ({"holidays": [day(3)], "workdays": [day(3)]}, CalendarDataError, "both"),
            ({"holidays": [day(40)]}, CalendarDataError, "outside"),
            ({"weekend": (7,)}, InvalidInputError, "weekday numbers"),
            ({"holidays": ["2024-01-03"]}, InvalidInputError, "datetime.date"),
        ],
    )
    def test_rejects_bad_data(self, kwargs: dict, error: type[Exception], words: str) -> None:
        with pytest.raises(error, match=words):
            FixedCalendar(JAN, day(30), **kwargs)

    def test_rejects_reversed_range(self) -> None:
        with pytest.raises(InvalidInputError, match="before first_day"):
            FixedCalendar(day(5), day(1))

    def test_immutable(self) -> None:
        cal = FixedCalendar(JAN, day(30))
        with pytest.raises(AttributeError, match="immutable"):
            cal._first = 0  # type: ignore[misc]
        with pytest.raises(ValueError, match="read-only"):
            cal._work[0] = False


class TestCoverage:
    cal = FixedCalendar(JAN, dt.date(2024, 1, 31))

    def test_day_outside_range_names_the_year(self) -> None:
        with pytest.raises(CalendarCoverageError) as info:
            self.cal.is_workday(dt.date(2023, 12, 31))
        assert info.value.year == 2023
        assert info.value.covered == ("2024-01-01", "2024-01-31")
        assert isinstance(info.value, LookupError)
        assert "2023-12-31" in str(info.value)

    def test_answer_beyond_range(self) -> None:
        with pytest.raises(CalendarCoverageError, match=r"23rd working day after 2024-01-01"):
            self.cal.add_workdays(JAN, 23)
        assert self.cal.add_workdays(JAN, 22) == dt.date(2024, 1, 31)
        with pytest.raises(CalendarCoverageError, match="falls before") as info:
            self.cal.add_workdays(dt.date(2024, 1, 3), -3)
        assert info.value.year == 2023
        with pytest.raises(CalendarCoverageError):
            self.cal.next_workday(dt.date(2024, 1, 31))
        with pytest.raises(CalendarCoverageError):
            self.cal.previous_workday(JAN)

    def test_array_error_names_the_entry(self) -> None:
        days = np.array(["2024-01-02", "2024-02-05", "2024-03-01"], dtype="M8[D]")
        with pytest.raises(CalendarCoverageError, match=r"days\[1\] = 2024-02-05 \(2 entries"):
            self.cal.is_workday_array(days)
        with pytest.raises(CalendarCoverageError, match="30th working day after 2024-01-02"):
            self.cal.add_workdays_array(days[:1], 30)
        with pytest.raises(CalendarCoverageError, match="working day after 2024-01-31"):
            self.cal.add_workdays_array(np.array(["2024-01-31"], "M8[D]"), np.array([1]))

    def test_bad_inputs(self) -> None:
        with pytest.raises(InvalidInputError, match="NaT"):
            self.cal.is_workday_array(np.array(["2024-01-02", "NaT"], dtype="M8[D]"))
        with pytest.raises(InvalidInputError, match="must hold dates"):
            self.cal.is_workday_array(np.array([1, 2]))
        with pytest.raises(InvalidInputError, match="must hold dates"):
            self.cal.is_workday_array(["2024-13-01"])
        with pytest.raises(InvalidInputError, match=r"must be a datetime\.date"):
            self.cal.is_workday("2024-01-02")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="must be an int"):
            self.cal.add_workdays(JAN, 1.0)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="array of ints"):
            self.cal.add_workdays_array(np.array([JAN], "M8[D]"), np.array([1.5]))

    def test_covers(self) -> None:
        assert self.cal.covers(JAN)
        assert self.cal.covers(dt.date(2024, 1, 31))
        assert not self.cal.covers(dt.date(2024, 2, 1))


class TestArrays:
    cal = FixedCalendar(JAN, dt.date(2024, 3, 31), holidays=[dt.date(2024, 2, 12)])

    def test_accepts_dates_strings_and_other_units(self) -> None:
        expected = np.array(["2024-01-08"], dtype="M8[D]")
        for days in ([dt.date(2024, 1, 5)], ["2024-01-05"], np.array(["2024-01-05T13"], "M8[h]")):
            assert (self.cal.add_workdays_array(days, 1) == expected).all()

    def test_shape_and_broadcast(self) -> None:
        days = np.array([["2024-01-05", "2024-01-06"], ["2024-01-07", "2024-01-08"]], "M8[D]")
        out = self.cal.add_workdays_array(days, np.array([0, 1]))
        assert out.shape == (2, 2)
        assert out.dtype == np.dtype("M8[D]")
        assert out.tolist() == [
            [dt.date(2024, 1, 5), dt.date(2024, 1, 8)],
            [dt.date(2024, 1, 7), dt.date(2024, 1, 9)],
        ]
        assert self.cal.is_workday_array(days).tolist() == [[True, False], [False, True]]

    def test_empty(self) -> None:
        empty = np.array([], dtype="M8[D]")
        assert self.cal.add_workdays_array(empty, 5).size == 0
        assert self.cal.count_workdays_array(empty, empty).size == 0


@settings(max_examples=200, deadline=None)
@given(flags=calendars, data=st.data())
def test_scalar_forms_match_a_day_by_day_walk(flags: list[bool], data: st.DataObject) -> None:
    cal = FixedCalendar.from_flags(JAN, flags)
    size = len(flags)
    i = data.draw(st.integers(0, size - 1), label="i")
    j = data.draw(st.integers(0, size - 1), label="j")
    n = data.draw(st.integers(-size - 1, size + 1), label="n")
    assert cal.is_workday(day(i)) == flags[i]
    assert cal.count_workdays(day(i), day(j)) == naive_count(flags, i, j)
    expected = naive_add(flags, i, n)
    if expected is None:
        with pytest.raises(CalendarCoverageError):
            cal.add_workdays(day(i), n)
    else:
        result = cal.add_workdays(day(i), n)
        assert result == day(expected)
        if n >= 0:
            assert cal.count_workdays(day(i), result) == n
        else:  # |n| working days in [result, day)
            assert sum(flags[expected:i]) == -n
            assert flags[expected]
    for inclusive in (False, True):
        for step, method in ((1, cal.next_workday), (-1, cal.previous_workday)):
            want = naive_next(flags, i, inclusive=inclusive, step=step)
            if want is None:
                with pytest.raises(CalendarCoverageError):
                    method(day(i), inclusive=inclusive)
            else:
                assert method(day(i), inclusive=inclusive) == day(want)


@settings(max_examples=200, deadline=None)
@given(flags=calendars, data=st.data())
def test_array_forms_equal_scalar_forms(flags: list[bool], data: st.DataObject) -> None:
    cal = FixedCalendar.from_flags(JAN, flags)
    size = len(flags)
    idx = data.draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=20), label="idx")
    other = data.draw(st.lists(st.integers(0, size - 1), min_size=len(idx), max_size=len(idx)))
    days = np.datetime64(JAN, "D") + np.array(idx)
    ends = np.datetime64(JAN, "D") + np.array(other)
    assert cal.is_workday_array(days).tolist() == [flags[i] for i in idx]
    assert cal.count_workdays_array(days, ends).tolist() == [
        naive_count(flags, i, j) for i, j in zip(idx, other, strict=True)
    ]
    steps = data.draw(st.lists(st.integers(-3, 3), min_size=len(idx), max_size=len(idx)))
    expected = [naive_add(flags, i, n) for i, n in zip(idx, steps, strict=True)]
    if None in expected:
        with pytest.raises(CalendarCoverageError):
            cal.add_workdays_array(days, np.array(steps))
    else:
        got = cal.add_workdays_array(days, np.array(steps))
        assert got.tolist() == [day(e) for e in expected if e is not None]
    for n in (-2, 0, 2):
        scalar = [naive_add(flags, i, n) for i in idx]
        if None in scalar:
            with pytest.raises(CalendarCoverageError):
                cal.add_workdays_array(days, n)
        else:
            assert cal.add_workdays_array(days, n).tolist() == [
                day(e) for e in scalar if e is not None
            ]
    for inclusive in (False, True):
        for step, method in ((1, cal.next_workday_array), (-1, cal.previous_workday_array)):
            want = [naive_next(flags, i, inclusive=inclusive, step=step) for i in idx]
            if None in want:
                with pytest.raises(CalendarCoverageError):
                    method(days, inclusive=inclusive)
            else:
                assert method(days, inclusive=inclusive).tolist() == [
                    day(w) for w in want if w is not None
                ]


@settings(max_examples=100, deadline=None)
@given(flags=calendars, data=st.data())
def test_counts_add_up(flags: list[bool], data: st.DataObject) -> None:
    cal = FixedCalendar.from_flags(JAN, flags)
    a, b, c = (day(data.draw(st.integers(0, len(flags) - 1))) for _ in range(3))
    assert cal.count_workdays(a, b) + cal.count_workdays(b, c) == cal.count_workdays(a, c)
    assert cal.count_workdays(a, b) == -cal.count_workdays(b, a)


def test_pickle_and_copy_keep_the_calendar() -> None:
    import copy
    import pickle

    from jointcheck.workdays import CalendarLayer, ChinaCalendar

    fixed = FixedCalendar(JAN, day(30), holidays=[day(3)], workdays=[day(6)])
    again = pickle.loads(pickle.dumps(fixed))
    assert [again.is_workday(day(k)) for k in range(31)] == [
        fixed.is_workday(day(k)) for k in range(31)
    ]
    layer = CalendarLayer(name="x", holidays=["2023-03-01"])
    china = ChinaCalendar(layers=[layer])
    restored = pickle.loads(pickle.dumps(china))
    assert restored.layers == (layer,)
    assert not restored.is_workday(dt.date(2023, 3, 1))
    assert copy.copy(china) is china
    assert copy.deepcopy(fixed) is fixed
