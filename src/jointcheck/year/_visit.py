"""One joint visit per subject (进一次门、查多项事): a subject drawn by several tasks whose
inspection windows overlap gets one merged form (一企一表) and one team."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

from pydantic import Field, model_validator

from jointcheck.errors import InspectionError
from jointcheck.inspection import (
    FormTeam,
    InspectionForm,
    InspectionResult,
    PlanLedger,
    Signature,
    SignatureStatus,
    applicable_items,
    check_result,
)
from jointcheck.model import CheckItem, DateWindow, FrozenModel, Subject
from jointcheck.year._annual import AnnualPlan

__all__ = ["JointItem", "JointSection", "JointVisit", "JointVisitForm", "plan_joint_visits"]


class JointVisit(FrozenModel):
    """Tasks that inspect one subject in one visit, and the days all their windows share."""

    subject_code: str = Field(min_length=1, description="The subject")
    task_ids: tuple[str, ...] = Field(min_length=1, description="Tasks inspected in the visit")
    window: DateWindow = Field(description="Days inside every task's inspection window")

    @property
    def is_joint(self) -> bool:
        """Whether more than one task shares the visit."""
        return len(self.task_ids) > 1


def _window(annual: AnnualPlan, task_id: str) -> DateWindow:
    task = annual.task(task_id)
    if task.inspection is not None:
        return task.inspection
    start, end = annual.year_window()
    return DateWindow(start=start, end=end)


def plan_joint_visits(
    annual: AnnualPlan, selections: Mapping[str, Iterable[str]]
) -> tuple[JointVisit, ...]:
    """Group each subject's tasks into as few visits as their inspection windows allow.

    ``selections`` maps a task id to the codes drawn in it (e.g. ``record.selected(t)``).
    For each subject, its tasks are sorted by the end of their windows and grouped greedily:
    a task joins the current visit while the windows still share a day (the fewest visits,
    as in interval stabbing). A task without an inspection window may be visited any day of
    the year. Visits come sorted by subject code, then by the first day of their window.

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


class JointItem(FrozenModel):
    """A check item on the merged form, with the task it comes from."""

    task_id: str = Field(min_length=1, description="Task whose item it is")
    item: CheckItem = Field(description="The check item")


class JointSection(FrozenModel):
    """One department's part of the merged form: one team for every task's items."""

    department_id: str = Field(min_length=1, description="Department")
    department_name: str = Field(min_length=1, description="Name as printed")
    team: FormTeam = Field(description="The one team the department sends")
    min_members: int = Field(ge=1, description="The largest minimum of the tasks (all are met)")
    qualifications: tuple[str, ...] = Field(
        default=(), description="Qualifications any of the tasks requires of the team"
    )
    items: tuple[JointItem, ...] = Field(min_length=1, description="Every task's applicable items")

    @property
    def task_ids(self) -> tuple[str, ...]:
        """Tasks with items in this section, in order."""
        return tuple(dict.fromkeys(i.task_id for i in self.items))


