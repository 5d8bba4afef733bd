"""The advance notice (提前告知): items, time and materials, told to the subject at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import Field, model_validator

from jointcheck._internal.markdown import md_text
from jointcheck._internal.printable import e, html_page
from jointcheck.forms._form import InspectionForm
from jointcheck.forms._joint import JointVisitForm
from jointcheck.model import DateWindow, FrozenModel

__all__ = ["AdvanceNotice"]


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
            items = tuple(dict.fromkeys(i.item.name for i in form.check_items))
        else:
            names = (form.task_name,)
            items = tuple(dict.fromkeys(i.name for i in form.check_items))
        departments = tuple(s.department_name for s in form.sections)
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
        return notice_markdown(self)

    def to_html(self) -> str:
        """The notice as a printable HTML page, all input escaped."""
        return notice_html(self)


def _lead(notice: AdvanceNotice) -> str:
    start, end = notice.visit.start, notice.visit.end
    when = f"{start}" if start == end else f"{start}至{end}"
    return (
        f"{notice.subject_name}（统一社会信用代码：{notice.subject_code}）：根据"
        f"{'、'.join(notice.task_names)}，{'、'.join(notice.departments)}定于{when}对你单位"
        "实施检查（进一次门、查多项事）。现将检查事项、检查时间及需要准备的材料一次性告知如下，"
        "请法定代表人（负责人）或委托人员到场配合检查。"
    )


def notice_markdown(notice: AdvanceNotice) -> str:
    """The advance notice (检查事项告知书) as Markdown."""
    out = [f"# {md_text(notice.title)}", "", md_text(_lead(notice)), "", "## 一、检查事项", ""]
    out.extend(f"{n}. {md_text(i)}" for n, i in enumerate(notice.items, 1))
    out += ["", "## 二、检查时间", "", f"{notice.visit.start} 至 {notice.visit.end}"]
    out += ["", "## 三、需要准备的材料", ""]
    out.extend(f"{n}. {md_text(m)}" for n, m in enumerate(notice.materials, 1))
    if not notice.materials:
        out.append("无")
    out += [
        "",
        f"联系人：{md_text(notice.contact)}",
        "",
        f"{md_text(notice.issuer)}　{notice.issued_on}",
    ]
    return "\n".join(out) + "\n"


def notice_html(notice: AdvanceNotice) -> str:
    """The advance notice as a printable HTML page, all input escaped."""
    materials = (
        "<ol>" + "".join(f"<li>{e(m)}</li>" for m in notice.materials) + "</ol>"
        if notice.materials
        else "<p>无</p>"
    )
    body = (
        f"<p>{e(_lead(notice))}</p><h2>一、检查事项</h2><ol>"
        + "".join(f"<li>{e(i)}</li>" for i in notice.items)
        + f"</ol><h2>二、检查时间</h2><p>{e(notice.visit.start)} 至 {e(notice.visit.end)}</p>"
        + f"<h2>三、需要准备的材料</h2>{materials}"
        + f"<p>联系人：{e(notice.contact)}</p><p>{e(notice.issuer)}　{e(notice.issued_on)}</p>"
    )
    return html_page(notice.title, body)
