"""``jointcheck year``: the plan and the year's event files → what is due, late or overdue."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from jointcheck.cli import main
from jointcheck.records import CorrectionOrder, FollowUpBook

D = dt.date


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path, annual, population, drawer) -> dict[str, object]:  # type: ignore[no-untyped-def]
    draw = drawer(annual, "t-joint", population)
    (tmp_path / "plan.json").write_text(annual.model_dump_json(), encoding="utf-8")
    (tmp_path / "joint-draw.json").write_text(draw.model_dump_json(), encoding="utf-8")
    (tmp_path / "draws.csv").write_text(
        "task_id,on,draw\nt-joint,2023-09-27,joint-draw.json\n", encoding="utf-8"
    )
    codes = draw.selected
    claims = ["task_id,subject_code,department_id,on"]
    claims += [f"t-joint,{c},nhc,2023-09-28" for c in codes[:-1]]  # the last is never claimed
    (tmp_path / "claims.csv").write_text("\n".join(claims) + "\n", encoding="utf-8")
    confirmations = ["task_id,subject_code,department_id,on,confirmed,reason,note"]
    confirmations += [f"t-joint,{c},samr,2023-09-28,yes,," for c in codes]
    confirmations.append(f"t-joint,{codes[0]},nhc,2023-10-07,no,OUTSIDE_REMIT,经比对不属于公共场所")
    (tmp_path / "confirmations.csv").write_text("\n".join(confirmations) + "\n", encoding="utf-8")
    book = FollowUpBook().add(
        CorrectionOrder(
            task_id="t-joint",
            subject_code=codes[1],
            department_id="nhc",
            ordered_on=D(2023, 10, 9),
            due=D(2023, 10, 20),
        )
    )
    (tmp_path / "follow-ups.json").write_text(book.model_dump_json(), encoding="utf-8")
    return {"dir": tmp_path, "codes": codes}


def args(files: dict[str, object], *extra: str) -> list[str]:
    d = files["dir"]
    return [
        "year",
        str(d / "plan.json"),  # type: ignore[operator]
        "--draws",
        str(d / "draws.csv"),  # type: ignore[operator]
        "--claims",
        str(d / "claims.csv"),  # type: ignore[operator]
        "--confirmations",
        str(d / "confirmations.csv"),  # type: ignore[operator]
        "--follow-ups",
        str(d / "follow-ups.json"),  # type: ignore[operator]
        *extra,
    ]


def test_nothing_overdue_yet_exits_0(files) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(*args(files, "--as-of", "2023-10-07"))
    assert (code, err) == (0, "")
    assert "steps: pending" in out
    assert "REPLACED t-joint" in out
    assert "经比对不属于公共场所" in out
    codes = files["codes"]
    assert f"PENDING  t-joint  {codes[-1]}  claim by nhc  due 2023-10-07" in out  # Sat 10-07 (调休)


def test_overdue_exits_1_and_names_each_step(files) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(*args(files, "--as-of", "2023-10-30"))
    assert code == 1
    codes = files["codes"]
    assert f"OVERDUE  t-joint  {codes[-1]}  claim by nhc  due 2023-10-07" in out
    assert "OVERDUE  order_correction  t-joint" in out  # due 10-20, re-check by 10-27
    assert "follow-ups: 1 tracked, 1 open, 1 overdue" in out


def test_bad_rows_are_named_by_file_and_line(files) -> None:  # type: ignore[no-untyped-def]
    d: Path = files["dir"]  # type: ignore[assignment]
    claims = (d / "claims.csv").read_text(encoding="utf-8").splitlines()
    claims.insert(2, "t-joint,91140525000000999X,nhc,2023-09-28")
    (d / "claims.csv").write_text("\n".join(claims) + "\n", encoding="utf-8")
    code, _, err = run(*args(files, "--as-of", "2023-10-07"))
    assert code == 2
    assert f"{d / 'claims.csv'}:3: " in err
    assert "not drawn" in err
    claims[2] = "t-joint,91140525000000999X,nhc,2023-13-01"
    (d / "claims.csv").write_text("\n".join(claims) + "\n", encoding="utf-8")
    code, _, err = run(*args(files, "--as-of", "2023-10-07"))
    assert code == 2
    assert "claims.csv:3: on '2023-13-01' is not a date" in err
    (d / "bad.csv").write_text("task_id,on\nt,2023-01-01\n", encoding="utf-8")
    code, _, err = run(
        "year", str(d / "plan.json"), "--as-of", "2023-10-07", "--draws", str(d / "bad.csv")
    )
    assert code == 2
    assert "bad.csv:1: the header" in err
    assert "missing ['draw']" in err
    (d / "conf.csv").write_text(
        "task_id,subject_code,department_id,on,confirmed\nt,c,d,2023-01-01,maybe\n",
        encoding="utf-8",
    )
    code, _, err = run(
        "year",
        str(d / "plan.json"),
        "--as-of",
        "2023-10-07",
        "--confirmations",
        str(d / "conf.csv"),
    )
    assert code == 2
    assert "conf.csv:2: confirmed 'maybe' is not yes or no" in err
    code, _, err = run("year", str(d / "missing.json"), "--as-of", "2023-10-07")
    assert code == 2
    assert "does not exist" in err


def test_a_refusal_names_the_registry_status_it_rests_on(files) -> None:  # type: ignore[no-untyped-def]
    d: Path = files["dir"]  # type: ignore[assignment]
    codes = files["codes"]
    rows = [
        "task_id,subject_code,department_id,on,confirmed,reason,note,status",
        f"t-joint,{codes[0]},samr,2023-09-28,no,DEREGISTERED,,注销",
    ]
    (d / "confirmations.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run(*args(files, "--as-of", "2023-09-28"))
    assert (code, err) == (0, "")
    assert f"REPLACED t-joint  {codes[0]} -> " in out
    rows[1] = rows[1].replace("注销", "gone")
    (d / "confirmations.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = run(*args(files, "--as-of", "2023-09-28"))
    assert code == 2
    assert "confirmations.csv:2: status 'gone' is not one of" in err


def test_help_documents_every_file_format() -> None:
    code, out, _ = run("year", "--help")
    assert code == 0
    for text in (
        "task_id,on,draw",
        "task_id,subject_code,unit_id,on",
        "task_id,subject_code,department_id,on",
        "FollowUpBook",
        "exit codes: 0",
    ):
        assert text in out


def test_the_examples_files_read_back_to_the_same_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The year's example writes its events as the command reads them; the command's report
    as of a day is the record's."""
    import runpy

    from jointcheck.records import StepState

    example = Path(__file__).resolve().parents[2] / "examples" / "county_year_2023.py"
    out = runpy.run_path(str(example))["main"](tmp_path)
    capsys.readouterr()
    steps = out["record"].steps(as_of=D(2023, 11, 24))
    argv = ["year", str(tmp_path / "plan.json"), "--as-of", "2023-11-24"]
    for kind in ("draws", "dispatches", "claims", "confirmations"):
        argv += [f"--{kind}", str(tmp_path / f"{kind}.csv")]
    code, printed, err = run(*argv, "--follow-ups", str(tmp_path / "follow-ups.json"))
    assert (code, err) == (1, "")
    counts = ", ".join(f"{s.value.lower()} {steps.count(s)}" for s in StepState)
    assert f"steps: {counts}\n" in printed
    assert printed.count("REPLACED zz-j1") == 1
