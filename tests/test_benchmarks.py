"""The benchmarks run (at smoke sizes) and report well-formed figures; no timing is asserted."""

import runpy
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.slow
def test_every_benchmark_runs_in_quick_mode(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["run.py", "--quick"])
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(BENCHMARKS / "run.py"), run_name="__main__")
    assert done.value.code == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    names = {p.stem.removeprefix("bench_") for p in BENCHMARKS.glob("bench_*.py")}
    assert len(rows) - 1 >= len(names)
    assert "Population build" in out
