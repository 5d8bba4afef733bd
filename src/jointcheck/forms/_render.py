"""Markdown and printable HTML renderings of a form (pure: strings in, strings out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from typing import Protocol

from jointcheck._internal.markdown import markdown_table, md_text
from jointcheck.forms._section import FormSection
from jointcheck.forms._signature import Signature, SignatureStatus
from jointcheck.forms._team import TeamMember
from jointcheck.model import DateWindow, InspectionMethod, RiskTier, Subject

__all__ = ["TITLE", "RenderedForm", "form_html", "form_markdown"]

TITLE = "随机抽查联合检查记录表（一企一表）"
"""The form's printed title."""

METHOD_LABELS = {
    InspectionMethod.ON_SITE: "实地检查",
    InspectionMethod.DOCUMENTARY: "书面检查",
    InspectionMethod.ONLINE: "网络监测",
    InspectionMethod.TESTING: "检验检测",
    InspectionMethod.EXPERT_OPINION: "行政部门检查结果或专业意见",
}
_NUMERALS = "一二三四五六七八九十"
_BLANK = "＿＿＿＿＿＿＿＿"


class RenderedForm(Protocol):
    """What rendering reads of a form (:class:`~jointcheck.forms.InspectionForm` has it all).

    The form's model imports this module to render itself, so the renderer names the fields it
    reads instead of importing the model back.
    """

    @property
    def plan_id(self) -> str: ...
    @property
    def plan_name(self) -> str: ...
    @property
    def document_number(self) -> str: ...
    @property
    def task_id(self) -> str: ...
    @property
    def task_name(self) -> str: ...
    @property
    def method(self) -> InspectionMethod: ...
    @property
    def inspection(self) -> DateWindow | None: ...
    @property
    def subject(self) -> Subject: ...
    @property
    def sections(self) -> tuple[FormSection, ...]: ...
    @property
    def signature(self) -> Signature: ...


def _numeral(i: int) -> str:
    if i < 10:
        return _NUMERALS[i]
    return str(i + 1)


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _window(window: DateWindow | None) -> str:
    return f"{window.start} 至 {window.end}" if window else "未定"


def _tier(tier: RiskTier) -> str:
    return f"{tier.label}（{tier.letter}类）" if tier.letter else tier.label


def _member(member: TeamMember) -> str:
    text = member.display_name
    if member.specialist:
        return text + "（专业人员）"
    if member.certificate_number:
        return f"{text}（执法证号 {member.certificate_number}）"
    return text


def _names(section: FormSection, ids: Sequence[str]) -> str:
    return "、".join(section.team.member(i).display_name for i in ids)


def _header_rows(form: RenderedForm) -> list[tuple[str, str]]:
    subject = form.subject
    plan = form.plan_name or form.plan_id
    if form.document_number:
        plan += f"（{form.document_number}）"
    return [
        ("抽查计划", plan),
        ("抽查任务", form.task_name),
        ("检查对象名称", subject.name),
        ("统一社会信用代码", subject.code),
        ("市场主体类型", subject.kind.label),
        ("登记状态", subject.status.label),
        ("登记管辖", subject.jurisdiction),
        ("信用风险分类", _tier(subject.tier)),
        ("专项库标签", "、".join(subject.tags) or "无"),
        ("检查方式", METHOD_LABELS[form.method]),
        ("检查时间", _window(form.inspection)),
        ("检查部门", "、".join(s.department_name for s in form.sections)),
    ]


def _item_cells(section: FormSection) -> list[list[str]]:
    rows = []
    for n, item in enumerate(section.items, 1):
        finding = section.result.finding(item.id) if section.result else None
        rows.append(
            [
                str(n),
                item.name,
                item.legal_basis,
                finding.outcome.label if finding else "",
                finding.note if finding else "",
            ]
        )
    return rows


def _result_lines(section: FormSection) -> list[tuple[str, str]]:
    result = section.result
    if result is None:
        return [("抽查结果", "未录入"), ("后续处置", ""), ("检查日期", "")]
    went = _names(section, result.inspector_ids)
    if result.specialist_ids:
        went += "；专业人员：" + _names(section, result.specialist_ids)
    status = result.status.label
    if result.published_on:
        status += f"（{result.published_on}）"
    return [
        ("抽查结果", "；".join(c.label for c in result.categories)),
        ("后续处置", "；".join(f.text for f in result.follow_ups) or "无"),
        ("检查情况说明", result.remarks or "无"),
        ("检查日期", _day(result.inspected_on)),
        ("实到检查人员", went),
        ("录入", f"{_names(section, (result.entered_by,))}，{result.entered_on}"),
        ("结果状态", status),
    ]


