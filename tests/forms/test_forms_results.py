import datetime as dt

import pytest

from jointcheck.errors import (
    InspectionError,
    InvalidInputError,
    ModelValidationError,
    TaskCancelledError,
)
from jointcheck.forms import (
    FollowUp,
    FollowUpKind,
    FormTeam,
    InspectionForm,
    InspectionResult,
    ItemFinding,
    ItemOutcome,
    ResultStatus,
    Signature,
)
from jointcheck.model import CheckItem, DateWindow, Department, Plan, ResultCategory, Subject, Task
from jointcheck.records import PlanChange, PlanHistory, PlanLedger

D1, D2 = "samr", "nhc"
A, B, C = "91350200776049653A", "91350503MA31DKY80A", "91440101MA5CJQ4N59"
WINDOW = DateWindow(start=dt.date(2025, 4, 10), end=dt.date(2025, 10, 30))
DAY = dt.date(2025, 6, 3)


def make_plan() -> Plan:
    items = (
        CheckItem(id="r1", department_id=D1, name="登记事项检查"),
        CheckItem(id="h1", department_id=D2, name="公共场所卫生"),
    )
    task = Task(id="t1", name="联合抽查", check_items=items, sampling="100%", inspection=WINDOW)
    task2 = task.model_copy(update={"id": "t2", "name": "第二批"})
    return Plan(
        id="p1",
        name="联合抽查计划",
        year=2025,
        initiator_id=D1,
        departments=(
            Department(id=D1, name="市场监督管理局"),
            Department(id=D2, name="卫生健康委员会"),
        ),
        tasks=(task, task2),
    )


def subject(code: str) -> Subject:
    return Subject(code=code, name=f"公司{code[-3:]}", jurisdiction="341322")


def teams() -> list[FormTeam]:
    return [
        FormTeam.from_ids(D1, ["m1", "m2", "m3"], specialist_ids=["x1"]),
        FormTeam.from_ids(D2, ["h1", "h2"]),
    ]


def ledger() -> PlanLedger:
    plan = make_plan()
    forms = [InspectionForm.build(plan, "t1", subject(code), teams()) for code in (A, B)]
    return PlanLedger.open(plan).add_forms("t1", forms, draw_reference="seed=2025")


def result(**changes: object) -> InspectionResult:
    data: dict[str, object] = {
        "task_id": "t1",
        "subject_code": A,
        "department_id": D1,
        "categories": (ResultCategory.NO_PROBLEM_FOUND,),
        "inspected_on": DAY,
        "inspector_ids": ("m1", "m2"),
        "entered_on": DAY + dt.timedelta(days=2),
        "entered_by": "m1",
    }
    data.update(changes)
    return InspectionResult.model_validate(data)


# ---------------------------------------------------------------------- the result itself
def test_categories_are_stored_once_in_list_order() -> None:
    r = result(
        categories=(
            ResultCategory.CORRECTED_AFTER_ORDER,
            ResultCategory.NO_RELEVANT_BUSINESS,
            ResultCategory.CORRECTED_AFTER_ORDER,
        ),
    )
    assert r.categories == (
        ResultCategory.CORRECTED_AFTER_ORDER,
        ResultCategory.NO_RELEVANT_BUSINESS,
    )
    assert r.status is ResultStatus.PENDING_REVIEW
    assert InspectionResult.model_validate_json(r.model_dump_json()) == r


def test_empty_categories_are_rejected() -> None:
    with pytest.raises(ModelValidationError, match="categories"):
        result(categories=())


def test_a_category_needing_follow_up_without_one_is_rejected() -> None:
    with pytest.raises(ModelValidationError, match="need a follow-up action") as info:
        result(categories=(ResultCategory.UNREACHABLE_AT_ADDRESS,))
    assert isinstance(info.value, InvalidInputError)
    ok = result(
        categories=(ResultCategory.UNREACHABLE_AT_ADDRESS,),
        follow_ups=(FollowUp(kind=FollowUpKind.LIST_ABNORMAL_OPERATIONS),),
    )
    assert ok.follow_ups[0].text == "列入经营异常名录"


def test_transfers_name_the_receiving_body() -> None:
    with pytest.raises(ModelValidationError, match="receiving department"):
        FollowUp(kind=FollowUpKind.TRANSFER_TO_DEPARTMENT)
    transfer = FollowUp(
        kind=FollowUpKind.TRANSFER_TO_DEPARTMENT, target="县公安局", note="涉嫌无证经营"
    )
    assert transfer.text == "移送其他部门（县公安局）：涉嫌无证经营"


def test_no_problem_found_cannot_stand_beside_a_problem() -> None:
    with pytest.raises(ModelValidationError, match="cannot both find and not find"):
        result(
            categories=(ResultCategory.NO_PROBLEM_FOUND, ResultCategory.CORRECTED_AFTER_ORDER),
        )
    with pytest.raises(ModelValidationError, match="NON_COMPLIANT"):
        result(findings=(ItemFinding(item_id="r1", outcome=ItemOutcome.NON_COMPLIANT),))


