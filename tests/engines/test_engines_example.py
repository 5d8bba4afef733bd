"""The registry-file example runs and gives the in-memory draw."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "registry_file_draw.py"


def test_example_draws_from_a_parquet_file(capsys: pytest.CaptureFixture[str]) -> None:
    namespace = runpy.run_path(str(EXAMPLE))
    draw = namespace["main"](5_000)
    out = capsys.readouterr().out
    assert "5,000 subjects" in out
    assert "violations on verify: []" in out
    assert out.rstrip().endswith("identical to the in-memory draw: True")
    assert draw.population_size == 5_000
