"""Deadline rules: JSON, the procedural-law day count, the earliest of several, arrays."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import CalendarCoverageError, InvalidInputError, ModelValidationError
from jointcheck.workdays import (
    CalendarDays,
    ChinaCalendar,
    EarliestOf,
    FixedCalendar,
    FixedDate,
    WorkingDays,
    deadline,
    deadline_array,
    is_overdue,
    parse_deadline_rule,
    working_days_left,
)

CAL = ChinaCalendar()
PLAN_END = FixedDate(day=dt.date(2023, 4, 30))
RULES = [
    WorkingDays(n=20),
    CalendarDays(n=7),
    PLAN_END,
    EarliestOf(rules=(WorkingDays(n=20), PLAN_END)),
    EarliestOf(rules=(CalendarDays(n=15), EarliestOf(rules=(WorkingDays(n=3), PLAN_END)))),
]


@pytest.mark.parametrize("rule", RULES)
def test_rules_round_trip_through_json(rule: object) -> None:
    text = rule.model_dump_json()  # type: ignore[attr-defined]
    assert type(rule).model_validate_json(text) == rule  # type: ignore[attr-defined]
    assert parse_deadline_rule(text) == rule
    assert parse_deadline_rule(rule.model_dump(mode="json")) == rule  # type: ignore[attr-defined]


def test_json_names_the_kind() -> None:
    rule = EarliestOf(rules=(WorkingDays(n=20), PLAN_END))
    assert rule.model_dump(mode="json") == {
        "kind": "earliest_of",
        "rules": [
            {"kind": "working_days", "n": 20},
            {"kind": "fixed_date", "day": "2023-04-30"},
        ],
    }


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ('{"kind": "weeks", "n": 2}', "kind"),
        ('{"kind": "working_days", "n": 0}', "greater than or equal to 1"),
        ('{"kind": "earliest_of", "rules": []}', "at least 1"),
        ({"kind": "working_days", "n": 20, "extra": 1}, "Extra inputs"),
    ],
)
def test_bad_rules_are_rejected(data: object, words: str) -> None:
    with pytest.raises(ModelValidationError, match=words):
        parse_deadline_rule(data)  # type: ignore[arg-type]


def test_working_days_count_from_the_day_after_the_event() -> None:
    assert deadline(WorkingDays(n=20), dt.date(2023, 4, 7), calendar=CAL) == dt.date(2023, 5, 8)
    # Default calendar is the national one.
    assert deadline(WorkingDays(n=20), dt.date(2023, 4, 7)) == dt.date(2023, 5, 8)
    # An event on a rest day: the first working day after it is day 1.
    assert deadline(WorkingDays(n=1), dt.date(2023, 4, 29)) == dt.date(2023, 5, 4)


@pytest.mark.parametrize(
    ("event", "n", "expected", "why"),
    [
        # 2023-10-03 is in the 国庆 holiday (9/29–10/6); the next working day is Saturday
        # 10/7, a 调休 working day.
        (dt.date(2023, 9, 26), 7, dt.date(2023, 10, 7), "holiday, then a worked Saturday"),
        # 2024-02-03 is a Saturday; Sunday 2/4 was worked for 春节.
        (dt.date(2024, 1, 31), 3, dt.date(2024, 2, 4), "a worked Sunday"),
        # An ordinary weekend moves to Monday.
        (dt.date(2023, 3, 1), 10, dt.date(2023, 3, 13), "weekend"),
        # A working last day stays.
        (dt.date(2023, 3, 1), 6, dt.date(2023, 3, 7), "working day"),
    ],
)
def test_calendar_days_end_on_a_working_day(
    event: dt.date, n: int, expected: dt.date, why: str
) -> None:
    assert deadline(CalendarDays(n=n), event, calendar=CAL) == expected, why


def test_fixed_dates_are_not_moved() -> None:
    sunday = FixedDate(day=dt.date(2023, 4, 30))
    assert deadline(sunday, dt.date(2023, 4, 7)) == dt.date(2023, 4, 30)


def test_earliest_of() -> None:
    rule = EarliestOf(rules=(WorkingDays(n=20), PLAN_END))
    assert deadline(rule, dt.date(2023, 4, 7)) == dt.date(2023, 4, 30)
    assert deadline(rule, dt.date(2023, 3, 1)) == dt.date(2023, 3, 29)
    assert "earliest" in rule.describe()


def test_overdue_and_days_left() -> None:
    rule, event = WorkingDays(n=20), dt.date(2023, 4, 7)  # deadline 2023-05-08 (Monday)
    assert not is_overdue(rule, event, on=dt.date(2023, 5, 8))
    assert is_overdue(rule, event, on=dt.date(2023, 5, 9))
    assert working_days_left(rule, event, on=dt.date(2023, 5, 8)) == 0
    assert working_days_left(rule, event, on=dt.date(2023, 4, 28)) == 4
    assert working_days_left(rule, event, on=event) == 20
    assert working_days_left(rule, event, on=dt.date(2023, 5, 10)) == -2


def test_coverage_errors_pass_through() -> None:
    last = CAL.last_day
    with pytest.raises(CalendarCoverageError):
        deadline(WorkingDays(n=20), last - dt.timedelta(days=3))
    with pytest.raises(CalendarCoverageError):
        deadline(CalendarDays(n=10), last - dt.timedelta(days=3))
    # A fixed date needs no calendar data.
    assert deadline(FixedDate(day=last), last) == last


def test_bad_arguments() -> None:
    with pytest.raises(InvalidInputError, match="rule must be"):
        deadline(20, dt.date(2023, 4, 7))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="event must be"):
        deadline(WorkingDays(n=20), "2023-04-07")  # type: ignore[arg-type]


FIXED = FixedCalendar(dt.date(2024, 1, 1), dt.date(2024, 12, 31), holidays=[dt.date(2024, 5, 1)])


@settings(max_examples=100, deadline=None)
@given(
    rule=st.sampled_from([*RULES[:2], FixedDate(day=dt.date(2024, 9, 1))])
    | st.builds(
        lambda a, b: EarliestOf(rules=(WorkingDays(n=a), CalendarDays(n=b))),
        st.integers(1, 40),
        st.integers(1, 60),
    ),
    events=st.lists(st.dates(dt.date(2024, 1, 1), dt.date(2024, 10, 31)), min_size=1, max_size=8),
)
def test_deadline_array_equals_deadline(rule: object, events: list[dt.date]) -> None:
    if isinstance(rule, FixedDate) and max(events) > rule.day:
        # a fixed deadline before the event it follows is an error, in both forms
        with pytest.raises(InvalidInputError, match="is before the event"):
            deadline(rule, max(events), calendar=FIXED)
        with pytest.raises(InvalidInputError, match="is before the event"):
            deadline_array(rule, np.array(events, "M8[D]"), calendar=FIXED)
        return
    got = deadline_array(rule, np.array(events, "M8[D]"), calendar=FIXED)  # type: ignore[arg-type]
    want = [deadline(rule, e, calendar=FIXED) for e in events]  # type: ignore[arg-type]
    assert got.tolist() == want
