"""One form per subject (一企一表): every department's check items, team, findings and result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import Field, model_validator

from jointcheck._internal.base import NonEmptyStr
from jointcheck.errors import InspectionError
from jointcheck.forms._render import TITLE, form_html, form_markdown
from jointcheck.forms._result import InspectionResult
from jointcheck.forms._section import FormSection, applicable_items, check_result
from jointcheck.forms._signature import Signature, SignatureStatus
from jointcheck.forms._team import FormTeam
from jointcheck.model import (
    CheckItem,
    DateWindow,
    FrozenModel,
    InspectionMethod,
    Plan,
    Subject,
    Task,
)

__all__ = ["InspectionForm"]


class InspectionForm(FrozenModel):
    """The joint inspection record of one subject (随机抽查联合检查记录表, 一企一表).

    Build it with :meth:`build`; it holds the subject, every department's applicable check
    items with their legal basis, each department's team (specialists marked), the results
    and findings as they are entered, and the subject's signature or the record of its
    refusal. Render it with :meth:`to_markdown`, :meth:`to_html` or :meth:`to_json`.
    """

    plan_id: NonEmptyStr = Field(description="Plan (抽查计划) id")
    plan_name: str = Field(default="", description="Plan name as published")
    document_number: str = Field(default="", description="The plan's document number (文号)")
    task_id: NonEmptyStr = Field(description="Task (抽查任务) id")
    task_name: NonEmptyStr = Field(description="Task name")
    method: InspectionMethod = Field(
        default=InspectionMethod.ON_SITE, description="Inspection method (检查方式)"
    )
    inspection: DateWindow | None = Field(
        default=None, description="The task's inspection window (检查时间) in force"
    )
    subject: Subject = Field(description="The subject inspected (检查对象)")
    sections: tuple[FormSection, ...] = Field(
        min_length=1, description="One section per department with applicable check items"
    )
    signature: Signature = Field(
        default_factory=Signature, description="The subject's signature or refusal"
    )

    @model_validator(mode="after")
    def _consistent(self) -> InspectionForm:
        dupes = [d for d, n in Counter(s.department_id for s in self.sections).items() if n > 1]
        if dupes:
            raise ValueError(f"departments {dupes} have more than one section on the form")
        for section in self.sections:
            result = section.result
            if result is None:
                continue
            if result.subject_code != self.subject.code or result.task_id != self.task_id:
                raise ValueError(
                    f"section {section.department_id!r} holds a result for subject "
                    f"{result.subject_code!r} in task {result.task_id!r}; the form is subject "
                    f"{self.subject.code!r} in task {self.task_id!r}"
                )
        members = {m for s in self.sections for m in s.team.member_ids}
        strangers = [i for i in self.signature.recorded_by if i not in members]
        if strangers:
            raise ValueError(
                f"refusal recorded by {strangers}, who are not on any team of this form"
            )
        return self

    @classmethod
    def build(
        cls,
        plan: Plan,
        task_id: str,
        subject: Subject,
        teams: Iterable[FormTeam],
    ) -> InspectionForm:
        """The blank form of ``subject`` in task ``task_id`` of ``plan``.

        Every department of the task with at least one check item applying to the subject
        gets a section; each such department must have a team of at least the task's
        minimum of counted members.

        Raises:
            InspectionError: the subject does not meet the task's conditions (kind, 定向
                tags, jurisdictions), no item applies to it, a department with items has no
                team or too few members, or a team is given for a department with no item on
                this form.
            KeyError: ``task_id`` is not in the plan.
        """
        task = plan.task(task_id)
        _check_subject_fits(task, subject)
        by_department: dict[str, FormTeam] = {}
        for given in teams:
            if given.department_id in by_department:
                raise InspectionError(
                    f"two teams given for department {given.department_id!r} and subject "
                    f"{subject.code!r}; a department sends one team per subject",
                    field="teams",
                    value=given.department_id,
                )
            by_department[given.department_id] = given
        sections = []
        for department_id in task.department_ids:
            items = applicable_items(task, department_id, subject)
            team = by_department.pop(department_id, None)
            if not items:
                if team is not None:
                    raise InspectionError(
                        f"team given for department {department_id!r}, but none of its check "
                        f"items applies to subject {subject.code!r} (tags {list(subject.tags)}); "
                        "the department has no part in this form",
                        field="teams",
                        value=department_id,
                    )
                continue
            requirement = task.team_requirement(department_id)
            if team is None:
                raise InspectionError(
                    f"no team for department {department_id!r} and subject {subject.code!r}; "
                    f"its items {[i.id for i in items]} apply, so it sends at least "
                    f"{requirement.min_members} inspectors",
                    field="teams",
                    value=department_id,
                )
            gap = requirement.gap(members=len(team.counted_ids))
            if gap:
                raise InspectionError(
                    f"team {list(team.counted_ids)} for subject {subject.code!r}: {gap.message}",
                    field="teams",
                    value=team.counted_ids,
                )
            sections.append(
                FormSection(
                    department_id=department_id,
                    department_name=plan.department(department_id).name,
                    team=team,
                    min_members=requirement.min_members,
                    items=items,
                )
            )
        if by_department:
            raise InspectionError(
                f"teams given for departments {sorted(by_department)} that have no check items "
                f"in task {task_id!r}; its departments are {list(task.department_ids)}",
                field="teams",
                value=sorted(by_department),
            )
        if not sections:
            raise InspectionError(
                f"no check item of task {task_id!r} applies to subject {subject.code!r} "
                f"(tags {list(subject.tags)}); there is nothing to put on its form",
                field="subject",
                value=subject.code,
            )
        return cls(
            plan_id=plan.id,
            plan_name=plan.name,
            document_number=plan.document_number,
            task_id=task.id,
            task_name=task.name,
            method=task.method,
            inspection=task.inspection,
            subject=subject,
            sections=tuple(sections),
        )

    # ------------------------------------------------------------------ queries
    @property
    def department_ids(self) -> tuple[str, ...]:
        """Departments on the form, in section order."""
        return tuple(s.department_id for s in self.sections)

    @property
    def check_items(self) -> tuple[CheckItem, ...]:
        """Every check item on the form, section by section."""
        return tuple(item for s in self.sections for item in s.items)

    @property
    def results(self) -> tuple[InspectionResult, ...]:
        """The results entered so far, in section order."""
        return tuple(s.result for s in self.sections if s.result is not None)

    @property
    def is_complete(self) -> bool:
        """Whether every department entered its result and the subject signed or refused."""
        return all(s.result is not None for s in self.sections) and (
            self.signature.status is not SignatureStatus.UNSIGNED
        )

    def section(self, department_id: str) -> FormSection:
        """The section of ``department_id``.

        Raises:
            InspectionError: the department has no section on this form.
        """
        for section in self.sections:
            if section.department_id == department_id:
                return section
        raise InspectionError(
            f"department {department_id!r} has no section on the form of subject "
            f"{self.subject.code!r} in task {self.task_id!r}; departments: "
            f"{list(self.department_ids)}",
            field="department_id",
            value=department_id,
        )

    # ------------------------------------------------------------------ changes
    def with_signature(self, signature: Signature) -> InspectionForm:
        """This form with ``signature`` (signed, or the record of a refusal).

        Raises:
            InspectionError: the form already carries a signature or a refusal, or a refusal
                is recorded by someone on no team of the form.
        """
        if self.signature.status is not SignatureStatus.UNSIGNED:
            raise InspectionError(
                f"the form of subject {self.subject.code!r} is already "
                f"{self.signature.status.value} on {self.signature.on}; a signature is not "
                "replaced",
                field="signature",
                value=signature.status,
            )
        members = {m for section in self.sections for m in section.team.member_ids}
        strangers = [i for i in signature.recorded_by if i not in members]
        if strangers:
            raise InspectionError(
                f"refusal recorded by {strangers}, who are not on any team of the form of "
                f"subject {self.subject.code!r}; members: {sorted(members)}",
                field="recorded_by",
                value=strangers,
            )
        return self.model_copy(update={"signature": signature})

    def _with_result(self, result: InspectionResult, *, replace: bool) -> InspectionForm:
        if result.subject_code != self.subject.code or result.task_id != self.task_id:
            raise InspectionError(
                f"result for subject {result.subject_code!r} in task {result.task_id!r} cannot "
                f"go on the form of subject {self.subject.code!r} in task {self.task_id!r}",
                field="subject_code",
                value=result.subject_code,
            )
        section = self.section(result.department_id)
        if section.result is not None and not replace:
            raise InspectionError(
                f"department {result.department_id!r} already entered its result for subject "
                f"{result.subject_code!r} on {section.result.entered_on}; amend it instead",
                field="department_id",
                value=result.department_id,
            )
        if section.result is not None and section.result.published_on is not None:
            raise InspectionError(
                f"the result of department {result.department_id!r} for subject "
                f"{result.subject_code!r} was published on {section.result.published_on}; a "
                "published result is not amended",
                field="department_id",
                value=result.department_id,
            )
        check_result(section, result)
        sections = tuple(
            s.model_copy(update={"result": result}) if s is section else s for s in self.sections
        )
        return self.model_copy(update={"sections": sections})

    def _with_window(self, window: DateWindow | None) -> InspectionForm:
        return self.model_copy(update={"inspection": window})

    # ------------------------------------------------------------------ rendering
    def to_json(self, *, indent: int | None = 2) -> str:
        """The form as JSON (UTF-8 text, Chinese kept as is)."""
        return self.model_dump_json(indent=indent)

    def to_markdown(self, *, title: str = TITLE) -> str:
        """The form as a Markdown document with Chinese labels, under ``title`` (default
        随机抽查联合检查记录表（一企一表）; e.g. a province's 安徽省随机抽查检查表)."""
        return form_markdown(self, title=title)

    def to_html(self, *, title: str = TITLE) -> str:
        """The form as a standalone printable HTML page (A4) with Chinese labels, under
        ``title``."""
        return form_html(self, title=title)


def _check_subject_fits(task: Task, subject: Subject) -> None:
    if subject.kind not in task.subject_kinds:
        raise InspectionError(
            f"subject {subject.code!r} is a {subject.kind.value}; task {task.id!r} inspects "
            f"{[k.value for k in task.subject_kinds]} only",
            field="subject",
            value=subject.code,
        )
    if task.required_tags and not set(task.required_tags).intersection(subject.tags):
        raise InspectionError(
            f"subject {subject.code!r} carries tags {list(subject.tags)}, none of the tags "
            f"{list(task.required_tags)} task {task.id!r} is directed at (定向)",
            field="subject",
            value=subject.code,
        )
    if task.jurisdictions and subject.jurisdiction not in task.jurisdictions:
        raise InspectionError(
            f"subject {subject.code!r} is registered in {subject.jurisdiction!r}, outside the "
            f"jurisdictions {list(task.jurisdictions)} of task {task.id!r}",
            field="subject",
            value=subject.code,
        )
