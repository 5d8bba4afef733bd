"""``jointcheck demo``: the Xing'an 2023 joint plan end to end on built-in synthetic data.

The run (:func:`run_demo`) computes everything without printing; :func:`format_demo` turns
it into text. Every seed is fixed, so the output is the same on every run and machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jointcheck.cli._common import EXIT_OK, Streams
from jointcheck.cli._files import write_text
from jointcheck.cli._plan import format_plan
from jointcheck.errors import InvalidInputError
from jointcheck.matching import Assignment, build_problem, solve, verify_assignment
from jointcheck.model import Inspector, Plan, RiskTier, Subject, Task
from jointcheck.population import Population
from jointcheck.sampling import (
    Announcement,
    Draw,
    HashSampler,
    Reveal,
    announce,
    commit,
    derive_seed,
    verify_draw,
)
from jointcheck.scenarios import xingan_2023_plan
from jointcheck.synthetic import synthetic_inspectors, synthetic_population, synthetic_subjects
from jointcheck.workdays import (
    WorkingDays,
    check_plan_timeline,
    deadline,
    default_calendar,
    disclosure_deadline,
)

__all__ = ["DemoRun", "TaskRun", "add_demo", "format_demo", "registry_csv", "run_demo"]

# Synthetic registry per task: (subjects, tier shares or None for the default shares,
# jurisdictions in 兴安盟: 乌兰浩特市, 阿尔山市, 科右前旗, 科右中旗, 扎赉特旗, 突泉县).
_JURISDICTIONS = ("152201", "152202", "152221", "152222", "152223", "152224")
_REGISTRIES: dict[str, tuple[int, dict[RiskTier, float] | None, int]] = {
    "xam-2023-1": (180, None, 0),
    "xam-2023-2": (1, {RiskTier.LOW: 1.0}, 1),  # "A类企业1家，100%抽取"
    "xam-2023-3": (420, None, 2),
}
_PLACES = {
    "152201": "乌兰浩特市",
    "152202": "阿尔山市",
    "152221": "科右前旗",
    "152222": "科右中旗",
    "152223": "扎赉特旗",
    "152224": "突泉县",
}
_SHORT = {"xam-samr": "市场监管局", "xam-nhc": "卫健委"}
_POOL_SEED = 2023
_SHOWN_TEAMS = 2
_WEEKDAY = "一二三四五六日"


@dataclass(frozen=True)
class TaskRun:
    """One task from registry to verified teams."""

    task: Task
    population: Population
    announcement: Announcement
    seed: str
    draw: Draw
    draw_violations: int
    subjects: tuple[Subject, ...]
    assignment: Assignment
    assignment_violations: int


@dataclass(frozen=True)
class DemoRun:
    """The whole demo: the plan, each task's run, the pool and the disclosure deadlines."""

    plan: Plan
    tasks: tuple[TaskRun, ...]
    inspectors: tuple[Inspector, ...]
    inspection_end: dt.date
    legal_deadline: dt.date
    deadline: dt.date
    timeline_messages: tuple[str, ...]


def _secret(party: str, task_id: str) -> str:
    """A fixed stand-in for a party's secret (a real one is ``secrets.token_hex(32)``)."""
    return hashlib.sha256(f"jointcheck demo secret:{party}:{task_id}".encode()).hexdigest()


def _registry(task: Task) -> Population:
    size, shares, rotate = _REGISTRIES[task.id]
    jurisdictions = _JURISDICTIONS[rotate:] + _JURISDICTIONS[:rotate]
    if shares is None:
        return synthetic_population(size, seed=rotate, jurisdictions=jurisdictions)
    return synthetic_population(size, seed=rotate, jurisdictions=jurisdictions, tier_shares=shares)


