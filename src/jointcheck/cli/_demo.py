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

from jointcheck._internal.csv_safe import csv_text
from jointcheck.cli._common import COMMANDS, EXIT_OK, Streams
from jointcheck.cli._files import write_text
from jointcheck.cli._plan import format_plan
from jointcheck.errors import InvalidInputError
from jointcheck.forms import InspectionForm, ItemOutcome, draw_reference, forms_from_assignment
from jointcheck.matching import (
    Assignment,
    MatchProblem,
    match_announced,
    team_inputs_digest,
    verify_assignment,
)
from jointcheck.model import Inspector, Plan, ResultCategory, RiskTier, Subject, Task
from jointcheck.population import Population
from jointcheck.records import (
    PlanLedger,
    check_plan_timeline,
    disclosure_deadline,
    summarize,
    track_disclosure,
)
from jointcheck.sampling import (
    Announcement,
    Draw,
    Reveal,
    announce,
    commit,
    derive_seed,
    draw_announced,
    verify_draw,
)
from jointcheck.scenarios import xingan_2023_plan
from jointcheck.synthetic import (
    synthetic_inspectors,
    synthetic_population,
    synthetic_subjects,
    synthetic_visits,
)
from jointcheck.workdays import ChinaCalendar, WorkingDays, deadline, default_calendar

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
_NAME_TAILS = {"医疗美容机构": "医疗美容诊所", "生活美容场所": "美容美发店"}
_POOL_SEED = 2023
_WEEKDAY = "一二三四五六日"


@dataclass(frozen=True)
class TaskRun:
    """One task from registry to verified teams and forms."""

    task: Task
    population: Population
    announcement: Announcement
    seed: str
    draw: Draw
    draw_violations: int
    subjects: tuple[Subject, ...]
    problem: MatchProblem
    assignment: Assignment
    assignment_violations: int


@dataclass(frozen=True)
class DemoRun:
    """The whole demo: the plan, each task's run, the pool, the inspection round (forms and
    results in a ledger) and the disclosure deadlines."""

    plan: Plan
    tasks: tuple[TaskRun, ...]
    inspectors: tuple[Inspector, ...]
    ledger: PlanLedger
    shown_form: InspectionForm
    inspection_end: dt.date
    legal_deadline: dt.date
    deadline: dt.date
    timeline_messages: tuple[str, ...]
    calendar: ChinaCalendar


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
    reveals = [Reveal(party=p, value=_secret(p, task.id)) for p in parties]
    announcement = announce(
        population,
        task.sampling,
        task=f"{task.id} {task.name}",
        commitments=[commit(p, _secret(p, task.id)) for p in parties],
        team_inputs_digest=team_inputs_digest(
            MatchProblem.build([], pool, seed=0, task=task, departments=plan.departments)
        ),
    )
    draw = draw_announced(announcement, population, reveals)
    seed = draw.seed
    subjects = synthetic_subjects(
        population, draw.selected, tags=task.required_tags, tails=_NAME_TAILS
    )
    team_seed = derive_seed(announcement, reveals, purpose="teams")
    problem = MatchProblem.build(
        subjects, pool, seed=team_seed, task=task, departments=plan.departments
    )
    assignment = match_announced(problem, announcement, reveals)
    return TaskRun(
        task=task,
        population=population,
        announcement=announcement,
        seed=seed,
        draw=draw,
        draw_violations=len(verify_draw(draw, population, announcement=announcement)),
        subjects=subjects,
        problem=problem,
        assignment=assignment,
        assignment_violations=len(
            verify_assignment(assignment, problem, announcement=announcement)
        ),
    )


def _inspect(
    plan: Plan, runs: Sequence[TaskRun], pool: Sequence[Inspector], calendar: ChinaCalendar
) -> PlanLedger:
    """One form per drawn subject (一企一表), signed, with every department's result."""
    ledger = PlanLedger.open(plan)
    for run in runs:
        forms = forms_from_assignment(
            plan, run.task.id, run.subjects, run.assignment, inspectors=pool
        )
        visits = synthetic_visits(run.task, forms, calendar=calendar, seed=f"{run.seed}/visits")
        ledger = ledger.add_forms(
            run.task.id, visits.forms, draw_reference=draw_reference(run.draw)
        )
        ledger = ledger.record_results(visits.results)
    return ledger


