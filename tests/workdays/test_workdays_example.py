"""The deadlines example runs and prints the seed deadlines; the docstring examples hold."""

from __future__ import annotations

import doctest
import importlib
import runpy
from pathlib import Path

import chinese_calendar
import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "deadlines.py"


def test_example_prints_the_seed_deadlines(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    for line in (
        "inspection ends 2023-04-07",
        "→ 2023-05-08",
        "→ 2023-11-13",
        "→ 2024-01-29",
        "→ 2025-11-27",
        "→ 2025-10-30",
        "2023-04-23 (Sunday): 调休 working day",
        "after 2023-09-26 → 2023-10-07",
        "新疆维吾尔自治区   → 2025-06-19",
        "DISCLOSURE_SHORTER_THAN_RULE",
        "leaves 16 working days",
        "with CalendarFallbackWarning",
        "2023-09-28 → due 2023-11-01  8 working days left",
        "an EXAMPLE, not official",
        "20 working days after 2026-12-10 → 2027-01-08",
        "2027-02-20 (Saturday): 调休 working day: EXAMPLE, not official",
    ):
        assert line in out, line
    last = max(d.year for d in chinese_calendar.holidays)
    assert f"CalendarCoverageError (year {last + 1})" in out


@pytest.mark.parametrize(
    "module",
    [
        "jointcheck.workdays._table",
        "jointcheck.workdays._china",
        "jointcheck.workdays._data",
        "jointcheck.workdays._fixed",
        "jointcheck.workdays._rules",
    ],
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


DOCS = Path(__file__).resolve().parents[2] / "docs" / "workdays.md"


def _toml_blocks() -> list[str]:
    text = DOCS.read_text("utf-8")
    return [block.split("```", 1)[0] for block in text.split("```toml\n")[1:]]


def test_docs_2026_schedule_is_chinese_calendars_2026() -> None:
    from jointcheck.workdays import CalendarData

    years = [CalendarData.from_toml(b) for b in _toml_blocks() if "[[years]]" in b]
    assert len(years) == 1
    (schedule,) = years[0].years
    assert schedule.year == 2026
    assert set(schedule.holidays) == {d for d in chinese_calendar.holidays if d.year == 2026}
    assert set(schedule.workdays) == {d for d in chinese_calendar.workdays if d.year == 2026}


def test_docs_layers_parse_and_apply() -> None:
    import datetime as dt

    from jointcheck.workdays import CalendarData, ChinaCalendar, WorkingDays, deadline

    (block,) = [b for b in _toml_blocks() if "[[layers]]" in b]
    data = CalendarData.from_toml(block)
    assert [layer.name for layer in data.layers] == ["新疆维吾尔自治区", "拉萨市"]
    cal = ChinaCalendar.from_data(data)
    assert deadline(WorkingDays(n=10), dt.date(2025, 5, 30), calendar=cal) == dt.date(2025, 6, 19)