def _signature_lines(form: RenderedForm) -> list[tuple[str, str]]:
    signature = form.signature
    if signature.status is SignatureStatus.SIGNED:
        seal = "（已盖章）" if signature.sealed else ""
        lines = [
            ("签字确认", f"{signature.signer_role}：{signature.signer}{seal}"),
            ("日期", _day(signature.on)),
        ]
    elif signature.status is SignatureStatus.REFUSED:
        members = {m.inspector_id: m for s in form.sections for m in s.team.members}
        recorders = "、".join(
            members[i].display_name if i in members else i for i in signature.recorded_by
        )
        lines = [
            ("签字确认", "被检查对象拒绝签字"),
            ("情况记录", signature.note),
            ("记录人", recorders),
            ("日期", _day(signature.on)),
        ]
    else:
        return [
            ("法定代表人（负责人）签字（盖章）", _BLANK),
            ("日期", "　　年　　月　　日"),
        ]
    if signature.note and signature.status is SignatureStatus.SIGNED:
        lines.append(("备注", signature.note))
    return lines


# ---------------------------------------------------------------------- Markdown
def form_markdown(form: RenderedForm, *, title: str = TITLE) -> str:
    """The form as Markdown."""
    out = [f"# {md_text(title)}", "", markdown_table(("项目", "内容"), _header_rows(form)), ""]
    for i, section in enumerate(form.sections):
        out.append(f"## {_numeral(i)}、{md_text(section.department_name)}")
        out.append("")
        counted = [m for m in section.team.members if not m.specialist]
        specialists = [m for m in section.team.members if m.specialist]
        out.append("**检查人员**：" + md_text("、".join(_member(m) for m in counted)) + "  ")
        if specialists:
            out.append(
                "**专业人员**：" + md_text("、".join(_member(m) for m in specialists)) + "  "
            )
        out.append(f"**最少检查人数**：{section.min_members}")
        out.append("")
        out.append(
            markdown_table(
                ("序号", "检查事项", "检查依据", "检查结果", "情况说明"), _item_cells(section)
            )
        )
        out.append("")
        out.extend(f"**{k}**：{md_text(v)}  " for k, v in _result_lines(section))
        out.append("")
    out.append("## 被检查对象签字确认")
    out.append("")
    out.extend(f"**{k}**：{md_text(v)}  " for k, v in _signature_lines(form))
    out.append("")
    out.append("**检查人员签字**：" + _BLANK + "  ")
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------------- HTML
_CSS = """
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0; color: #000; font-size: 10.5pt; line-height: 1.45;
       font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; }
.sheet { width: 182mm; margin: 0 auto; }
h1 { text-align: center; font-size: 17pt; letter-spacing: 0.08em; margin: 0 0 1mm; }
.plan { text-align: center; margin: 0 0 4mm; font-size: 10pt; }
h2 { font-size: 12pt; margin: 0 0 1.5mm; }
table { width: 100%; border-collapse: collapse; margin: 0 0 3mm; table-layout: fixed; }
th, td { border: 0.6pt solid #000; padding: 1.2mm 1.8mm; vertical-align: top;
         overflow-wrap: anywhere; text-align: left; }
th { font-weight: bold; background: #f0f0f0; }
table.items th { white-space: nowrap; }
table.info col.k1 { width: 36mm; } table.info col.v1 { width: 56mm; }
table.info col.k2 { width: 30mm; }
table.items col.n { width: 12mm; } table.items col.outcome { width: 20mm; }
table.items col.name { width: 56mm; } table.items col.basis { width: 40mm; }
table.items td.n, table.items td.outcome { text-align: center; }
section { break-inside: avoid; page-break-inside: avoid; margin-bottom: 4mm; }
.team { margin: 0 0 1.5mm; }
.specialist { font-style: italic; }
dl { display: grid; grid-template-columns: 26mm 1fr; margin: 0; gap: 0.6mm 2mm; }
dt { font-weight: bold; } dd { margin: 0; }
.sign { border: 0.6pt solid #000; padding: 2.5mm 3mm; break-inside: avoid; }
.blank { display: inline-block; min-width: 45mm; border-bottom: 0.6pt solid #000; }
.footer { margin-top: 4mm; font-size: 9pt; display: flex; justify-content: space-between; }
@media screen { html { background: #777; } .sheet { background: #fff; padding: 14mm;
                width: 210mm; min-height: 297mm; margin: 8mm auto; } }
""".strip()


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _dl(lines: list[tuple[str, str]]) -> str:
    parts = []
    for key, value in lines:
        shown = '<span class="blank"></span>' if value == _BLANK else _e(value)
        parts.append(f"<dt>{_e(key)}</dt><dd>{shown}</dd>")
    return "<dl>" + "".join(parts) + "</dl>"


