"""The recusal and rotation rule has one definition, ``MatchProblem.pair_conflicts``."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings

from jointcheck.errors import InfeasibleError
from jointcheck.matching import MatchProblem, match
from jointcheck.strategies import matching_instances

SRC = Path(__file__).resolve().parents[2] / "src" / "jointcheck"


@settings(max_examples=60, deadline=None)
@given(matching_instances())
def test_the_scalar_and_the_vectorised_paths_read_one_rule(problem: MatchProblem) -> None:
    conflicts = problem.pair_conflicts
    for subject in problem.subjects:
        for inspector in problem.inspectors:
            reasons = problem.pair_reasons(inspector, subject)
            assert bool(reasons) is ((subject.code, inspector.id) in conflicts)
    try:
        assignment = match(problem)
    except InfeasibleError:
        return
    on_teams = {
        (team.subject_code, i)
        for team in assignment.teams
        for part in team.departments
        for i in (*part.members, *part.specialists)
    }
    assert on_teams.isdisjoint(conflicts)
    listed = {(e.subject_code, e.inspector_id) for e in assignment.exclusions if e.subject_code}
    participating = {r.department_id for r in problem.requirements}
    expected = {
        (code, inspector_id)
        for code, inspector_id in conflicts
        if code in {s.code for s in problem.subjects}
        and any(
            i.id == inspector_id and i.department_id in participating for i in problem.inspectors
        )
    }
    assert listed == expected


def test_no_module_reads_the_problems_private_tables() -> None:
    reads = re.compile(r"\bproblem\._[a-z]")
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if reads.search(line)
    ]
    assert offenders == []
