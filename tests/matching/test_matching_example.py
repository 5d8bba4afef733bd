"""The Xiao example runs and shows what the notice asks for."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xiao_matching.py"


def test_xiao_example_prints_joint_teams_and_a_diagnosis(
    capsys: pytest.CaptureFixture[str],
) -> None:
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    assert "verify_assignment: 0 violations" in out
    assert out.count("drawing alone (认领) gives the same members: True") == 2
    assert "专业人员 药品科专业人员" in out
    assert "回避 (近亲属)" in out
    assert "SAMR-SP: 91341322MA2NXXXX2B, 91341322MA2NXXXX3C" in out
    assert "3 outside unit 圣泉市场监管所" in out
    assert (
        "add 1 eligible certified inspector(s) to department 'SAMR' in unit 圣泉市场监管所" in out
    )
