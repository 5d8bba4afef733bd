"""Filing: annex 2 with its sign-off block and 合计 row, and the advance notice (提前告知)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import Field, model_validator

from jointcheck.inspection import InspectionForm, Summary
from jointcheck.model import DateWindow, FrozenModel
from jointcheck.year._visit import JointVisitForm

__all__ = ["AdvanceNotice", "Annex2", "SignOff"]


class SignOff(FrozenModel):
    """The sign-off block under annex 2 (负责人、填表人、联系电话、填表时间)."""

    responsible: str = Field(default="", description="负责人")
    filled_by: str = Field(default="", description="填表人")
    phone: str = Field(default="", description="联系电话")
    filled_on: dt.date | None = Field(default=None, description="填表时间")


class Annex2(FrozenModel):
    """Annex 2 as filed (抽查情况汇总统计表): the summary, a 合计 row, the sign-off block.

    Examples:
        >>> from jointcheck.inspection import summarize
        >>> from jointcheck.model import Department
        >>> summary = summarize([], departments=[Department(id="w", name="卫健委")],
        ...                     title="汇总统计表")
        >>> print(Annex2(summary=summary, sign_off=SignOff(responsible="王某")).to_csv().splitlines()[-2])
        合计,0,0,0,0,0,0,0,0,0
    """

    summary: Summary = Field(description="The table (its title is the printed title)")
    sign_off: SignOff = Field(default_factory=SignOff, description="负责人、填表人、填表时间")
    note: str = Field(
        default="", description="注意事项, e.g. 该统计表由县卫健委会同县市场监督管理局统一汇总填写"
    )

    def totals(self) -> tuple[int, ...]:
        """The 合计 row: every numeric column summed over the departments."""
        header, *rows = self.summary.table()
        return tuple(sum(int(r[c]) for r in rows) for c in range(1, len(header)))

    def to_csv(self) -> str:
        """Title, header, rows, 合计 and the sign-off as CSV (formula-safe cells)."""
        from jointcheck.year._render import annex2_csv

        return annex2_csv(self.summary, self.sign_off)

    def to_markdown(self) -> str:
        """The filed table as Markdown."""
        from jointcheck.year._render import annex2_markdown

        return annex2_markdown(self.summary, self.sign_off, note=self.note)

    def to_html(self) -> str:
        """The filed table as a printable HTML page."""
        from jointcheck.year._render import annex2_html

        return annex2_html(self.summary, self.sign_off, note=self.note)


class AdvanceNotice(FrozenModel):
    """提前告知: the subject is told at once the items, the time and the materials to prepare
    ("一次性告知检查事项、检查时间以及需要准备的检查材料", Xing'an 2023, Xiao 2025)."""

    title: str = Field(default="随机抽查检查事项告知书", min_length=1, description="Title")
    subject_code: str = Field(min_length=1, description="Subject")
    subject_name: str = Field(min_length=1, description="Subject's name")
    task_names: tuple[str, ...] = Field(min_length=1, description="Tasks of the visit")
    departments: tuple[str, ...] = Field(min_length=1, description="Departments that come")
    items: tuple[str, ...] = Field(min_length=1, description="Check items")
    visit: DateWindow = Field(description="The day (or days) of the visit")
    materials: tuple[str, ...] = Field(default=(), description="Materials to prepare")
    contact: str = Field(default="", description="联系人及电话")
    issuer: str = Field(default="", description="Issuing department(s)")
    issued_on: dt.date = Field(description="Day of the notice")

    @model_validator(mode="after")
    def _before_visit(self) -> AdvanceNotice:
        if self.issued_on > self.visit.start:
            raise ValueError(
                f"the notice is issued on {self.issued_on}, after the visit starts on "
                f"{self.visit.start}; an advance notice comes before the visit"
            )
        return self

    @classmethod
    def for_form(
        cls,
        form: InspectionForm | JointVisitForm,
        *,
        visit: DateWindow,
        issued_on: dt.date,
        materials: Iterable[str] = (),
        contact: str = "",
        issuer: str = "",
        title: str = "随机抽查检查事项告知书",
    ) -> AdvanceNotice:
        """The notice for the subject of ``form`` (a task's form or a joint visit's)."""
        if isinstance(form, JointVisitForm):
            names = form.task_names
            departments = tuple(s.department_name for s in form.sections)
            items = tuple(dict.fromkeys(i.item.name for i in form.check_items))
        else:
            names = (form.task_name,)
            departments = tuple(s.department_name for s in form.sections)
            items = tuple(dict.fromkeys(i.name for i in form.check_items))
        return cls(
            title=title,
            subject_code=form.subject.code,
            subject_name=form.subject.name or form.subject.code,
            task_names=names,
            departments=departments,
            items=items,
            visit=visit,
            materials=tuple(materials),
            contact=contact,
            issuer=issuer or "、".join(departments),
            issued_on=issued_on,
        )

    def to_markdown(self) -> str:
        """The notice as Markdown."""
        from jointcheck.year._render import notice_markdown

        return notice_markdown(self)

    def to_html(self) -> str:
        """The notice as a printable HTML page."""
        from jointcheck.year._render import notice_html

        return notice_html(self)
