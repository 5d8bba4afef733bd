"""The README's quick start and the how-to pages run as written."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
RUNNABLE_PAGES = ["howto-government.md", "howto-notebook.md"]


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.S | re.M)


def _run(source: str, name: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, name, "exec"), {"__name__": "__main__"})
    return out.getvalue()


def test_readme_shows_the_two_commands_exactly() -> None:
    bash = _blocks(README.read_text(encoding="utf-8"), "bash")
    assert "pip install . && python -m jointcheck demo\n" in bash
    assert 'pip install -e ".[test]" && python -m pytest\n' in bash


def test_readme_quick_start_runs_and_prints_what_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = README.read_text(encoding="utf-8")
    quick_start = text[text.index("## Quick start") : text.index("## Documentation")]
    (code,) = _blocks(quick_start, "python")
    (shown,) = _blocks(quick_start, "text")
    assert len(code.strip().splitlines()) <= 22
    assert _run(code, "README.md") == shown


@pytest.mark.parametrize("page", RUNNABLE_PAGES)
def test_how_to_code_blocks_run_in_order(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    blocks = _blocks((ROOT / "docs" / page).read_text(encoding="utf-8"), "python")
    assert blocks
    _run("\n".join(blocks), page)