def test_a_result_entered_before_the_inspection_is_rejected() -> None:
    with pytest.raises(ModelValidationError, match="entered_on 2025-06-02 is before inspected_on"):
        result(entered_on=DAY - dt.timedelta(days=1))
    with pytest.raises(ModelValidationError, match="published_on"):
        result(published_on=DAY)


def test_the_one_who_entered_it_inspected() -> None:
    with pytest.raises(ModelValidationError, match="谁检查、谁录入"):
        result(entered_by="clerk")
    with pytest.raises(ModelValidationError, match="list each person once"):
        result(specialist_ids=("m1",))


def test_publish_sets_the_day_once() -> None:
    published = result().publish(on=DAY + dt.timedelta(days=3))
    assert published.status is ResultStatus.PUBLISHED
    with pytest.raises(InspectionError, match="already published"):
        published.publish(on=DAY + dt.timedelta(days=4))
    with pytest.raises(ModelValidationError, match="published_on"):
        result().publish(on=DAY)


# ---------------------------------------------------------------------- the ledger
def test_recorded_result_lands_on_its_section() -> None:
    book = ledger().record_result(result(specialist_ids=("x1",)))
    form = book.form("t1", A)
    assert form.section(D1).result is not None
    assert form.section(D2).result is None
    assert book.results() == (form.section(D1).result,)
    assert book.task_ledger("t1").draw_reference == "seed=2025"
    assert PlanLedger.model_validate_json(book.model_dump_json()) == book


def test_a_subject_that_was_not_drawn_is_rejected() -> None:
    with pytest.raises(InspectionError, match=f"subject '{C}' was not drawn in task 't1'") as info:
        ledger().record_result(result(subject_code=C))
    assert info.value.field == "subject_code"
    with pytest.raises(InspectionError, match=r"not drawn in task 't2'.*none"):
        ledger().record_result(result(task_id="t2"))
    with pytest.raises(InspectionError, match="no task 't9'"):
        ledger().record_result(result(task_id="t9"))


def test_inspectors_not_on_the_team_are_rejected() -> None:
    with pytest.raises(
        InspectionError, match=r"inspectors \['h1'\] are not counted members"
    ) as info:
        ledger().record_result(result(inspector_ids=("m1", "h1")))
    assert info.value.field == "inspector_ids"
    with pytest.raises(InspectionError, match="are specialists"):
        ledger().record_result(result(inspector_ids=("m1", "x1")))
    with pytest.raises(InspectionError, match="not specialists of the team"):
        ledger().record_result(result(specialist_ids=("m9",)))


def test_fewer_inspectors_than_the_minimum_are_rejected() -> None:
    with pytest.raises(InspectionError, match="at least 2 are required") as info:
        ledger().record_result(result(inspector_ids=("m1",)))
    assert info.value.value == ("m1",)


def test_findings_on_items_not_on_the_form_are_rejected() -> None:
    finding = ItemFinding(item_id="h1", outcome=ItemOutcome.COMPLIANT)
    with pytest.raises(InspectionError, match="not on the form"):
        ledger().record_result(result(findings=(finding,)))


def test_inspection_outside_the_window_is_rejected() -> None:
    with pytest.raises(InspectionError, match="outside the inspection window") as info:
        ledger().record_result(
            result(inspected_on=dt.date(2025, 11, 3), entered_on=dt.date(2025, 11, 4))
        )
    assert info.value.field == "inspected_on"


def test_a_second_result_is_rejected_and_amending_replaces_until_published() -> None:
    book = ledger().record_result(result())
    with pytest.raises(InspectionError, match="already entered"):
        book.record_result(result())
    corrected = result(categories=(ResultCategory.CORRECTED_AFTER_ORDER,), remarks="已当场改正")
    book = book.amend_result(corrected)
    assert book.form("t1", A).section(D1).result == corrected
    book = book.publish_result("t1", A, D1, on=DAY + dt.timedelta(days=4))
    with pytest.raises(InspectionError, match="published result is not amended"):
        book.amend_result(corrected)
    with pytest.raises(InspectionError, match="no result"):
        book.amend_result(result(department_id=D2, inspector_ids=("h1", "h2"), entered_by="h1"))
    with pytest.raises(InspectionError, match="nothing to publish"):
        book.publish_result("t1", A, D2, on=DAY)


def test_record_results_is_all_or_nothing() -> None:
    book = ledger()
    good = result()
    bad = result(subject_code=B, inspector_ids=("m1", "h1"))
    with pytest.raises(InspectionError):
        book.record_results([good, bad])
    assert book.results() == ()
    both = book.record_results([good, result(subject_code=B)])
    assert len(both.results()) == 2


