import datetime as dt
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InspectionError, InvalidInputError, ModelValidationError
from jointcheck.forms import FollowUp, FollowUpKind, FormTeam, InspectionForm, InspectionResult
from jointcheck.model import (
    ANNEX2_COLUMNS,
    CheckItem,
    DateWindow,
    Department,
    Plan,
    ResultCategory,
    Subject,
    Task,
)
from jointcheck.records import (
    ANNEX2_PRECEDENCE,
    DepartmentSummary,
    PlanLedger,
    ResultCounts,
    Summary,
    annex2_column,
    category_mask,
    summarize,
    summarize_columns,
    summarize_results,
)
from jointcheck.strategies import credit_codes

R = ResultCategory
D1, D2 = "nhc", "samr"
DEPARTMENTS = (Department(id=D1, name="卫健委"), Department(id=D2, name="市场监督管理局"))
DAY = dt.date(2025, 6, 3)


def result(
    code: str, department: str, *categories: ResultCategory, went: int = 2, task: str = "t1"
) -> InspectionResult:
    needs = any(c.needs_follow_up for c in categories)
    return InspectionResult(
        task_id=task,
        subject_code=code,
        department_id=department,
        categories=categories,
        follow_ups=(FollowUp(kind=FollowUpKind.ORDER_CORRECTION),) if needs else (),
        inspected_on=DAY,
        inspector_ids=tuple(f"{department}-{i}" for i in range(went)),
        entered_on=DAY,
        entered_by=f"{department}-0",
    )


# ---------------------------------------------------------------------- the column rule
def test_precedence_lists_every_annex2_column_once() -> None:
    assert sorted(ANNEX2_PRECEDENCE) == sorted(ANNEX2_COLUMNS)


def test_a_multi_category_result_counts_under_its_most_severe_column() -> None:
    assert annex2_column([R.NO_PROBLEM_FOUND]) == "未发现问题"
    assert annex2_column([R.NO_RELEVANT_BUSINESS, R.MOVED_OUT]) == "其他"
    assert (
        annex2_column([R.CORRECTED_AFTER_ORDER, R.INFORMATION_NOT_DISCLOSED])
        == "发现问题待后续处理"
    )
    assert (
        annex2_column([R.FALSE_DISCLOSURE, R.UNREACHABLE_AT_ADDRESS])
        == "通过登记的住所(经营场所)无法联系"
    )
    assert (
        annex2_column([R.UNREACHABLE_AT_ADDRESS, R.SERIOUS_NON_COOPERATION]) == "不配合检查情节严重"
    )
    with pytest.raises(InvalidInputError, match="categories is empty"):
        annex2_column([])


@given(st.lists(st.sampled_from(R), min_size=1, max_size=5))
def test_the_column_is_the_first_in_precedence_among_the_categories_columns(
    cats: list[ResultCategory],
) -> None:
    columns = {c.annex2_column for c in cats}
    expected = next(name for name in ANNEX2_PRECEDENCE if name in columns)
    assert annex2_column(cats) == expected
    summary = summarize_columns(
        [D1], [category_mask(cats)], [2], ["x"], departments=DEPARTMENTS, title="t"
    )
    assert summary.row(D1).results.as_dict()[expected] == 1


# ---------------------------------------------------------------------- the annex-2 table
def xiao_like_results() -> list[InspectionResult]:
    return [
        result("A", D1, R.NO_PROBLEM_FOUND),
        result("A", D2, R.NO_PROBLEM_FOUND, went=3),
        result("B", D1, R.CORRECTED_AFTER_ORDER),
        result("B", D2, R.INFORMATION_NOT_DISCLOSED, R.CORRECTED_AFTER_ORDER),
        result("C", D1, R.NO_RELEVANT_BUSINESS),
        result("C", D2, R.UNREACHABLE_AT_ADDRESS),
    ]


def test_summary_matches_annex_2_by_hand() -> None:
    summary = summarize_results(
        xiao_like_results(), departments=DEPARTMENTS, title="互联网诊疗机构联合抽查情况汇总统计表"
    )
    assert summary.table() == [
        (
            "检查部门",
            "检查企业数量(户)",
            "出动执法检查人员(人次)",
            "未发现问题",
            "通过登记的住所(经营场所)无法联系",
            "发现问题已责令改正",
            "不配合检查情节严重",
            "未发现开展本次抽查涉及的经营活动",
            "发现问题待后续处理",
            "其他",
        ),
        ("卫健委", 3, 6, 1, 0, 1, 0, 1, 0, 0),
        ("市场监督管理局", 3, 7, 1, 1, 0, 0, 0, 1, 0),
    ]
    assert summary.subjects_inspected == 3
    assert summary.to_csv().splitlines()[1] == "卫健委,3,6,1,0,1,0,1,0,0"
    md = summary.to_markdown()
    assert md.startswith("**互联网诊疗机构联合抽查情况汇总统计表**")
    assert "| 市场监督管理局 | 3 | 7 | 1 | 1 | 0 | 0 | 0 | 1 | 0 |" in md
    assert Summary.model_validate_json(summary.model_dump_json()) == summary


