"""Shared printing steps of the scenario examples: the draw and the match, printed.

The registry, the inspector directory and the visits come from the library's one seeded
simulator (:mod:`jointcheck.synthetic`); this module only prints what the examples do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from jointcheck.forms import (
    InspectionForm,
    draw_reference,
)
from jointcheck.matching import Assignment, ConflictRules, MatchProblem, match, verify_assignment
from jointcheck.model import DateWindow, Department, Inspector, Plan, RiskTier, Subject, Task
from jointcheck.population import Population
from jointcheck.records import DisclosureReport, DisclosureState, PlanLedger
from jointcheck.sampling import Draw, HashSampler, SubjectExclusion, verify_draw
from jointcheck.synthetic import VisitRates, synthetic_visits
from jointcheck.workdays import WorkdayCalendar


def rows_of(population: Population, codes: Iterable[str]) -> np.ndarray:
    """A row mask of ``population``: the subjects whose code is in ``codes``."""
    wanted = np.array(sorted(codes), dtype="S18")
    return np.isin(population.codes, wanted)


def pool_summary(pool: Sequence[Inspector], plan: Plan) -> str:
    """``兴安盟市场监督管理局 16 (1 专业人员) · …`` per department."""
    parts = []
    for department in plan.departments:
        mine = [p for p in pool if p.department_id == department.id]
        if not mine:
            continue
        extra = sum(p.specialist for p in mine)
        parts.append(f"{department.name} {len(mine)}" + (f" ({extra} 专业人员)" if extra else ""))
    return " · ".join(parts)


# --------------------------------------------------------------------------- printing


def heading(plan: Plan) -> None:
    """The plan's name, 文号, departments and tasks."""
    print(plan.name)
    initiator = plan.department(plan.initiator_id).name
    others = "、".join(plan.department(d).name for d in plan.participant_ids) or "无 (内部联合抽查)"
    number = f"文号 {plan.document_number} · " if plan.document_number else ""
    print(f"{number}发起部门 {initiator} · 参与部门 {others} · {len(plan.tasks)} 项抽查任务")


def tier_counts(population: Population) -> str:
    """``高风险 3 · 较高风险 10 · …`` for the tiers present, highest risk first."""
    counts = population.counts_by_tier()
    order = (*reversed(RiskTier.rated()), RiskTier.UNRATED)
    return " · ".join(f"{t.label} {counts[t]:,}" for t in order if counts[t])


def draw_task(
    task: Task,
    population: Population,
    *,
    seed: str,
    exclude: Sequence[SubjectExclusion] = (),
    indent: str = "  ",
    explain: bool = True,
) -> Draw:
    """Draw the task's quotas with the verifiable HashSampler, verify the record, print it."""
    draw = HashSampler().draw(population, task.sampling, seed=seed, exclude=exclude)
    for exclusion in exclude:
        if exclusion.codes:
            print(f"{indent}excluded {len(exclusion.codes)}: {exclusion.detail}")
    if explain:
        for line in draw.quotas.explain().splitlines():
            print(f"{indent}  {line}")
    total = draw.quotas.total
    print(f"{indent}quota {total} of {draw.quotas.available:,} ({draw.algorithm}, seed {seed!r})")
    problems = verify_draw(draw, population, allow_unbound_seed=True)
    print(f"{indent}verify_draw: {problems if problems else 'no violations'}")
    return draw


def match_task(
    plan: Plan,
    task: Task,
    subjects: Sequence[Subject],
    inspectors: Sequence[Inspector],
    *,
    seed: str | int,
    departments: Sequence[Department] | None = None,
    conflicts: ConflictRules | None = None,
    units_by_jurisdiction: Mapping[str, Sequence[str]] | None = None,
    indent: str = "  ",
) -> tuple[Assignment, MatchProblem]:
    """Match every department's members for every subject; verify and print team sizes."""
    problem = MatchProblem.build(
        subjects,
        inspectors,
        seed=seed,
        task=task,
        departments=plan.departments if departments is None else departments,
        conflicts=conflicts,
        units_by_jurisdiction=units_by_jurisdiction,
    )
    assignment = match(problem)
    violations = verify_assignment(assignment, problem, allow_unbound_seed=True)
    print(f"{indent}teams: {team_sizes(plan, assignment)}")
    print(f"{indent}verify_assignment: {len(violations)} violations")
    return assignment, problem