def test_a_cancelled_task_takes_no_results_and_no_forms() -> None:
    book = ledger().record_result(result())
    cancel = PlanChange.cancel(
        "t1", reason="专项整治合并实施", filed_with="信用监管股", filed_on=dt.date(2025, 6, 10)
    )
    book = book.change(cancel)
    with pytest.raises(TaskCancelledError, match="cancelled on 2025-06-10") as info:
        book.record_result(result(subject_code=B))
    assert info.value.task_id == "t1"
    assert info.value.cancelled_on == dt.date(2025, 6, 10)
    assert isinstance(info.value, InspectionError)
    with pytest.raises(TaskCancelledError):
        book.add_forms("t1", [])
    # what was entered before the cancellation stays on record
    assert len(book.results()) == 1
    assert PlanLedger.model_validate_json(book.model_dump_json()) == book


def test_a_loaded_ledger_with_results_entered_after_the_cancellation_is_rejected() -> None:
    book = ledger().record_result(result(entered_on=dt.date(2025, 6, 20)))
    history = PlanHistory(plan=book.history.plan).with_change(
        PlanChange.cancel(
            "t1", reason="取消", filed_with="信用监管股", filed_on=dt.date(2025, 6, 10)
        )
    )
    data = book.model_dump(mode="json")
    data["history"] = history.model_dump(mode="json")
    with pytest.raises(ModelValidationError, match="were entered later"):
        PlanLedger.model_validate(data)


def test_forms_are_added_once_per_subject_and_task() -> None:
    plan = make_plan()
    book = ledger()
    with pytest.raises(InspectionError, match="two forms"):
        book.add_forms("t1", [InspectionForm.build(plan, "t1", subject(A), teams())])
    with pytest.raises(InspectionError, match="cannot be added to task 't2'"):
        book.add_forms("t2", [InspectionForm.build(plan, "t1", subject(C), teams())])
    more = book.add_forms(
        "t1", [InspectionForm.build(plan, "t1", subject(C), teams())], draw_reference="补抽"
    )
    assert more.task_ledger("t1").subject_codes == (A, B, C)
    assert more.task_ledger("t1").draw_reference == "seed=2025; 补抽"


def test_signing_goes_through_the_ledger() -> None:
    book = ledger().sign("t1", A, Signature.signed(signer="王某", on=DAY))
    assert book.form("t1", A).signature.signer == "王某"
    book = book.record_results(
        [result(), result(department_id=D2, inspector_ids=("h1", "h2"), entered_by="h2")]
    )
    assert book.form("t1", A).is_complete
    assert not book.form("t1", B).is_complete


def test_postponement_moves_the_window_on_the_forms_and_admits_later_inspections() -> None:
    late = result(inspected_on=dt.date(2025, 11, 20), entered_on=dt.date(2025, 11, 21))
    new = DateWindow(start=WINDOW.start, end=dt.date(2025, 12, 15))
    book = ledger().change(
        PlanChange.postpone(
            "t1",
            new_inspection=new,
            reason="部分对象停业整顿",
            filed_with="信用监管股",
            filed_on=dt.date(2025, 10, 20),
        )
    )
    assert book.form("t1", A).inspection == new
    assert book.record_result(late).form("t1", A).section(D1).result == late


def test_a_modification_cannot_drop_items_that_carry_results() -> None:
    book = ledger().record_result(result())
    plan = book.plan
    slimmer = Task.model_validate(
        {**plan.task("t1").model_dump(), "check_items": [plan.task("t1").check_items[1]]}
    )
    with pytest.raises(InspectionError, match="drops check items"):
        book.change(
            PlanChange.modify(slimmer, reason="调整事项", filed_with="信用监管股", filed_on=DAY)
        )
    untouched = ledger().change(
        PlanChange.modify(slimmer, reason="调整事项", filed_with="信用监管股", filed_on=DAY)
    )
    assert untouched.plan.task("t1").check_items == (plan.task("t1").check_items[1],)


def test_a_department_removed_by_a_modification_takes_no_more_results() -> None:
    plan = make_plan()
    only_nhc = Task.model_validate(
        {**plan.task("t1").model_dump(), "check_items": [plan.task("t1").check_items[1]]}
    )
    book = ledger().change(
        PlanChange.modify(only_nhc, reason="调整事项", filed_with="信用监管股", filed_on=DAY)
    )
    with pytest.raises(InspectionError, match="as it stands after its changes"):
        book.record_result(result())


def test_forms_built_from_an_outdated_task_are_rejected() -> None:
    plan = make_plan()
    old_form = InspectionForm.build(plan, "t1", subject(C), teams())
    only_nhc = Task.model_validate(
        {**plan.task("t1").model_dump(), "check_items": [plan.task("t1").check_items[1]]}
    )
    book = ledger().change(
        PlanChange.modify(only_nhc, reason="调整事项", filed_with="信用监管股", filed_on=DAY)
    )
    with pytest.raises(InspectionError, match=r"build forms from ledger\.plan"):
        book.add_forms("t1", [old_form])
    fresh = InspectionForm.build(book.plan, "t1", subject(C), teams()[1:])
    assert book.add_forms("t1", [fresh]).form("t1", C).department_ids == (D2,)
