import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import CalendarCoverageError, InspectionError, ModelValidationError
from jointcheck.forms import FormTeam, InspectionForm, InspectionResult, ResultStatus
from jointcheck.model import CheckItem, DateWindow, Department, Plan, ResultCategory, Subject, Task
from jointcheck.records import (
    DeadlineAnchor,
    DisclosureReport,
    DisclosureState,
    DisclosureStatus,
    PlanChange,
    PlanLedger,
    track_disclosure,
)
from jointcheck.workdays import ChinaCalendar, FixedCalendar

D1, D2 = "nhc", "samr"
CODES = ("91350200776049653A", "91350503MA31DKY80A", "91440101MA5CJQ4N59")
# June 2025 on a plain Monday-to-Friday calendar (no holidays), so the arithmetic is visible.
CAL = FixedCalendar(dt.date(2025, 5, 1), dt.date(2025, 9, 30))
WINDOW = DateWindow(start=dt.date(2025, 6, 2), end=dt.date(2025, 6, 13))  # Mon .. Fri


def make_plan(
    n: int = 5, disclosure_by: dt.date | None = None, window: DateWindow | None = WINDOW
) -> Plan:
    items = (
        CheckItem(id="a", department_id=D1, name="机构资质检查"),
        CheckItem(id="b", department_id=D2, name="广告发布行为检查"),
    )
    tasks = tuple(
        Task(
            id=t,
            name=f"任务{t}",
            check_items=items,
            sampling="100%",
            inspection=window,
            disclosure_working_days=n,
            disclosure_by=disclosure_by,
        )
        for t in ("t1", "t2")
    )
    return Plan(
        id="p",
        name="联合抽查",
        year=2025,
        initiator_id=D1,
        departments=(Department(id=D1, name="卫健委"), Department(id=D2, name="市场监管局")),
        tasks=tasks,
    )


def ledger(plan: Plan | None = None, codes: tuple[str, ...] = CODES[:2]) -> PlanLedger:
    plan = plan or make_plan()
    teams = [FormTeam.from_ids(D1, ["h1", "h2"]), FormTeam.from_ids(D2, ["m1", "m2"])]
    forms = [
        InspectionForm.build(
            plan, "t1", Subject(code=c, name="某机构", jurisdiction="341322"), teams
        )
        for c in codes
    ]
    return PlanLedger.open(plan).add_forms("t1", forms)


def result(
    code: str,
    department: str,
    inspected: str,
    entered: str,
    published: str | None = None,
) -> InspectionResult:
    ids = ("h1", "h2") if department == D1 else ("m1", "m2")
    return InspectionResult(
        task_id="t1",
        subject_code=code,
        department_id=department,
        categories=(ResultCategory.NO_PROBLEM_FOUND,),
        inspected_on=dt.date.fromisoformat(inspected),
        inspector_ids=ids,
        entered_on=dt.date.fromisoformat(entered),
        entered_by=ids[0],
        published_on=dt.date.fromisoformat(published) if published else None,
    )


def status(report: DisclosureReport, code: str, department: str) -> DisclosureStatus:
    return next(i for i in report.items if i.subject_code == code and i.department_id == department)


A, B = CODES[:2]


def four_states() -> PlanLedger:
    # inspected Wednesday 06-04: 5 working days later is Wednesday 06-11
    return ledger().record_results(
        [
            result(A, D1, "2025-06-04", "2025-06-05", "2025-06-11"),  # on time (deadline day)
            result(A, D2, "2025-06-04", "2025-06-05", "2025-06-16"),  # late: Thu, Fri, Mon
            result(B, D1, "2025-06-04", "2025-06-06"),  # entered, never published
        ]
    )  # B/D2 is not entered: counts from the window end, Fri 06-13 -> Fri 06-20


