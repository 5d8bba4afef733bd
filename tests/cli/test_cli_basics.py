import io
import json
import subprocess
import sys

from jointcheck.cli import main


def test_demo_prints_the_xingan_plan() -> None:
    out = io.StringIO()
    assert main(["demo"], out=out) == 0
    text = out.getvalue()
    assert "兴安盟2023年医疗美容行业" in text
    assert "无风险等级抽取30%" in text
    assert "A类企业1家，100%抽取" in text
    assert "兴安盟卫生健康委员会 (每户不少于2名执法人员)" in text
    assert "计划已校验: 3 个任务, 2 个部门." in text


def test_schema_prints_json() -> None:
    out = io.StringIO()
    assert main(["schema"], out=out) == 0
    assert "Plan" in json.loads(out.getvalue())["$defs"]


def test_module_entry_point_and_bad_command() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "jointcheck", "demo"], capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "jointcheck", "frobnicate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "invalid choice" in bad.stderr


def test_a_closed_pipe_is_not_a_traceback() -> None:
    script = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'jointcheck', 'demo'],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)\n"
        "p.stdout.read(10); p.stdout.close()\n"
        "err = p.stderr.read().decode(); p.wait()\n"
        "print(repr(err))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "Traceback" not in done.stdout
