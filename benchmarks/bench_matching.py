"""Benchmark the matcher against networkx max-flow on the same instance, and its growth.

The instance: subjects spread over jurisdictions; two departments (市场监管 with 40 所 of 25
inspectors, 卫健 with 20 监督所 of 50), each sending 2 certified members per subject from
the covering unit (所内随机, SAME_UNIT); 5% of subjects have 1–3 recusals in that unit,
5% of inspectors have a workload cap of 0–3, 2% are unavailable and 2% hold an expired 执法证.

The baseline gets the eligible pairs for free (computed by us) and only builds and solves
the max-flow network with networkx; ours is the whole ``solve`` (eligibility, SHA-256 tickets
of every candidate pair, greedy, Dinic repair, loads, the audit record).

Run: ``python benchmarks/bench_matching.py`` (``--quick`` for small sizes).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _harness import Figure, best_of, main, peak_memory

from jointcheck.matching import (
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


def run(quick: bool) -> list[Figure]:
    """The figures: 10k subjects against networkx, and growth to 100k (time, peak memory)."""
    small, big, inspectors = (1_000, 3_000, 1_000) if quick else (10_000, 100_000, 2_000)
    figures = []
    problem = instance(small, inspectors)
    ours, assignment = best_of(lambda: match(problem), repeat=3)
    need = sum(r.min_members for r in problem.requirements) * len(problem.subjects)
    start = time.perf_counter()
    flow = networkx_baseline(problem)
    baseline = time.perf_counter() - start
    assert flow == need == sum(x.subjects for x in assignment.loads)
    limit = 2.0
    figures.append(
        Figure(
            name=f"match {small:,} subjects x 2 depts x 2 members, {inspectors:,} inspectors",
            ours_s=ours,
            baseline="networkx max-flow (eligible pairs given)",
            baseline_s=baseline,
            target=f"<= {limit} s and faster than networkx",
            met=ours <= limit and baseline > ours,
        )
    )
    big_problem = instance(big, inspectors)
    big_s, _ = best_of(lambda: match(big_problem), repeat=1)
    peak, _ = peak_memory(lambda: match(big_problem))
    linear = ours * big / small
    figures.append(
        Figure(
            name=f"match {big:,} subjects x 2 depts x 2 members, {inspectors:,} inspectors",
            ours_s=big_s,
            baseline=f"{big // small} x the {small:,}-subject run (linear growth)",
            baseline_s=linear,
            target="at most 1.5 x linear growth",
            met=big_s <= 1.5 * linear,
            note=f"peak traced memory {peak / 2**20:,.0f} MiB",
        )
    )
    return figures


if __name__ == "__main__":
    main(run, __doc__)
