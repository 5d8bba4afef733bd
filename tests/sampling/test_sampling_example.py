"""The Xing'an example runs and prints the key results."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xingan_sampling.py"


def test_xingan_example(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    assert "高风险(HIGH): 5/43 — 不低于10%: ceil(43 × 10%) = 5" in out
    assert "无风险等级(UNRATED): 50/164 — 不低于30%: ceil(164 × 30%) = 50" in out
    assert "verify_draw: no violations" in out
    assert "with another seed: NOT_REPRODUCED" in out
    assert "(next on the 高风险 waitlist)" in out
    assert "(the plan printed 1家; the tier holds 2)" in out
    # the same seed every run: the output is reproducible
    assert "seed: bc53b11b05f7c1a4e5ff28527bd8bae6b4878760ed0536aaff41fcf86591f326" in out
