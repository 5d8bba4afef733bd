import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import jointcheck.strategies  # noqa: F401 - registers st.from_type for every model
from jointcheck.errors import JointcheckError, ModelValidationError
from jointcheck.model import (
    Certificate,
    CheckItem,
    DateWindow,
    Department,
    Inspector,
    Plan,
    Subject,
    Task,
    TeamRequirement,
    Unit,
)
from jointcheck.scenarios import xingan_2023_plan

ITEM = {"id": "c1", "department_id": "samr", "name": "登记事项检查"}


def task(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "t1",
        "name": "企业双随机抽查",
        "check_items": [ITEM],
        "sampling": "按照总体不低于3%的比例抽取",
    }
    data.update(changes)
    return data


def plan(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "p1",
        "name": "2023年度双随机抽查工作计划",
        "year": 2023,
        "initiator_id": "samr",
        "departments": [{"id": "samr", "name": "泽州县市场监督管理局"}],
        "tasks": [task()],
    }
    data.update(changes)
    return data


def test_errors_are_jointcheck_errors_that_name_the_field_and_value() -> None:
    with pytest.raises(ModelValidationError) as info:
        DateWindow(start=dt.date(2023, 4, 7), end=dt.date(2023, 3, 7))
    error = info.value
    assert isinstance(error, JointcheckError)
    assert isinstance(error, ValueError)
    assert error.model == "DateWindow"
    assert "ends on 2023-03-07 before it starts on 2023-04-07" in str(error)


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ModelValidationError, match="colour"):
        Subject(code="91350200776049653A", name="x", jurisdiction="350200", colour="red")  # type: ignore[call-arg]


def test_models_are_frozen() -> None:
    subject = Subject(code="91350200776049653A", name="x", jurisdiction="350200")
    with pytest.raises(Exception, match="frozen"):
        subject.name = "y"  # type: ignore[misc]


def test_blank_names_are_rejected() -> None:
    with pytest.raises(ModelValidationError, match=r"Subject\.name: must not be empty"):
        Subject(code="91350200776049653A", name="  ", jurisdiction="350200")


def test_certificate_that_expires_before_it_starts() -> None:
    with pytest.raises(ModelValidationError, match="expires on 2020-01-01 before it starts"):
        Certificate(number="15001", valid_from=dt.date(2021, 1, 1), valid_until=dt.date(2020, 1, 1))


def test_certificate_validity_is_inclusive() -> None:
    cert = Certificate(number="1", valid_from=dt.date(2023, 1, 1), valid_until=dt.date(2023, 3, 20))
    inspector = Inspector(id="i1", name="张三", department_id="samr", certificate=cert)
    assert inspector.is_certified_on(dt.date(2023, 3, 20))
    assert not inspector.is_certified_on(dt.date(2023, 3, 21))
    assert not Inspector(id="i2", name="李四", department_id="samr").is_certified_on(
        dt.date(2023, 3, 1)
    )


def test_task_without_check_items() -> None:
    with pytest.raises(ModelValidationError, match="check_items"):
        Task.model_validate(task(check_items=[]))


def test_task_with_duplicate_check_items() -> None:
    with pytest.raises(ModelValidationError, match=r"check item ids \['c1'\]"):
        Task.model_validate(task(check_items=[ITEM, ITEM]))


def test_team_requirement_of_a_department_without_items() -> None:
    with pytest.raises(ModelValidationError, match="team requirement for department 'nhc'"):
        Task.model_validate(task(team_requirements=[{"department_id": "nhc"}]))


def test_default_team_requirement_is_two_certified_members() -> None:
    items = [ITEM, {**ITEM, "id": "c2", "qualification": "计量", "applies_to_tags": ["加油站"]}]
    built = Task.model_validate(task(check_items=items))
    requirement = built.team_requirement("samr")
    # Item qualifications apply per subject (by tags), so the default does not demand them.
    assert requirement == TeamRequirement(department_id="samr")
    assert requirement.required_certified == 2
    with pytest.raises(KeyError, match="no check items of department 'nhc'"):
        built.team_requirement("nhc")


def test_certified_members_cannot_exceed_the_team() -> None:
    with pytest.raises(ModelValidationError, match="certified_members=3 exceeds min_members=2"):
        TeamRequirement(department_id="samr", certified_members=3)


def test_check_item_of_a_department_outside_the_plan() -> None:
    bad = task(check_items=[ITEM, {**ITEM, "id": "c2", "department_id": "nhc"}])
    with pytest.raises(ModelValidationError, match="department 'nhc', which is not in the plan"):
        Plan.model_validate(plan(tasks=[bad]))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tasks": [task(), task()]}, r"task ids \['t1'\]"),
        (
            {
                "departments": [
                    {"id": "samr", "name": "a"},
                    {"id": "samr", "name": "b"},
                ]
            },
            r"department ids \['samr'\]",
        ),
        (
            {
                "departments": [
                    {"id": "samr", "name": "a", "units": [{"id": "u", "name": "所"}]},
                    {"id": "nhc", "name": "b", "units": [{"id": "u", "name": "队"}]},
                ]
            },
            r"unit ids \['u'\]",
        ),
        ({"initiator_id": "nhc"}, "initiator_id 'nhc' is not among"),
    ],
)
def test_plan_cross_field_errors(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ModelValidationError, match=message):
        Plan.model_validate(plan(**changes))


def test_duplicate_units_within_a_department() -> None:
    with pytest.raises(ModelValidationError, match="unit id 'u' appears twice"):
        Department(id="d", name="局", units=(Unit(id="u", name="a"), Unit(id="u", name="b")))


def test_xingan_plan_is_valid_and_round_trips() -> None:
    built = xingan_2023_plan()
    assert Plan.model_validate_json(built.model_dump_json()) == built
    assert built.participant_ids == ("xam-nhc",)
    assert built.tasks[0].department_ids == ("xam-samr", "xam-nhc")


def test_tags_are_stored_sorted_and_unique() -> None:
    subject = Subject(code="91350200776049653A", name="x", jurisdiction="j", tags=("b", "a", "b"))
    assert subject.tags == ("a", "b")


@settings(max_examples=40, deadline=None)
@given(
    st.one_of(
        st.from_type(Subject),
        st.from_type(Inspector),
        st.from_type(CheckItem),
        st.from_type(Certificate),
        st.from_type(Task),
        st.from_type(TeamRequirement),
        st.from_type(Plan),
    )
)
def test_every_model_round_trips_through_json(model: BaseModel) -> None:
    again = type(model).model_validate_json(model.model_dump_json())
    assert again == model
    assert again.model_dump_json() == model.model_dump_json()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("3", r"min_members must be a number, not the text '3'"),
        (3.0, r"min_members must be a whole number, not the decimal 3\.0"),
        (True, r"min_members must be a number, not a boolean"),
    ],
)
def test_numbers_are_never_coerced(value: object, message: str) -> None:
    with pytest.raises(ModelValidationError, match=message):
        TeamRequirement(department_id="samr", min_members=value)  # type: ignore[arg-type]
    with pytest.raises(ModelValidationError, match=message):
        TeamRequirement.model_validate_json(
            f'{{"department_id": "samr", "min_members": {json.dumps(value)}}}'
        )


def test_year_as_text_is_refused_in_a_plan() -> None:
    with pytest.raises(ModelValidationError, match=r"year must be a number, not the text '2023'"):
        Plan.model_validate(plan(year="2023"))
