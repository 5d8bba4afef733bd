import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InspectionError, ModelValidationError
from jointcheck.model import DateWindow, Task
from jointcheck.records import ChangeKind, PlanChange, PlanHistory, TaskStatus
from jointcheck.scenarios import xingan_2023_plan

FILED = {"filed_with": "信用监管股", "reason": "检查对象停业装修"}


def window(start: str, end: str) -> DateWindow:
    return DateWindow(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))


def postpone(
    task_id: str = "xam-2023-2",
    end: str = "2023-05-07",
    filed: str = "2023-04-03",
    disclosure: str | None = "2023-06-06",
) -> PlanChange:
    return PlanChange.postpone(
        task_id,
        new_inspection=window("2023-03-07", end),
        new_disclosure_by=None if disclosure is None else dt.date.fromisoformat(disclosure),
        filed_on=dt.date.fromisoformat(filed),
        **FILED,
    )


def test_changes_carry_only_what_their_kind_needs() -> None:
    with pytest.raises(ModelValidationError, match="POSTPONE change needs new_inspection"):
        PlanChange(kind=ChangeKind.POSTPONE, task_id="t", filed_on=dt.date(2023, 1, 1), **FILED)
    with pytest.raises(ModelValidationError, match="belong to POSTPONE"):
        PlanChange(
            kind=ChangeKind.CANCEL,
            task_id="t",
            new_inspection=window("2023-03-07", "2023-05-07"),
            filed_on=dt.date(2023, 1, 1),
            **FILED,
        )
    with pytest.raises(ModelValidationError, match="MODIFY change needs replacement"):
        PlanChange(kind=ChangeKind.MODIFY, task_id="t", filed_on=dt.date(2023, 1, 1), **FILED)
    task = xingan_2023_plan().tasks[0]
    with pytest.raises(ModelValidationError, match="keeps the task's id"):
        PlanChange(
            kind=ChangeKind.MODIFY,
            task_id="other",
            replacement=task,
            filed_on=dt.date(2023, 1, 1),
            **FILED,
        )
    with pytest.raises(ModelValidationError, match="reason"):
        PlanChange.cancel("t", reason=" ", filed_with="信用监管股", filed_on=dt.date(2023, 1, 1))


def test_history_applies_postponement_and_keeps_the_original() -> None:
    plan = xingan_2023_plan()
    history = PlanHistory(plan=plan).with_change(postpone())
    current = history.current()
    assert current.task("xam-2023-2").inspection == window("2023-03-07", "2023-05-07")
    assert history.plan.task("xam-2023-2").inspection == window("2023-03-07", "2023-04-07")
    assert history.status("xam-2023-2") is TaskStatus.POSTPONED
    assert history.status("xam-2023-1") is TaskStatus.SCHEDULED
    assert PlanHistory.model_validate_json(history.model_dump_json()) == history


def test_postponement_may_move_extraction_and_disclosure_days() -> None:
    change = PlanChange.postpone(
        "xam-2023-1",
        new_inspection=window("2023-03-20", "2023-05-20"),
        new_extraction=window("2023-03-15", "2023-03-17"),
        new_disclosure_by=dt.date(2023, 6, 30),
        filed_on=dt.date(2023, 3, 10),
        **FILED,
    )
    task = PlanHistory(plan=xingan_2023_plan()).with_change(change).current().task("xam-2023-1")
    assert task.extraction == window("2023-03-15", "2023-03-17")
    assert task.disclosure_by == dt.date(2023, 6, 30)
    assert "检查时间延至2023-03-20至2023-05-20" in change.describe()


def test_postponement_must_end_later_and_be_filed_in_time() -> None:
    history = PlanHistory(plan=xingan_2023_plan())
    with pytest.raises(InspectionError, match="a postponement ends later"):
        history.with_change(postpone(end="2023-04-01"))
    with pytest.raises(InspectionError, match="filed before the window runs out"):
        history.with_change(postpone(filed="2023-04-10"))


def test_postponement_past_the_disclosure_date_must_set_a_new_one() -> None:
    history = PlanHistory(plan=xingan_2023_plan())
    # Xing'an: 实地检查阶段 to 4月7日, 结果公示阶段 to 4月30日 (disclosure_by 2023-04-30)
    with pytest.raises(
        InspectionError, match=r"after the plan's last day for disclosure \(2023-04-30\)"
    ):
        history.with_change(postpone(end="2023-05-07", disclosure=None))
    with pytest.raises(InspectionError, match="is before the new inspection window ends"):
        history.with_change(postpone(end="2023-05-07", disclosure="2023-05-06"))
    # within the disclosure date, no new date is needed
    within = history.with_change(postpone(end="2023-04-28", disclosure=None))
    assert within.current().task("xam-2023-2").disclosure_by == dt.date(2023, 4, 30)
    # past it with a new date: the change records it and the task carries it
    moved = history.with_change(postpone(end="2023-05-07", disclosure="2023-06-06"))
    assert moved.changes[0].new_disclosure_by == dt.date(2023, 6, 6)
    assert "公示截止2023-06-06" in moved.changes[0].describe()
    assert moved.current().task("xam-2023-2").disclosure_by == dt.date(2023, 6, 6)
    assert moved.plan.task("xam-2023-2").disclosure_by == dt.date(2023, 4, 30)


