"""examples/publish_round.py publishes a round, audits it, and catches a forgery."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from jointcheck.publication import FILE_NAMES

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "publish_round.py"


def test_the_example_publishes_and_audits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace = runpy.run_path(str(EXAMPLE), run_name="example")
    namespace["main"](tmp_path / "round")
    out = capsys.readouterr().out
    folder = tmp_path / "round"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*FILE_NAMES, "registry.csv"])
    # What the example prints for the public works as printed.
    script = EXAMPLE.with_name("public") / "verify_round.py"
    assert f"python {script} {folder} {folder / 'registry.csv'}" in out
    checked = subprocess.run(
        [sys.executable, str(script), str(folder), str(folder / "registry.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    here = Path.cwd()
    os.chdir(folder)
    try:
        sql = (EXAMPLE.with_name("public") / "verify_round.sql").read_text("utf-8")
        rows = duckdb.connect().execute(sql).fetchall()
    finally:
        os.chdir(here)
    assert rows
    assert all(ok for _, ok in rows), rows
    passed, failed = out.split("核验对象 Round:")[1:]
    assert "结论：通过。未发现问题。" in passed
    assert "抽取名单由名录库复算一致" in passed
    assert "replacement 1 (现场核实已关闭)" in passed
    assert "结论：未通过" in failed
    assert "抽取结果无法复现 (the seed gives another selection)" in failed
