"""Plan timeline checks on the seed notices' dates."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from jointcheck.errors import InvalidInputError
from jointcheck.model import CheckItem, DateWindow, Department, Plan, Task
from jointcheck.records import (
    FindingCode,
    Severity,
    TimelineFinding,
    check_plan_timeline,
    check_task_timeline,
    disclosure_deadline,
    disclosure_rule,
)
from jointcheck.workdays import ChinaCalendar, EarliestOf, FixedDate, WorkingDays

CAL = ChinaCalendar()
ITEMS = [CheckItem(id="a", department_id="scj", name="登记事项检查")]


def window(start: dt.date, end: dt.date) -> DateWindow:
    return DateWindow(start=start, end=end)


def task(**kwargs: object) -> Task:
    return Task(id="1", name="联合抽查", sampling="无风险等级抽取30%", check_items=ITEMS, **kwargs)  # type: ignore[arg-type]


# Notice 000 (兴安盟 2023): 抽取 3/3–3/6, 实地检查 3/7–4/7, 结果公示 4/8–4/30.
SEED_000 = task(
    extraction=window(dt.date(2023, 3, 3), dt.date(2023, 3, 6)),
    inspection=window(dt.date(2023, 3, 7), dt.date(2023, 4, 7)),
    disclosure_by=dt.date(2023, 4, 30),
)


def plan(*tasks: Task, year: int = 2023, period: DateWindow | None = None) -> Plan:
    return Plan(
        id="p",
        name="兴安盟2023年医疗美容行业联合抽查",
        year=year,
        initiator_id="scj",
        departments=[Department(id="scj", name="兴安盟市场监督管理局")],
        tasks=tasks,
        period=period,
    )


def codes(findings: tuple[TimelineFinding, ...]) -> list[FindingCode]:
    return [f.code for f in findings]


def test_disclosure_rule_from_task_fields() -> None:
    assert disclosure_rule(task()) == WorkingDays(n=20)
    assert disclosure_rule(task(disclosure_working_days=10)) == WorkingDays(n=10)
    assert disclosure_rule(SEED_000) == EarliestOf(
        rules=(WorkingDays(n=20), FixedDate(day=dt.date(2023, 4, 30)))
    )
    assert disclosure_deadline(SEED_000, calendar=CAL) == dt.date(2023, 4, 30)
    no_date = task(inspection=window(dt.date(2023, 3, 7), dt.date(2023, 4, 7)))
    assert disclosure_deadline(no_date) == dt.date(2023, 5, 8)
    with pytest.raises(InvalidInputError, match="no inspection window"):
        disclosure_deadline(task())


def test_seed_000_leaves_16_working_days_of_20() -> None:
    findings = check_plan_timeline(plan(SEED_000), calendar=CAL)
    assert codes(findings) == [FindingCode.DISCLOSURE_SHORTER_THAN_RULE]
    finding = findings[0]
    assert finding.severity is Severity.WARNING
    assert finding.task_id == "1"
    assert finding.day == dt.date(2023, 4, 30)
    assert finding.legal_deadline == dt.date(2023, 5, 8)
    assert "leaves 16 working days" in finding.message
    assert TimelineFinding.model_validate_json(finding.model_dump_json()) == finding


def test_a_plan_date_that_matches_the_rule_is_fine() -> None:
    ok = SEED_000.model_copy(update={"disclosure_by": dt.date(2023, 5, 8)})
    assert check_plan_timeline(plan(ok), calendar=CAL) == ()
    no_date = SEED_000.model_copy(update={"disclosure_by": None})
    assert check_plan_timeline(plan(no_date), calendar=CAL) == ()


def test_a_plan_date_later_than_the_rule() -> None:
    late = SEED_000.model_copy(update={"disclosure_by": dt.date(2023, 5, 9)})
    findings = check_plan_timeline(plan(late), calendar=CAL)
    assert codes(findings) == [FindingCode.DISCLOSURE_AFTER_LEGAL_DEADLINE]
    assert findings[0].legal_deadline == dt.date(2023, 5, 8)
    assert "later than the rule allows" in findings[0].message


def test_seed_004_gives_no_working_day_at_all() -> None:
    # Notice 004: 抽查时间 2025-04-10 to 10-30; 结果上传公示 务必在10月30日前完成.
    t = task(
        inspection=window(dt.date(2025, 4, 10), dt.date(2025, 10, 30)),
        disclosure_by=dt.date(2025, 10, 30),
    )
    findings = check_task_timeline(t, year=2025, calendar=CAL)
    assert codes(findings) == [FindingCode.DISCLOSURE_SHORTER_THAN_RULE]
    assert "leaves 0 working days" in findings[0].message
    assert findings[0].legal_deadline == dt.date(2025, 11, 27)


def test_disclosure_before_the_inspection_ends() -> None:
    early = SEED_000.model_copy(update={"disclosure_by": dt.date(2023, 4, 6)})
    findings = check_plan_timeline(plan(early), calendar=CAL)
    assert codes(findings) == [FindingCode.DISCLOSURE_BEFORE_INSPECTION_END]
    assert findings[0].severity is Severity.ERROR


def test_phase_order_and_overlap() -> None:
    reversed_ = task(
        extraction=window(dt.date(2023, 3, 10), dt.date(2023, 3, 12)),
        inspection=window(dt.date(2023, 3, 7), dt.date(2023, 4, 7)),
    )
    assert codes(check_task_timeline(reversed_, calendar=CAL)) == [FindingCode.PHASE_ORDER]
    overlap = task(
        extraction=window(dt.date(2023, 3, 3), dt.date(2023, 3, 8)),
        inspection=window(dt.date(2023, 3, 7), dt.date(2023, 4, 7)),
    )
    findings = check_task_timeline(overlap, calendar=CAL)
    assert codes(findings) == [FindingCode.PHASE_OVERLAP]
    assert findings[0].severity is Severity.WARNING


def test_phases_outside_the_plan_year_and_period() -> None:
    t = task(
        extraction=window(dt.date(2022, 12, 28), dt.date(2022, 12, 30)),
        inspection=window(dt.date(2023, 1, 3), dt.date(2023, 2, 28)),
        disclosure_by=dt.date(2023, 3, 28),
    )
    period = window(dt.date(2023, 1, 1), dt.date(2023, 3, 15))
    findings = check_plan_timeline(plan(t, period=period), calendar=CAL)
    assert codes(findings) == [
        FindingCode.OUTSIDE_PLAN_YEAR,  # extraction in 2022
        FindingCode.OUTSIDE_PLAN_PERIOD,  # extraction before the period
        FindingCode.OUTSIDE_PLAN_PERIOD,  # disclosure date after the period
    ]
    assert findings[0].day == dt.date(2022, 12, 28)
    assert findings[2].day == dt.date(2023, 3, 28)


def test_no_inspection_window() -> None:
    findings = check_task_timeline(task(), calendar=CAL)
    assert codes(findings) == [FindingCode.NO_INSPECTION_WINDOW]
    assert findings[0].severity is Severity.INFO


def test_uncovered_year_is_a_finding_that_says_how_to_supply_it() -> None:
    last = max(d.year for d in chinese_calendar.holidays)
    t = task(
        inspection=window(dt.date(last, 11, 2), dt.date(last, 12, 31)),
        disclosure_by=dt.date(last + 1, 1, 20),
    )
    findings = check_task_timeline(t, calendar=CAL)
    assert codes(findings) == [FindingCode.CALENDAR_NOT_COVERED]
    assert findings[0].severity is Severity.ERROR
    assert f"YearSchedule(year={last + 1}" in findings[0].message


@pytest.mark.parametrize("year", [0, 2014, 2101, 10_000])
def test_a_year_outside_the_plan_years_is_refused(year: int) -> None:
    from jointcheck.errors import InvalidInputError
    from jointcheck.scenarios import xingan_2023_plan

    task = xingan_2023_plan().tasks[0]
    with pytest.raises(InvalidInputError, match=f"year {year} is out of range: a plan year is"):
        check_task_timeline(task, year=year)
