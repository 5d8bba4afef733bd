"""The five notice scenarios run end to end and print what their notices ask for."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from jointcheck.model import ResultCategory
from jointcheck.records import PlanLedger, summarize

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@contextmanager
def examples_on_path() -> Iterator[None]:
    """The examples import their helper modules (``_scenario``, ``_plan_tables``) by name."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        yield
    finally:
        sys.path.remove(str(EXAMPLES))


def run_with_namespace(
    name: str, capsys: pytest.CaptureFixture[str]
) -> tuple[PlanLedger, str, dict[str, Any]]:
    """Run ``examples/<name>.py``'s ``main``: its ledger, its output and the module's names."""
    with examples_on_path():
        namespace: dict[str, Any] = runpy.run_path(str(EXAMPLES / f"{name}.py"))
        ledger = namespace["main"]()
    assert isinstance(ledger, PlanLedger)
    return ledger, capsys.readouterr().out, namespace


def run(name: str, capsys: pytest.CaptureFixture[str]) -> tuple[PlanLedger, str]:
    """Run ``examples/<name>.py``'s ``main`` and return its ledger and its output."""
    ledger, out, _ = run_with_namespace(name, capsys)
    return ledger, out


def assert_lines(out: str, *lines: str) -> None:
    for line in lines:
        assert line in out, line


def check_ledger(ledger: PlanLedger, *, minimum: int = 2) -> None:
    """Every form has a team of at least ``minimum`` counted members per department, and the
    annex-2 rows add up to the results entered."""
    entered = 0
    for form in ledger.forms():
        for section in form.sections:
            assert len(section.team.counted_ids) >= minimum
            entered += section.result is not None
    summary = summarize(ledger)
    assert sum(row.subjects_inspected for row in summary.rows) == entered
    for row in summary.rows:
        assert row.results.total == row.subjects_inspected
        assert row.inspector_visits >= minimum * row.subjects_inspected


def annex_row(out: str, department: str) -> list[int]:
    found = re.search(rf"^\| {re.escape(department)} \| ([0-9 |]+)\|$", out, re.MULTILINE)
    assert found is not None, department
    return [int(cell) for cell in found.group(1).split("|")]


def test_xingan_2023_loads_the_plan_table_and_runs_three_tasks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ledger, out = run("xingan_2023", capsys)
    assert_lines(
        out,
        "兴安盟2023年医疗美容行业“双随机、一公开”信用分级分类联合抽查",
        "文号 兴市监办字〔2023〕61号 · 发起部门 兴安盟市场监督管理局 · 参与部门 兴安盟卫生健康委员会",
        "3 tasks; agrees with jointcheck.scenarios.xingan_2023_plan(): True",
        "sizes: 名录库 844 subjects (医疗美容机构 64, 生活美容场所 780); 执法人员名录库 25",
        "高风险(HIGH): 1/2 — 不低于10%: ceil(2 × 10%) = 1",
        "无风险等级(UNRATED): 4/11 — 不低于30%: ceil(11 × 30%) = 4",
        "quota 8 of 64",
        "低风险(LOW): 1/1 — 100%: all 1",
        "quota 1 of 780",
        "excluded 1: 已在生活美容场所联合检查任务1中抽取",
        "quota 57 of 779",
        "teams: 8 subjects × 兴安盟市场监督管理局 2 + 兴安盟卫生健康委员会 2",
        "teams: 1 subject × 兴安盟市场监督管理局 2 + 兴安盟卫生健康委员会 2",
        "teams: 57 subjects × 兴安盟市场监督管理局 2 + 兴安盟卫生健康委员会 2",
        "随机抽取 2023-03-03 to 2023-03-06",
        "实地检查 2023-03-07 to 2023-04-07",
        "公示 by 2023-04-30: the plan's own date; 20 working days after 2023-04-07 would be "
        "2023-05-08",
        "公示率 132/132 (100.00%)",
    )
    assert out.count("verify_draw: no violations") == 3
    assert out.count("verify_assignment: 0 violations") == 3
    assert annex_row(out, "兴安盟市场监督管理局")[:2] == [66, 132]
    assert annex_row(out, "兴安盟卫生健康委员会")[:2] == [66, 132]
    assert len(ledger.plan.tasks) == 3
    assert sum(len(ledger.task_ledger(t.id).forms) for t in ledger.plan.tasks) == 66
    check_ledger(ledger)