def test_summary_as_a_dataframe_groups_the_result_columns() -> None:
    frame = summarize_results(
        xiao_like_results(), departments=DEPARTMENTS, title="t"
    ).to_dataframe()
    assert list(frame.index) == ["卫健委", "市场监督管理局"]
    assert frame.loc["市场监督管理局", ("抽查结果(户)", "发现问题待后续处理")] == 1
    assert frame.loc["卫健委", ("出动执法检查人员(人次)", "")] == 6
    assert frame.shape == (2, 9)


def test_departments_without_results_show_zeros_and_unknown_departments_are_rejected() -> None:
    summary = summarize_results(
        [result("A", D1, R.NO_PROBLEM_FOUND)], departments=DEPARTMENTS, title="t"
    )
    assert summary.row(D2).row() == ("市场监督管理局", 0, 0, 0, 0, 0, 0, 0, 0, 0)
    with pytest.raises(InvalidInputError, match="not rows of the table"):
        summarize_results(
            [result("A", "hsa", R.NO_PROBLEM_FOUND)], departments=DEPARTMENTS, title="t"
        )
    with pytest.raises(InspectionError, match="two results"):
        summarize_results(
            [result("A", D1, R.NO_PROBLEM_FOUND)] * 2, departments=DEPARTMENTS, title="t"
        )
    empty = summarize_results([], departments=DEPARTMENTS, title="t")
    assert empty.subjects_inspected == 0
    assert all(r.subjects_inspected == 0 for r in empty.rows)


def test_columnar_inputs_are_checked() -> None:
    with pytest.raises(InvalidInputError, match="one value per result"):
        summarize_columns([D1, D1], [1], [2, 2], ["a", "b"], departments=DEPARTMENTS, title="t")
    with pytest.raises(InvalidInputError, match="non-zero masks"):
        summarize_columns([D1], [0], [2], ["a"], departments=DEPARTMENTS, title="t")
    with pytest.raises(InvalidInputError, match="non-negative"):
        summarize_columns([D1], [1], [-1], ["a"], departments=DEPARTMENTS, title="t")
    with pytest.raises(InvalidInputError, match="more than once"):
        summarize_columns([D1], [1], [2], ["a"], departments=DEPARTMENTS * 2, title="t")


def test_a_row_whose_columns_do_not_add_up_is_rejected() -> None:
    with pytest.raises(ModelValidationError, match="add up to 1"):
        DepartmentSummary(
            department_id=D1,
            department_name="卫健委",
            subjects_inspected=2,
            inspector_visits=4,
            results=ResultCounts(no_problem_found=1),
        )
    with pytest.raises(InvalidInputError, match="7 result columns"):
        ResultCounts.from_sequence([1, 2])


# ---------------------------------------------------------------------- properties over a ledger
_ITEMS = (
    CheckItem(id="n", department_id=D1, name="机构资质检查"),
    CheckItem(id="m", department_id=D2, name="广告发布行为检查"),
)
_TASKS = tuple(
    Task(
        id=t,
        name=f"任务{t}",
        check_items=_ITEMS,
        sampling="100%",
        inspection=DateWindow(start=dt.date(2025, 4, 10), end=dt.date(2025, 10, 30)),
    )
    for t in ("t1", "t2")
)
PLAN = Plan(
    id="p", name="联合抽查", year=2025, initiator_id=D1, departments=DEPARTMENTS, tasks=_TASKS
)


def _categories() -> st.SearchStrategy[tuple[ResultCategory, ...]]:
    def clean(cats: list[ResultCategory]) -> tuple[ResultCategory, ...]:
        problem = any(
            c.needs_follow_up or c in (R.CORRECTED_AFTER_ORDER, R.SERIOUS_NON_COOPERATION)
            for c in cats
        )
        kept = [c for c in cats if not (problem and c is R.NO_PROBLEM_FOUND)]
        return tuple(kept)

    return st.lists(st.sampled_from(R), min_size=1, max_size=4, unique=True).map(clean)


