"""One joint visit per subject (进一次门、查多项事): a subject drawn by several tasks whose
inspection windows overlap gets one merged form (一企一表) and one team per department."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from pydantic import Field, model_validator

from jointcheck._internal.markdown import markdown_table, md_text
from jointcheck.errors import InspectionError
from jointcheck.forms._form import InspectionForm
from jointcheck.forms._render import TITLE
from jointcheck.forms._result import InspectionResult
from jointcheck.forms._section import applicable_items, check_result
from jointcheck.forms._signature import Signature, SignatureStatus
from jointcheck.forms._team import FormTeam
from jointcheck.model import CheckItem, DateWindow, FrozenModel, Plan, Subject, Task

__all__ = ["JointItem", "JointSection", "JointVisit", "JointVisitForm"]


class JointVisit(FrozenModel):
    """Tasks that inspect one subject in one visit, and the days all their windows share."""

    subject_code: str = Field(min_length=1, description="The subject")
    task_ids: tuple[str, ...] = Field(min_length=1, description="Tasks inspected in the visit")
    window: DateWindow = Field(description="Days inside every task's inspection window")

    @property
    def is_joint(self) -> bool:
        """Whether more than one task shares the visit."""
        return len(self.task_ids) > 1


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


def _find(plans: Sequence[Plan], task_id: str) -> tuple[Plan, Task]:
    for plan in plans:
        for task in plan.tasks:
            if task.id == task_id:
                return plan, task
    raise InspectionError(
        f"task {task_id!r} of the visit is in none of the plans given {[p.id for p in plans]}",
        field="task_id",
        value=task_id,
    )


class JointVisitForm(FrozenModel):
    """The merged record of one joint visit (一企一表 across tasks).

    It holds every task's applicable check items, one team per department that meets every
    task's requirement (the largest minimum, every qualification any task asks for), each
    task's own :class:`~jointcheck.forms.InspectionForm` (:attr:`task_forms`, for the
    task's ledger and annex 2), and each task's results recorded against the visit.
    """

    subject: Subject = Field(description="The subject")
    task_ids: tuple[str, ...] = Field(min_length=1, description="Tasks of the visit")
    task_names: tuple[str, ...] = Field(min_length=1, description="Their names, same order")
    window: DateWindow = Field(description="Days inside every task's inspection window")
    sections: tuple[JointSection, ...] = Field(min_length=1, description="One per department")
    task_forms: tuple[InspectionForm, ...] = Field(
        min_length=1, description="Each task's own form (blank; results are in `results`)"
    )
    results: tuple[InspectionResult, ...] = Field(default=(), description="Results entered")
    signature: Signature = Field(default_factory=Signature, description="Signature or refusal")

    @model_validator(mode="after")
    def _consistent(self) -> JointVisitForm:
        dupes = [d for d, n in Counter(s.department_id for s in self.sections).items() if n > 1]
        if dupes:
            raise ValueError(f"departments {dupes} have more than one section")
        if tuple(f.task_id for f in self.task_forms) != self.task_ids:
            raise ValueError("task_forms must hold one form per task, in task_ids order")
        keys = [(r.task_id, r.department_id) for r in self.results]
        dupes_r = [k for k, n in Counter(keys).items() if n > 1]
        if dupes_r:
            raise ValueError(f"more than one result for (task, department) {dupes_r}")
        return self

    @classmethod
    def build(
        cls,
        plans: Sequence[Plan],
        visit: JointVisit,
        subject: Subject,
        teams: Iterable[FormTeam],
    ) -> JointVisitForm:
        """The blank merged form of ``visit`` for ``subject``; ``plans`` hold its tasks.

        Raises:
            InspectionError: the subject is not the visit's, a task is in none of the plans,
                a department with items has no team or fewer counted members than some task
                requires, a team is given for a department with no items, or a task has
                nothing to check on the subject (its own form cannot be built).
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
        names: dict[str, str] = {}
        found = [_find(plans, task_id) for task_id in visit.task_ids]
        for plan, task in found:
            for department_id in task.department_ids:
                applying = applicable_items(task, department_id, subject)
                if not applying:
                    continue
                names.setdefault(department_id, plan.department(department_id).name)
                items.setdefault(department_id, []).extend(
                    JointItem(task_id=task.id, item=i) for i in applying
                )
                requirement = task.team_requirement(department_id)
                minimum[department_id] = max(minimum.get(department_id, 0), requirement.min_members)
                wanted = qualifications.setdefault(department_id, set())
                wanted.update(requirement.qualifications)
                wanted.update(i.qualification for i in applying if i.qualification)
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
                    department_name=names[department_id],
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
        task_forms = tuple(
            InspectionForm.build(
                plan,
                task.id,
                subject,
                [s.team for s in sections if any(i.task_id == task.id for i in s.items)],
            )
            for plan, task in found
        )
        return cls(
            subject=subject,
            task_ids=visit.task_ids,
            task_names=tuple(task.name for _, task in found),
            window=visit.window,
            sections=tuple(sections),
            task_forms=task_forms,
        )

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

    def task_form(self, task_id: str) -> InspectionForm:
        """The task's own form (blank), with the visit's signature once signed."""
        for form in self.task_forms:
            if form.task_id == task_id:
                if self.signature.status is SignatureStatus.UNSIGNED:
                    return form
                return form.with_signature(self.signature)
        raise InspectionError(
            f"task {task_id!r} is not a task of the visit; tasks: {list(self.task_ids)}",
            field="task_id",
            value=task_id,
        )

    def record_result(self, result: InspectionResult) -> JointVisitForm:
        """This form with one task's result of one department entered against it.

        Raises:
            InspectionError: the result is for another subject or task, fails the task's
                own form (:func:`~jointcheck.forms.check_result`), is dated outside the
                visit's window, or is already entered.
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
        key = (result.task_id, result.department_id)
        if any((r.task_id, r.department_id) == key for r in self.results):
            raise InspectionError(
                f"department {result.department_id!r} already entered its result of task "
                f"{result.task_id!r} for {self.subject.code!r}",
                field="department_id",
                value=result.department_id,
            )
        check_result(self.task_form(result.task_id).section(result.department_id), result)
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

    def to_markdown(self, *, title: str = TITLE) -> str:
        """The merged form as Markdown: subject, tasks, each department's team and items."""
        return joint_form_markdown(self, title=title)


