"""A plan as readable text (the long form; ``jointcheck demo --plan`` prints it)."""

from __future__ import annotations

from jointcheck.model import Plan

__all__ = ["format_plan"]


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