@st.composite
def ledgers(draw: st.DrawFn) -> PlanLedger:
    book = PlanLedger.open(PLAN)
    codes = draw(st.lists(credit_codes(), min_size=1, max_size=8, unique=True))
    pending = []
    for task_id in ("t1", "t2"):
        chosen = draw(st.lists(st.sampled_from(codes), max_size=len(codes), unique=True))
        forms = []
        for code in chosen:
            team_list = []
            for department in (D1, D2):
                size = draw(st.integers(2, 4))
                team_list.append(
                    FormTeam.from_ids(
                        department,
                        [f"{department}-{code[-4:]}-{i}" for i in range(size)],
                        specialist_ids=[f"{department}-x"] if draw(st.booleans()) else [],
                    )
                )
            subject = Subject(code=code, name="某公司", jurisdiction="341322")
            form = InspectionForm.build(PLAN, task_id, subject, team_list)
            forms.append(form)
            for section in form.sections:
                if not draw(st.booleans()):
                    continue  # 未录入
                counted = section.team.counted_ids
                went = draw(st.lists(st.sampled_from(counted), min_size=2, unique=True))
                cats = draw(_categories())
                needs = any(c.needs_follow_up for c in cats)
                pending.append(
                    InspectionResult(
                        task_id=task_id,
                        subject_code=code,
                        department_id=section.department_id,
                        categories=cats,
                        follow_ups=(FollowUp(kind=FollowUpKind.OPEN_CASE),) if needs else (),
                        inspected_on=DAY,
                        inspector_ids=tuple(went),
                        specialist_ids=section.team.specialist_ids if draw(st.booleans()) else (),
                        entered_on=DAY,
                        entered_by=went[0],
                    )
                )
        book = book.add_forms(task_id, forms)
    return book.record_results(pending)


@settings(max_examples=60, deadline=None)
@given(ledgers())
def test_category_counts_add_up_to_the_subjects_inspected(book: PlanLedger) -> None:
    for summary in (summarize(book), summarize(book, task_id="t1"), summarize(book, task_id="t2")):
        results = [
            r
            for r in book.results()
            if summary.task_ids == ("t1", "t2") or r.task_id in summary.task_ids
        ]
        for row in summary.rows:
            mine = [r for r in results if r.department_id == row.department_id]
            assert row.results.total == row.subjects_inspected == len(mine)
            assert row.results.as_dict() == {
                column: sum(1 for r in mine if annex2_column(r.categories) == column)
                for column in ANNEX2_COLUMNS
            }
        assert summary.subjects_inspected == len({r.subject_code for r in results})


@settings(max_examples=60, deadline=None)
@given(ledgers())
def test_inspector_visits_equal_the_sum_of_the_teams_that_went(book: PlanLedger) -> None:
    summary = summarize(book)
    went: Counter[str] = Counter()
    specialists: Counter[str] = Counter()
    for form in book.forms():
        for section in form.sections:
            if section.result is not None:
                assert set(section.result.inspector_ids) <= set(section.team.counted_ids)
                went[section.department_id] += len(section.result.inspector_ids)
                specialists[section.department_id] += len(section.result.specialist_ids)
    for row in summary.rows:
        assert row.inspector_visits == went[row.department_id]
        assert row.specialist_visits == specialists[row.department_id]


@settings(max_examples=40, deadline=None)
@given(ledgers())
def test_columnar_and_model_summaries_agree_and_plan_is_the_sum_of_tasks(book: PlanLedger) -> None:
    results = book.results()
    columnar = summarize_columns(
        np.array([r.department_id for r in results], dtype=str),
        np.array([category_mask(r.categories) for r in results], dtype=np.uint32),
        np.array([r.inspector_visits for r in results], dtype=np.int64),
        np.array([r.subject_code for r in results], dtype=str),
        departments=DEPARTMENTS,
        specialist_visits=np.array([len(r.specialist_ids) for r in results], dtype=np.int64),
        title=summarize(book).title,
        plan_id="p",
        task_ids=("t1", "t2"),
    )
    assert columnar == summarize(book)
    per_task = [summarize(book, task_id=t) for t in ("t1", "t2")]
    for department in (D1, D2):
        rows = [s.row(department) for s in per_task]
        total = summarize(book).row(department)
        assert total.subjects_inspected == sum(r.subjects_inspected for r in rows)
        assert total.inspector_visits == sum(r.inspector_visits for r in rows)
        assert total.results.as_tuple() == tuple(
            map(sum, zip(*(r.results.as_tuple() for r in rows), strict=True))
        )
