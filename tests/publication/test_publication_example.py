"""examples/publish_round.py publishes a round, audits it, and catches a forgery."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from jointcheck.publication import FILE_NAMES

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "publish_round.py"


def test_the_example_publishes_and_audits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace = runpy.run_path(str(EXAMPLE), run_name="example")
    namespace["main"](tmp_path / "round")
    out = capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "round").iterdir()) == sorted(FILE_NAMES)
    passed, failed = out.split("核验对象 Round:")[1:]
    assert "结论：通过。未发现问题。" in passed
    assert "抽取名单由名录库复算一致" in passed
    assert "replacement 1 (现场核实已关闭)" in passed
    assert "结论：未通过" in failed
    assert "抽取结果无法复现 (the seed gives another selection)" in failed