def _run_task(plan: Plan, task: Task, pool: Sequence[Inspector]) -> TaskRun:
    population = _registry(task)
    parties = [plan.department(d).name for d in (plan.initiator_id, *plan.participant_ids)]
    announcement = announce(
        population,
        task.sampling,
        task=f"{task.id} {task.name}",
        commitments=[commit(p, _secret(p, task.id)) for p in parties],
    )
    seed = derive_seed(announcement, [Reveal(party=p, value=_secret(p, task.id)) for p in parties])
    draw = HashSampler().draw(population, task.sampling, seed=seed)
    subjects = synthetic_subjects(population, draw.selected, tags=task.required_tags)
    problem = build_problem(subjects, pool, task=task, departments=plan.departments, seed=seed)
    assignment = solve(problem)
    return TaskRun(
        task=task,
        population=population,
        announcement=announcement,
        seed=seed,
        draw=draw,
        draw_violations=len(verify_draw(draw, population)),
        subjects=subjects,
        assignment=assignment,
        assignment_violations=len(verify_assignment(assignment, problem)),
    )


def run_demo() -> DemoRun:
    """Run the Xing'an plan on synthetic registries and a synthetic inspector pool."""
    plan = xingan_2023_plan()
    Plan.model_validate_json(plan.model_dump_json())  # as a receiving system would
    first = plan.tasks[0]
    assert first.inspection is not None
    qualifications = {
        d: tuple(
            sorted(
                {
                    i.qualification
                    for i in first.check_items
                    if i.department_id == d and i.qualification
                }
            )
        )
        for d in first.department_ids
    }
    pool = synthetic_inspectors(
        plan.departments,
        per_unit=6,
        on=first.inspection.start,
        seed=_POOL_SEED,
        qualifications=qualifications,
    )
    runs = tuple(_run_task(plan, task, pool) for task in plan.tasks)
    end = first.inspection.end
    return DemoRun(
        plan=plan,
        tasks=runs,
        inspectors=pool,
        inspection_end=end,
        legal_deadline=deadline(WorkingDays(n=first.disclosure_working_days), end),
        deadline=disclosure_deadline(first),
        timeline_messages=tuple(f.message for f in check_plan_timeline(plan)),
    )


# ---------------------------------------------------------------------- text
def _short(plan: Plan, department_id: str) -> str:
    """The department's short name (市场监管局, 卫健委)."""
    return _SHORT.get(department_id, plan.department(department_id).name)


def _day(day: dt.date) -> str:
    return f"{day.isoformat()} (周{_WEEKDAY[day.weekday()]})"


def _team_line(run: TaskRun, index: int, names: dict[str, str], plan: Plan) -> str:
    team = run.assignment.teams[index]
    subject = next(s for s in run.subjects if s.code == team.subject_code)
    order = {d.id: i for i, d in enumerate(plan.departments)}
    parts = []
    for part in sorted(team.departments, key=lambda p: order[p.department_id]):
        members = "、".join(names[i] for i in part.members)
        extra = "".join(f" + 专业人员{names[i]}" for i in part.specialists)
        parts.append(f"{_short(plan, part.department_id)} {members}{extra}")
    place = _PLACES.get(subject.jurisdiction, subject.jurisdiction)
    return f"    {subject.code} {subject.name} ({place}): " + " · ".join(parts)


