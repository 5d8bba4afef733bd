"""Completeness against a brute-force oracle on small random instances."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings

from jointcheck.errors import InfeasibleError
from jointcheck.matching import MatchProblem, Role, ShortfallKind, match, verify_assignment
from jointcheck.strategies._matching import matching_instances


def oracle_feasible(problem: MatchProblem, department_id: str) -> bool:
    """Whether any staffing of the department meets every rule (exhaustive search)."""
    requirement = problem.requirement(department_id)
    k, c = requirement.min_members, requirement.required_certified
    pool = [i for i in problem.inspectors if i.department_id == department_id and not i.specialist]
    certified = {i.id: problem.certificate_reason(i) is None for i in pool}
    cap = {i.id: problem.cap(i) for i in pool}
    options = []
    for subject in problem.subjects:
        eligible = [i.id for i in pool if not problem.why_ineligible(i, subject, role=Role.MEMBER)]
        teams = [
            team
            for team in itertools.combinations(eligible, k)
            if sum(certified[i] for i in team) >= c
        ]
        if not teams:
            return False
        options.append(teams)
    load: Counter[str] = Counter()

    def search(at: int) -> bool:
        if at == len(options):
            return True
        for team in options[at]:
            if all(cap[i] is None or load[i] < cap[i] for i in team):
                load.update(team)
                if search(at + 1):
                    return True
                load.subtract(team)
        return False

    return search(0)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matching_instances(max_subjects=4, max_inspectors=6))
def test_matcher_finds_an_assignment_exactly_when_one_exists(problem: MatchProblem) -> None:
    expected = {
        r.department_id: oracle_feasible(problem, r.department_id) for r in problem.requirements
    }
    if all(expected.values()):
        assignment = match(problem)
        assert verify_assignment(assignment, problem, allow_unbound_seed=True) == ()
        return
    with pytest.raises(InfeasibleError) as info:
        match(problem)
    shortfalls = info.value.shortfalls
    assert shortfalls
    assert all(s.kind is not ShortfallKind.SPECIALIST for s in shortfalls)
    assert {s.department_id for s in shortfalls} == {d for d, ok in expected.items() if not ok}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matching_instances(department_ids=("NHC",), max_subjects=4, max_inspectors=6))
def test_single_department_instances_agree_with_the_oracle(problem: MatchProblem) -> None:
    # One department gets the whole pool: more feasible and more pooled (Hall) shortages.
    expected = all(oracle_feasible(problem, r.department_id) for r in problem.requirements)
    try:
        match(problem)
    except InfeasibleError:
        assert not expected
    else:
        assert expected
