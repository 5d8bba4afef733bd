"""The Xing'an example runs and prints the key results."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xingan_sampling.py"


def test_xingan_example(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    assert "高风险(HIGH): 4/37 — 不低于10%: ceil(37 × 10%) = 4" in out
    assert "无风险等级(UNRATED): 52/173 — 不低于30%: ceil(173 × 30%) = 52" in out
    assert "verify_draw: no violations" in out
    assert "with another seed: NOT_REPRODUCED" in out
    assert "(next on the 高风险 waitlist)" in out
    assert "(the plan printed 1家; the tier holds 2)" in out
    # the same seed every run: the output is reproducible
    assert "seed: 0bcd7a309aff11b0d4ec4756e8f759392604bd7fc63762ba49fbbb109f492963" in out