def test_cancelled_task_is_not_changed_again_and_order_is_kept() -> None:
    history = PlanHistory(plan=xingan_2023_plan()).with_change(
        PlanChange.cancel("xam-2023-3", filed_on=dt.date(2023, 3, 20), **FILED)
    )
    assert history.status("xam-2023-3") is TaskStatus.CANCELLED
    assert history.cancellation("xam-2023-3") is not None
    assert history.cancellation("xam-2023-1") is None
    with pytest.raises(InspectionError, match="not changed again"):
        history.with_change(postpone("xam-2023-3", filed="2023-03-21"))
    with pytest.raises(InspectionError, match="filing order"):
        history.with_change(postpone(filed="2023-03-19"))
    with pytest.raises(InspectionError, match="has no task 'nope'"):
        history.with_change(postpone("nope"))
    # the history as loaded is checked the same way
    data = history.model_dump(mode="json")
    data["changes"].append(postpone("xam-2023-3", filed="2023-03-21").model_dump(mode="json"))
    with pytest.raises(ModelValidationError, match="not changed again"):
        PlanHistory.model_validate(data)


def test_modification_replaces_the_task_and_must_fit_the_plan() -> None:
    plan = xingan_2023_plan()
    old = plan.task("xam-2023-1")
    new = Task.model_validate({**old.model_dump(), "sampling": "高风险企业抽取比例不低于20%"})
    history = PlanHistory(plan=plan).with_change(
        PlanChange.modify(new, filed_on=dt.date(2023, 3, 5), **FILED)
    )
    assert history.current().task("xam-2023-1") == new
    assert history.status("xam-2023-1") is TaskStatus.MODIFIED
    stranger = Task.model_validate(
        {
            **old.model_dump(),
            "check_items": [{**old.check_items[0].model_dump(), "department_id": "other"}],
        }
    )
    with pytest.raises(InspectionError, match="not valid"):
        history.with_change(PlanChange.modify(stranger, filed_on=dt.date(2023, 3, 6), **FILED))


def test_history_renders_as_a_table_with_the_current_status() -> None:
    history = PlanHistory(plan=xingan_2023_plan())
    assert "无变更" in history.to_markdown()
    history = history.with_change(postpone()).with_change(
        PlanChange.cancel(
            "xam-2023-3",
            filed_on=dt.date(2023, 4, 5),
            applicant="药化流通科",
            reported_to="自治区市场监管局",
            reference="兴市监〔2023〕9号",
            **FILED,
        )
    )
    md = history.to_markdown()
    assert "| 1 | 2023-04-03 | 生活美容场所联合检查任务1 | 延期实施 |" in md
    assert "| 2 | 2023-04-05 | 生活美容场所联合检查任务2 | 取消 | 取消任务 |" in md
    assert "兴市监〔2023〕9号" in md
    assert "| 生活美容场所联合检查任务2 | 已取消 |" in md
    assert history.changes_for("xam-2023-3")[0].kind is ChangeKind.CANCEL


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["xam-2023-1", "xam-2023-2", "xam-2023-3"]), st.integers(0, 30)),
        max_size=6,
    )
)
def test_replaying_the_history_matches_applying_it_step_by_step(
    steps: list[tuple[str, int]],
) -> None:
    plan = xingan_2023_plan()
    history = PlanHistory(plan=plan)
    expected = {t.id: t.inspection for t in plan.tasks}
    day = dt.date(2023, 3, 4)
    for task_id, extra in steps:
        current = expected[task_id]
        assert current is not None
        end = current.end + dt.timedelta(days=extra)
        change = PlanChange.postpone(
            task_id,
            new_inspection=DateWindow(start=current.start, end=end),
            new_disclosure_by=end + dt.timedelta(days=23),  # past 4月30日 a new one is due
            filed_on=day,
            **FILED,
        )
        history = history.with_change(change)
        expected[task_id] = change.new_inspection
    assert {t.id: t.inspection for t in history.current().tasks} == expected
    assert PlanHistory.model_validate_json(history.model_dump_json()).current() == history.current()
    assert len(history.changes) == len(steps)