def _task_lines(number: int, run: TaskRun, names: dict[str, str], plan: Plan) -> list[str]:
    task, draw = run.task, run.draw
    counts = run.population.counts_by_tier()
    tiers = "、".join(f"{t.label}{counts[t]}" for t in reversed(RiskTier) if counts[t])
    lines = [
        f"任务{number} {task.name} — 抽查比例: {task.sampling}",
        f"  名录库: {len(run.population)} 户合成{task.target} ({tiers}); "
        f"digest {run.population.digest()[:16]}…",
        f"  种子: {len(run.announcement.commitments)} 方承诺-揭示 (commit-reveal) → "
        f"{run.seed[:16]}…",
    ]
    lines.extend(
        f"    {q.tier.label}: {q.quota}/{q.available} — {q.reason}"
        for q in reversed(draw.quotas.tiers)
        if q.available or q.quota
    )
    verdict = "OK" if run.draw_violations == 0 else f"{run.draw_violations} violations"
    lines.append(f"  抽中 {len(draw.selected)} 户; verify_draw: {verdict}")
    order = {d.id: i for i, d in enumerate(plan.departments)}
    sizes = {
        _short(plan, r.department_id): r.min_members
        for r in sorted(run.assignment.requirements, key=lambda r: order[r.department_id])
    }
    team_verdict = (
        "OK" if run.assignment_violations == 0 else f"{run.assignment_violations} violations"
    )
    loads = [load.subjects for load in run.assignment.loads if load.subjects]
    lines.append(
        f"  联合检查组: {len(run.assignment.teams)} 个 (每户 "
        + " + ".join(f"{name} {n} 人" for name, n in sizes.items())
        + f"); verify_assignment: {team_verdict}; 每人 {min(loads)}–{max(loads)} 户"
    )
    lines.extend(
        _team_line(run, i, names, plan) for i in range(min(_SHOWN_TEAMS, len(run.assignment.teams)))
    )
    return lines


def format_demo(run: DemoRun) -> str:
    """The demo's output: plan, per task registry/seed/quotas/draw/teams, deadlines."""
    plan = run.plan
    names = {i.id: i.name for i in run.inspectors}
    initiator = plan.department(plan.initiator_id).name
    participants = "、".join(plan.department(d).name for d in plan.participant_ids)
    certified = sum(1 for i in run.inspectors if not i.specialist)
    lines = [
        f"{plan.name} ({plan.document_number})",
        f"发起 {initiator} · 配合 {participants} · {len(plan.tasks)} 个任务; 计划已校验",
        "Synthetic data (not real subjects or people); fixed seeds: every run prints the same.",
        f"执法检查人员名录库: {certified} 名执法人员 + "
        f"{len(run.inspectors) - certified} 名专业人员 (synthetic)",
    ]
    for number, task_run in enumerate(run.tasks, start=1):
        lines.append("")
        lines.extend(_task_lines(number, task_run, names, plan))
    lines.append("")
    lines.extend(_deadline_lines(run))
    return "\n".join(lines)


def _deadline_lines(run: DemoRun) -> list[str]:
    task = run.plan.tasks[0]
    calendar = default_calendar()
    end, legal, binding = run.inspection_end, run.legal_deadline, run.deadline
    days = [end + dt.timedelta(days=k) for k in range(1, (legal - end).days + 1)]
    makeup = [d for d in days if d.weekday() >= 5 and calendar.is_workday(d)]
    holidays = [d for d in days if not calendar.is_workday(d) and "holiday" in calendar.explain(d)]
    n = task.disclosure_working_days
    left = calendar.count_workdays(end, binding)
    lines = [
        f"公示期限 (抽查结束后{n}个工作日内): 检查结束于 {_day(end)}",
        f"  {n} 个工作日 → {_day(legal)}: 计入调休上班日 "
        + "、".join(_day(d) for d in makeup)
        + f", 不计劳动节假期 {holidays[0].isoformat()} 至 {holidays[-1].isoformat()}"
        if makeup and holidays
        else f"  {n} 个工作日 → {_day(legal)}",
    ]
    if binding < legal:
        holiday = "; 该日在劳动节假期中, 方案日期不顺延" if not calendar.is_workday(binding) else ""
        lines.append(
            f"  方案自定 {_day(binding)} 更早, 以其为准 → 公示截止 {binding.isoformat()}{holiday}"
        )
        lines.append(
            f"  时间线检查: {len(run.timeline_messages)} 条提示 (每个任务: 方案日期只留 {left} 个"
            f"工作日, 少于规定的 {n} 个)"
        )
    return lines


