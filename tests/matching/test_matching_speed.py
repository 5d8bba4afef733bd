"""The faster matcher makes exactly what the first implementation made: the canonical repair
path for path (against the reference copy in ``reference_repair.py``) and the audit record
byte for byte (against the first way of building it, kept below)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointcheck.errors import InfeasibleError
from jointcheck.matching import Assignment, MatchProblem, Role
from jointcheck.matching import _flow as flow
from jointcheck.matching._assignment import DepartmentTeam, InspectorLoad, Team
from jointcheck.matching._flow import FlowOutcome, staff
from jointcheck.matching._matcher import (
    Staffing,
    _Pairs,
    _row_order,
    _without,
    assignment_of,
    solve,
)
from jointcheck.matching._team_table import department_parts
from jointcheck.strategies._matching import matching_instances


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, Path(__file__).parent / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


REFERENCE = _load("reference_repair")


def _reference_repair(**arguments: Any) -> None:
    arguments.pop("component_left")
    arguments.pop("component_right")
    REFERENCE.repair(**arguments)


@st.composite
def flow_instances(draw: st.DrawFn) -> dict[str, Any]:
    """Staffing calls whose caps, uncertified limits and candidate lists bind often."""
    n_left = draw(st.integers(1, 8))
    n_right = draw(st.integers(1, 12))
    pair_left: list[int] = []
    pair_right: list[int] = []
    for r in range(n_right):
        candidates = draw(st.permutations(range(n_left)))[: draw(st.integers(0, n_left))]
        pair_left.extend(candidates)
        pair_right.extend([r] * len(candidates))
    demand = np.array(draw(st.lists(st.integers(1, 3), min_size=n_right, max_size=n_right)))
    return {
        "n_left": n_left,
        "n_right": n_right,
        "pair_left": np.array(pair_left, dtype=np.int64),
        "pair_right": np.array(pair_right, dtype=np.int64),
        "pair_certified": np.array(
            draw(st.lists(st.booleans(), min_size=len(pair_left), max_size=len(pair_left))),
            dtype=bool,
        ),
        "left_cap": np.array(
            draw(st.lists(st.integers(0, 5), min_size=n_left, max_size=n_left)), dtype=np.int64
        ),
        "demand": demand.astype(np.int64),
        "max_uncertified": np.array(
            [draw(st.integers(0, int(d))) for d in demand.tolist()], dtype=np.int64
        ),
        "right_order": np.array(draw(st.permutations(range(n_right))), dtype=np.int64),
    }


def _same(ours: FlowOutcome, reference: FlowOutcome) -> None:
    for field in FlowOutcome.__dataclass_fields__:
        assert np.array_equal(getattr(ours, field), getattr(reference, field)), field


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flow_instances())
def test_the_repair_moves_the_same_members_as_the_reference(arguments: dict[str, Any]) -> None:
    ours = staff(**arguments, version="2")
    with mock.patch.object(flow, "repair", _reference_repair):
        reference = staff(**arguments, version="2")
    _same(ours, reference)


def test_the_repair_matches_the_reference_on_large_tight_pools() -> None:
    # 3,000 demand nodes over 6 pools of 12 inspectors; caps bind in every pool.
    rng = np.random.default_rng(14)
    n_left, n_right, pools = 72, 3_000, 6
    pair_left: list[int] = []
    pair_right: list[int] = []
    for r in range(n_right):
        pool = r % pools
        members = rng.permutation(np.arange(pool * 12, pool * 12 + 12))[: rng.integers(1, 13)]
        pair_left.extend(members.tolist())
        pair_right.extend([r] * len(members))
    arguments: dict[str, Any] = {
        "n_left": n_left,
        "n_right": n_right,
        "pair_left": np.array(pair_left, dtype=np.int64),
        "pair_right": np.array(pair_right, dtype=np.int64),
        "pair_certified": rng.random(len(pair_left)) < 0.8,
        "left_cap": rng.integers(60, 110, n_left).astype(np.int64),
        "demand": np.full(n_right, 2, dtype=np.int64),
        "max_uncertified": rng.integers(0, 3, n_right).astype(np.int64),
        "right_order": rng.permutation(n_right).astype(np.int64),
    }
    ours = staff(**arguments, version="2")
    with mock.patch.object(flow, "repair", _reference_repair):
        reference = staff(**arguments, version="2")
    _same(ours, reference)
    assert int(ours.got.sum()) > 0


# ---------------------------------------------------------------------- the audit record


def _reference_teams(
    staffing: Staffing, role: Role, department_id: str
) -> tuple[list[tuple[str, ...]], list[int]]:
    result = staffing.results[department_id]
    pool = result.member_pool if role is Role.MEMBER else result.specialist_pool
    m = len(staffing.problem.subjects)
    call = next((c for c in result.calls if c.role is role), None)
    if call is None:
        return [()] * m, [0] * len(pool.ids)
    n = max(len(pool.ids), 1)
    chosen = call.chosen
    key = np.unique(call.node_subject[call.pair_node[chosen]] * n + call.pair_inspector[chosen])
    names = [pool.ids[i] for i in (key % n).tolist()]
    bounds = np.searchsorted(key // n, np.arange(m + 1)).tolist()
    teams = [tuple(names[bounds[s] : bounds[s + 1]]) for s in range(m)]
    return teams, np.bincount(key % n, minlength=len(pool.ids)).tolist()


def _reference_assignment(staffing: Staffing) -> Assignment:
    """The record as the first implementation built it, here through validation."""
    problem = staffing.problem
    loads = []
    columns = []
    for department_id, result in staffing.results.items():
        teams_of = {}
        for role, pool in (
            (Role.MEMBER, result.member_pool),
            (Role.SPECIALIST, result.specialist_pool),
        ):
            teams_of[role], counts = _reference_teams(staffing, role, department_id)
            loads.extend(
                InspectorLoad(inspector_id=i, department_id=department_id, subjects=n)
                for i, n in zip(pool.ids, counts, strict=True)
            )
        columns.append(
            [
                DepartmentTeam(department_id=department_id, units=u, members=a, specialists=b)
                for u, a, b in zip(
                    [result.unit_keys[g] for g in result.group.tolist()],
                    teams_of[Role.MEMBER],
                    teams_of[Role.SPECIALIST],
                    strict=True,
                )
            ]
        )
    teams = tuple(
        Team(subject_code=s.code, jurisdiction=s.jurisdiction, departments=d)
        for s, d in zip(problem.subjects, zip(*columns, strict=True), strict=True)
    )
    return Assignment(
        version=staffing.version,
        seed=problem.seed,
        inputs_digest=problem.digest(),
        inspection=problem.inspection,
        requirements=problem.requirements,
        teams=teams,
        loads=tuple(sorted(loads, key=lambda x: x.inspector_id)),
        exclusions=assignment_of(staffing).exclusions,
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matching_instances(max_subjects=8, max_inspectors=10, qualifications=True))
def test_the_record_is_the_one_validated_records_make(problem: MatchProblem) -> None:
    try:
        staffing = solve(problem, version="2")
    except InfeasibleError:
        return
    ours = assignment_of(staffing)
    reference = _reference_assignment(staffing)
    assert ours == reference
    assert ours.model_dump_json() == reference.model_dump_json()
    assert Assignment.model_validate_json(ours.model_dump_json()) == ours


def test_identical_department_parts_are_one_shared_record() -> None:
    members = [("A1", "A2"), ("A1", "A2"), ("A1", "A3"), ("A1", "A2")]
    units = [("U1",), ("U1",), ("U1",), ("U2",)]
    parts, index = department_parts("SAMR", units, members, [(), (), (), ()])
    assert index.tolist() == [0, 0, 1, 2]  # another unit makes another part
    assert len(parts) == 3
    assert parts[2] == DepartmentTeam(department_id="SAMR", units=("U2",), members=("A1", "A2"))
    # a specialist makes another part, even with the same members
    with_specialist, index = department_parts("SAMR", units[:2], members[:2], [(), ("B1",)])
    assert index.tolist() == [0, 1]
    assert with_specialist[1].specialists == ("B1",)


@given(
    st.integers(0, 6).flatmap(
        lambda columns: st.lists(
            st.lists(
                st.sampled_from([0, 1, 2**63, 2**64 - 1, 7 << 40, (7 << 40) + 1])
                | st.integers(0, 2**64 - 1),
                min_size=columns,
                max_size=columns,
            ),
            max_size=5,
        )
    )
)
def test_row_order_is_the_stable_argsort_of_each_row(rows: list[list[int]]) -> None:
    # Equal tickets, and tickets equal above the low bits, come up often here.
    tickets = np.array(rows, dtype=np.uint64).reshape(len(rows), -1 if rows else 0)
    expected = np.argsort(tickets, axis=1, kind="stable")
    assert np.array_equal(_row_order(tickets), expected)


@settings(max_examples=300, deadline=None)
@given(flow_instances())
def test_pools_are_the_connected_components_of_the_candidate_graph(
    arguments: dict[str, Any],
) -> None:
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import connected_components

    n_left, n_right = arguments["n_left"], arguments["n_right"]
    pair_left, pair_right = arguments["pair_left"], arguments["pair_right"]
    right_ptr = np.zeros(n_right + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_right, minlength=n_right), out=right_ptr[1:])
    count, labels = flow._components(n_left, n_right, pair_left, pair_right, right_ptr)
    n = n_left + n_right
    _, expected = connected_components(
        csr_array((np.ones(len(pair_left)), (pair_left, n_left + pair_right)), shape=(n, n)),
        directed=False,
    )
    # the same partition, numbered by each component's lowest node
    first_seen: dict[int, int] = {}
    renumbered = [first_seen.setdefault(int(x), len(first_seen)) for x in expected]
    assert labels.tolist() == renumbered
    assert count == len(first_seen)


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), unique=True),
    st.sets(st.tuples(st.integers(0, 6), st.integers(0, 3))),
)
def test_exclusions_found_row_by_row_are_the_ones_found_pair_by_pair(
    pairs: list[tuple[int, int]], excluded: set[tuple[int, int]]
) -> None:
    pairs.sort(key=lambda pair: pair[0])  # by subject, candidates in any order
    subject = np.array([s for s, _ in pairs], dtype=np.int64)
    inspector = np.array([i for _, i in pairs], dtype=np.int64)
    every = _Pairs(subject, inspector, np.zeros(7, dtype=np.int64), [], [])
    fast = _without(every, excluded, 4, by_subject=True)
    plain = _without(every, excluded, 4)
    assert fast.subject.tolist() == plain.subject.tolist()
    assert fast.inspector.tolist() == plain.inspector.tolist()
    assert {
        (s, i) for s, i in zip(fast.subject.tolist(), fast.inspector.tolist(), strict=True)
    } == (set(pairs) - excluded)
