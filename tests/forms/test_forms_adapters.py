import datetime as dt

import pytest

from jointcheck.errors import InspectionError
from jointcheck.forms import draw_reference, drawn_subjects, forms_from_assignment
from jointcheck.matching import MatchProblem, match
from jointcheck.model import (
    Certificate,
    CheckItem,
    DateWindow,
    Department,
    Inspector,
    Plan,
    SamplingRule,
    Subject,
    Task,
    TeamRequirement,
)
from jointcheck.population import Population
from jointcheck.records import PlanLedger
from jointcheck.sampling import Draw, HashSampler

NHC, SAMR, HSA = "nhc", "samr", "hsa"
WINDOW = DateWindow(start=dt.date(2025, 4, 10), end=dt.date(2025, 10, 30))
CODES = ("12341322485432108G", "12341322MB12345672", "91341322MA2N8K3P4L")


def make_plan() -> Plan:
    items = (
        CheckItem(id="n1", department_id=NHC, name="机构资质检查"),
        CheckItem(id="m1", department_id=SAMR, name="广告发布行为检查"),
        CheckItem(
            id="h1", department_id=HSA, name="医保基金使用检查", applies_to_tags=("医保定点",)
        ),
    )
    task = Task(
        id="t1",
        name="联合抽查",
        check_items=items,
        sampling="100%",
        inspection=WINDOW,
        team_requirements=(TeamRequirement(department_id=SAMR, min_members=3),),
    )
    return Plan(
        id="p1",
        name="计划",
        year=2025,
        initiator_id=NHC,
        departments=tuple(Department(id=d, name=f"{d}局") for d in (NHC, SAMR, HSA)),
        tasks=(task,),
    )


def subjects() -> list[Subject]:
    return [
        Subject(code=CODES[0], name="人民医院", jurisdiction="341322", tags=("医保定点",)),
        Subject(code=CODES[1], name="中医院", jurisdiction="341322"),
        Subject(code=CODES[2], name="互联网医院", jurisdiction="341322"),
    ]


def pool() -> list[Inspector]:
    cert = Certificate(
        number="0001", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 1, 1)
    )
    people = [
        Inspector(id=f"{d}{i}", name=f"{d}-{i}号", department_id=d, certificate=cert)
        for d in (NHC, SAMR, HSA)
        for i in range(4)
    ]
    people.append(Inspector(id="expert", name="专家", department_id=NHC, specialist=True))
    return people


def test_forms_take_the_matchers_teams_and_leave_out_departments_with_no_items() -> None:
    plan = make_plan()
    task = plan.task("t1")
    assignment = match(
        MatchProblem.build(subjects(), pool(), seed="2025", task=task, departments=plan.departments)
    )
    forms = forms_from_assignment(plan, "t1", subjects(), assignment, inspectors=pool())
    assert [f.subject.code for f in forms] == list(CODES)
    assert forms[0].department_ids == (NHC, SAMR, HSA)
    assert forms[1].department_ids == (NHC, SAMR)  # 医保 items need the 医保定点 tag
    for form in forms:
        team = assignment.team(form.subject.code)
        for section in form.sections:
            assert section.team.counted_ids == team.department(section.department_id).members
        assert len(form.section(SAMR).team.counted_ids) == 3
        assert form.section(NHC).team.members[0].name.endswith("号")
        assert form.section(NHC).team.members[0].certificate_number == "0001"
    book = PlanLedger.open(plan).add_forms("t1", forms)
    assert book.task_ledger("t1").subject_codes == CODES


def test_every_subject_needs_a_team_and_every_team_a_subject() -> None:
    plan = make_plan()
    assignment = match(
        MatchProblem.build(
            subjects()[:2], pool(), seed="2025", task=plan.task("t1"), departments=plan.departments
        )
    )
    with pytest.raises(InspectionError, match="no team for subject"):
        forms_from_assignment(plan, "t1", subjects(), assignment)
    with pytest.raises(InspectionError, match="not given"):
        forms_from_assignment(plan, "t1", subjects()[:1], assignment)


def _draw_of(codes: list[str]) -> Draw:
    """A real draw of every subject of ``codes`` (a 100% rule), in ticket order."""
    registry = [s for s in subjects() if s.code in codes]
    return HashSampler().draw(
        Population.from_subjects(registry), SamplingRule.parse("100%"), seed="s"
    )


def test_drawn_subjects_follow_the_draw_order() -> None:
    draw = _draw_of([CODES[0], CODES[2]])
    assert [s.code for s in drawn_subjects(draw, subjects())] == list(draw.selected)
    assert [s.code for s in drawn_subjects(draw, reversed(subjects()))] == list(draw.selected)
    assert draw_reference(draw) == (
        f"{draw.algorithm}; seed 's'; population {draw.population_digest[:16]}; "
        f"draw {draw.digest()[:16]}"
    )
    with pytest.raises(InspectionError, match="no subject among those given"):
        drawn_subjects(draw, [s for s in subjects() if s.code == draw.selected[0]])


def test_a_real_draw_gives_its_selected_subjects_and_a_reference() -> None:
    registry = subjects()
    draw = HashSampler().draw(
        Population.from_subjects(registry), SamplingRule.parse("100%"), seed="2025"
    )
    drawn = drawn_subjects(draw, registry)
    assert sorted(s.code for s in drawn) == sorted(CODES)
    assert [s.code for s in drawn] == list(draw.selected)
    assert draw_reference(draw).startswith(f"{draw.algorithm}; seed '2025'; population ")
