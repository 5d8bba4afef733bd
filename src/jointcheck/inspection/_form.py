"""One form per subject (一企一表): every department's check items, team, findings and result."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from enum import Enum

from pydantic import Field, model_validator

from jointcheck.errors import InspectionError
from jointcheck.inspection._result import InspectionResult
from jointcheck.inspection._team import FormTeam
from jointcheck.model import (
    CheckItem,
    DateWindow,
    FrozenModel,
    InspectionMethod,
    Plan,
    Subject,
    Task,
)
from jointcheck.model._base import NonEmptyStr, SortedUniqueStrs

__all__ = [
    "FormSection",
    "InspectionForm",
    "Signature",
    "SignatureStatus",
    "applicable_items",
    "check_result",
]


class SignatureStatus(str, Enum):
    """Whether the subject confirmed the form (被检查对象签字确认)."""

    UNSIGNED = "UNSIGNED"  # 未签字 (not yet presented)
    SIGNED = "SIGNED"  # 法定代表人（负责人）签字盖章确认
    REFUSED = "REFUSED"  # 拒绝签字，在"一企一表"上如实记录

    @property
    def label(self) -> str:
        """The Chinese text printed on the form."""
        return _SIGNATURE_LABELS[self]


_SIGNATURE_LABELS = {
    SignatureStatus.UNSIGNED: "未签字",
    SignatureStatus.SIGNED: "已签字确认",
    SignatureStatus.REFUSED: "拒绝签字",
}


class Signature(FrozenModel):
    """The subject's confirmation of the form, or the record of its refusal.

    A signature names the signer and the day; a refusal is recorded truthfully
    ("被检查对象拒绝签字的应当在'一企一表'上如实记录"): the day, what happened, and the
    inspectors who recorded it.

    Examples:
        >>> Signature.signed(signer="王某", on=dt.date(2025, 6, 3)).status.label
        '已签字确认'
    """

    status: SignatureStatus = Field(
        default=SignatureStatus.UNSIGNED, description="未签字 / 已签字确认 / 拒绝签字"
    )
    signer: str = Field(
        default="", description="Who signed (法定代表人或负责人姓名); blank unless SIGNED"
    )
    signer_role: str = Field(
        default="法定代表人", description="The signer's role, e.g. 法定代表人, 负责人, 委托代理人"
    )
    sealed: bool = Field(default=False, description="Whether the subject's seal was affixed (盖章)")
    on: dt.date | None = Field(default=None, description="Day of signature or refusal")
    note: str = Field(
        default="", description="Remarks; for a refusal, the truthful record of what happened"
    )
    recorded_by: SortedUniqueStrs = Field(
        default=(), description="Inspector ids who recorded a refusal (members of the form's teams)"
    )

    @model_validator(mode="after")
    def _complete(self) -> Signature:
        if self.status is SignatureStatus.UNSIGNED:
            if self.signer or self.on or self.recorded_by or self.sealed:
                raise ValueError(
                    "an UNSIGNED signature has no signer, day, seal or recorded_by; set status "
                    "SIGNED or REFUSED"
                )
        elif self.status is SignatureStatus.SIGNED:
            if not self.signer.strip() or self.on is None:
                raise ValueError("a SIGNED signature needs the signer's name and the day (on)")
            if self.recorded_by:
                raise ValueError("recorded_by is for refusals; a SIGNED form has none")
        elif not self.note.strip() or self.on is None or not self.recorded_by:
            raise ValueError(
                "a REFUSED signature is recorded truthfully (如实记录): it needs the day (on), a "
                "note of what happened and the inspectors who recorded it (recorded_by)"
            )
        return self

    @classmethod
    def signed(
        cls, *, signer: str, on: dt.date, role: str = "法定代表人", sealed: bool = True
    ) -> Signature:
        """A signature by ``signer`` (法定代表人 by default) on ``on``."""
        return cls(
            status=SignatureStatus.SIGNED, signer=signer, signer_role=role, sealed=sealed, on=on
        )

    @classmethod
    def refused(cls, *, on: dt.date, note: str, recorded_by: Iterable[str]) -> Signature:
        """A refusal to sign, recorded on ``on`` by the inspectors ``recorded_by``."""
        return cls(status=SignatureStatus.REFUSED, on=on, note=note, recorded_by=tuple(recorded_by))


class FormSection(FrozenModel):
    """One department's part of the form: its team, its check items and its result."""

    department_id: NonEmptyStr = Field(description="Department (检查部门)")
    department_name: NonEmptyStr = Field(description="Department name as printed")
    team: FormTeam = Field(description="Members the department sends (specialists marked)")
    min_members: int = Field(
        ge=1, description="Minimum counted members the task requires (不少于2人)"
    )
    items: tuple[CheckItem, ...] = Field(
        min_length=1, description="The department's check items that apply to this subject"
    )
    result: InspectionResult | None = Field(
        default=None, description="The department's result; None until entered (未录入)"
    )

    @model_validator(mode="after")
    def _consistent(self) -> FormSection:
        if self.team.department_id != self.department_id:
            raise ValueError(
                f"team of department {self.team.department_id!r} in the section of "
                f"{self.department_id!r}; the section's team is its own department's"
            )
        foreign = [i.id for i in self.items if i.department_id != self.department_id]
        if foreign:
            raise ValueError(
                f"items {foreign} belong to another department than {self.department_id!r}"
            )
        counted = len(self.team.counted_ids)
        if counted < self.min_members:
            raise ValueError(
                f"team of department {self.department_id!r} has {counted} counted members, "
                f"fewer than the minimum {self.min_members}"
            )
        if self.result is not None:
            check_result(self, self.result)
        return self


