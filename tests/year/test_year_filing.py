"""Annex 2 with its 合计 row and sign-off; the advance notice; the year's example end to end."""

from __future__ import annotations

import csv
import datetime as dt
import io
import runpy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import ModelValidationError
from jointcheck.forms import AdvanceNotice, InspectionResult
from jointcheck.model import DateWindow, Department, ResultCategory, Subject
from jointcheck.records import Annex2, SignOff, StepState, summarize_results

D = dt.date
ROOT = Path(__file__).resolve().parents[2]
DEPTS = [Department(id="w", name="卫健委"), Department(id="s", name="市场监督管理局")]
CATEGORIES = [
    ResultCategory.NO_PROBLEM_FOUND,
    ResultCategory.MOVED_OUT,
    ResultCategory.NO_RELEVANT_BUSINESS,
]


def _result(code: str, dept: str, category: ResultCategory, n: int) -> InspectionResult:
    ids = tuple(f"{dept}{i}" for i in range(n))
    return InspectionResult(
        task_id="t",
        subject_code=code,
        department_id=dept,
        categories=(category,),
        inspected_on=D(2025, 5, 6),
        inspector_ids=ids,
        entered_on=D(2025, 5, 6),
        entered_by=ids[0],
    )


@settings(max_examples=30, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["w", "s"]), st.sampled_from(CATEGORIES), st.integers(1, 4)),
        max_size=12,
    )
)
def test_total_row_sums_every_column(rows) -> None:  # type: ignore[no-untyped-def]
    results = [
        _result(f"9135020077604{i:04d}A"[:18].ljust(18, "0"), d, c, n)
        for i, (d, c, n) in enumerate(rows)
    ]
    annex = Annex2(summary=summarize_results(results, departments=DEPTS, title="汇总统计表"))
    totals = annex.totals()
    assert totals[0] == len(results)
    assert totals[1] == sum(n for _, _, n in rows)
    assert sum(totals[2:]) == len(results)
    table = list(csv.reader(io.StringIO(annex.to_csv())))
    assert table[-2] == ["合计", *map(str, totals)]


def test_sign_off_block_in_every_format() -> None:
    summary = summarize_results(
        [_result("91350200776049653A", "w", CATEGORIES[0], 2)],
        departments=DEPTS,
        title="=2025年度情况汇总统计表",
    )
    annex = Annex2(
        summary=summary,
        sign_off=SignOff(
            responsible="王臣玲", filled_by="纵皖玉", phone="17755751322", filled_on=D(2025, 11, 3)
        ),
        note="该统计表由县卫健委会同县市场监督管理局统一汇总填写",
    )
    text = annex.to_csv()
    assert text.startswith("'=2025")
    assert "负责人：王臣玲" in text
    assert "填表时间：2025年11月3日" in text
    markdown = annex.to_markdown()
    assert "| 合计 | 1 | 2 |" in markdown
    assert "填表人：纵皖玉" in markdown
    assert "注意事项" in markdown
    html = annex.to_html()
    assert '<tr class="total">' in html
    assert "联系电话：17755751322" in html
    blank = Annex2(summary=summary).to_markdown()
    assert "负责人：　填表人：" in blank
    assert "填表时间：　　年　　月　　日" in blank


def test_advance_notice() -> None:
    notice = AdvanceNotice(
        subject_code="91350200776049653A",
        subject_name="<某>公司",
        task_names=("互联网诊疗机构联合抽查",),
        departments=("县卫健委", "县市场监督管理局"),
        items=("机构资质检查", "广告发布行为检查"),
        visit=DateWindow(start=D(2025, 6, 3), end=D(2025, 6, 3)),
        materials=("医疗机构执业许可证",),
        contact="王臣玲 17755751322",
        issued_on=D(2025, 5, 27),
    )
    markdown = notice.to_markdown()
    assert "## 三、需要准备的材料" in markdown
    assert "1. 医疗机构执业许可证" in markdown
    assert "&lt;某&gt;公司" in markdown
    assert "&lt;某&gt;公司" in notice.to_html()
    with pytest.raises(ModelValidationError, match="after the visit starts"):
        notice.model_copy(update={}).model_validate(
            {**notice.model_dump(), "issued_on": D(2025, 6, 4)}
        )


def test_the_years_example_runs_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    namespace = runpy.run_path(str(ROOT / "examples" / "county_year_2023.py"))
    out = namespace["main"]()
    printed = capsys.readouterr().out
    assert "draw verifies: True" in printed
    assert "合计" in printed
    assert "负责人：李某" in printed
    assert out["steps"].count(StepState.LATE) == 2
    assert out["steps"].count(StepState.OVERDUE) > 0
    assert out["coverage"].reaches_target
    assert out["capped"].codes
    assert not set(out["capped"].codes) & set(out["record"].selected("jc-1"))
    assert len(out["follow_ups"].overdue) == 1
    assert out["annex2"].totals()[0] == 2


def test_the_forms_title_is_configurable() -> None:
    from jointcheck.forms import FormTeam, InspectionForm
    from jointcheck.scenarios import xiao_2025_plan

    plan = xiao_2025_plan()
    subject = Subject(
        code="91350200776049653A",
        name="某医院",
        kind="INSTITUTION",
        tier="MEDIUM",
        jurisdiction="龙城镇",
        tags=("互联网诊疗",),
    )
    teams = [
        FormTeam.from_ids("xiao-nhc", ["n1", "n2"]),
        FormTeam.from_ids("xiao-samr", ["s1", "s2"]),
    ]
    form = InspectionForm.build(plan, plan.tasks[0].id, subject, teams)
    assert form.to_markdown().startswith("# 随机抽查联合检查记录表（一企一表）")
    assert form.to_markdown(title="安徽省随机抽查检查表").startswith("# 安徽省随机抽查检查表\n")
    html = form.to_html(title="<安徽省>随机抽查检查表")
    assert "<h1>&lt;安徽省&gt;随机抽查检查表</h1>" in html
    assert "<title>&lt;安徽省&gt;随机抽查检查表 · 某医院</title>" in html
