"""Algorithm version 2: the specification's test vectors, the staffing table, and the
standard-library verifier recomputing the same teams as the library."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointcheck.errors import InfeasibleError
from jointcheck.matching import (
    STAFFING_COLUMNS,
    ConflictRules,
    MatchProblem,
    Recusal,
    RecusalReason,
    match,
    pair_ticket,
    staffing_table,
    verify_assignment,
)
from jointcheck.matching._matcher import assignment_of, solve
from jointcheck.matching._tickets import fmix64, inspector_tickets, subject_tickets
from jointcheck.model import Certificate, Inspector, TeamRequirement
from jointcheck.strategies._matching import matching_instances

ROOT = Path(__file__).resolve().parents[2]
CERT = Certificate(number="1", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 1, 1))


def _load_script(name: str, folder: Path = ROOT / "examples" / "public") -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


TEAMS = _load_script("verify_teams")
ORACLE = _load_script("test_matching_oracle", Path(__file__).parent)


def _rows(problem: MatchProblem) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(staffing_table(problem).to_csv())))


def _worked() -> MatchProblem:
    pool = [
        Inspector(id=f"W{n}", name=f"卫{n}", department_id="NHC", certificate=CERT)
        for n in range(3)
    ]
    return MatchProblem.build(
        ["S1", "S2", "S3"],
        pool,
        requirements=[TeamRequirement(department_id="NHC")],
        on=dt.date(2025, 6, 2),
        seed=2025,
    )


# ---------------------------------------------------------------- test vectors (the spec's)


def test_ticket_vectors_of_the_specification() -> None:
    assert TEAMS.ticket("jointcheck-match-v2", "2025", "S1") == int(
        subject_tickets("2025", ["S1"])[0]
    )
    assert int(subject_tickets("2025", ["S1"])[0]) == 0xF29FA5D6280242D7
    assert int(inspector_tickets("2025", ["W0"])[0]) == 0xBFDF0845B42119DC
    assert pair_ticket("2025", "S1", "W0") == 0x259748C68816FE06
    assert pair_ticket("2025", "91350200776049653A", "NHC-01") == 4808845727477776659
    assert TEAMS.fmix64(0) == 0
    assert TEAMS.fmix64(1) == 0xB456BCFC34C2CB2C


@given(st.integers(0, (1 << 64) - 1))
def test_fmix64_in_numpy_is_the_plain_integer_formula(x: int) -> None:
    assert int(fmix64(np.array([x], dtype=np.uint64))[0]) == TEAMS.fmix64(x)


def test_the_worked_staffing_of_the_specification() -> None:
    expected = (ROOT / "docs" / "matching-staffing-example.csv").read_text("utf-8")
    assert staffing_table(_worked()).to_csv() == expected
    teams = [t.department("NHC").members for t in match(_worked()).teams]
    assert teams == [("W1", "W2"), ("W0", "W1"), ("W0", "W2")]


def test_the_table_has_the_published_columns_and_one_row_per_candidate_arc() -> None:
    table = staffing_table(_worked())
    assert table.columns == STAFFING_COLUMNS == tuple(_rows(_worked())[0])
    assert len(table) == 9
    assert sum(row.chosen for row in table.rows) == 6


def test_an_infeasible_problem_has_no_table() -> None:
    problem = _worked().model_copy(
        update={"requirements": (TeamRequirement(department_id="NHC", min_members=4),)}
    )
    with pytest.raises(InfeasibleError):
        staffing_table(problem)


# ---------------------------------------------------------------- the verifier agrees


@st.composite
def tight_instances(draw: st.DrawFn) -> MatchProblem:
    """One department whose caps, recusals, certificates and specialists bind often, so
    that the repair and the covering step run."""
    m = draw(st.integers(1, 10))
    k = draw(st.integers(1, 3))
    certified = draw(st.none() | st.integers(0, k))
    qualifications = tuple(draw(st.lists(st.sampled_from(["食品", "药品"]), unique=True)))
    people = []
    for j in range(draw(st.integers(2, 12))):
        specialist = draw(st.integers(0, 3)) == 0
        people.append(
            Inspector(
                id=f"A{j}",
                name=f"员{j}",
                department_id="SAMR",
                certificate=CERT if draw(st.integers(0, 4)) else None,
                qualifications=tuple(
                    draw(st.lists(st.sampled_from(["食品", "药品"]), unique=True, max_size=2))
                ),
                specialist=specialist,
            )
        )
    codes = [f"S{s}" for s in range(m)]
    caps = {p.id: draw(st.integers(0, 3)) for p in people if draw(st.booleans())}
    recusals = tuple(
        Recusal(inspector_id=p.id, subject_code=code, reason=RecusalReason.OTHER)
        for p in people
        for code in codes
        if draw(st.integers(0, 7)) == 0
    )
    return MatchProblem.build(
        codes,
        people,
        requirements=[
            TeamRequirement(
                department_id="SAMR",
                min_members=k,
                certified_members=certified,
                qualifications=qualifications,
            )
        ],
        caps=caps,
        conflicts=ConflictRules(recusals=recusals),
        on=dt.date(2025, 6, 2),
        seed=draw(st.integers(0, 10**6)),
    )


INSTANCES = tight_instances() | matching_instances(
    max_subjects=6, max_inspectors=8, qualifications=True
)


def _feasible(problem: MatchProblem, run: Callable[[MatchProblem], Any]) -> Any:
    try:
        return run(problem)
    except InfeasibleError:
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(INSTANCES)
def test_the_stdlib_verifier_recomputes_every_team_and_column(problem: MatchProblem) -> None:
    assignment = _feasible(problem, match)
    if assignment is None:
        return
    rows = _rows(problem)
    record = assignment.model_dump(mode="json")
    assert TEAMS.check_teams(problem.seed, rows, record) == []
    # A changed stage, a dropped member or another seed is caught.
    if rows:
        forged = [dict(r) for r in rows]
        forged[0]["chosen"] = "1" if forged[0]["chosen"] == "0" else "0"
        assert TEAMS.check_teams(problem.seed, forged, record)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(INSTANCES)
def test_version_2_is_deterministic_and_keeps_every_rule(problem: MatchProblem) -> None:
    assignment = _feasible(problem, match)
    if assignment is None:
        return
    assert assignment.version == "2"
    assert match(problem) == assignment
    # team rule, certificates, recusal, rotation, scope, caps and the recomputation
    assert verify_assignment(assignment, problem, allow_unbound_seed=True) == ()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(INSTANCES)
def test_versions_1_and_2_agree_on_feasibility_and_verify_by_their_own_code(
    problem: MatchProblem,
) -> None:
    # Both are complete for the members; specialists are covered greedily, so which
    # members were drawn may decide whether a qualification is still missing.
    members = problem.model_copy(
        update={
            "requirements": tuple(
                r.model_copy(update={"qualifications": ()}) for r in problem.requirements
            ),
            "check_items": (),
        }
    )
    v1 = _feasible(members, lambda p: assignment_of(solve(p, version="1")))
    assert (v1 is None) == (_feasible(members, match) is None)
    v1 = _feasible(problem, lambda p: assignment_of(solve(p, version="1")))
    if v1 is not None:
        assert v1.version == "1"
        assert verify_assignment(v1, problem, allow_unbound_seed=True) == ()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tight_instances())
def test_the_repair_finds_a_staffing_whenever_the_oracle_does(problem: MatchProblem) -> None:
    problem = problem.model_copy(
        update={
            "requirements": (problem.requirements[0].model_copy(update={"qualifications": ()}),)
        }
    )
    if problem.requirements[0].min_members > 2 and len(problem.inspectors) > 8:
        return  # the exhaustive oracle would take too long
    expected = ORACLE.oracle_feasible(problem, "SAMR")
    assignment = _feasible(problem, match)
    assert (assignment is not None) == expected
    if assignment is not None:
        assert verify_assignment(assignment, problem, allow_unbound_seed=True) == ()


@pytest.mark.slow
def test_verify_round_recomputes_the_teams_of_a_real_bundle(tmp_path: Path) -> None:
    import subprocess

    from jointcheck.publication import build_bundle

    made = _load_script("_round", ROOT / "tests" / "publication").make_round(
        size=400, label="teams"
    )
    folder = tmp_path / "round"
    folder.mkdir()
    for name, data in build_bundle(made.public()).items():
        (folder / name).write_bytes(data)
    table = staffing_table(made.problem).to_csv()
    (folder / "staffing.csv").write_text(table, "utf-8")
    script = ROOT / "examples" / "public" / "verify_round.py"

    def run() -> str:
        result = subprocess.run(
            [sys.executable, str(script), str(folder)], capture_output=True, text=True, check=False
        )
        return result.stdout + result.stderr

    assert run().startswith("OK"), run()
    lines = table.splitlines()
    taken = next(k for k, line in enumerate(lines) if line.endswith(",1"))
    lines[taken] = lines[taken][:-1] + "0"
    (folder / "staffing.csv").write_text("\n".join(lines) + "\n", "utf-8")
    assert "does not recompute" in run()


@settings(max_examples=200, deadline=None)
@given(
    n_left=st.integers(0, 12),
    n_right=st.integers(0, 12),
    density=st.integers(0, 4),
    seed=st.integers(0, 10**6),
)
def test_pools_are_the_connected_components_numbered_by_their_lowest_node(
    n_left: int, n_right: int, density: int, seed: int
) -> None:
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import connected_components

    from jointcheck.matching._flow import _components

    rng = np.random.default_rng(seed)
    keep = rng.integers(0, 5, size=(n_right, n_left)) < density
    right, left = np.nonzero(keep)
    ptr = np.zeros(n_right + 1, dtype=np.int64)
    np.cumsum(np.bincount(right, minlength=n_right), out=ptr[1:])
    n = n_left + n_right
    _, expected = connected_components(
        csr_array((np.ones(len(left), dtype=np.int8), (left, n_left + right)), shape=(n, n)),
        directed=False,
    )
    count, labels = _components(n_left, n_right, left.astype(np.int64), right.astype(np.int64), ptr)
    assert count == len(set(expected.tolist()))
    assert labels.tolist() == expected.tolist()  # scipy numbers them by lowest node too


def test_a_version_1_record_keeps_its_teams_and_verifies_by_version_1() -> None:
    from jointcheck.matching import AssignmentViolationCode

    v1 = assignment_of(solve(_worked(), version="1"))
    assert [t.department("NHC").members for t in v1.teams] == [
        ("W0", "W1"),
        ("W0", "W2"),
        ("W1", "W2"),
    ]
    assert verify_assignment(v1, _worked(), allow_unbound_seed=True) == ()
    relabelled = v1.model_copy(update={"version": "2"})  # version 1's teams claimed as 2's
    codes = {v.code for v in verify_assignment(relabelled, _worked(), allow_unbound_seed=True)}
    assert AssignmentViolationCode.NOT_REPRODUCIBLE in codes
    unknown = v1.model_copy(update={"version": "3"})
    codes = {v.code for v in verify_assignment(unknown, _worked(), allow_unbound_seed=True)}
    assert codes == {AssignmentViolationCode.UNKNOWN_ALGORITHM}


def test_the_table_is_stored_by_column_and_names_an_unknown_column() -> None:
    from jointcheck.errors import InvalidInputError

    table = staffing_table(_worked())
    assert table.column("inspector_id") == tuple(row.inspector_id for row in table.rows)
    assert table.column("stage")[2] is None
    with pytest.raises(InvalidInputError, match="column 'team' is not one of department_id"):
        table.column("team")


def test_an_unknown_ticket_version_is_refused() -> None:
    from jointcheck.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="version must be '1' or '2', got '3'"):
        pair_ticket("2025", "S1", "W0", version="3")
