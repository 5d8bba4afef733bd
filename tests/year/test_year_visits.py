"""One joint visit per subject: grouping overlapping tasks, the merged form, its results."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InspectionError
from jointcheck.forms import (
    AdvanceNotice,
    FormTeam,
    InspectionResult,
    ItemFinding,
    ItemOutcome,
    JointVisit,
    JointVisitForm,
    Signature,
    applicable_items,
)
from jointcheck.model import (
    CheckItem,
    DateWindow,
    Department,
    Plan,
    ResultCategory,
    Subject,
    Task,
    TeamRequirement,
)
from jointcheck.records import (
    AnnualPlan,
    PlanEntry,
    PlanLedger,
    plan_joint_visits,
    record_joint_visit,
    summarize,
)

D = dt.date
CODE = "91350200776049653A"
DEPTS = ("a", "b", "c")
TAGS = ("x", "y")
VISIT_DAY = D(2023, 11, 21)


def _plans(annual: AnnualPlan) -> list[Plan]:
    """The plans of the year, which hold the visit's tasks."""
    return [e.plan for e in annual.entries]


def _team(dept: str, n: int) -> FormTeam:
    return FormTeam.from_ids(dept, [f"{dept}{i}" for i in range(n)])


def test_grouping_finds_the_fewest_visits(annual) -> None:  # type: ignore[no-untyped-def]
    visits = plan_joint_visits(annual, {"t-own": [CODE], "t-joint": [CODE], "t-city": [CODE]})
    # t-own 10-09..12-15, t-joint 10-09..11-30, t-city 11-20..12-31: all three share 11-20..11-30.
    assert visits == (
        JointVisit(
            subject_code=CODE,
            task_ids=("t-own", "t-joint", "t-city"),
            window=DateWindow(start=D(2023, 11, 20), end=D(2023, 11, 30)),
        ),
    )
    single = plan_joint_visits(annual, {"t-own": [CODE]})
    assert not single[0].is_joint
    with pytest.raises(InspectionError, match="no plan of the year"):
        plan_joint_visits(annual, {"nope": [CODE]})


def _annual(tasks: list[Task]) -> AnnualPlan:
    plan = Plan(
        id="p",
        name="p",
        year=2023,
        initiator_id="a",
        departments=tuple(Department(id=d, name=f"部门{d}") for d in DEPTS),
        tasks=tuple(tasks),
    )
    return AnnualPlan(id="y", name="y", year=2023, entries=(PlanEntry(plan=plan),))


@st.composite
def task_sets(draw: st.DrawFn) -> tuple[AnnualPlan, Subject]:
    n_tasks = draw(st.integers(2, 4))
    tasks = []
    for t in range(n_tasks):
        items = []
        for d in draw(st.lists(st.sampled_from(DEPTS), min_size=1, max_size=3, unique=True)):
            for i in range(draw(st.integers(1, 3))):
                tags = draw(st.lists(st.sampled_from(TAGS), max_size=1))
                qualification = draw(st.sampled_from([None, "药品", "计量"]))
                items.append(
                    CheckItem(
                        id=f"{d}{i}",
                        department_id=d,
                        name=f"事项{d}{i}",
                        applies_to_tags=tuple(tags),
                        qualification=qualification,
                    )
                )
        departments = list(dict.fromkeys(i.department_id for i in items))
        requirements = tuple(
            TeamRequirement(department_id=d, min_members=draw(st.integers(2, 5)))
            for d in departments
            if draw(st.booleans())
        )
        start = D(2023, 3, 1) + dt.timedelta(days=draw(st.integers(0, 30)))
        tasks.append(
            Task(
                id=f"t{t}",
                name=f"任务{t}",
                check_items=tuple(items),
                sampling="5%",
                inspection=DateWindow(
                    start=start, end=D(2023, 6, 1) + dt.timedelta(days=draw(st.integers(0, 30)))
                ),
                team_requirements=requirements,
            )
        )
    subject = Subject(
        code=CODE,
        name="某公司",
        tier="MEDIUM",
        jurisdiction="甲镇",
        tags=tuple(draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True))),
    )
    return _annual(tasks), subject


@settings(max_examples=60, deadline=None)
@given(case=task_sets())
def test_merging_never_drops_an_item_or_a_required_member(case) -> None:  # type: ignore[no-untyped-def]
    annual, subject = case
    (visit,) = plan_joint_visits(annual, {t.id: [CODE] for t in annual.tasks})  # windows overlap
    needed: dict[str, int] = {}
    expected_items: set[tuple[str, str, str]] = set()
    for task in annual.tasks:
        for d in task.department_ids:
            applying = applicable_items(task, d, subject)
            if applying:
                needed[d] = max(needed.get(d, 0), task.team_requirement(d).min_members)
                expected_items |= {(task.id, d, i.id) for i in applying}
    if {t for t, _, _ in expected_items} != {t.id for t in annual.tasks}:
        # A task with nothing to check on this subject has no form: the visit cannot hold it.
        with pytest.raises(InspectionError, match="applies to subject"):
            JointVisitForm.build(
                _plans(annual), visit, subject, [_team(d, n) for d, n in needed.items()]
            )
        return
    teams = [_team(d, n) for d, n in needed.items()]
    form = JointVisitForm.build(_plans(annual), visit, subject, teams)
    # Every task's every applicable item is on the merged form, under its department.
    assert {
        (j.task_id, s.department_id, j.item.id) for s in form.sections for j in s.items
    } == expected_items
    # One team per department, meeting every task's requirement.
    for section in form.sections:
        for task in annual.tasks:
            if section.department_id in task.department_ids and applicable_items(
                task, section.department_id, subject
            ):
                assert (
                    len(section.team.counted_ids)
                    >= task.team_requirement(section.department_id).min_members
                )
                assert (
                    section.min_members >= task.team_requirement(section.department_id).min_members
                )
                for item in applicable_items(task, section.department_id, subject):
                    if item.qualification:
                        assert item.qualification in section.qualifications
    # Each task's own form keeps all its items and the same team members.
    for task_form in form.task_forms:
        task = annual.task(task_form.task_id)
        for section in task_form.sections:
            assert {i.id for i in section.items} == {
                i.id for i in applicable_items(task, section.department_id, subject)
            }
            assert section.team == form.section(section.department_id).team
    # A team short of the largest minimum is refused.
    short = [d for d, n in needed.items() if n > 1]
    if short:
        with pytest.raises(InspectionError, match="require at least"):
            JointVisitForm.build(
                _plans(annual),
                visit,
                subject,
                [_team(d, needed[d] - (d == short[0])) for d in needed],
            )


