"""Planning one visit per subject across the year's tasks, and recording a joint visit in
each task's ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from jointcheck._internal.checked import checked
from jointcheck.forms import JointVisit, JointVisitForm
from jointcheck.model import DateWindow
from jointcheck.records._ledger import PlanLedger
from jointcheck.records._year import AnnualPlan

__all__ = ["plan_joint_visits", "record_joint_visit"]


def _window(annual: AnnualPlan, task_id: str) -> DateWindow:
    task = annual.task(task_id)
    if task.inspection is not None:
        return task.inspection
    start, end = annual.year_window()
    return DateWindow(start=start, end=end)


@checked
def plan_joint_visits(
    annual: AnnualPlan, selections: Mapping[str, Iterable[str]]
) -> tuple[JointVisit, ...]:
    """Group each subject's tasks into as few visits as their inspection windows allow.

    ``selections`` maps a task id to the codes drawn in it (e.g. ``record.selected(t)``).
    For each subject, its tasks are sorted by the end of their windows and grouped greedily:
    a task joins the current visit while all the windows still share a day (the fewest
    visits, as in interval stabbing). A task without an inspection window may be visited any
    day of the year. Visits come sorted by subject code, then by the first day of their window.

    Raises:
        InspectionError: a task id that is not in the annual plan.
    """
    by_subject: dict[str, list[str]] = {}
    for task_id, codes in selections.items():
        annual.entry(task_id)
        for code in codes:
            tasks = by_subject.setdefault(code, [])
            if task_id not in tasks:
                tasks.append(task_id)
    order = {t.id: i for i, t in enumerate(annual.tasks)}
    visits: list[JointVisit] = []
    for code in sorted(by_subject):
        windows = sorted(
            ((_window(annual, t), t) for t in by_subject[code]),
            key=lambda wt: (wt[0].end, wt[0].start, order[wt[1]]),
        )
        group: list[str] = []
        start = end = dt.date.min
        for window, task_id in windows:
            if group and window.start <= end:
                group.append(task_id)
                start = max(start, window.start)
                continue
            if group:
                visits.append(_visit(code, group, start, end, order))
            group, start, end = [task_id], window.start, window.end
        visits.append(_visit(code, group, start, end, order))
    return tuple(sorted(visits, key=lambda v: (v.subject_code, v.window.start)))


def _visit(
    code: str, group: list[str], start: dt.date, end: dt.date, order: dict[str, int]
) -> JointVisit:
    return JointVisit(
        subject_code=code,
        task_ids=tuple(sorted(group, key=order.__getitem__)),
        window=DateWindow(start=start, end=end),
    )


@checked
def record_joint_visit(ledger: PlanLedger, form: JointVisitForm) -> PlanLedger:
    """``ledger`` with the visit's forms and results for the tasks of its plan.

    Each task of the visit that belongs to the ledger's plan gets its own form (added with
    :meth:`~jointcheck.records.PlanLedger.add_forms`, signed as the visit was) and the
    results recorded against the visit, so each task's annex-2 table and disclosure count
    them; tasks of other plans are left to their own ledgers.
    """
    plan_tasks = {t.id for t in ledger.plan.tasks}
    for task_id in form.task_ids:
        if task_id not in plan_tasks:
            continue
        ledger = ledger.add_forms(task_id, [form.task_form(task_id)])
        ledger = ledger.record_results(r for r in form.results if r.task_id == task_id)
    return ledger
