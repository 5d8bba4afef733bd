"""The year's guide runs as written."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "year.md"


def test_the_guides_code_blocks_run_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(
        r"^```python\n(.*?)^```$", PAGE.read_text(encoding="utf-8"), flags=re.S | re.M
    )
    assert len(blocks) == 2
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile("\n".join(blocks), str(PAGE), "exec"), {"__name__": "__main__"})
    printed = out.getvalue().splitlines()
    assert printed[0] == "xiao-nhc ('xiao-samr',)"
    assert printed[1].startswith("序号,计划来源,抽查计划")
    assert "2025-10-09 待办" in printed[2]  # the replacement: 2 working days after Mon 09-29
    assert printed[-1] == "不属于本部门监管职责范围：未开展药品网络销售 []"
