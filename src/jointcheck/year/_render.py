"""Renderings for publication and print: the annual plan, annex 2 with its sign-off, the
merged joint-visit form and the advance notice (提前告知). Pure: models in, strings out.

Everything that comes from input is escaped: HTML with :func:`html.escape`, Markdown by
backslash-escaping markup characters, and CSV cells that a spreadsheet would read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) are prefixed
with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jointcheck.inspection import Summary
    from jointcheck.year._annual import AnnualPlan
    from jointcheck.year._filing import AdvanceNotice, SignOff
    from jointcheck.year._visit import JointVisitForm

__all__ = [
    "annex2_csv",
    "annex2_html",
    "annex2_markdown",
    "annual_plan_rows",
    "csv_text",
    "html_page",
    "joint_form_markdown",
    "markdown_table",
    "md_text",
    "notice_html",
    "notice_markdown",
    "plan_csv",
    "plan_html",
    "plan_markdown",
    "safe_csv_cell",
]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MARKUP = ("\\", "*", "_", "`", "[", "]", "<", ">", "#", "|")


def safe_csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run: a leading ``= + - @``, tab or CR gets a ``'``."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_text(rows: Sequence[Sequence[object]]) -> str:
    """Rows as CSV text, every cell through :func:`safe_csv_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([[safe_csv_cell(c) for c in row] for row in rows])
    return buffer.getvalue()


def md_text(text: object) -> str:
    """Inline Markdown text with every markup character escaped; line breaks become spaces."""
    out = str(text)
    for ch in _MARKUP:
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.splitlines())


def markdown_table(header: Sequence[object], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table, every cell escaped."""
    lines = [
        "| " + " | ".join(md_text(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines.extend("| " + " | ".join(md_text(c) for c in row) + " |" for row in rows)
    return "\n".join(lines)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


_CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", SimSun, serif; font-size: 10pt;
       color: #000; margin: 0; }
h1 { text-align: center; font-size: 15pt; margin: 0 0 3mm; }
p.meta { text-align: center; margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; }
th, td { border: 0.6pt solid #000; padding: 1mm 1.5mm; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #eee; }
tr.total td { font-weight: bold; }
.sign { display: flex; gap: 10mm; flex-wrap: wrap; margin-top: 4mm; }
.note { font-size: 9pt; }
""".strip()


def html_page(title: str, body: str) -> str:
    """A standalone printable page; ``title`` is escaped, ``body`` must be escaped already."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="zh-CN"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_CSS}</style></head><body><h1>{_e(title)}</h1>{body}</body></html>\n"
    )


def _html_table(
    header: Sequence[object], rows: Sequence[Sequence[object]], *, total: bool = False
) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cls = ' class="total"' if total and i == len(rows) - 1 else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


# ---------------------------------------------------------------------- annual plan
PLAN_HEADER = (
    "序号",
    "计划来源",
    "抽查计划",
    "抽查任务名称",
    "抽查类型",
    "发起部门",
    "配合部门",
    "抽查事项",
    "抽查对象范围",
    "抽查比例或数量",
    "抽取时间",
    "检查时间",
    "结果公示",
)
"""Columns of the published annual plan (the columns of the notices' plan tables)."""


def _window(window: object) -> str:
    if window is None:
        return "未定"
    return f"{window.start}至{window.end}"  # type: ignore[attr-defined]


def annual_plan_rows(annual: AnnualPlan) -> list[list[str]]:
    """One row per task of the year, in :data:`PLAN_HEADER` order."""
    rows = []
    number = 0
    for entry in annual.entries:
        plan = entry.plan
        for task in plan.tasks:
            number += 1
            source = entry.level.label + (f"（{entry.source}）" if entry.source else "")
            participants = annual.participants(task.id)
            items = "；".join(
                f"{annual.department_name(d)}：" + "、".join(i.name for i in task.items_for(d))
                for d in task.department_ids
            )
            disclosure = f"检查结束后{task.disclosure_working_days}个工作日内"
            if task.disclosure_by:
                disclosure += f"，且不晚于{task.disclosure_by}"
            rows.append(
                [
                    str(number),
                    source,
                    plan.name + (f"（{plan.document_number}）" if plan.document_number else ""),
                    task.name,
                    "定向" if task.scope.value == "DIRECTED" else "不定向",
                    annual.department_name(annual.initiator(task.id)),
                    "、".join(annual.department_name(d) for d in participants) or "无",
                    items,
                    task.target,
                    task.sampling.text or task.sampling.describe(),
                    _window(task.extraction),
                    _window(task.inspection),
                    disclosure,
                ]
            )
    return rows


def plan_csv(annual: AnnualPlan) -> str:
    """The annual plan as CSV (header row first)."""
    return csv_text([list(PLAN_HEADER), *annual_plan_rows(annual)])


def _plan_meta(annual: AnnualPlan) -> str:
    parts = [f"{annual.year}年度"]
    if annual.jurisdiction:
        parts.append(annual.jurisdiction)
    if annual.publisher:
        parts.append(annual.publisher)
    parts.append(f"年度抽查占比目标 {(annual.coverage_target * 100).normalize():f}%")
    return " · ".join(parts)


def plan_markdown(annual: AnnualPlan) -> str:
    """The annual plan as Markdown: title, the year and target, then the table."""
    table = markdown_table(PLAN_HEADER, annual_plan_rows(annual))
    return f"# {md_text(annual.name)}\n\n{md_text(_plan_meta(annual))}\n\n{table}\n"


def plan_html(annual: AnnualPlan) -> str:
    """The annual plan as a printable HTML page (A4 landscape), all input escaped."""
    body = f'<p class="meta">{_e(_plan_meta(annual))}</p>' + _html_table(
        PLAN_HEADER, annual_plan_rows(annual)
    )
    return html_page(annual.name, body)


# ---------------------------------------------------------------------- annex 2
def _annex2_rows(summary: Summary) -> tuple[list[str], list[list[object]]]:
    header, *rows = summary.table()
    body: list[list[object]] = [list(r) for r in rows]
    totals: list[object] = ["合计"]
    for column in range(1, len(header)):
        totals.append(sum(int(r[column]) for r in rows))
    body.append(totals)
    return [str(h) for h in header], body


def _sign_line(sign_off: SignOff | None) -> list[tuple[str, str]]:
    if sign_off is None:
        return [
            ("负责人", ""),
            ("填表人", ""),
            ("联系电话", ""),
            ("填表时间", "　　年　　月　　日"),
        ]
    day = sign_off.filled_on
    return [
        ("负责人", sign_off.responsible),
        ("填表人", sign_off.filled_by),
        ("联系电话", sign_off.phone),
        ("填表时间", f"{day.year}年{day.month}月{day.day}日" if day else "　　年　　月　　日"),
    ]


def annex2_csv(summary: Summary, sign_off: SignOff | None = None) -> str:
    """Annex 2 as CSV: title, header, one row per department, 合计, and the sign-off lines."""
    header, rows = _annex2_rows(summary)
    sign = [[f"{k}：{v}" for k, v in _sign_line(sign_off)]]
    return csv_text([[summary.title], header, *rows, *sign])


def annex2_markdown(summary: Summary, sign_off: SignOff | None = None, *, note: str = "") -> str:
    """Annex 2 as Markdown with its 合计 row and sign-off block (负责人、填表人、填表时间)."""
    header, rows = _annex2_rows(summary)
    sign = "　".join(f"{k}：{md_text(v)}" for k, v in _sign_line(sign_off))
    extra = f"注意事项：{md_text(note)}\n\n" if note else ""
    return f"**{md_text(summary.title)}**\n\n{markdown_table(header, rows)}\n\n{extra}{sign}\n"


def annex2_html(summary: Summary, sign_off: SignOff | None = None, *, note: str = "") -> str:
    """Annex 2 as a printable HTML page with its 合计 row and sign-off block."""
    header, rows = _annex2_rows(summary)
    sign = "".join(f"<span>{_e(k)}：{_e(v)}</span>" for k, v in _sign_line(sign_off))
    body = _html_table(header, rows, total=True)
    if note:
        body += f'<p class="note">注意事项：{_e(note)}</p>'
    body += f'<div class="sign">{sign}</div>'
    return html_page(summary.title, body)


# ---------------------------------------------------------------------- joint visit
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
                    n,
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


# ---------------------------------------------------------------------- advance notice
def _notice_parts(notice: AdvanceNotice) -> tuple[str, list[str], list[str]]:
    when = (
        f"{notice.visit.start}"
        if notice.visit.start == notice.visit.end
        else f"{notice.visit.start}至{notice.visit.end}"
    )
    lead = (
        f"{notice.subject_name}（统一社会信用代码：{notice.subject_code}）：根据"
        f"{'、'.join(notice.task_names)}，{'、'.join(notice.departments)}定于{when}对你单位"
        "实施联合检查（进一次门、查多项事）。现将检查事项、时间及需要准备的材料一次性告知如下，"
        "请法定代表人（负责人）或委托人员到场配合检查。"
    )
    return lead, list(notice.items), list(notice.materials)


def notice_markdown(notice: AdvanceNotice) -> str:
    """The advance notice (检查事项告知书) as Markdown."""
    lead, items, materials = _notice_parts(notice)
    out = [f"# {md_text(notice.title)}", "", md_text(lead), "", "## 一、检查事项", ""]
    out.extend(f"{n}. {md_text(i)}" for n, i in enumerate(items, 1))
    out += ["", "## 二、检查时间", "", md_text(f"{notice.visit.start} 至 {notice.visit.end}")]
    out += ["", "## 三、需要准备的材料", ""]
    out.extend(f"{n}. {md_text(m)}" for n, m in enumerate(materials, 1))
    if not materials:
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
    lead, items, materials = _notice_parts(notice)
    body = (
        f"<p>{_e(lead)}</p><h2>一、检查事项</h2><ol>"
        + "".join(f"<li>{_e(i)}</li>" for i in items)
        + f"</ol><h2>二、检查时间</h2><p>{_e(notice.visit.start)} 至 {_e(notice.visit.end)}</p>"
        + "<h2>三、需要准备的材料</h2>"
        + (
            "<ol>" + "".join(f"<li>{_e(m)}</li>" for m in materials) + "</ol>"
            if materials
            else "<p>无</p>"
        )
        + f"<p>联系人：{_e(notice.contact)}</p><p>{_e(notice.issuer)}　{_e(notice.issued_on)}</p>"
    )
    return html_page(notice.title, body)