class JointVisitForm(FrozenModel):
    """The merged record of one joint visit (一企一表 across tasks).

    It holds every task's applicable check items, one team per department that meets every
    task's requirement (the largest minimum), and each task's results recorded against it.
    :meth:`task_forms` gives each task's own :class:`~jointcheck.inspection.InspectionForm`
    with its results, for the task's ledger and annex 2.
    """

    subject: Subject = Field(description="The subject")
    task_ids: tuple[str, ...] = Field(min_length=1, description="Tasks of the visit")
    task_names: tuple[str, ...] = Field(min_length=1, description="Their names, same order")
    window: DateWindow = Field(description="Days inside every task's inspection window")
    sections: tuple[JointSection, ...] = Field(min_length=1, description="One per department")
    results: tuple[InspectionResult, ...] = Field(default=(), description="Results entered")
    signature: Signature = Field(default_factory=Signature, description="Signature or refusal")

    @model_validator(mode="after")
    def _consistent(self) -> JointVisitForm:
        dupes = [d for d, n in Counter(s.department_id for s in self.sections).items() if n > 1]
        if dupes:
            raise ValueError(f"departments {dupes} have more than one section")
        keys = [(r.task_id, r.department_id) for r in self.results]
        dupes_r = [k for k, n in Counter(keys).items() if n > 1]
        if dupes_r:
            raise ValueError(f"more than one result for (task, department) {dupes_r}")
        return self

    @classmethod
    def build(
        cls,
        annual: AnnualPlan,
        visit: JointVisit,
        subject: Subject,
        teams: Iterable[FormTeam],
    ) -> JointVisitForm:
        """The blank merged form of ``visit`` for ``subject``.

        Raises:
            InspectionError: the subject is not the visit's, a department with items has
                no team or fewer counted members than some task requires, a team is given
                for a department with no items, or a task's conditions exclude the subject.
        """
        if subject.code != visit.subject_code:
            raise InspectionError(
                f"subject {subject.code!r} is not the subject {visit.subject_code!r} of the visit",
                field="subject",
                value=subject.code,
            )
        by_department: dict[str, FormTeam] = {}
        for given in teams:
            if given.department_id in by_department:
                raise InspectionError(
                    f"two teams given for department {given.department_id!r}; one team per "
                    "department visits the subject",
                    field="teams",
                    value=given.department_id,
                )
            by_department[given.department_id] = given
        items: dict[str, list[JointItem]] = {}
        minimum: dict[str, int] = {}
        qualifications: dict[str, set[str]] = {}
        for task_id in visit.task_ids:
            entry = annual.entry(task_id)
            task = entry.plan.task(task_id)
            for department_id in task.department_ids:
                applying = applicable_items(task, department_id, subject)
                if not applying:
                    continue
                items.setdefault(department_id, []).extend(
                    JointItem(task_id=task_id, item=i) for i in applying
                )
                requirement = task.team_requirement(department_id)
                minimum[department_id] = max(minimum.get(department_id, 0), requirement.min_members)
                qualifications.setdefault(department_id, set()).update(requirement.qualifications)
                qualifications[department_id].update(
                    i.qualification for i in applying if i.qualification
                )
        sections = []
        for department_id, joint_items in items.items():
            team = by_department.pop(department_id, None)
            if team is None:
                raise InspectionError(
                    f"no team for department {department_id!r} and subject {subject.code!r}; "
                    f"its items of tasks {sorted({i.task_id for i in joint_items})} apply, so "
                    f"it sends at least {minimum[department_id]} inspectors",
                    field="teams",
                    value=department_id,
                )
            if len(team.counted_ids) < minimum[department_id]:
                raise InspectionError(
                    f"team of department {department_id!r} for subject {subject.code!r} has "
                    f"{len(team.counted_ids)} counted member(s); the visit's tasks require at "
                    f"least {minimum[department_id]}",
                    field="teams",
                    value=team.counted_ids,
                )
            sections.append(
                JointSection(
                    department_id=department_id,
                    department_name=annual.department_name(department_id),
                    team=team,
                    min_members=minimum[department_id],
                    qualifications=tuple(sorted(qualifications[department_id])),
                    items=tuple(joint_items),
                )
            )
        if by_department:
            raise InspectionError(
                f"teams given for departments {sorted(by_department)} with no check item for "
                f"subject {subject.code!r} in tasks {list(visit.task_ids)}",
                field="teams",
                value=sorted(by_department),
            )
        if not sections:
            raise InspectionError(
                f"no check item of tasks {list(visit.task_ids)} applies to subject "
                f"{subject.code!r}",
                field="subject",
                value=subject.code,
            )
        form = cls(
            subject=subject,
            task_ids=visit.task_ids,
            task_names=tuple(annual.task(t).name for t in visit.task_ids),
            window=visit.window,
            sections=tuple(sections),
        )
        for task_id in visit.task_ids:  # each task's own form must build (conditions, teams)
            form._task_form(annual, task_id)
        return form

    @property
    def check_items(self) -> tuple[JointItem, ...]:
        """Every item on the merged form, department by department."""
        return tuple(i for s in self.sections for i in s.items)

    def section(self, department_id: str) -> JointSection:
        """The section of ``department_id``."""
        for section in self.sections:
            if section.department_id == department_id:
                return section
        raise InspectionError(
            f"department {department_id!r} has no section on the joint form of "
            f"{self.subject.code!r}; departments: {[s.department_id for s in self.sections]}",
            field="department_id",
            value=department_id,
        )

    def record_result(self, annual: AnnualPlan, result: InspectionResult) -> JointVisitForm:
        """This form with one task's result of one department entered against it.

        Raises:
            InspectionError: the result is for another subject or task, or fails the task's
                own form (:func:`~jointcheck.inspection.check_result`), or the day is
                outside the visit's window, or the result is already entered.
        """
        if result.subject_code != self.subject.code or result.task_id not in self.task_ids:
            raise InspectionError(
                f"result for subject {result.subject_code!r} in task {result.task_id!r} cannot "
                f"go on the joint form of {self.subject.code!r} (tasks {list(self.task_ids)})",
                field="task_id",
                value=result.task_id,
            )
        if result.inspected_on not in self.window:
            raise InspectionError(
                f"the visit to {self.subject.code!r} was on {result.inspected_on}, outside the "
                f"days {self.window.start}..{self.window.end} every task of the visit allows",
                field="inspected_on",
                value=result.inspected_on,
            )
        if any(
            (r.task_id, r.department_id) == (result.task_id, result.department_id)
            for r in self.results
        ):
            raise InspectionError(
                f"department {result.department_id!r} already entered its result of task "
                f"{result.task_id!r} for {self.subject.code!r}",
                field="department_id",
                value=result.department_id,
            )
        form = self._task_form(annual, result.task_id)
        check_result(form.section(result.department_id), result)
        return self.model_copy(update={"results": (*self.results, result)})

    def with_signature(self, signature: Signature) -> JointVisitForm:
        """This form signed (or with the record of a refusal); one signature for the visit."""
        if self.signature.status is not SignatureStatus.UNSIGNED:
            raise InspectionError(
                f"the joint form of {self.subject.code!r} is already {self.signature.status.value}",
                field="signature",
                value=signature.status,
            )
        members = {m for s in self.sections for m in s.team.member_ids}
        strangers = [i for i in signature.recorded_by if i not in members]
        if strangers:
            raise InspectionError(
                f"refusal recorded by {strangers}, who are on no team of the visit",
                field="recorded_by",
                value=strangers,
            )
        return self.model_copy(update={"signature": signature})

    def _task_form(self, annual: AnnualPlan, task_id: str) -> InspectionForm:
        entry = annual.entry(task_id)
        teams = [s.team for s in self.sections if any(i.task_id == task_id for i in s.items)]
        return InspectionForm.build(entry.plan, task_id, self.subject, teams)

    def task_forms(self, annual: AnnualPlan) -> tuple[InspectionForm, ...]:
        """Each task's own blank form (with the visit's signature), one per task of the visit."""
        forms = []
        for task_id in self.task_ids:
            form = self._task_form(annual, task_id)
            if self.signature.status is not SignatureStatus.UNSIGNED:
                form = form.with_signature(self.signature)
            forms.append(form)
        return tuple(forms)

    def into_ledger(self, annual: AnnualPlan, ledger: PlanLedger) -> PlanLedger:
        """``ledger`` with this visit's forms and results for the tasks of its plan.

        Each task of the visit that belongs to ``ledger``'s plan gets its own form (added with
        :meth:`~jointcheck.inspection.PlanLedger.add_forms`) and the results recorded against
        the visit, so each task's annex-2 table and disclosure count them.
        """
        plan_tasks = {t.id for t in ledger.plan.tasks}
        for form in self.task_forms(annual):
            if form.task_id not in plan_tasks:
                continue
            ledger = ledger.add_forms(form.task_id, [form])
            ledger = ledger.record_results(r for r in self.results if r.task_id == form.task_id)
        return ledger

    def to_markdown(self, *, title: str = "随机抽查联合检查记录表（一企一表）") -> str:
        """The merged form as Markdown: subject, tasks, each department's team and items."""
        from jointcheck.year._render import joint_form_markdown

        return joint_form_markdown(self, title=title)
