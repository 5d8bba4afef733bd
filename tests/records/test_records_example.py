"""The Xiao end-to-end example runs and prints the draw, teams, a form, annex 2, disclosure."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xiao_end_to_end.py"


def test_example_runs_the_xiao_notice_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    for line in (
        "drawn 4 of 4 under the rule '100%'",
        "萧县人民医院: 4 items (nhc-licence, nhc-staff, nhc-practice, samr-ads)",
        "萧县中医院: 5 items (nhc-licence, nhc-staff, nhc-practice, samr-ads, samr-drugs)",
        "# 随机抽查联合检查记录表（一企一表）",
        "| 3 | 依法执业情况检查 | 《互联网诊疗监管细则（试行）》 | 不符合 | 在线开具处方未经药师审核 |",
        "**签字确认**：被检查对象拒绝签字",
        "| 卫健委 | 4 | 8 | 3 | 0 | 0 | 0 | 0 | 1 | 0 |",
        "| 市场监督管理局 | 3 | 6 | 2 | 0 | 1 | 0 | 0 | 0 | 0 |",
        "52341322MJ0012345F 市场监督管理局: deadline 2025-10-30, 逾期未公示 by 1 working day(s)",
        "results entered: 7 simulated + 1 by hand; not entered: 52341322MJ0012345F 市场监督管理局",
        "disclosure rate (公示率): 7/8 = 88%",
        "coverage of the registry: 4/4, target 100% met: True",
    ):
        assert line in out, line
    # every subject's joint team: two 执法检查人员 of each department
    teams = [
        line for line in out.splitlines() if "卫健委: " in line and "；市场监督管理局: " in line
    ]
    assert len(teams) == 4
