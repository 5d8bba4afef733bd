"""The annual plan: composition, findings across the year, coverage, publication."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InspectionError, InvalidInputError, ModelValidationError
from jointcheck.forms import InspectionResult
from jointcheck.model import CheckItem, Plan, ResultCategory, Task
from jointcheck.records import (
    AnnualPlan,
    DrawEvent,
    PlanEntry,
    PlanLevel,
    Severity,
    YearFindingCode,
    YearRecord,
    check_year,
    plan_coverage,
)
from jointcheck.workdays import ChinaCalendar

D = dt.date
CAL = ChinaCalendar()


def test_composition(annual) -> None:  # type: ignore[no-untyped-def]
    assert [t.id for t in annual.tasks] == ["t-own", "t-joint", "t-city"]
    assert annual.initiator("t-city") == "city"
    assert annual.participants("t-city") == ("samr",)
    assert annual.participants("t-joint") == ("nhc",)
    assert annual.participants("t-own") == ()
    assert annual.entry("t-city").level is PlanLevel.CITY
    assert annual.department_name("nhc") == "县卫生健康局"
    assert annual.department_name("x") == "x"
    with pytest.raises(InspectionError, match="no plan of the year 2023 has task 'x'"):
        annual.task("x")
    assert AnnualPlan.model_validate_json(annual.model_dump_json()) == annual


def test_a_tasks_own_departments_win_over_its_plans(annual) -> None:  # type: ignore[no-untyped-def]
    entry = annual.entries[1]
    task = entry.plan.tasks[0].model_copy(
        update={"initiator_id": "nhc", "participant_ids": ("samr",)}
    )
    plan = entry.plan.model_validate({**entry.plan.model_dump(), "tasks": [task.model_dump()]})
    year = annual.model_copy(
        update={"entries": (annual.entries[0], PlanEntry(plan=plan), annual.entries[2])}
    )
    assert year.initiator("t-joint") == "nhc"
    assert year.participants("t-joint") == ("samr",)
    assert year.confirming("t-joint") == ("nhc", "samr")
    assert annual.confirming("t-city") == ("samr",)  # the city draws and dispatches only
    assert year.to_csv().splitlines()[2].split(",")[5:7] == ["县卫生健康局", "县市场监督管理局"]


def test_task_ids_unique_across_the_year(annual) -> None:  # type: ignore[no-untyped-def]
    twice = annual.entries[0].plan.model_copy(update={"id": "other"})
    with pytest.raises(ModelValidationError, match="unique across the year"):
        annual.model_copy(
            update={"entries": (*annual.entries, PlanEntry(plan=twice))}
        ).model_validate(
            {
                **annual.model_dump(),
                "entries": [*annual.model_dump()["entries"], PlanEntry(plan=twice).model_dump()],
            }
        )
    with pytest.raises(ModelValidationError, match="not plans of the year 2024"):
        AnnualPlan(id="y", name="y", year=2024, entries=annual.entries)
    with pytest.raises(ModelValidationError, match="share"):
        AnnualPlan(id="y", name="y", year=2023, coverage_target="three%", entries=annual.entries)


def test_findings_across_the_year(annual, population, drawer) -> None:  # type: ignore[no-untyped-def]
    findings = check_year(annual, calendar=CAL)
    overlaps = [f for f in findings if f.code is YearFindingCode.INSPECTION_OVERLAP]
    assert {f.task_ids for f in overlaps} == {
        ("t-own", "t-joint"),
        ("t-own", "t-city"),
        ("t-joint", "t-city"),
    }
    assert all(f.severity is Severity.INFO for f in overlaps)
    record = YearRecord(annual=annual)
    record = record.add(
        DrawEvent(task_id="t-own", on=D(2023, 9, 29), draw=drawer(annual, "t-own", population))
    )
    record = record.add(
        DrawEvent(task_id="t-city", on=D(2024, 1, 2), draw=drawer(annual, "t-city", population))
    )
    code = record.selected("t-own")[0]
    results = [
        InspectionResult(
            task_id=task,
            subject_code=code,
            department_id="samr",
            categories=(ResultCategory.NO_PROBLEM_FOUND,),
            inspected_on=day,
            inspector_ids=("a", "b"),
            entered_on=day,
            entered_by="a",
        )
        for task, day in (("t-own", D(2023, 9, 28)), ("t-joint", D(2023, 10, 10)))
    ]
    found = check_year(annual, record=record, results=results, calendar=CAL)
    codes = {f.code: f for f in found}
    outside = [f.task_ids for f in found if f.code is YearFindingCode.DRAW_OUTSIDE_EXTRACTION]
    assert outside == [("t-own",), ("t-city",)]
    assert codes[YearFindingCode.DRAW_AFTER_INSPECTION_WINDOW].task_ids == ("t-city",)
    assert codes[YearFindingCode.INSPECTION_BEFORE_DRAW].day == D(2023, 9, 28)
    assert codes[YearFindingCode.INSPECTION_WITHOUT_DRAW].task_ids == ("t-joint",)


def test_timeline_and_disclosure_findings_cover_every_plan(annual_factory) -> None:  # type: ignore[no-untyped-def]
    annual = annual_factory()
    entry = annual.entries[2]
    task = entry.plan.tasks[0].model_copy(update={"disclosure_by": D(2023, 12, 20)})
    bad = entry.model_copy(update={"plan": entry.plan.model_copy(update={"tasks": (task,)})})
    annual = annual.model_copy(update={"entries": (*annual.entries[:2], bad)})
    findings = check_year(annual, calendar=CAL)
    timeline = [f for f in findings if f.code is YearFindingCode.TIMELINE]
    assert [f.detail for f in timeline] == ["DISCLOSURE_BEFORE_INSPECTION_END"]
    record = YearRecord(annual=annual)
    from jointcheck.population import Population

    pop = Population.from_arrays(["91350200776049653A"], ["B"])
    from jointcheck.sampling import HashSampler

    record = record.add(
        DrawEvent(
            task_id="t-city",
            on=D(2023, 12, 21),
            draw=HashSampler().draw(pop, task.sampling, seed="s"),
        )
    )
    assert YearFindingCode.DISCLOSURE_CANNOT_BE_MET in {
        f.code for f in check_year(annual, record=record, calendar=CAL)
    }


def test_coverage_against_the_target(annual, population, drawer) -> None:  # type: ignore[no-untyped-def]
    cov = plan_coverage(
        annual,
        population,
        planned={"t-joint": 4},
        inspected_codes=[*population.code_strings()[:2], "x" * 30],
    )
    # 10% of 100 (quota) for t-own and t-city, 4 given for t-joint; 3% of 100 is 3.
    assert [(t.task_id, t.count, t.source) for t in cov.tasks] == [
        ("t-own", 12, "quota"),
        ("t-joint", 4, "given"),
        ("t-city", 12, "quota"),
    ]
    assert (cov.required, cov.planned, cov.reaches_target, cov.inspected) == (3, 28, True, 2)
    record = YearRecord(annual=annual).add(
        DrawEvent(task_id="t-own", on=D(2023, 9, 27), draw=drawer(annual, "t-own", population))
    )
    assert plan_coverage(annual, population, record=record).tasks[0].source == "draw"
    # A subject drawn by two tasks counts once toward the target.
    own = record.draws[0].draw
    both = record.add(DrawEvent(task_id="t-city", on=D(2023, 9, 28), draw=own))
    twice = plan_coverage(annual, population, record=both, planned={"t-joint": 4})
    assert twice.repeated == len(own.selected)
    assert twice.planned == len(own.selected) + 4
    with pytest.raises(InvalidInputError, match="not in the annual plan"):
        plan_coverage(annual, population, planned={"x": 1})


@settings(max_examples=50, deadline=None)
@given(
    n=st.integers(1, 5000), percent=st.decimals(min_value=Decimal("0.01"), max_value=100, places=2)
)
def test_required_is_the_exact_ceiling(annual, n, percent) -> None:  # type: ignore[no-untyped-def]
    from fractions import Fraction

    from jointcheck.population import Population
    from jointcheck.synthetic import synthetic_codes

    target = percent / 100
    pop = Population.from_arrays(synthetic_codes(n, region="140525", seed=1), ["B"] * n)
    cov = plan_coverage(annual.model_copy(update={"coverage_target": target}), pop, planned={})
    need = Fraction(target) * n
    assert cov.required >= need
    assert cov.required - 1 < need


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_publication_escapes_everything(annual) -> None:  # type: ignore[no-untyped-def]
    hostile = '=HYPERLINK("http://x")<script>alert(1)</script>|*x*'
    task = Task(
        id="evil",
        name=hostile,
        check_items=(CheckItem(id="i", department_id="samr", name="-cmd|' /C calc'!A0"),),
        sampling="5%",
        target="@SUM(1)",
    )
    plan = Plan(
        id="evil",
        name="+evil",
        year=2023,
        initiator_id="samr",
        departments=annual.entries[0].plan.departments,
        tasks=(task,),
    )
    year = annual.model_copy(
        update={"entries": (*annual.entries, PlanEntry(plan=plan, source="<b>上级</b>"))}
    )
    rows = list(csv.reader(io.StringIO(year.to_csv())))
    assert rows[0][0] == "序号"
    assert len(rows) == 5
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert "'=HYPERLINK" in year.to_csv()
    html = year.to_html()
    parser = _Text()
    parser.feed(html)
    assert "script" not in parser.tags
    assert "b" not in parser.tags
    assert hostile in "".join(parser.text)
    markdown = year.to_markdown()
    assert "<script>" not in markdown
    assert "&#124;" in markdown
    assert "\\*x\\*" in markdown
    assert markdown.count("\n| ") == 1 + 4  # header and four tasks, each on one line
