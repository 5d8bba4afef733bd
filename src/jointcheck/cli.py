"""The ``jointcheck`` command: the only part of jointcheck that reads files and prints.

Exit codes: 0 success, 1 a check found violations, 2 bad input (unknown file, bad row,
unreadable rule), with a message on standard error that names what to fix.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from jointcheck import __version__
from jointcheck.errors import JointcheckError
from jointcheck.model import Plan
from jointcheck.scenarios import xingan_2023_plan
from jointcheck.schema import schema

__all__ = ["format_plan", "main"]


def format_plan(plan: Plan) -> str:
    """A plan as readable text: departments, then each task with its rule, windows and items."""
    departments = {d.id: d for d in plan.departments}
    lines = [
        plan.name,
        f"  文号 {plan.document_number or '—'} · {plan.year}年 · 发起部门 "
        f"{departments[plan.initiator_id].name}",
        "  参与部门: " + "、".join(departments[d].name for d in plan.participant_ids),
    ]
    if plan.period:
        lines.append(f"  工作期间: {plan.period.start} 至 {plan.period.end}")
    for number, task in enumerate(plan.tasks, start=1):
        lines.append("")
        lines.append(f"任务{number} {task.name} ({task.id})")
        lines.append(
            f"  检查对象: {task.target or '—'} · 标签 {'、'.join(task.required_tags) or '—'}"
        )
        lines.append(f"  抽查比例或数量: {task.sampling}")
        if task.extraction:
            lines.append(f"  抽取时间: {task.extraction.start} 至 {task.extraction.end}")
        if task.inspection:
            lines.append(f"  检查时间: {task.inspection.start} 至 {task.inspection.end}")
        disclosure = f"  公示: 检查结束后{task.disclosure_working_days}个工作日内"
        if task.disclosure_by:
            disclosure += f", 且不晚于 {task.disclosure_by}"
        lines.append(disclosure)
        for department_id in task.department_ids:
            requirement = task.team_requirement(department_id)
            lines.append(
                f"  {departments[department_id].name} "
                f"(每户不少于{requirement.min_members}名执法人员):"
            )
            lines.extend(f"    - {item.name}" for item in task.items_for(department_id))
    return "\n".join(lines)


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    plan = xingan_2023_plan()
    # Validate once more from JSON, as a receiving system would.
    Plan.model_validate_json(plan.model_dump_json())
    out.write(format_plan(plan) + "\n")
    out.write(f"\n计划已校验: {len(plan.tasks)} 个任务, {len(plan.departments)} 个部门.\n")
    return 0


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    json.dump(schema(), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jointcheck",
        description="双随机、一公开 joint random inspections: draws, teams, deadlines, forms.",
    )
    parser.add_argument("--version", action="version", version=f"jointcheck {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("demo", help="the Xing'an 2023 joint plan on built-in data").set_defaults(
        run=_demo
    )
    commands.add_parser("schema", help="JSON Schema of every public model").set_defaults(
        run=_schema
    )
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    stream = out if out is not None else sys.stdout
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    try:
        return run(args, stream)
    except JointcheckError as exc:
        sys.stderr.write(f"jointcheck: error: {exc}\n")
        return 2
    except BrokenPipeError:
        # The reader went away (``jointcheck demo | head``): stop quietly, as shell tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
