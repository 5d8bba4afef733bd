"""The command's contract: exit 2 with one line for bad input, 1 only for problems found,
130 on Ctrl-C without a traceback, never a traceback, a light start for --help."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import jointcheck as package
from jointcheck.cli import _app, main

ROOT = str(Path(package.__file__).resolve().parents[1])
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH")) if p),
}
VALID = {"number": "15000001", "valid_from": "2020-01-01", "valid_until": "2030-12-31"}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def one_line_error(code: int, err: str) -> str:
    assert code == 2, err
    assert err.startswith("jointcheck: error: "), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_help_imports_neither_numpy_nor_pydantic_nor_scipy() -> None:
    probe = (
        "import sys, time\n"
        "start = time.perf_counter()\n"
        "from jointcheck.__main__ import main\n"
        "sys.argv = ['jointcheck', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "elapsed = time.perf_counter() - start\n"
        "heavy = sorted(m for m in ('numpy', 'pydantic', 'scipy', 'pandas') if m in sys.modules)\n"
        "print(repr((heavy, elapsed)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=ENV, check=True
    )
    heavy, elapsed = eval(done.stderr.strip().splitlines()[-1])
    assert heavy == []
    assert "usage: jointcheck" in done.stdout
    assert elapsed < 2.0  # generous: it takes a few milliseconds once Python runs


def test_a_command_imports_only_its_own_module() -> None:
    probe = (
        "import sys, io\n"
        "from jointcheck.cli import main\n"
        "main(['deadline', '--help'], out=io.StringIO(), err=io.StringIO())\n"
        "print(sorted(m for m in sys.modules if m.startswith('jointcheck.cli.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=ENV, check=True
    )
    loaded = eval(done.stdout.strip())
    assert "jointcheck.cli._deadline" in loaded
    assert not {"jointcheck.cli._demo", "jointcheck.cli._match"} & set(loaded)


def test_ctrl_c_while_importing_a_command_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(name: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_app.importlib, "import_module", interrupted)
    code, out, err = run("demo")
    assert (code, out, err) == (130, "", "jointcheck: interrupted\n")


def test_ctrl_c_while_the_entry_point_imports_exits_130() -> None:
    probe = (
        "import sys\n"
        "class Stop:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'jointcheck.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Stop())\n"
        "from jointcheck.__main__ import main\n"
        "raise SystemExit(main())\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=ENV)
    assert (done.returncode, done.stderr) == (130, "jointcheck: interrupted\n")


def test_ctrl_c_while_running_exits_130_without_a_traceback() -> None:
    # Reading a registry from a standard input that never ends, then Ctrl-C.
    process = subprocess.Popen(
        [sys.executable, "-m", "jointcheck", "draw", "-", "--rule", "10%", "--seed", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdin is not None
    process.stdin.write(b"code,tier,jurisdiction\n")
    process.stdin.flush()
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.decode() == "jointcheck: interrupted\n"


def test_an_unexpected_exception_is_one_line_with_exit_70(monkeypatch: pytest.MonkeyPatch) -> None:
    from jointcheck.cli import _deadline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(_deadline, "deadline", broken)
    code, _, err = run("deadline", "2023-04-07", "--working-days", "2")
    assert code == 70
    assert err == "jointcheck: internal error (please report it): RuntimeError: boom; second line\n"


def inspectors(tmp_path: Path) -> Path:
    path = tmp_path / "inspectors.json"
    people = [
        {"id": f"i{n}", "name": f"检查员{n}", "department_id": "scj", "certificate": VALID}
        for n in range(3)
    ]
    path.write_text(json.dumps(people), encoding="utf-8")
    return path


def test_unknown_department_id_is_bad_input_not_infeasible(tmp_path: Path) -> None:
    subjects = tmp_path / "subjects.txt"
    subjects.write_text("91350200776049653A\n", encoding="utf-8")
    argv = ["match", "--subjects", str(subjects), "--inspectors", str(inspectors(tmp_path))]
    argv += ["--on", "2025-06-02", "--seed", "1"]
    code, _, err = run(*argv, "--department", "sjc")
    one_line_error(code, err)
    assert "department 'sjc'" in err
    assert "'scj'" in err
    departments = tmp_path / "departments.json"
    departments.write_text(json.dumps([{"id": "scj", "name": "市场监管局"}]), encoding="utf-8")
    code, _, err = run(*argv, "--department", "wjw", "--departments", str(departments))
    one_line_error(code, err)
    code, _, err = run(*argv, "--department", "scj:3")
    assert code == 0, err
    code, _, err = run(*argv, "--department", "scj:4")
    assert code == 1  # infeasible: a problem found, not bad input
    assert err.startswith("jointcheck: infeasible:")


def test_a_subject_naming_an_unknown_unit_is_bad_input(tmp_path: Path) -> None:
    subjects = tmp_path / "subjects.json"
    subjects.write_text(
        json.dumps([{"code": "91350200776049653A", "units": ["nowhere"]}]), encoding="utf-8"
    )
    departments = tmp_path / "departments.json"
    departments.write_text(
        json.dumps([{"id": "scj", "name": "市场监管局", "units": [{"id": "u1", "name": "一所"}]}]),
        encoding="utf-8",
    )
    code, _, err = run(
        "match", "--subjects", str(subjects), "--inspectors", str(inspectors(tmp_path)),
        "--departments", str(departments), "--department", "scj:1",
        "--on", "2025-06-02", "--seed", "1",
    )  # fmt: skip
    one_line_error(code, err)
    assert "unit 'nowhere'" in err


@pytest.mark.parametrize("text", ["", "\n# only a comment\n", "[]", '{"selected": []}'])
def test_an_empty_subjects_file_is_bad_input(tmp_path: Path, text: str) -> None:
    subjects = tmp_path / "subjects.txt"
    subjects.write_text(text, encoding="utf-8")
    code, _, err = run(
        "match", "--subjects", str(subjects), "--inspectors", str(inspectors(tmp_path)),
        "--department", "scj:1", "--on", "2025-06-02", "--seed", "1",
    )  # fmt: skip
    assert code == 2, err
    assert "Traceback" not in err


def test_a_header_only_registry_is_bad_input(tmp_path: Path) -> None:
    registry = tmp_path / "registry.csv"
    registry.write_text("code,tier,jurisdiction\n", encoding="utf-8")
    code, out, err = run("draw", str(registry), "--rule", "10%", "--seed", "1")
    one_line_error(code, err)
    assert out == ""
    assert "header but no subjects" in err
    assert "allow_empty" not in err  # a library option means nothing on the command line