def test_each_result_gets_its_deadline_and_state() -> None:
    report = track_disclosure(four_states(), calendar=CAL, as_of=dt.date(2025, 6, 18))
    on_time = status(report, A, D1)
    assert (on_time.deadline, on_time.state, on_time.overdue_working_days) == (
        dt.date(2025, 6, 11),
        DisclosureState.ON_TIME,
        0,
    )
    late = status(report, A, D2)
    assert late.state is DisclosureState.LATE
    assert late.overdue_working_days == 3
    unpublished = status(report, B, D1)
    assert unpublished.state is DisclosureState.OVERDUE
    assert unpublished.result_status is ResultStatus.PENDING_REVIEW
    assert unpublished.overdue_working_days == 5  # 06-12, 13, 16, 17, 18
    missing = status(report, B, D2)
    assert missing.result_status is ResultStatus.NOT_ENTERED
    assert (missing.counted_from, missing.deadline, missing.state) == (
        dt.date(2025, 6, 13),
        dt.date(2025, 6, 20),
        DisclosureState.PENDING,
    )
    assert report.expected == 4
    assert report.rate == Fraction(1, 4)
    assert report.published_rate == Fraction(1, 2)
    assert not report.complete
    assert report.overdue() == (unpublished,)
    assert report.counts == {
        DisclosureState.ON_TIME: 1,
        DisclosureState.LATE: 1,
        DisclosureState.OVERDUE: 1,
        DisclosureState.PENDING: 1,
    }
    assert DisclosureReport.model_validate_json(report.model_dump_json()) == report


def test_overdue_on_a_rest_day_right_after_the_deadline_counts_zero_working_days() -> None:
    book = ledger().record_result(result(A, D1, "2025-06-06", "2025-06-06"))
    report = track_disclosure(book, calendar=CAL, as_of=dt.date(2025, 6, 14))
    # deadline Fri 06-13, report on Saturday
    item = status(report, A, D1)
    assert item.state is DisclosureState.OVERDUE
    assert item.overdue_working_days == 0


def test_window_end_anchor_counts_every_result_from_the_end_of_the_window() -> None:
    report = track_disclosure(
        four_states(), calendar=CAL, as_of=dt.date(2025, 6, 18), anchor=DeadlineAnchor.WINDOW_END
    )
    assert {i.deadline for i in report.items} == {dt.date(2025, 6, 20)}
    assert status(report, A, D2).state is DisclosureState.ON_TIME
    assert status(report, B, D1).state is DisclosureState.PENDING


def test_the_plans_own_last_day_wins_when_earlier() -> None:
    plan = make_plan(n=20, disclosure_by=dt.date(2025, 6, 20))
    book = ledger(plan).record_result(result(A, D1, "2025-06-04", "2025-06-05", "2025-06-23"))
    item = status(track_disclosure(book, calendar=CAL, as_of=dt.date(2025, 6, 30)), A, D1)
    assert item.deadline == dt.date(2025, 6, 20)
    assert item.state is DisclosureState.LATE
    assert item.overdue_working_days == 1


def test_the_report_is_taken_as_of_its_day() -> None:
    book = four_states()
    early = track_disclosure(book, calendar=CAL, as_of=dt.date(2025, 6, 10))
    assert status(early, A, D1).state is DisclosureState.PENDING  # published only on 06-11
    assert status(early, A, D1).result_status is ResultStatus.PENDING_REVIEW
    before_entry = track_disclosure(book, calendar=CAL, as_of=dt.date(2025, 6, 4))
    assert status(before_entry, A, D1).result_status is ResultStatus.NOT_ENTERED
    assert status(before_entry, A, D1).counted_from == WINDOW.end


def test_task_and_plan_rates() -> None:
    book = ledger(codes=CODES[:1]).record_results(
        [
            result(A, D1, "2025-06-04", "2025-06-05", "2025-06-05"),
            result(A, D2, "2025-06-04", "2025-06-05", "2025-06-06"),
        ]
    )
    plan = make_plan()
    t2_form = InspectionForm.build(
        plan,
        "t2",
        Subject(code=CODES[2], name="某机构", jurisdiction="341322"),
        [FormTeam.from_ids(D1, ["h1", "h2"]), FormTeam.from_ids(D2, ["m1", "m2"])],
    )
    book = book.add_forms("t2", [t2_form])
    report = track_disclosure(book, calendar=CAL, as_of=dt.date(2025, 7, 1))
    assert report.for_task("t1").rate == 1
    assert report.for_task("t1").complete
    assert report.for_task("t2").rate == 0
    assert report.rate == Fraction(2, 4)