def applicable_items(task: Task, department_id: str, subject: Subject) -> tuple[CheckItem, ...]:
    """The department's check items that apply to ``subject`` (一企一表).

    An item with no ``applies_to_tags`` applies to every subject; otherwise the subject must
    carry one of its tags.
    """
    tags = set(subject.tags)
    return tuple(
        item
        for item in task.items_for(department_id)
        if not item.applies_to_tags or tags.intersection(item.applies_to_tags)
    )


def check_result(section: FormSection, result: InspectionResult) -> None:
    """Check ``result`` against the section it goes into.

    Raises:
        InspectionError: another department's result, inspectors who are not counted members
            of the team, fewer of them than the minimum, specialists not on the team, or
            findings on items that are not on this part of the form.
    """
    if result.department_id != section.department_id:
        raise InspectionError(
            f"result of department {result.department_id!r} cannot go into the section of "
            f"department {section.department_id!r}",
            field="department_id",
            value=result.department_id,
        )
    counted = set(section.team.counted_ids)
    strangers = [i for i in result.inspector_ids if i not in counted]
    if strangers:
        specialists = [i for i in strangers if i in section.team.specialist_ids]
        hint = (
            f" ({specialists} are specialists: list them in specialist_ids)" if specialists else ""
        )
        raise InspectionError(
            f"inspectors {strangers} are not counted members of the team of department "
            f"{section.department_id!r} for subject {result.subject_code!r}; the team is "
            f"{list(section.team.counted_ids)}{hint}",
            field="inspector_ids",
            value=strangers,
        )
    if len(result.inspector_ids) < section.min_members:
        raise InspectionError(
            f"{len(result.inspector_ids)} inspector(s) {list(result.inspector_ids)} of department "
            f"{section.department_id!r} went to subject {result.subject_code!r}; at least "
            f"{section.min_members} are required (执法人员不得少于{section.min_members}人)",
            field="inspector_ids",
            value=result.inspector_ids,
        )
    extra = [i for i in result.specialist_ids if i not in section.team.specialist_ids]
    if extra:
        raise InspectionError(
            f"specialists {extra} are not specialists of the team of department "
            f"{section.department_id!r}; its specialists are {list(section.team.specialist_ids)}",
            field="specialist_ids",
            value=extra,
        )
    item_ids = {item.id for item in section.items}
    unknown = [f.item_id for f in result.findings if f.item_id not in item_ids]
    if unknown:
        raise InspectionError(
            f"findings on items {unknown} that are not on the form of subject "
            f"{result.subject_code!r} for department {section.department_id!r}; its items are "
            f"{sorted(item_ids)}",
            field="findings",
            value=unknown,
        )


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
            if len(team.counted_ids) < requirement.min_members:
                raise InspectionError(
                    f"team of department {department_id!r} for subject {subject.code!r} has "
                    f"{len(team.counted_ids)} counted member(s) {list(team.counted_ids)}; at "
                    f"least {requirement.min_members} are required",
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

    def to_markdown(self) -> str:
        """The form as a Markdown document with Chinese labels."""
        from jointcheck.inspection._render import form_markdown

        return form_markdown(self)

    def to_html(self) -> str:
        """The form as a standalone printable HTML page (A4) with Chinese labels."""
        from jointcheck.inspection._render import form_html

        return form_html(self)


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
