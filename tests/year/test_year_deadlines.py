"""Every deadline rule the year uses, with the expected dates worked out by hand on the 2023,
2024 and 2025 official schedules (国务院办公厅关于…部分节假日安排的通知)."""

from __future__ import annotations

import datetime as dt

import pytest

from jointcheck.records import (
    ClaimEvent,
    ConfirmationEvent,
    DispatchEvent,
    DrawEvent,
    StepDeadlines,
    StepState,
    YearRecord,
)
from jointcheck.workdays import CalendarDays, ChinaCalendar, EarliestOf, FixedDate, WorkingDays

D = dt.date
CAL = ChinaCalendar()


@pytest.mark.parametrize(
    ("rule", "event", "expected"),
    [
        # 2023 中秋/国庆: 09-29 (Fri) to 10-06 off; Sat 10-07 and Sun 10-08 are 调休 working days.
        # 2 working days after Wed 09-27: Thu 09-28 (1), Sat 10-07 (2).
        (WorkingDays(n=2), D(2023, 9, 27), D(2023, 10, 7)),
        # 3 working days after Wed 09-27: 09-28, 10-07, Sun 10-08.
        (WorkingDays(n=3), D(2023, 9, 27), D(2023, 10, 8)),
        # 2023 劳动节: 04-29 (Sat) to 05-03 off; Sat 05-06 works. After Thu 04-27: Fri 04-28 (1),
        # Thu 05-04 (2).
        (WorkingDays(n=2), D(2023, 4, 27), D(2023, 5, 4)),
        # 2023 端午: 06-22 (Thu) to 06-24 off; Sun 06-25 works. After Wed 06-21: Sun 06-25 (1),
        # Mon 06-26 (2).
        (WorkingDays(n=2), D(2023, 6, 21), D(2023, 6, 26)),
        # Across the new year: 2023-12-30 to 2024-01-01 off. After Thu 12-28: Fri 12-29 (1),
        # Tue 2024-01-02 (2).
        (WorkingDays(n=2), D(2023, 12, 28), D(2024, 1, 2)),
        # The event day itself is not counted even when it is a holiday: 2 working days after
        # Sun 2023-10-01 (国庆) are Sat 10-07 and Sun 10-08.
        (WorkingDays(n=2), D(2023, 10, 1), D(2023, 10, 8)),
        # 2024 春节: 02-10 to 02-17 off; Sun 02-04 and Sun 02-18 work. 5 working days after Wed
        # 02-07: Thu 02-08 (1), Fri 02-09 (2), Sun 02-18 (3), Mon 02-19 (4), Tue 02-20 (5).
        (WorkingDays(n=5), D(2024, 2, 7), D(2024, 2, 20)),
        # 20 working days after Fri 2025-09-26 (2025: 10-01 to 10-08 off; Sun 09-28 and Sat
        # 10-11 work): 09-28, 09-29, 09-30 (3), 10-09, 10-10, 10-11 (6), 10-13..10-17 (11),
        # 10-20..10-24 (16), 10-27..10-30 (20).
        (WorkingDays(n=20), D(2025, 9, 26), D(2025, 10, 30)),
        # 15 calendar days after Mon 2023-09-18 is Tue 10-03, a holiday: the period ends on the
        # next working day, Sat 10-07 (调休).
        (CalendarDays(n=15), D(2023, 9, 18), D(2023, 10, 7)),
        # 10 calendar days after Fri 2023-07-14 is Mon 07-24, a working day: no move.
        (CalendarDays(n=10), D(2023, 7, 14), D(2023, 7, 24)),
        # 5 calendar days after Mon 2023-07-10 is Sat 07-15, a weekend: Mon 07-17.
        (CalendarDays(n=5), D(2023, 7, 10), D(2023, 7, 17)),
        # A fixed date is never moved, even onto a holiday.
        (FixedDate(day=D(2023, 10, 3)), D(2023, 9, 1), D(2023, 10, 3)),
        # The earliest of 2 working days (10-07) and a fixed 10-06: 10-06.
        (
            EarliestOf(rules=(WorkingDays(n=2), FixedDate(day=D(2023, 10, 6)))),
            D(2023, 9, 27),
            D(2023, 10, 6),
        ),
    ],
)
def test_deadline_rules_by_hand(rule, event, expected) -> None:  # type: ignore[no-untyped-def]
    from jointcheck.workdays import deadline

    assert deadline(rule, event, calendar=CAL) == expected


def test_the_three_steps_count_from_the_step_before(annual_factory, population, drawer) -> None:  # type: ignore[no-untyped-def]
    """Dispatch from the draw, claim from the dispatch, confirmation from the claim."""
    annual = annual_factory()
    record = YearRecord(annual=annual).add(
        DrawEvent(task_id="t-city", on=D(2023, 9, 27), draw=drawer(annual, "t-city", population))
    )
    code = record.selected("t-city")[0]
    # Draw Wed 09-27 → dispatch due Sat 10-07 (调休); dispatched Sun 10-08: late.
    record = record.add(
        DispatchEvent(task_id="t-city", subject_code=code, unit_id="st1", on=D(2023, 10, 8))
    )
    # Claim due 2 working days after Sun 10-08: Mon 10-09, Tue 10-10.
    record = record.add(
        ClaimEvent(task_id="t-city", subject_code=code, department_id="samr", on=D(2023, 10, 10))
    )
    # Confirmation due 2 working days after Tue 10-10: Thu 10-12.
    report = record.steps(as_of=D(2023, 10, 13), calendar=CAL)
    rows = {(r.subject_code, r.step.value): r for r in report.rows}
    assert rows[(code, "DISPATCH")].due == D(2023, 10, 7)
    assert rows[(code, "DISPATCH")].state is StepState.LATE
    assert rows[(code, "CLAIM")].due == D(2023, 10, 10)
    assert rows[(code, "CLAIM")].state is StepState.ON_TIME
    assert rows[(code, "CONFIRMATION")].due == D(2023, 10, 12)
    assert rows[(code, "CONFIRMATION")].state is StepState.OVERDUE
    # On the deadline day itself the step is still pending.
    on_the_day = record.steps(as_of=D(2023, 10, 12), calendar=CAL)
    assert {(r.subject_code, r.step.value): r for r in on_the_day.rows}[
        (code, "CONFIRMATION")
    ].state is StepState.PENDING


def test_custom_step_deadlines_in_calendar_days(annual_factory, population, drawer) -> None:  # type: ignore[no-untyped-def]
    annual = annual_factory()
    entries = list(annual.entries)
    entries[0] = entries[0].model_copy(
        update={"deadlines": StepDeadlines(confirmation=CalendarDays(n=3))}
    )
    annual = annual.model_copy(update={"entries": tuple(entries)})
    record = YearRecord(annual=annual).add(
        DrawEvent(task_id="t-own", on=D(2023, 9, 27), draw=drawer(annual, "t-own", population))
    )
    code = record.selected("t-own")[0]
    record = record.add(
        ConfirmationEvent(
            task_id="t-own", subject_code=code, department_id="samr", on=D(2023, 10, 7)
        )
    )
    row = next(
        r for r in record.steps(as_of=D(2023, 10, 9), calendar=CAL).rows if r.subject_code == code
    )
    # 3 days after Wed 09-27 is Sat 09-30, a holiday; the next working day is Sat 10-07.
    assert row.due == D(2023, 10, 7)
    assert row.state is StepState.ON_TIME
