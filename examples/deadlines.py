"""Disclosure deadlines of the seed notices, a regional calendar, a plan check, coverage.

Run: ``python examples/deadlines.py``.
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import numpy as np

from jointcheck.errors import CalendarCoverageError
from jointcheck.model import CheckItem, DateWindow, Department, Plan, Task
from jointcheck.records import check_plan_timeline
from jointcheck.workdays import (
    CalendarData,
    CalendarDays,
    ChinaCalendar,
    WorkingDays,
    deadline,
    deadline_array,
)

# A regional layer as it would sit in a TOML file next to the plan (sources in docs/workdays.md).
XINJIANG_TOML = """
[[layers]]
name = "新疆维吾尔自治区"
region = "650000"
holidays = ["2025-03-29/2025-03-31", "2025-06-06/2025-06-10"]  # 肉孜节, 古尔邦节
source = "新疆维吾尔自治区人民政府令第174号; 2025年肉孜节、古尔邦节放假安排"
"""


def seed_deadlines(cal: ChinaCalendar) -> None:
    print("Disclosure deadlines in the seed notices (the end day of the inspection not counted)")
    rows = [
        ("000 兴安盟 2023", dt.date(2023, 4, 7), WorkingDays(n=20)),
        ("001 莲池区 2023", dt.date(2023, 10, 30), WorkingDays(n=10)),
        ("002 秦皇岛 2023", dt.date(2023, 12, 31), WorkingDays(n=20)),
        ("004 萧县 2025", dt.date(2025, 10, 30), WorkingDays(n=20)),
        ("domain example", dt.date(2025, 9, 26), WorkingDays(n=20)),
    ]
    for notice, end, rule in rows:
        due = deadline(rule, end, calendar=cal)
        print(f"  {notice:<16} inspection ends {end}  {rule.describe():<34} → {due}")
    print()
    print("Why 2023-04-07 + 20 working days is 2023-05-08 (劳动节 with 调休):")
    for day in ("2023-04-23", "2023-04-29", "2023-05-03", "2023-05-06", "2023-05-07"):
        print("  " + cal.explain(dt.date.fromisoformat(day)))
    print()
    period = CalendarDays(n=7)
    print(f"A period in days ends on a working day: {period.describe()}")
    print(f"  after 2023-09-26 → {deadline(period, dt.date(2023, 9, 26), calendar=cal)}")
    print()


def regional(cal: ChinaCalendar) -> None:
    xinjiang = ChinaCalendar.from_data(CalendarData.from_toml(XINJIANG_TOML))
    end = dt.date(2025, 5, 30)
    rule = WorkingDays(n=10)
    print(f"Regional layer: {rule.describe()} {end}")
    print(f"  national calendar  → {deadline(rule, end, calendar=cal)}")
    print(f"  新疆维吾尔自治区   → {deadline(rule, end, calendar=xinjiang)}  (古尔邦节 6/6–6/10)")
    print()


def plan_check(cal: ChinaCalendar) -> None:
    task = Task(
        id="1",
        name="医疗美容场所联合检查",
        sampling="无风险等级抽取30%",
        check_items=[CheckItem(id="a", department_id="scj", name="登记事项检查")],
        extraction=DateWindow(start=dt.date(2023, 3, 3), end=dt.date(2023, 3, 6)),
        inspection=DateWindow(start=dt.date(2023, 3, 7), end=dt.date(2023, 4, 7)),
        disclosure_by=dt.date(2023, 4, 30),
    )
    plan = Plan(
        id="xam-2023-ylmr",
        name="兴安盟2023年医疗美容行业“双随机、一公开”联合抽查",
        year=2023,
        initiator_id="scj",
        departments=[
            Department(id="scj", name="兴安盟市场监督管理局"),
            Department(id="wjw", name="兴安盟卫生健康委员会"),
        ],
        tasks=[task],
    )
    print("Timeline check of notice 000 (问题处理及结果公示阶段 4月8日至4月30日):")
    for finding in check_plan_timeline(plan, calendar=cal):
        print(f"  {finding.severity.value} {finding.code.value}: {finding.message}")
    print()


def coverage(cal: ChinaCalendar) -> None:
    event = dt.date(cal.last_day.year, 12, 10)
    print(f"Coverage: 20 working days after {event} ({cal.data_source})")
    try:
        cal.add_workdays(event, 20)
    except CalendarCoverageError as exc:
        print(f"  CalendarCoverageError (year {exc.year}): {exc}")
    guessing = ChinaCalendar(assume_weekdays_through=event.year + 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        guess = guessing.add_workdays(event, 20)
    print(f"  opt-in weekday guess → {guess}, with {caught[0].category.__name__}")
    print()


EXAMPLE_2027 = Path(__file__).resolve().parent / "data" / "calendar_2027_example.toml"


def next_year(cal: ChinaCalendar) -> ChinaCalendar:
    """The calendar for a year chinese-calendar lacks, built once from a schedule file."""
    data = CalendarData.from_toml(EXAMPLE_2027.read_text("utf-8"))
    extended = cal.with_schedule(data.years[0])
    event = dt.date(2026, 12, 10)
    print(f"Next year from a schedule file ({EXAMPLE_2027.name}, an EXAMPLE, not official):")
    print(
        f"  20 working days after {event} → {deadline(WorkingDays(n=20), event, calendar=extended)}"
    )
    print("  " + extended.explain(dt.date(2027, 2, 20)))
    print()
    return extended


def vectorised(cal: ChinaCalendar) -> None:
    ends = np.array(["2023-04-07", "2023-09-28", "2023-10-09"], dtype="M8[D]")
    today = np.datetime64("2023-10-20")
    dues = deadline_array(WorkingDays(n=20), ends, calendar=cal)
    overdue = dues < today
    left = cal.count_workdays_array(today, dues)
    print(f"Vectorised: a column of inspection end dates, seen on {today}")
    for end, due, late, n in zip(ends, dues, overdue, left, strict=True):
        status = "overdue" if late else f"{n} working days left"
        print(f"  {end} → due {due}  {status}")


def main() -> None:
    cal = ChinaCalendar()  # built once, passed to every call
    seed_deadlines(cal)
    regional(cal)
    plan_check(cal)
    coverage(cal)
    next_year(cal)
    vectorised(cal)


if __name__ == "__main__":
    main()