def _form_to_show(ledger: PlanLedger, run: TaskRun) -> InspectionForm:
    """Task 1's first form on which a department found an item not complying, else the first
    on which it found something, else its first form."""
    forms = [ledger.form(run.task.id, code) for code in run.draw.selected]
    clean = (ResultCategory.NO_PROBLEM_FOUND,)
    failed = (
        f
        for f in forms
        if any(g.outcome is ItemOutcome.NON_COMPLIANT for r in f.results for g in r.findings)
    )
    found = (f for f in forms if any(r.categories != clean for r in f.results))
    return next(failed, next(found, forms[0]))


def run_demo(*, calendar: ChinaCalendar | None = None) -> DemoRun:
    """Run the Xing'an plan on synthetic registries and a synthetic inspector pool, on
    ``calendar`` (default: the national calendar), built once and used for every date."""
    calendar = calendar or default_calendar()
    plan = xingan_2023_plan()
    Plan.model_validate_json(plan.model_dump_json())  # as a receiving system would
    first = plan.tasks[0]
    assert first.inspection is not None
    qualifications = {
        d: tuple(sorted({i.qualification for i in first.items_for(d) if i.qualification}))
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
    ledger = _inspect(plan, runs, pool, calendar)
    end = first.inspection.end
    return DemoRun(
        plan=plan,
        tasks=runs,
        inspectors=pool,
        ledger=ledger,
        shown_form=_form_to_show(ledger, runs[0]),
        inspection_end=end,
        legal_deadline=deadline(
            WorkingDays(n=first.disclosure_working_days), end, calendar=calendar
        ),
        deadline=disclosure_deadline(first, calendar=calendar),
        timeline_messages=tuple(f.message for f in check_plan_timeline(plan, calendar=calendar)),
        calendar=calendar,
    )


# ---------------------------------------------------------------------- text
def _short(plan: Plan, department_id: str) -> str:
    """The department's short name (市场监管局, 卫健委)."""
    return _SHORT.get(department_id, plan.department(department_id).name)


def _day(day: dt.date) -> str:
    return f"{day.isoformat()} (周{_WEEKDAY[day.weekday()]})"


def _verdict(violations: int) -> str:
    return "OK" if violations == 0 else f"{violations} violations"


def _task_lines(number: int, run: TaskRun, plan: Plan, *, full: bool) -> list[str]:
    """A task in a few lines; ``full`` prints each tier's quota with its arithmetic."""
    task, draw = run.task, run.draw
    counts = run.population.counts_by_tier()
    tiers = "、".join(f"{t.label}{counts[t]}" for t in reversed(RiskTier) if counts[t])
    rule = str(task.sampling) if full or number == 2 else "同任务1"
    lines = [
        f"任务{number} {task.name} — 抽查比例: {rule}",
        f"  名录库 {len(run.population)} 户合成{task.target} ({tiers}), "
        f"digest {run.population.digest()[:12]}…; 种子 (2 方承诺-揭示) {run.seed[:12]}…",
    ]
    quotas = [q for q in reversed(draw.quotas.tiers) if q.available or q.quota]
    if full:
        lines.extend(f"    {q.tier.label}: {q.quota}/{q.available} — {q.reason}" for q in quotas)
    else:
        lines.append(
            "  配额 " + "、".join(f"{q.tier.label}{q.quota}/{q.available}" for q in quotas)
        )
    order = {d.id: i for i, d in enumerate(plan.departments)}
    sizes = " + ".join(
        f"{_short(plan, r.department_id)} {r.min_members}"
        for r in sorted(run.assignment.requirements, key=lambda r: order[r.department_id])
    )
    lines.append(
        f"  抽中 {len(draw.selected)} 户, verify_draw {_verdict(run.draw_violations)} · "
        f"联合检查组 {len(run.assignment.teams)} 个 (每户 {sizes} 人), "
        f"verify_assignment {_verdict(run.assignment_violations)}"
    )
    return lines


def format_demo(run: DemoRun) -> str:
    """The demo's output: plan, each task (registry, seed, quotas, draw, teams), deadlines,
    one 一企一表 form with its results and the annex-2 summary table."""
    plan = run.plan
    initiator = plan.department(plan.initiator_id).name
    participants = "、".join(plan.department(d).name for d in plan.participant_ids)
    certified = sum(1 for i in run.inspectors if not i.specialist)
    lines = [
        f"{plan.name} ({plan.document_number})",
        f"发起 {initiator} · 配合 {participants} · {len(plan.tasks)} 个任务; 计划已校验",
        f"合成数据 (synthetic: no real subjects or people), fixed seeds; 执法检查人员名录库 "
        f"{certified} 名执法人员 + {len(run.inspectors) - certified} 名专业人员",
    ]
    for number, task_run in enumerate(run.tasks, start=1):
        lines.append("")
        lines.extend(_task_lines(number, task_run, plan, full=number == 1))
    lines.append("")
    lines.extend(_deadline_lines(run))
    form = run.shown_form
    forms = sum(len(run.ledger.task_ledger(t.task.id).forms) for t in run.tasks)
    report = track_disclosure(run.ledger, calendar=run.calendar, as_of=run.deadline)
    lines += [
        "",
        f"检查结果 (合成): {forms} 张一企一表, 每个部门录入并公示; 截至 {run.deadline} 公示率 "
        f"{float(report.rate):.0%} ({report.expected} 条结果)",
        "",
        summarize(run.ledger).to_markdown(),
        "",
        f"任务1 {form.subject.name} 的一企一表:",
        "",
        form.to_markdown().rstrip("\n"),
    ]
    return "\n".join(lines)


def _deadline_lines(run: DemoRun) -> list[str]:
    task = run.plan.tasks[0]
    calendar = run.calendar
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
        holiday = "; 该日在劳动节假期中, 不顺延" if not calendar.is_workday(binding) else ""
        lines.append(
            f"  方案自定 {_day(binding)} 更早 (只留 {left} 个工作日; 时间线检查 "
            f"{len(run.timeline_messages)} 条提示), 以其为准 → 公示截止 {binding.isoformat()}"
            + holiday
        )
    return lines


def registry_csv(population: Population) -> str:
    """A population as registry CSV text (``code,tier,jurisdiction``, Chinese tier labels)."""
    labels = [tier.label for tier in RiskTier.in_code_order()]
    places = population.jurisdiction_labels
    rows = [
        (code, labels[tier], places[place])
        for code, tier, place in zip(
            population.code_strings(),
            population.tiers.tolist(),
            population.jurisdictions.tolist(),
            strict=True,
        )
    ]
    return csv_text([("code", "tier", "jurisdiction"), *rows])


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
    problem = first.problem
    inspectors = "[\n" + ",\n".join(i.model_dump_json() for i in run.inspectors) + "\n]\n"
    files = {
        "registry.csv": registry_csv(first.population),
        "announcement.json": first.announcement.model_dump_json(),
        "draw.json": first.draw.model_dump_json(indent=2) + "\n",
        "inspectors.json": inspectors,
        "problem.json": problem.model_dump_json(indent=2) + "\n",
        "assignment.json": first.assignment.model_dump_json(indent=2) + "\n",
        "plan.json": run.plan.model_dump_json(indent=2) + "\n",
        "form.md": run.shown_form.to_markdown(),
        "form.html": run.shown_form.to_html(),
        "summary.csv": summarize(run.ledger).to_csv(),
    }
    for name, text in files.items():
        write_text(str(folder / name), text, out=streams.out, what=name)
    d = directory.rstrip("/")
    streams.out.write(
        f"\nwrote task 1's files (and the plan's summary table) to {d}/: {', '.join(files)}. "
        "Try:\n"
        f"  jointcheck verify {d}/draw.json {d}/registry.csv --announcement {d}/announcement.json\n"
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
  jointcheck demo --files demo/   also write task 1's registry, draw, inspectors, match
                                  problem and form, to try the other commands on

Everything runs on built-in synthetic data with fixed seeds; nothing is read.
"""


def add_demo(commands: Any, streams: Streams) -> None:
    """The ``demo`` subcommand."""
    parser = commands.add_parser(
        "demo",
        streams=streams,
        help=COMMANDS["demo"].help,
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