def registry_csv(population: Population) -> str:
    """A population as registry CSV text (``code,tier,jurisdiction``, Chinese tier labels)."""
    labels = [RiskTier.from_code(code).label for code in range(5)]
    places = population.jurisdiction_labels
    rows = ["code,tier,jurisdiction"]
    rows.extend(
        f"{code},{labels[tier]},{places[place]}"
        for code, tier, place in zip(
            population.code_strings(),
            population.tiers.tolist(),
            population.jurisdictions.tolist(),
            strict=True,
        )
    )
    return "\n".join(rows) + "\n"


def _write_files(run: DemoRun, directory: str, streams: Streams) -> None:
    """Task 1's inputs and outputs as files, to try the other commands on."""
    first = run.tasks[0]
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInputError(
            f"cannot create directory {directory!r}: {exc.strerror or exc}",
            field="files",
            value=directory,
        ) from None
    problem = build_problem(
        first.subjects,
        run.inspectors,
        task=first.task,
        departments=run.plan.departments,
        seed=first.seed,
    )
    inspectors = "[\n" + ",\n".join(i.model_dump_json() for i in run.inspectors) + "\n]\n"
    files = {
        "registry.csv": registry_csv(first.population),
        "draw.json": first.draw.model_dump_json(indent=2) + "\n",
        "inspectors.json": inspectors,
        "problem.json": problem.model_dump_json(indent=2) + "\n",
        "assignment.json": first.assignment.model_dump_json(indent=2) + "\n",
        "plan.json": run.plan.model_dump_json(indent=2) + "\n",
    }
    for name, text in files.items():
        write_text(str(folder / name), text, out=streams.out, what=name)
    d = directory.rstrip("/")
    streams.out.write(
        f"\nwrote task 1's files to {d}/: {', '.join(files)}. Try:\n"
        f"  jointcheck verify {d}/draw.json {d}/registry.csv\n"
        f'  jointcheck draw {d}/registry.csv --rule "{first.task.sampling}" '
        f"--seed {first.seed} -o {d}/draw2.json\n"
        f"  jointcheck match {d}/problem.json -o {d}/assignment2.json\n"
        f"  jointcheck match --subjects {d}/draw.json --inspectors {d}/inspectors.json "
        f"--department xam-samr --department xam-nhc --on 2023-03-07/2023-04-07 --seed 1\n"
    )


def _run(args: argparse.Namespace, streams: Streams) -> int:
    if args.plan:
        plan = xingan_2023_plan()
        streams.out.write(format_plan(plan) + "\n")
        return EXIT_OK
    run = run_demo()
    streams.out.write(format_demo(run) + "\n")
    if args.files:
        _write_files(run, args.files, streams)
    return EXIT_OK


EXAMPLES = """\
examples:
  jointcheck demo          the plan end to end: registries, seeds, draws, teams, deadlines
  jointcheck demo --plan   the plan itself, task by task (兴市监办字〔2023〕61号)
  jointcheck demo --files demo/   also write task 1's registry, draw, inspectors and
                                  match problem, to try the other commands on

Everything runs on built-in synthetic data with fixed seeds; nothing is read.
"""


def add_demo(commands: Any, streams: Streams) -> None:
    """The ``demo`` subcommand."""
    parser = commands.add_parser(
        "demo",
        streams=streams,
        help="the Xing'an 2023 joint plan end to end on built-in synthetic data",
        description="Run the 兴安盟 2023 医疗美容 joint plan end to end on synthetic data: "
        "a registry per task, the seed ceremony, the draw with its quotas, verification, the "
        "joint teams and the disclosure deadline.",
        epilog=EXAMPLES,
    )
    parser.add_argument("--plan", action="store_true", help="print the plan only")
    parser.add_argument(
        "--files", metavar="DIR", help="also write task 1's input and output files to DIR"
    )
    parser.set_defaults(run=_run)