def test_a_cancelled_task_expects_only_what_it_took() -> None:
    book = four_states().change(
        PlanChange.cancel(
            "t1", reason="合并实施", filed_with="信用监管股", filed_on=dt.date(2025, 6, 9)
        )
    )
    report = track_disclosure(book, calendar=CAL, as_of=dt.date(2025, 6, 30))
    assert report.expected == 3
    assert all(i.result_status is not ResultStatus.NOT_ENTERED for i in report.items)


def test_a_deadline_that_needs_a_missing_window_is_an_error() -> None:
    book = ledger(make_plan(window=None))
    with pytest.raises(InspectionError, match="no inspection window") as info:
        track_disclosure(book, calendar=CAL, as_of=dt.date(2025, 6, 30))
    assert info.value.field == "inspection"
    entered = book.record_results(
        [result(c, d, "2025-06-04", "2025-06-05") for c in CODES[:2] for d in (D1, D2)]
    )
    assert track_disclosure(entered, calendar=CAL, as_of=dt.date(2025, 6, 30)).expected == 4


def test_a_deadline_outside_the_calendar_is_an_error() -> None:
    short = FixedCalendar(dt.date(2025, 6, 1), dt.date(2025, 6, 15))
    with pytest.raises(CalendarCoverageError):
        track_disclosure(four_states(), calendar=short, as_of=dt.date(2025, 6, 14))


def test_china_calendar_worked_example() -> None:
    window = DateWindow(start=dt.date(2025, 9, 1), end=dt.date(2025, 9, 26))
    book = ledger(make_plan(n=20, window=window), codes=CODES[:1])
    report = track_disclosure(book, calendar=ChinaCalendar(), as_of=dt.date(2025, 10, 31))
    # 20 working days after Friday 2025-09-26: 9/28 and 10/11 are 调休 working days,
    # 10/1-10/8 are the 国庆/中秋 holiday.
    assert {i.deadline for i in report.items} == {dt.date(2025, 10, 30)}
    assert {i.state for i in report.items} == {DisclosureState.OVERDUE}
    assert {i.overdue_working_days for i in report.items} == {1}


def test_status_records_are_consistent() -> None:
    with pytest.raises(ModelValidationError, match="published_on is set exactly"):
        DisclosureStatus(
            task_id="t1",
            subject_code=A,
            department_id=D1,
            result_status=ResultStatus.PUBLISHED,
            counted_from=dt.date(2025, 6, 4),
            deadline=dt.date(2025, 6, 11),
            state=DisclosureState.ON_TIME,
        )


_DAYS = st.integers(0, 25)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), _DAYS, _DAYS, st.one_of(st.none(), _DAYS)), min_size=4, max_size=4
    ),
    _DAYS,
)
def test_rate_is_one_exactly_when_every_result_is_entered_and_on_time(
    rows: list[tuple[bool, int, int, int | None]], report_day: int
) -> None:
    start = dt.date(2025, 6, 2)
    book = ledger()
    pairs = [(c, d) for c in CODES[:2] for d in (D1, D2)]
    recorded = []
    for (code, department), (entered, inspect, delay, publish) in zip(pairs, rows, strict=True):
        if not entered:
            continue
        inspected = start + dt.timedelta(days=inspect % 12)
        entered_on = inspected + dt.timedelta(days=delay)
        published = None if publish is None else entered_on + dt.timedelta(days=publish)
        recorded.append(
            result(
                code,
                department,
                inspected.isoformat(),
                entered_on.isoformat(),
                published.isoformat() if published else None,
            )
        )
    book = book.record_results(recorded)
    as_of = start + dt.timedelta(days=30 + report_day)
    report = track_disclosure(book, calendar=CAL, as_of=as_of)
    all_on_time = len(recorded) == 4 and all(
        r.published_on is not None
        and r.published_on <= as_of
        and r.published_on <= CAL.add_workdays(r.inspected_on, 5)
        for r in recorded
    )
    assert report.complete == all_on_time
    assert (report.rate == 1) == all_on_time
    assert report.expected == 4