def test_lianchi_2023_confirms_within_two_working_days_and_claims_per_department(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ledger, out = run("lianchi_2023", capsys)
    assert_lines(
        out,
        "2023年保定市莲池区卫生健康局部门联合抽查方案",
        "保定市莲池区卫生健康局 (11 项)",
        "保定市莲池区文化广电和旅游局 (1 项): 娱乐场所“双随机”抽查",
        "保定市莲池区医疗保障局 (2 项)",
        "excluded 158: §二列出但§三无对应抽查事项",
        "总体不低于5%: at least 79 of 1577; drawn 79",
        "quota 79 of 1,577",
        "比对和确认 by 2023-07-24 (2 working days after the draw on 2023-07-20): on 2023-07-21",
        "verify_draw after the replacement: no violations",
        "保定市莲池区卫生健康局: 79 subjects, 2 members each, 6 专业人员 assisting; "
        "verify_assignment: 0 violations",
        "保定市莲池区文化广电和旅游局: 4 subjects, 2 members each; verify_assignment: 0 violations",
        "保定市莲池区医疗保障局: 27 subjects, 2 members each; verify_assignment: 0 violations",
        "公示 within 10 working days of the end of the inspection: by 2023-11-13",
        "公示率 109/110 (99.09%)",
    )
    draw_line = next(
        line for line in out.splitlines() if "比对和确认 by" in line and " on " in line
    )
    replaced, added = re.findall(r"[0-9A-Z]{18}", draw_line)
    codes = {form.subject.code for form in ledger.forms()}
    assert added in codes
    assert replaced not in codes
    assert annex_row(out, "保定市莲池区卫生健康局")[:2] == [79, 158]
    assert annex_row(out, "保定市莲池区文化广电和旅游局")[:2] == [4, 8]
    assert annex_row(out, "保定市莲池区医疗保障局")[:2] == [27, 54]
    # 一企一表: a department is on a form only if one of its items applies to the subject
    for form in ledger.forms():
        for section in form.sections:
            assert section.items
            for item in section.items:
                assert not item.applies_to_tags or set(item.applies_to_tags) & set(
                    form.subject.tags
                )
    check_ledger(ledger)


def test_qinhuangdao_2023_draws_three_percent_and_dispatches_to_counties(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ledger, out = run("qinhuangdao_2023", capsys)
    assert_lines(
        out,
        "2023年秦皇岛市市场监管系统内部联合信用风险分级分类“双随机、一公开”抽查",
        "文号 秦市监函〔2023〕453号",
        "01 自愿性认证活动及结果监督检查 (认证科)",
        "11 专利真实性监督检查",
        "sizes: 名录库 6,233 subjects",
        "总体不低于3%: at least 187 of 6233; drawn 187",
        "verify_draw: no violations",
        "teams: 187 subjects × 秦皇岛市市场监督管理局 2",
        "verify_assignment: 0 violations",
        "按管辖派发 (Assignment.dispatch)",
        "海港区市场监督管理局: 52 ·",
        "秦皇岛市市场监督管理局（本级）: 15 ·",
        "公示 within 20 working days of the end of the inspection: by 2024-01-29",
        "公示率 187/187 (100.00%)",
        "coverage of the 名录库: 187 of 6,233 = 3.00%, 总体不低于3% met: True",
    )
    assert "无风险等级(UNRATED): 0/0" in out  # drawn from the A–D tiers only
    dispatched = [
        int(n) for n in re.findall(r"^    \S+(?:局|分局|（本级）): (\d+) ·", out, re.MULTILINE)
    ]
    assert len(dispatched) == 10
    assert sum(dispatched) == 187
    county_rows = re.findall(r"^  \| (\S+) \| (\d+) \| (\d+) \|", out, re.MULTILINE)
    assert len(county_rows) == 10
    assert sum(int(n) for _, n, _ in county_rows) == 187
    assert annex_row(out, "秦皇岛市市场监督管理局")[:2] == [187, 374]
    check_ledger(ledger)


def test_zezhou_2023_runs_fifteen_tasks_from_the_plan_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ledger, out = run("zezhou_2023", capsys)
    assert_lines(
        out,
        "泽州县市场监督管理局2023年度内部双随机抽查工作计划",
        "plan table zezhou_2023_internal_plan.tsv: 15 tasks (12 定向, 3 不定向)",
        "sizes: 名录库 21,405 subjects (企业 5,869 · 个体工商户 14,386 · 农民专业合作社 1,150)",
        "plan change filed 2023-09-15 with 信用监管股 by 价格监股",
        "excluded 115: 抽查对象范围除加油站、眼镜配制单位",
        "总体不低于3%: at least 432 of 14386; drawn 432",
        "股所随机 (PoolScope.ANY)",
        "所所随机 (PoolScope.OTHER_UNIT)",
        "股内随机 (PoolScope.SAME_UNIT)",
        "所内随机 (PoolScope.SAME_UNIT)",
        "| 合计 | 781 | 1562 |",
        "年度抽查企业占比: 176 of 5,869 enterprises = 3.00%; 3% needs 177: not met, 1 more needed",
        "公示率 780/781 (99.87%); target 100%: not met",
        "09 05-01 to 11-30 → 2023-12-28 (已延期)",
        "13 07-01 to 12-31 → 2024-01-29",
    )
    assert out.count("verify_draw: no violations") == 15
    assert out.count("verify_assignment: 0 violations") == 15
    assert len(ledger.plan.tasks) == 15
    forms = [len(ledger.task_ledger(t.id).forms) for t in ledger.plan.tasks]
    assert sum(forms) == 781
    assert forms[1] == 50  # 小作坊 100%
    assert forms[10] == 7  # 文物经营单位 100%
    check_ledger(ledger)


def test_zezhou_pools_keep_inspectors_where_the_notice_puts_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ledger, _, namespace = run_with_namespace("zezhou_2023", capsys)
    department = ledger.plan.departments[0]
    kind = {u.id: u.kind.name for u in department.units}
    covering = {town: u.id for u in department.units for town in u.jurisdictions}
    unit_of = {p.id: p.unit_id for p in namespace["directory"](department)}
    seen = set()
    for task in ledger.plan.tasks:
        method = namespace["POOLS"][str(int(task.id[-2:]))]
        for form in ledger.task_ledger(task.id).forms:
            units = {unit_of[m] for m in form.sections[0].team.counted_ids}
            home = covering[form.subject.jurisdiction]
            if method == "所内随机":  # the 所 covering the subject
                assert units == {home}, task.id
            elif method == "股内随机":  # the task's own 股 (计量股 here)
                assert units == {"zz-jl"}, task.id
            elif method == "所所随机":  # another 所
                assert home not in units, task.id
                assert {kind[u] for u in units} == {"STATION"}, task.id
            seen.add(method)
    assert seen == {"股所随机", "所所随机", "股内随机", "所内随机"}


def test_xiao_2025_claims_forms_and_annex_two(capsys: pytest.CaptureFixture[str]) -> None:
    ledger, out = run("xiao_2025", capsys)
    assert_lines(
        out,
        "萧县2025年度对全县互联网诊疗机构开展“双随机、一公开”部门联合抽查",
        "sizes: 监管对象库 184 医疗机构, of which 14 互联网诊疗机构",
        "quota 14 of 14",
        "verify_draw: no violations",
        "卫健委 draws: 14 subjects × 萧县卫生健康委员会 2; verify_assignment: 0 violations",
        "派发 → 市场监督管理局 认领: 14 subjects × 萧县市场监督管理局 2 (+5 专业人员); "
        "verify_assignment: 0 violations",
        "same as the claims: True",
        "# 随机抽查联合检查记录表（一企一表）",
        "| 专项库标签 | 互联网诊疗、药品网络销售 |",
        "| 2 | 对药品网络销售的检查 | 《药品网络销售监督管理办法》 |",
        "**专业人员**：",
        "WARNING DISCLOSURE_SHORTER_THAN_RULE",
        "**2025年度互联网诊疗机构“双随机、一公开”部门联合抽查情况汇总统计表**",
        "| 萧县卫生健康委员会 | 14 | 28 |",
        "| 萧县市场监督管理局 | 13 | 26 |",
        "公示率 27/28 (96.43%)",
        "萧县市场监督管理局: 未录入, due 2025-10-30, 逾期未公示 by 1 working day",
        "coverage of the 互联网诊疗机构: 14 of 14, 100% met: True",
    )
    forms = list(ledger.forms())
    assert len(forms) == 14
    for form in forms:
        samr = form.section("xiao-samr")
        online = "药品网络销售" in form.subject.tags
        assert ("samr-2" in {i.id for i in samr.items}) == online
        assert bool(samr.team.specialist_ids) == online  # a 药品 specialist where needed
    check_ledger(ledger)


def test_scenarios_print_the_same_on_every_run(capsys: pytest.CaptureFixture[str]) -> None:
    _, first = run("xingan_2023", capsys)
    _, second = run("xingan_2023", capsys)
    assert first == second


def test_scenario_runs_as_a_script() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "xiao_2025.py")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "same as the claims: True" in done.stdout
    assert ResultCategory.NO_PROBLEM_FOUND.label in done.stdout
