"""``jointcheck demo``: the Xing'an plan end to end, short, deterministic."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from jointcheck.cli import main
from jointcheck.cli._demo import format_demo, run_demo
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


def test_key_lines(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == (
        "兴安盟2023年医疗美容行业“双随机、一公开”信用分级分类联合抽查 (兴市监办字〔2023〕61号)"
    )
    assert "发起 兴安盟市场监督管理局 · 配合 兴安盟卫生健康委员会 · 3 个任务; 计划已校验" in lines
    assert any(line.startswith("  名录库: 180 户合成医疗美容场所") for line in lines)
    assert any(line.startswith("  名录库: 1 户合成生活美容场所 (低风险1)") for line in lines)
    assert any(line.startswith("  名录库: 420 户合成生活美容场所") for line in lines)
    assert "    低风险: 1/1 — 100%: all 1" in lines
    assert text.count("verify_draw: OK") == 3
    assert text.count("verify_assignment: OK") == 3
    assert text.count("(每户 市场监管局 2 人 + 卫健委 2 人)") == 3
    assert text.count("种子: 2 方承诺-揭示 (commit-reveal) → ") == 3


def test_quotas_and_reasons(text: str) -> None:
    assert "    高风险: 2/11 — 不低于10%: ceil(11 × 10%) = 2" in text
    assert "    无风险等级: 14/46 — 不低于30%: ceil(46 × 30%) = 14" in text


def test_disclosure_deadline_lines(text: str) -> None:
    assert "公示期限 (抽查结束后20个工作日内): 检查结束于 2023-04-07 (周五)" in text
    assert (
        "  20 个工作日 → 2023-05-08 (周一): 计入调休上班日 2023-04-23 (周日)、2023-05-06 (周六)"
        in text
    )
    assert "不计劳动节假期 2023-04-29 至 2023-05-03" in text
    assert "  方案自定 2023-04-30 (周日) 更早, 以其为准 → 公示截止 2023-04-30" in text


def test_short_and_deterministic(text: str) -> None:
    assert len(text.splitlines()) <= 80
    assert format_demo(run_demo()) + "\n" == text


def test_teams_name_both_departments(text: str) -> None:
    teams = [line for line in text.splitlines() if line.startswith("    911522")]
    assert len(teams) == 5  # two per task, one in task 2
    assert all(": 市场监管局 " in line and " · 卫健委 " in line for line in teams)


def test_plan_only() -> None:
    code, out, _ = run("demo", "--plan")
    assert code == 0
    assert "任务2 生活美容场所联合检查任务1 (xam-2023-2)" in out
    assert "  抽查比例或数量: A类企业1家，100%抽取" in out


def test_files_to_try_the_other_commands(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    code, out, _ = run("demo", "--files", str(folder))
    assert code == 0
    assert f"wrote task 1's files to {folder}/" in out
    registry, draw = folder / "registry.csv", folder / "draw.json"
    assert registry.read_text("utf-8").startswith("code,tier,jurisdiction\n")
    code, verified, _ = run("verify", str(draw), str(registry))
    assert code == 0
    assert Draw.model_validate_json(draw.read_text("utf-8")).digest() in verified
    code, again, _ = run("match", str(folder / "problem.json"))
    assert code == 0
    assert again == (folder / "assignment.json").read_text("utf-8")