def _html_section(i: int, section: FormSection) -> str:
    counted = [m for m in section.team.members if not m.specialist]
    specialists = [m for m in section.team.members if m.specialist]
    team = "、".join(_e(_member(m)) for m in counted)
    if specialists:
        team += "；" + "、".join(
            f'<span class="specialist">{_e(_member(m))}</span>' for m in specialists
        )
    rows = "".join(
        "<tr>"
        f'<td class="n">{_e(n)}</td><td>{_e(name)}</td><td>{_e(basis)}</td>'
        f'<td class="outcome">{_e(outcome)}</td><td>{_e(note)}</td>'
        "</tr>"
        for n, name, basis, outcome, note in _item_cells(section)
    )
    return (
        f'<section class="department" data-department="{_e(section.department_id)}">'
        f"<h2>{_numeral(i)}、{_e(section.department_name)}</h2>"
        f'<p class="team"><b>检查人员</b>：{team}（不少于{section.min_members}人）</p>'
        '<table class="items"><colgroup><col class="n"><col class="name"><col class="basis">'
        '<col class="outcome"><col></colgroup>'
        "<thead><tr><th>序号</th><th>检查事项</th><th>检查依据</th><th>检查结果</th>"
        "<th>情况说明</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f"{_dl(_result_lines(section))}"
        "</section>"
    )


_WIDE = frozenset(("抽查计划", "抽查任务", "检查对象名称", "检查部门"))


def _info_rows(pairs: list[tuple[str, str]]) -> str:
    """The header table in four columns: wide fields span a row, short ones go two a row."""
    rows: list[str] = []
    pending: list[tuple[str, str]] = []

    def flush() -> None:
        if pending:
            cells = "".join(f"<th>{_e(k)}</th><td>{_e(v)}</td>" for k, v in pending)
            if len(pending) == 1:
                cells = f'<th>{_e(pending[0][0])}</th><td colspan="3">{_e(pending[0][1])}</td>'
            rows.append(f"<tr>{cells}</tr>")
            pending.clear()

    for key, value in pairs:
        if key in _WIDE:
            flush()
            rows.append(f'<tr><th>{_e(key)}</th><td colspan="3">{_e(value)}</td></tr>')
        else:
            pending.append((key, value))
            if len(pending) == 2:
                flush()
    flush()
    return "".join(rows)


def form_html(form: RenderedForm, *, title: str = TITLE) -> str:
    """The form as a standalone HTML page, laid out for A4 printing; all content escaped."""
    info = _info_rows(_header_rows(form))
    sections = "".join(_html_section(i, s) for i, s in enumerate(form.sections))
    page_title = f"{title} · {form.subject.name}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(page_title)}</title><style>{_CSS}</style></head><body>"
        '<div class="sheet">'
        f"<h1>{_e(title)}</h1>"
        f'<p class="plan">{_e(form.task_name)}</p>'
        f'<table class="info"><colgroup><col class="k1"><col class="v1"><col class="k2"><col>'
        f"</colgroup>{info}</table>"
        f"{sections}"
        '<div class="sign"><h2>被检查对象签字确认</h2>'
        f"{_dl(_signature_lines(form))}"
        f'<p><b>检查人员签字</b>：<span class="blank"></span></p></div>'
        f'<div class="footer"><span>{_e(form.plan_id)} / {_e(form.task_id)} / '
        f"{_e(form.subject.code)}</span><span>一户企业一份检查表</span></div>"
        "</div></body></html>\n"
    )
