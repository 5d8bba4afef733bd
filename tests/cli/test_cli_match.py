"""``jointcheck match``: a MatchProblem or its pieces in, the Assignment out; exit 1 if none."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from jointcheck.cli import main
from jointcheck.matching import Assignment, MatchProblem, Shortfall, match, verify_assignment
from jointcheck.model import Certificate, Inspector, TeamRequirement

CODES = ["91350200776049653A", "91350503MA31DKY80A", "91440101MA5CJQ4N59"]
CERT = Certificate(number="1", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 1, 1))
POOL = [
    Inspector(id=f"{d}{n}", name=f"{d}{n}", department_id=d, certificate=CERT)
    for d in ("SAMR", "NHC")
    for n in range(3)
]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    subjects = tmp_path / "codes.txt"
    subjects.write_text("# drawn\n" + "\n".join(CODES) + "\n\n", encoding="utf-8")
    inspectors = tmp_path / "inspectors.json"
    inspectors.write_text("[" + ",".join(i.model_dump_json() for i in POOL) + "]", encoding="utf-8")
    return {"subjects": str(subjects), "inspectors": str(inspectors), "dir": str(tmp_path)}


def pieces(files: dict[str, str], *more: str) -> list[str]:
    argv = (
        f"match --subjects {files['subjects']} --inspectors {files['inspectors']} "
        "--department SAMR --department NHC --on 2023-03-07/2023-04-07 --seed 7"
    )
    return [*argv.split(), *more]


def expected() -> Assignment:
    return match(
        MatchProblem.build(
            CODES,
            POOL,
            requirements=[
                TeamRequirement(department_id="SAMR"),
                TeamRequirement(department_id="NHC"),
            ],
            on=dt.date(2023, 3, 7),
            seed=7,
        )
    )


def test_pieces_give_the_library_assignment(files: dict[str, str]) -> None:
    code, out, err = run(*pieces(files))
    assert (code, err) == (0, "")
    assignment = Assignment.model_validate_json(out)
    assert assignment.teams == expected().teams
    assert [len(t.department("NHC").members) for t in assignment.teams] == [2, 2, 2]


def test_problem_file_round_trip_and_summary(files: dict[str, str]) -> None:
    problem_path = Path(files["dir"]) / "problem.json"
    target = Path(files["dir"]) / "assignment.json"
    code, out, _ = run(*pieces(files, "--problem-output", str(problem_path), "-o", str(target)))
    assert code == 0
    assert out.startswith("3 teams, jointcheck-flow-match v2, seed '7'\n")
    problem = MatchProblem.model_validate_json(problem_path.read_text("utf-8"))
    assignment = Assignment.model_validate_json(target.read_text("utf-8"))
    assert not verify_assignment(assignment, problem, allow_unbound_seed=True)
    code, again, _ = run("match", str(problem_path))
    assert code == 0
    assert Assignment.model_validate_json(again) == assignment


def test_subjects_from_a_draw_or_a_json_list(files: dict[str, str], tmp_path: Path) -> None:
    listed = tmp_path / "subjects.json"
    listed.write_text(
        json.dumps([CODES[0], {"code": CODES[1], "jurisdiction": "152201"}, CODES[2]]),
        encoding="utf-8",
    )
    code, out, _ = run(*pieces({**files, "subjects": str(listed)}))
    assert code == 0
    teams = Assignment.model_validate_json(out).teams
    assert [t.jurisdiction for t in teams] == ["", "152201", ""]
    registry = tmp_path / "registry.csv"
    registry.write_text("code,tier\n" + "".join(f"{c},D\n" for c in CODES), encoding="utf-8")
    draw = tmp_path / "draw.json"
    assert run("draw", str(registry), "--rule", "100%", "--seed", "S", "-o", str(draw))[0] == 0
    code, out, _ = run(*pieces({**files, "subjects": str(draw)}))
    assert code == 0
    assert Assignment.model_validate_json(out).teams == expected().teams


def test_a_csv_given_as_the_codes_file_names_the_line(
    files: dict[str, str], tmp_path: Path
) -> None:
    registry = tmp_path / "registry.csv"
    registry.write_text("code,tier\n" + "".join(f"{c},D\n" for c in CODES), encoding="utf-8")
    code, out, err = run(*pieces({**files, "subjects": str(registry)}))
    assert (code, out) == (2, "")
    assert err.startswith(f"jointcheck: error: {registry}:1: code 'code,tier' is not a credit code")
    assert "one code per line" in err


def test_infeasible_exits_1_with_the_shortfalls(files: dict[str, str]) -> None:
    shortfalls = Path(files["dir"]) / "shortfalls.json"
    argv = pieces(files, "--shortfalls", str(shortfalls))
    argv[argv.index("NHC")] = "NHC:4"
    code, out, err = run(*argv)
    assert (code, out) == (1, "")
    assert err.startswith(
        "jointcheck: infeasible: no assignment meets every constraint: 3 shortfalls\n"
    )
    assert "department NHC: needs 4 members (4 certified), 3 eligible (3 certified)" in err
    assert "fix: add 1 eligible certified inspector(s)" in err
    saved = [Shortfall.model_validate(s) for s in json.loads(shortfalls.read_text("utf-8"))]
    assert [s.subject_codes for s in saved] == [(c,) for c in CODES]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["match"], "without PROBLEM.json, match needs --subjects, --inspectors, --on, --seed"),
        (["match", "p.json", "--seed", "1"], "give either PROBLEM.json or the pieces"),
        (["match", "missing.json"], "match problem 'missing.json' does not exist"),
    ],
)
def test_bad_invocations(argv: list[str], words: str) -> None:
    code, _, err = run(*argv)
    assert code == 2
    assert words in err


def test_bad_pieces(files: dict[str, str], tmp_path: Path) -> None:
    argv = pieces(files)
    argv[argv.index("--on") + 1] = "2023-04-07/2023-03-07"
    assert "ends before it starts" in run(*argv)[2]
    argv = pieces(files)
    argv[argv.index("SAMR")] = "SAMR:x"
    assert "N must be a whole number >= 1" in run(*argv)[2]
    bad = tmp_path / "bad.json"
    bad.write_text('[{"id": "x"}]', encoding="utf-8")
    code, _, err = run(*pieces({**files, "inspectors": str(bad)}))
    assert code == 2
    assert f"{bad}:1: inspector 1: name: Field required" in err
