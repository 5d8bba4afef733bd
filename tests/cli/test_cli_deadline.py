"""``jointcheck deadline``: working days on China's calendar, coverage errors, schedules."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from jointcheck.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("argv", "day"),
    [
        (["--working-days", "20"], "2023-05-08"),  # across the 2023 劳动节 and its 调休 days
        (["--working-days", "20", "--by", "2023-04-30"], "2023-04-30"),
        (["--working-days", "10", "--by", "2023-04-30"], "2023-04-21"),
        (["--calendar-days", "23"], "2023-05-04"),  # 04-30 is a holiday: next working day
        (["--rule", '{"kind": "working_days", "n": 2}'], "2023-04-11"),
        (["--rule", '{"kind": "fixed_date", "day": "2023-06-01"}'], "2023-06-01"),
    ],
)
def test_deadlines(argv: list[str], day: str) -> None:
    assert run("deadline", "2023-04-07", *argv) == (0, day + "\n", "")


def test_explain_names_the_holidays_and_makeup_days() -> None:
    code, out, _ = run("deadline", "2023-04-07", "--working-days", "20", "--explain")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "2023-05-08"
    assert "  rule: 20 working days after the event" in lines
    assert "  event: 2023-04-07 (Friday), not counted" in lines
    assert any(line.startswith("    2023-04-23 (Sunday): 调休 working day") for line in lines)
    assert any(line.startswith("    2023-05-01 (Monday): holiday") for line in lines)


def test_outside_coverage_names_the_year_and_the_way_to_supply_it() -> None:
    code, out, err = run("deadline", "2030-03-01", "--working-days", "20")
    assert (code, out) == (2, "")
    assert err.startswith("jointcheck: error: day 2030-03-01 is outside the range")
    assert "year 2030 has no working-day data" in err
    assert "--schedule FILE.toml" in err


def test_a_deadline_running_past_coverage_is_also_bad_input() -> None:
    code, _, err = run("deadline", "2026-12-20", "--working-days", "20")
    assert code == 2
    assert "the 20th working day after 2026-12-20 falls after the range" in err


SCHEDULE_2027 = """\
[[years]]
year = 2027
source = "a test schedule"
holidays = ["2027-01-01/2027-01-03", "2027-02-10/2027-02-12", "2027-10-01/2027-10-03"]
workdays = []
"""


def test_schedule_file_adds_a_year(tmp_path: Path) -> None:
    toml = tmp_path / "2027.toml"
    toml.write_text(SCHEDULE_2027, encoding="utf-8")
    code, out, _ = run("deadline", "2026-12-31", "--working-days", "1", "--schedule", str(toml))
    assert (code, out) == (0, "2027-01-04\n")
    as_json = tmp_path / "2027.json"
    as_json.write_text(
        '{"years": [{"year": 2027, "holidays": ["2027-01-01/2027-01-03", '
        '"2027-02-10/2027-02-12", "2027-10-01/2027-10-03"]}]}',
        encoding="utf-8",
    )
    assert run("deadline", "2026-12-31", "--working-days", "1", "--schedule", str(as_json))[1] == (
        "2027-01-04\n"
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[[years]\nyear = 2027", "not valid TOML"),
        ("[[years]]\nyear = 2027\nholidays = ['2027-01-04']\nworkdays = ['2027-01-05']", "weekday"),
    ],
)
def test_bad_schedule_files(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run("deadline", "2026-12-31", "--working-days", "1", "--schedule", str(path))
    assert code == 2
    assert err.startswith(f"jointcheck: error: {path}: not valid calendar data")
    assert words in err


def test_schedules_that_do_not_fit_together(tmp_path: Path) -> None:
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text(SCHEDULE_2027, encoding="utf-8")
    second.write_text(SCHEDULE_2027.replace("2027", "2029"), encoding="utf-8")
    argv = ["deadline", "2026-12-31", "--working-days", "1"]
    code, _, err = run(*argv, "--schedule", str(first), "--schedule", str(second))
    assert code == 2
    assert "the schedules given with --schedule do not fit together" in err
    assert "no data for [2028]" in err
    code, _, err = run(*argv, "--schedule", str(first), "--schedule", str(first))
    assert code == 2
    assert "more than one schedule for year(s) [2027]" in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["2023-13-01", "--working-days", "2"], "date '2023-13-01' is not a date"),
        (["2023-04-07", "--working-days", "0"], "argument --working-days: 0 must be at least 1"),
        (["2023-04-07"], "one of the arguments --working-days --calendar-days --rule is required"),
        (["2023-04-07", "--rule", '{"kind": "weeks"}'], "invalid DeadlineRule"),
        (["2023-04-07", "--working-days", "2", "--by", "soon"], "--by 'soon' is not a date"),
        (["2023-04-07", "--working-days", "2", "--schedule", "nope.toml"], "does not exist"),
        (["9999-12-31", "--calendar-days", "1"], "year 9999 has no working-day data"),
        (["2023-04-07", "--calendar-days", "99999999"], "falls beyond the year 9999"),
    ],
)
def test_bad_input(argv: list[str], words: str) -> None:
    code, out, err = run("deadline", *argv)
    assert (code, out) == (2, "")
    assert err.count("jointcheck: error: ") == 1
    assert words in err
