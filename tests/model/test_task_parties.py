"""Each task's initiating (发起部门) and participating (配合部门) departments."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jointcheck.strategies  # noqa: F401 - registers st.from_type(Task)
from jointcheck.errors import ModelValidationError
from jointcheck.model import (
    TEAM_EXEMPT_METHODS,
    CheckItem,
    Department,
    InspectionMethod,
    Plan,
    Task,
    TeamRequirement,
    Unit,
    UnitKind,
)
from jointcheck.scenarios import xiao_2025_plan, xingan_2023_plan


def _task(**extra: object) -> Task:
    items = (
        CheckItem(id="a", department_id="samr", name="登记事项检查"),
        CheckItem(id="b", department_id="nhc", name="对公共场所卫生监督管理"),
    )
    return Task(id="t1", name="联合检查", check_items=items, sampling="5%", **extra)


def _plan(*tasks: Task) -> Plan:
    return Plan(
        id="p",
        name="计划",
        year=2023,
        initiator_id="samr",
        departments=(
            Department(
                id="samr",
                name="市场监督管理局",
                units=(Unit(id="samr-xy", name="信用股", kind=UnitKind.SECTION),),
            ),
            Department(id="nhc", name="卫生健康委员会"),
            Department(id="culture", name="文广旅局"),
        ),
        tasks=tasks,
    )


def test_a_task_without_its_own_parties_takes_the_plans_initiator() -> None:
    plan = _plan(_task())
    assert plan.initiator_of("t1") == "samr"
    assert plan.participants_of("t1") == ("nhc",)  # departments with items, initiator left out


def test_a_task_may_be_initiated_by_another_department() -> None:
    plan = _plan(_task(initiator_id="nhc", participant_ids=("samr", "culture")))
    assert plan.initiator_of(plan.tasks[0]) == "nhc"
    assert plan.participants_of("t1") == ("samr", "culture")


def test_initiating_unit_must_belong_to_the_initiator() -> None:
    assert _plan(_task(initiating_unit_id="samr-xy")).tasks[0].initiating_unit_id == "samr-xy"
    with pytest.raises(ModelValidationError, match="not a unit of its initiator 'nhc'"):
        _plan(_task(initiator_id="nhc", initiating_unit_id="samr-xy"))


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"initiator_id": "nhc", "participant_ids": ("nhc",)}, "both the initiator"),
        ({"participant_ids": ("nhc", "nhc")}, "more than once"),
    ],
)
def test_task_party_errors(extra: dict[str, object], message: str) -> None:
    with pytest.raises(ModelValidationError, match=message):
        _task(**extra)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"initiator_id": "police"}, r"names departments \['police'\]"),
        ({"participant_ids": ("culture",)}, r"check items of \['nhc'\], which are neither"),
    ],
)
def test_plan_checks_each_tasks_parties(extra: dict[str, object], message: str) -> None:
    with pytest.raises(ModelValidationError, match=message):
        _plan(_task(**extra))


def test_built_in_plans_name_their_parties() -> None:
    xingan = xingan_2023_plan()
    assert {xingan.initiator_of(t) for t in xingan.tasks} == {"xam-samr"}
    assert {xingan.participants_of(t) for t in xingan.tasks} == {("xam-nhc",)}
    xiao = xiao_2025_plan()
    assert xiao.participants_of(xiao.tasks[0]) == ("xiao-samr",)


def test_unknown_task_id() -> None:
    with pytest.raises(KeyError):
        _plan(_task()).initiator_of("t9")


def test_excluded_tags_cannot_also_be_required() -> None:
    task = _task(required_tags=("在用计量器具",), excluded_tags=("加油站", "眼镜配制单位"))
    assert task.excluded_tags == ("加油站", "眼镜配制单位")
    with pytest.raises(
        ModelValidationError, match=r"tags \['加油站'\] .* both required and excluded"
    ):
        _task(required_tags=("加油站",), excluded_tags=("加油站",))


def _requirement(**extra: object) -> TeamRequirement:
    return TeamRequirement(department_id="samr", **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "requirement",
    [
        {"min_members": 1},
        {"min_members": 2, "certified_members": 1},  # only certified inspectors count (art. 55)
    ],
)
def test_an_on_site_task_needs_two_certified_inspectors(requirement: dict[str, object]) -> None:
    with pytest.raises(ModelValidationError, match=r"行政处罚法 art\. 42") as info:
        _task(team_requirements=(_requirement(**requirement),))
    assert "'samr' sends 1 certified member(s)" in str(info.value)
    with pytest.raises(ModelValidationError, match="at least two certified"):
        _task(method=InspectionMethod.TESTING, team_requirements=(_requirement(**requirement),))


@pytest.mark.parametrize("method", sorted(TEAM_EXEMPT_METHODS, key=lambda m: m.value))
def test_methods_without_on_site_enforcement_are_exempt(method: InspectionMethod) -> None:
    task = _task(method=method, team_requirements=(_requirement(min_members=1),))
    assert task.team_requirement("samr").min_members == 1
    assert InspectionMethod.ON_SITE not in TEAM_EXEMPT_METHODS


@settings(max_examples=100, deadline=None)
@given(task=st.from_type(Task))
def test_every_generated_on_site_task_sends_two_certified(task: Task) -> None:
    if task.method not in TEAM_EXEMPT_METHODS:
        assert all(r.required_certified >= 2 for r in task.team_requirements)


def test_an_unknown_task_id_is_a_jointcheck_error_naming_the_id_and_the_tasks() -> None:
    from jointcheck.errors import JointcheckError, UnknownIdError
    from jointcheck.scenarios import xingan_2023_plan

    plan = xingan_2023_plan()
    with pytest.raises(UnknownIdError) as caught:
        plan.task("no-such-task")
    error = caught.value
    assert isinstance(error, JointcheckError)
    assert isinstance(error, KeyError)  # callers that caught KeyError keep working
    assert (error.field, error.value) == ("task_id", "no-such-task")
    assert str(error).startswith(f"plan {plan.id!r} has no task 'no-such-task'; tasks: [")
    assert all(t.id in str(error) for t in plan.tasks)