def plural(n: int, word: str) -> str:
    """``1 subject``, ``2 subjects``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def team_sizes(plan: Plan, assignment: Assignment) -> str:
    """``12 subjects × 兴安盟市场监督管理局 2 + 兴安盟卫生健康委员会 2 (+ 1 专业人员)``."""
    parts = []
    for department in plan.departments:
        members: Counter[int] = Counter()
        specialists = 0
        for team in assignment.teams:
            for part in team.departments:
                if part.department_id == department.id:
                    members[len(part.members)] += 1
                    specialists += len(part.specialists)
        if not members:
            continue
        sizes = "/".join(str(n) for n in sorted(members))
        extra = f" (+{specialists} 专业人员)" if specialists else ""
        parts.append(f"{department.name} {sizes}{extra}")
    return f"{plural(len(assignment.teams), 'subject')} × " + " + ".join(parts)


def busiest(assignment: Assignment, department_id: str) -> int:
    """The most subjects any inspector of the department was given."""
    loads = [x.subjects for x in assignment.loads if x.department_id == department_id]
    return max(loads, default=0)


def show_team(
    plan: Plan,
    assignment: Assignment,
    subjects: Sequence[Subject],
    pool: Sequence[Inspector],
    *,
    indent: str = "  ",
) -> None:
    """The first subject's joint team (联合检查组) with names."""
    if not subjects:
        return
    names = {p.id: p.name for p in pool}
    subject = subjects[0]
    team = assignment.team(subject.code)
    print(
        f"{indent}e.g. {subject.name} ({subject.code}, {subject.tier.label}, {subject.jurisdiction}):"
    )
    for part in team.departments:
        members = "、".join(names[i] for i in part.members)
        extra = "".join(f" + 专业人员 {names[i]}" for i in part.specialists)
        print(f"{indent}  {plan.department(part.department_id).name}: {members}{extra}")


# --------------------------------------------------------------------------- inspection


def disclosure_line(report: DisclosureReport) -> str:
    """``按期公示 120 · 逾期公示 1 · 逾期未公示 0 · 待公示 0 · 公示率 120/121 (99.17%)``."""
    counts = " · ".join(f"{state.label} {n}" for state, n in report.counts.items())
    on_time = report.count(DisclosureState.ON_TIME)
    return f"{counts} · 公示率 {on_time}/{report.expected} ({float(report.rate):.2%})"


def record_round(
    ledger: PlanLedger,
    task: Task,
    forms: Sequence[InspectionForm],
    draw: Draw,
    *,
    calendar: WorkdayCalendar,
    seed: str,
    window: DateWindow | None = None,
    late: int = 0,
    not_entered: int = 0,
    rates: VisitRates | None = None,
    indent: str = "  ",
) -> PlanLedger:
    """Visit, sign and enter results for a task's forms (:func:`synthetic_visits`); add them
    to the ledger; print a line."""
    done = synthetic_visits(
        task,
        forms,
        calendar=calendar,
        seed=seed,
        window=window,
        rates=rates,
        late=late,
        not_entered=not_entered,
    )
    ledger = ledger.add_forms(task.id, done.forms, draw_reference=draw_reference(draw))
    ledger = ledger.record_results(done.results)
    signatures = Counter(f.signature.status.label for f in done.forms)
    items = Counter(len(f.check_items) for f in done.forms)
    print(
        f"{indent}一企一表: {plural(len(done.forms), 'form')} "
        f"({', '.join(plural(n, 'item') + f' ×{items[n]}' for n in sorted(items))}); "
        + " · ".join(f"{label} {n}" for label, n in sorted(signatures.items()))
    )
    print(
        f"{indent}results entered: {len(done.results)} of {sum(len(f.sections) for f in done.forms)}"
    )
    return ledger
