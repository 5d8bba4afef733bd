"""Benchmark the matcher against scipy's max-flow on the same graph, and its growth.

The instance: subjects spread over jurisdictions; two departments (市场监管 with 40 所 of 25
inspectors, 卫健 with 20 监督所 of 50), each sending 2 certified members per subject from
the covering unit (所内随机, SAME_UNIT); 5% of subjects have 1–3 recusals in that unit,
5% of inspectors have a workload cap of 0–3, 2% are unavailable and 2% hold an expired 执法证.

The baseline gets the eligible pairs and the network for free (built untimed) and only
solves the max flow with scipy's Dinic; ours is the whole ``match`` (eligibility, the
version 2 tickets of every candidate pair, pools, levels, the greedy stages, the repair when
caps bind, loads, the audit record). Peak memory (tracemalloc) is reported per candidate
pair; the networkx max-flow (``networkx_baseline``) stays as an independent check of the
flow value in the tests.

Run: ``python benchmarks/bench_matching.py`` (``--quick`` for small sizes).
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _harness import Figure, alternating, main, peak_memory

from jointcheck.matching import (
    Assignment,
    ConflictRules,
    MatchProblem,
    MatchSubject,
    Recusal,
    RecusalReason,
    Role,
    WorkloadCap,
    match,
)
from jointcheck.model import (
    DateWindow,
    Department,
    Inspector,
    PoolScope,
    TeamRequirement,
    Unit,
)
from jointcheck.synthetic import synthetic_inspectors

DAY = dt.date(2025, 6, 2)
LAYOUT = {"SAMR": 40, "NHC": 20}  # units per department


def instance(n_subjects: int, n_inspectors: int, *, seed: int = 1) -> MatchProblem:
    """A reproducible benchmark instance (half the inspectors in each department)."""
    rng = random.Random(seed)
    n_jur = max(LAYOUT.values())
    jurisdictions = [f"J{j:02d}" for j in range(n_jur)]
    departments = tuple(
        Department(
            id=d,
            name=d,
            units=tuple(
                Unit(
                    id=f"{d}-U{u:02d}",
                    name=f"{d}第{u}所",
                    jurisdictions=tuple(j for k, j in enumerate(jurisdictions) if k % units == u),
                )
                for u in range(units)
            ),
        )
        for d, units in LAYOUT.items()
    )
    per_unit = {
        unit.id: n_inspectors // 2 // len(department.units)
        + (u < n_inspectors // 2 % len(department.units))
        for department in departments
        for u, unit in enumerate(department.units)
    }
    inspectors = synthetic_inspectors(  # 2% expired, 2% unavailable, no specialists
        departments, per_unit=per_unit, on=DAY, seed=seed, specialists=0
    )
    subjects = tuple(
        MatchSubject(code=f"91{n:016d}", jurisdiction=rng.choice(jurisdictions))
        for n in range(n_subjects)
    )
    by_unit: dict[str, list[str]] = {}
    for person in inspectors:
        by_unit.setdefault(person.unit_id or "", []).append(person.id)
    recusals = []
    for subject in subjects:
        if rng.random() < 0.05:
            unit = f"SAMR-U{int(subject.jurisdiction[1:]) % LAYOUT['SAMR']:02d}"
            members = by_unit[unit]
            for inspector_id in rng.sample(members, min(len(members), rng.randint(1, 3))):
                recusals.append(
                    Recusal(
                        inspector_id=inspector_id,
                        subject_code=subject.code,
                        reason=rng.choice(list(RecusalReason)),
                    )
                )
    caps = tuple(
        WorkloadCap(inspector_id=p.id, max_subjects=rng.randint(0, 3))
        for p in inspectors
        if rng.random() < 0.05
    )
    return MatchProblem(
        subjects=subjects,
        inspectors=inspectors,
        requirements=tuple(
            TeamRequirement(department_id=d, scope=PoolScope.SAME_UNIT) for d in LAYOUT
        ),
        departments=departments,
        conflicts=ConflictRules(recusals=tuple(recusals)),
        caps=caps,
        inspection=DateWindow(start=DAY, end=DAY + dt.timedelta(days=27)),
        seed=2025,
    )


def networkx_baseline(problem: MatchProblem) -> int:
    """Max-flow value with networkx over the eligible pairs (given for free)."""
    import networkx as nx

    total = 0
    for requirement in problem.requirements:
        dept = requirement.department_id
        pool = [i for i in problem.inspectors if i.department_id == dept and not i.specialist]
        pairs = _eligible_pairs(problem, dept, pool)
        graph = nx.DiGraph()
        for person in pool:
            cap = problem.cap(person)
            graph.add_edge(
                "source", ("i", person.id), capacity=len(problem.subjects) if cap is None else cap
            )
        for code, inspector_id in pairs:
            graph.add_edge(("i", inspector_id), ("s", code), capacity=1)
        for subject in problem.subjects:
            graph.add_edge(("s", subject.code), "sink", capacity=requirement.min_members)
        total += int(nx.maximum_flow_value(graph, "source", "sink"))
    return total


def _eligible_pairs(
    problem: MatchProblem, dept: str, pool: list[Inspector]
) -> list[tuple[str, str]]:
    ok = [p for p in pool if not problem.inspector_reasons(p, role=Role.MEMBER)]
    by_unit: dict[str | None, list[Inspector]] = {}
    for person in ok:
        by_unit.setdefault(person.unit_id, []).append(person)
    pairs = []
    for subject in problem.subjects:
        for unit in problem.covering_units(subject, dept):
            for person in by_unit.get(unit, ()):
                if not problem.pair_reasons(person, subject):
                    pairs.append((subject.code, person.id))
    return pairs


def scipy_graph(problem: MatchProblem) -> list[tuple[object, int, int]]:
    """One max-flow network per department over the eligible pairs (built here, not timed):
    source -> inspector (its cap), inspector -> subject (1), subject -> sink (team size)."""
    import numpy as np
    from scipy.sparse import csr_array

    graphs = []
    index = {s.code: k for k, s in enumerate(problem.subjects)}
    for requirement in problem.requirements:
        dept = requirement.department_id
        pool = [i for i in problem.inspectors if i.department_id == dept and not i.specialist]
        position = {p.id: k for k, p in enumerate(pool)}
        pairs = _eligible_pairs(problem, dept, pool)
        n_left, n_right = len(pool), len(problem.subjects)
        source, sink = 0, 1 + n_left + n_right
        caps = [problem.cap(p) for p in pool]
        rows = [source] * n_left + [1 + position[i] for _, i in pairs]
        rows += [1 + n_left + k for k in range(n_right)]
        cols = [1 + k for k in range(n_left)] + [1 + n_left + index[c] for c, _ in pairs]
        cols += [sink] * n_right
        data = [n_right if c is None else c for c in caps] + [1] * len(pairs)
        data += [requirement.min_members] * n_right
        graph = csr_array(
            (np.array(data, dtype=np.int32), (np.array(rows), np.array(cols))),
            shape=(sink + 1, sink + 1),
        )
        graphs.append((graph, source, sink))
    return graphs


def run(quick: bool) -> list[Figure]:
    """The figures: 10k subjects against scipy's max-flow on the same graph, growth to 100k
    (time, peak memory per candidate pair)."""
    from scipy.sparse.csgraph import maximum_flow

    small, big, inspectors = (1_000, 3_000, 1_000) if quick else (10_000, 100_000, 2_000)
    rounds = 3
    problem = instance(small, inspectors)
    graphs = scipy_graph(problem)
    pairs = sum(len(department) for department in _pairs_by_department(problem))

    def scipy_flow() -> int:
        return sum(
            int(maximum_flow(g, source, sink, method="dinic").flow_value)
            for g, source, sink in graphs
        )

    (ours, flow_s), (assignment, flow) = alternating(
        [lambda: match(problem), scipy_flow], rounds=rounds
    )
    need = sum(r.min_members for r in problem.requirements) * len(problem.subjects)
    assert isinstance(assignment, Assignment)
    assert flow == need == sum(x.subjects for x in assignment.loads)
    del assignment  # checked: the larger runs do not carry it
    small_peak, _ = peak_memory(lambda: match(problem))
    big_problem = instance(big, inspectors)
    big_pairs = sum(len(problem_pairs) for problem_pairs in _pairs_by_department(big_problem))
    # The peak run also makes the big problem's own caches, as the runs above made the small
    # one's: both sizes are then timed warm. The growth figure times them alternately (median
    # of each), so that load from other work on a shared machine falls on both sides.
    peak, _ = peak_memory(lambda: match(big_problem))
    (small_s, big_s), _ = alternating(
        [lambda: match(problem), lambda: match(big_problem)], rounds=3
    )
    passes = [full_collections(partial(match, p)) for p in (problem, big_problem)]
    linear = small_s * big / small
    return [
        Figure(
            name=f"match {small:,} subjects x 2 depts x 2 members, {inspectors:,} inspectors",
            ours_s=ours,
            baseline="scipy maximum_flow (Dinic) on the same graph, built for it untimed",
            baseline_s=flow_s,
            target="at most 5× scipy's max-flow (ratio >= 0.2)",
            met=ours <= 5 * flow_s,
            note=f"{pairs:,} candidate pairs; peak traced memory {small_peak / pairs:,.0f} "
            "bytes per candidate pair",
        ),
        Figure(
            name=f"match {big:,} subjects x 2 depts x 2 members, {inspectors:,} inspectors",
            ours_s=big_s,
            baseline=f"{big // small} x the {small:,}-subject run (linear growth; the two "
            "sizes timed alternately)",
            baseline_s=linear,
            target="within 1.2× of linear growth (ratio >= 0.83)",
            met=big_s <= 1.2 * linear,
            note=f"{big_pairs:,} candidate pairs; peak traced memory {peak / 2**20:,.0f} MiB, "
            f"{peak / big_pairs:,.0f} bytes per candidate pair; full passes of the garbage "
            f"collector in one run: {passes[0][0]} at {small:,} ({passes[0][1]:.2f} s), "
            f"{passes[1][0]} at {big:,} ({passes[1][1]:.2f} s); all its passes: "
            f"{passes[0][2]:.2f} s at {small:,}, {passes[1][2]:.2f} s at {big:,}",
        ),
    ]


def full_collections(fn: Callable[[], object]) -> tuple[int, float, float]:
    """How many full (oldest-generation) passes Python's cyclic garbage collector makes
    while ``fn`` runs, starting from a fresh collection as the timed runs do, their wall
    time, and the wall time of all its passes (every generation), in seconds (a callback of
    this benchmark process, removed afterwards; the collector itself is left as it is)."""
    full: list[float] = []
    every: list[float] = []
    started: list[float] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(time.perf_counter())
            return
        spent = time.perf_counter() - started.pop()
        every.append(spent)
        if info["generation"] == 2:
            full.append(spent)

    gc.collect()
    gc.callbacks.append(watch)
    try:
        fn()
    finally:
        gc.callbacks.remove(watch)
    return len(full), sum(full), sum(every)


def _pairs_by_department(problem: MatchProblem) -> list[list[tuple[str, str]]]:
    return [
        _eligible_pairs(
            problem,
            r.department_id,
            [
                i
                for i in problem.inspectors
                if i.department_id == r.department_id and not i.specialist
            ],
        )
        for r in problem.requirements
    ]


if __name__ == "__main__":
    main(run, __doc__)