def _result(
    task_id: str, dept: str, items: list[str], day: dt.date = VISIT_DAY
) -> InspectionResult:
    return InspectionResult(
        task_id=task_id,
        subject_code=CODE,
        department_id=dept,
        categories=(ResultCategory.NO_PROBLEM_FOUND,),
        findings=[ItemFinding(item_id=i, outcome=ItemOutcome.COMPLIANT) for i in items],
        inspected_on=day,
        inspector_ids=(f"{dept}0", f"{dept}1"),
        entered_on=day,
        entered_by=f"{dept}0",
    )


def test_each_tasks_results_are_recorded_against_the_visit(annual) -> None:  # type: ignore[no-untyped-def]
    (visit,) = plan_joint_visits(annual, {"t-own": [CODE], "t-joint": [CODE], "t-city": [CODE]})
    subject = Subject(code=CODE, name="某公司", tier="MEDIUM", jurisdiction="甲镇")
    form = JointVisitForm.build(_plans(annual), visit, subject, [_team("samr", 2), _team("nhc", 2)])
    assert [s.department_id for s in form.sections] == ["samr", "nhc"]
    assert [(j.task_id, j.item.id) for j in form.section("samr").items] == [
        ("t-own", "reg"),
        ("t-joint", "reg"),
        ("t-city", "ad"),
    ]
    for task_id, dept, items in (
        ("t-own", "samr", ["reg"]),
        ("t-joint", "samr", ["reg"]),
        ("t-joint", "nhc", ["hyg"]),
        ("t-city", "samr", ["ad"]),
    ):
        form = form.record_result(_result(task_id, dept, items))
    with pytest.raises(InspectionError, match="already entered"):
        form.record_result(_result("t-own", "samr", ["reg"]))
    with pytest.raises(InspectionError, match="outside the days"):
        JointVisitForm.build(
            _plans(annual), visit, subject, [_team("samr", 2), _team("nhc", 2)]
        ).record_result(_result("t-own", "samr", ["reg"], D(2023, 10, 10)))
    blank = JointVisitForm.build(
        _plans(annual), visit, subject, [_team("samr", 2), _team("nhc", 2)]
    )
    with pytest.raises(InspectionError, match="not on the form"):
        blank.record_result(_result("t-city", "samr", ["hyg"]))
    form = form.with_signature(Signature.signed(signer="王某", on=D(2023, 11, 21)))
    ledgers = {e.plan.id: record_joint_visit(PlanLedger.open(e.plan), form) for e in annual.entries}
    assert len(ledgers["joint"].results(task_id="t-joint")) == 2
    assert summarize(ledgers["own"], task_id="t-own").rows[0].subjects_inspected == 1
    assert all(f.signature.signer == "王某" for ledger in ledgers.values() for f in ledger.forms())
    markdown = form.to_markdown(title="山西省随机抽查检查表")
    assert markdown.startswith("# 山西省随机抽查检查表")
    assert "公共场所卫生检查" in markdown
    notice = AdvanceNotice.for_form(
        form,
        visit=DateWindow(start=D(2023, 11, 21), end=D(2023, 11, 21)),
        issued_on=D(2023, 11, 17),
        materials=["营业执照"],
    )
    assert notice.items == ("登记事项检查", "广告行为检查", "公共场所卫生检查")


def test_build_errors(annual) -> None:  # type: ignore[no-untyped-def]
    (visit,) = plan_joint_visits(annual, {"t-own": [CODE], "t-joint": [CODE]})
    subject = Subject(code=CODE, name="某公司", tier="MEDIUM", jurisdiction="甲镇")
    with pytest.raises(InspectionError, match="no team for department 'nhc'"):
        JointVisitForm.build(_plans(annual), visit, subject, [_team("samr", 2)])
    with pytest.raises(InspectionError, match="two teams"):
        JointVisitForm.build(_plans(annual), visit, subject, [_team("samr", 2), _team("samr", 3)])
    with pytest.raises(InspectionError, match="no check item"):
        JointVisitForm.build(
            _plans(annual), visit, subject, [_team("samr", 2), _team("nhc", 2), _team("city", 2)]
        )
    other = subject.model_copy(update={"code": "91350503MA31DKY80A"})
    with pytest.raises(InspectionError, match="is not the subject"):
        JointVisitForm.build(_plans(annual), visit, other, [_team("samr", 2), _team("nhc", 2)])