def joint_form_markdown(form: JointVisitForm, *, title: str) -> str:
    """The merged joint-visit form as Markdown."""
    s = form.subject
    head = [
        ("检查对象名称", s.name),
        ("统一社会信用代码", s.code),
        ("登记管辖", s.jurisdiction),
        ("抽查任务", "；".join(form.task_names)),
        ("检查时间", f"{form.window.start} 至 {form.window.end}"),
    ]
    out = [f"# {md_text(title)}", "", markdown_table(("项目", "内容"), head), ""]
    names = dict(zip(form.task_ids, form.task_names, strict=True))
    for section in form.sections:
        out.append(f"## {md_text(section.department_name)}")
        out.append("")
        members = "、".join(
            m.display_name + ("（专业人员）" if m.specialist else "") for m in section.team.members
        )
        out.append(f"**检查人员**：{md_text(members)}（不少于{section.min_members}人）  ")
        if section.qualifications:
            out.append(f"**专业资质**：{md_text('、'.join(section.qualifications))}  ")
        out.append("")
        rows = []
        for n, joint in enumerate(section.items, 1):
            result = next(
                (
                    r
                    for r in form.results
                    if r.task_id == joint.task_id and r.department_id == section.department_id
                ),
                None,
            )
            finding = result.finding(joint.item.id) if result else None
            rows.append(
                (
                    str(n),
                    names[joint.task_id],
                    joint.item.name,
                    joint.item.legal_basis,
                    finding.outcome.label if finding else "",
                )
            )
        out.append(markdown_table(("序号", "抽查任务", "检查事项", "检查依据", "检查结果"), rows))
        out.append("")
    out.append("**法定代表人（负责人）签字（盖章）**：＿＿＿＿＿＿＿＿")
    return "\n".join(out) + "\n"
