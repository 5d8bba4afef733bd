"""The benchmarks run (at smoke sizes) and report well-formed figures; no timing is asserted."""

import importlib.util
import runpy
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
NAMES = sorted(p.stem.removeprefix("bench_") for p in BENCHMARKS.glob("bench_*.py"))


def _runner(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("benchmarks_run", BENCHMARKS / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "benchmarks_run", module)  # dataclasses look it up
    spec.loader.exec_module(module)
    return module


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
    rows = [line.split()[0] for line in out.splitlines()[2:] if line and not line[0].isspace()]
    # one table: every benchmark module has at least one row, and nothing failed
    assert set(NAMES) <= set(rows[:-1])
    assert "failed" not in out
    assert "Population build" in out
    assert out.rstrip().endswith("both timed in this process")


def test_markdown_table_has_one_row_per_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    run = _runner(monkeypatch)
    from _harness import Figure

    rows = [
        run.Row("sampling", Figure("draw | 10", 0.5, "pandas", 2.0, "≥ 2×", True, "peak 1 MiB")),
        run.Row("matching", error="InfeasibleError: no team"),
    ]
    lines = run.markdown(rows).splitlines()
    assert lines[0] == (
        "| area | benchmark | ours (s) | baseline (s) | ratio | met | baseline | target; note |"
    )
    assert lines[1] == "|---|---|---:|---:|---:|---|---|---|"
    assert lines[2] == (
        "| sampling | draw \\| 10 | 0.500 | 2.000 | 4.0× | yes | pandas | ≥ 2×; peak 1 MiB |"
    )
    assert lines[3] == "| matching | failed |  |  |  |  |  | InfeasibleError: no team |"


def test_text_table_aligns_columns_and_lists_details(monkeypatch: pytest.MonkeyPatch) -> None:
    run = _runner(monkeypatch)
    from _harness import Figure

    rows = [
        run.Row("workdays", Figure("20 工作日", 0.00041, "loop", 12.5, "≥ 1,000×", True)),
        run.Row("population", Figure("build", 1.25, "pandas", 1.0, "seconds", False, "peak")),
    ]
    lines = run.text(rows).splitlines()
    # CJK characters take two columns, numbers are right-aligned under their headers
    assert lines[0] == "area        benchmark  ours (s)  baseline (s)      ratio  met"
    assert lines[2] == "workdays    20 工作日   0.00041        12.500  30,487.8×  yes"
    assert lines[3:5] == ["      baseline: loop", "      target: ≥ 1,000×"]
    assert lines[5].endswith("0.8×  NO")
    assert lines[8] == "      note: peak"


def test_unknown_benchmark_name_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run = _runner(monkeypatch)
    with pytest.raises(SystemExit):
        run.main(["nosuch"])
    assert "no benchmark named ['nosuch']" in capsys.readouterr().err
