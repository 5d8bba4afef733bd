"""``jointcheck demo``: the Xing'an plan end to end, deterministic, with its key lines."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from jointcheck.cli import main
from jointcheck.cli._demo import format_demo, run_demo
from jointcheck.matching import Assignment
from jointcheck.sampling import Draw


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def text() -> str:
    code, out, err = run("demo")
    assert (code, err) == (0, "")
    return out


def test_plan_and_registries(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == (
        "兴安盟2023年医疗美容行业“双随机、一公开”信用分级分类联合抽查 (兴市监办字〔2023〕61号)"
    )
    assert "发起 兴安盟市场监督管理局 · 配合 兴安盟卫生健康委员会 · 3 个任务; 计划已校验" in lines
    assert "24 名执法人员 + 2 名专业人员" in lines[2]
    assert any(line.startswith("  名录库 180 户合成医疗美容场所") for line in lines)
    assert any(line.startswith("  名录库 1 户合成生活美容场所 (低风险1)") for line in lines)
    assert any(line.startswith("  名录库 420 户合成生活美容场所") for line in lines)
    assert text.count("; 种子 (2 方承诺-揭示) ") == 3


def test_quotas_with_reasons_draws_and_teams(text: str) -> None:
    assert "    高风险: 2/11 — 不低于10%: ceil(11 × 10%) = 2" in text
    assert "    无风险等级: 7/21 — 不低于30%: ceil(21 × 30%) = 7" in text
    assert "  配额 低风险1/1" in text
    assert "  配额 高风险2/17、较高风险2/39、一般风险2/134、低风险1/184、无风险等级14/46" in text
    assert (
        "  抽中 12 户, verify_draw OK · 联合检查组 12 个 (每户 市场监管局 2 + 卫健委 2 人), "
        "verify_assignment OK" in text
    )
    assert text.count("verify_draw OK") == 3
    assert text.count("verify_assignment OK") == 3


def test_disclosure_deadline(text: str) -> None:
    assert "公示期限 (抽查结束后20个工作日内): 检查结束于 2023-04-07 (周五)" in text
    assert "  20 个工作日 → 2023-05-08 (周一): 计入调休上班日 2023-04-23 (周日)、" in text
    assert "不计劳动节假期 2023-04-29 至 2023-05-03" in text
    assert "  方案自定 2023-04-30 (周日) 更早 (只留 16 个工作日; " in text
    assert "以其为准 → 公示截止 2023-04-30; 该日在劳动节假期中, 不顺延" in text


def test_results_summary_table_and_one_form(text: str) -> None:
    assert (
        "检查结果 (合成): 34 张一企一表, 每个部门录入并公示; 截至 2023-04-30 公示率 100% "
        "(68 条结果)" in text
    )
    assert "**兴安盟2023年医疗美容行业“双随机、一公开”信用分级分类联合抽查情况汇总统计表**" in text
    assert "| 兴安盟市场监督管理局 | 34 | 68 | " in text
    assert "| 兴安盟卫生健康委员会 | 34 | 68 | " in text
    form = text[text.index("的一企一表:") :]
    assert "# 随机抽查联合检查记录表（一企一表）" in form
    assert "## 一、兴安盟市场监督管理局" in form
    assert "## 二、兴安盟卫生健康委员会" in form
    assert "| 3 | 对单位使用医疗器械的行政检查 | 《医疗器械监督管理条例》 |" in form
    assert "**结果状态**：已公示" in form
    assert "**签字确认**：法定代表人：" in form
    assert "| 不符合 |" in form  # the form shown is one where a department found something


def test_deterministic_and_about_a_hundred_lines(text: str) -> None:
    assert format_demo(run_demo()) + "\n" == text
    form = text[text.index("的一企一表:") :]
    assert len(text.splitlines()) - len(form.splitlines()) <= 40  # all but the form
    assert len(text.splitlines()) <= 100


def test_plan_only() -> None:
    code, out, _ = run("demo", "--plan")
    assert code == 0
    assert "任务2 生活美容场所联合检查任务1 (xam-2023-2)" in out
    assert "  抽查比例或数量: A类企业1家，100%抽取" in out
    assert "兴安盟卫生健康委员会 (每户不少于2名执法人员)" in out


def test_files_to_try_the_other_commands(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    code, out, _ = run("demo", "--files", str(folder))
    assert code == 0
    assert f"wrote task 1's files (and the plan's summary table) to {folder}/" in out
    registry, draw = folder / "registry.csv", folder / "draw.json"
    assert registry.read_text("utf-8").startswith("code,tier,jurisdiction\n")
    assert (folder / "form.md").read_text("utf-8").startswith("# 随机抽查联合检查记录表")
    assert (folder / "summary.csv").read_text("utf-8").startswith("检查部门,")
    announcement = str(folder / "announcement.json")
    code, verified, _ = run("verify", str(draw), str(registry), "--announcement", announcement)
    assert code == 0
    assert Draw.model_validate_json(draw.read_text("utf-8")).digest() in verified
    code, unbound, _ = run("verify", str(draw), str(registry))
    assert code == 1
    assert "UNBOUND_SEED" in unbound
    code, again, _ = run("match", str(folder / "problem.json"))
    assert code == 0
    bound = Assignment.model_validate_json((folder / "assignment.json").read_text("utf-8"))
    unbound_copy = bound.model_copy(update={"announcement_digest": None, "reveals": ()})
    assert Assignment.model_validate_json(again) == unbound_copy
