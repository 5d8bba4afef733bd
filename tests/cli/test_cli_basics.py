"""The command as a whole: entry points, help with examples, exit codes, closed pipes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import jointcheck as package
from jointcheck import __version__
from jointcheck.cli import format_plan, main
from jointcheck.scenarios import xingan_2023_plan

COMMANDS = ("demo", "draw", "verify", "match", "deadline", "schema")
CODES = ("91350200776049653A", "91350503MA31DKY80A", "91440101MA5CJQ4N59")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def jointcheck(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The entry point as a user runs it (``python -m jointcheck``), from any directory."""
    package_root = str(Path(package.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, "-m", "jointcheck", *argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path},
    )


def test_top_level_help_lists_commands_and_exit_codes() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for command in COMMANDS:
        assert f"    {command} " in out
    assert "exit codes:\n  0    success" in out
    assert "  1    a check found problems" in out
    assert "  2    bad input" in out
    assert "  130  interrupted" in out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, out, err = run(command, "--help")
    assert (code, err) == (0, "")
    assert out.startswith(f"usage: jointcheck {command}")
    assert f"examples:\n  jointcheck {command}" in out


def test_version() -> None:
    out = io.StringIO()
    assert main(["--version"], out=out) == 0


def test_unknown_command_is_a_usage_error() -> None:
    code, out, err = run("frobnicate")
    assert (code, out) == (2, "")
    assert "jointcheck: error: argument COMMAND: invalid choice: 'frobnicate'" in err


def test_format_plan_prints_every_task() -> None:
    text = format_plan(xingan_2023_plan())
    assert "兴安盟2023年医疗美容行业" in text
    assert "无风险等级抽取30%" in text
    assert "A类企业1家，100%抽取" in text
    assert "兴安盟卫生健康委员会 (每户不少于2名执法人员)" in text


def test_entry_point_bad_row_unknown_file_tampered_draw_and_coverage(tmp_path: Path) -> None:
    """The three exit codes through the real entry point, as a user meets them."""
    good = tmp_path / "registry.csv"
    good.write_text("code,tier\n" + "".join(f"{c},D\n" for c in CODES), encoding="utf-8")
    argv = [
        "draw",
        "registry.csv",
        "--rule",
        "高风险企业不低于50%",
        "--seed",
        "S",
        "-o",
        "draw.json",
    ]
    drawn = jointcheck(*argv, cwd=tmp_path)
    assert drawn.returncode == 0, drawn.stderr
    ok = jointcheck("verify", "draw.json", "registry.csv", "--allow-unbound-seed", cwd=tmp_path)
    assert ok.returncode == 0
    assert ok.stdout.startswith("OK: the draw reproduces from registry.csv\n")

    tampered = (tmp_path / "draw.json").read_text("utf-8").replace('"seed": "S"', '"seed": "T"')
    (tmp_path / "tampered.json").write_text(tampered, encoding="utf-8")
    failed = jointcheck(
        "verify", "tampered.json", "registry.csv", "--allow-unbound-seed", cwd=tmp_path
    )
    assert failed.returncode == 1
    assert "NOT_REPRODUCED" in failed.stdout

    bad = tmp_path / "bad.csv"
    bad.write_text(f"code,tier\n{CODES[0]},D\n{CODES[1][:-1]}0,D\n", encoding="utf-8")
    rejected = jointcheck("verify", "draw.json", "bad.csv", "--allow-unbound-seed", cwd=tmp_path)
    assert rejected.returncode == 2
    assert rejected.stderr.startswith("jointcheck: error: bad.csv:3: code '91350503MA31DKY800'")
    missing = jointcheck("verify", "draw.json", "nope.csv", "--allow-unbound-seed", cwd=tmp_path)
    assert missing.returncode == 2
    assert "jointcheck: error: registry 'nope.csv' does not exist" in missing.stderr

    uncovered = jointcheck("deadline", "2031-01-05", "--working-days", "20")
    assert uncovered.returncode == 2
    assert "year 2031 has no working-day data" in uncovered.stderr


def test_a_closed_pipe_is_not_a_traceback() -> None:
    script = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'jointcheck', 'schema'],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)\n"
        "p.stdout.read(10); p.stdout.close()\n"
        "err = p.stderr.read().decode(); p.wait()\n"
        "print(repr(err))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "Traceback" not in done.stdout


def test_version_matches_the_package() -> None:
    done = jointcheck("--version")
    assert done.stdout.strip() == f"jointcheck {__version__}"
