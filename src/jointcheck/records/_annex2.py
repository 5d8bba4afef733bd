"""Filing annex 2 (抽查情况汇总统计表): its 合计 row and sign-off block."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from jointcheck._internal.csv_safe import csv_text
from jointcheck._internal.markdown import markdown_table, md_text
from jointcheck._internal.printable import e, html_page, html_table
from jointcheck.model import FrozenModel
from jointcheck.records._summary import Summary

__all__ = ["Annex2", "SignOff"]


class SignOff(FrozenModel):
    """The sign-off block under annex 2 (负责人、填表人、联系电话、填表时间)."""

    responsible: str = Field(default="", description="负责人")
    filled_by: str = Field(default="", description="填表人")
    phone: str = Field(default="", description="联系电话")
    filled_on: dt.date | None = Field(default=None, description="填表时间")


class Annex2(FrozenModel):
    """Annex 2 as filed (抽查情况汇总统计表): the summary, a 合计 row, the sign-off block.

    Examples:
        >>> from jointcheck.records import summarize_results
        >>> from jointcheck.model import Department
        >>> summary = summarize_results([], departments=[Department(id="w", name="卫健委")],
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
        return annex2_csv(self.summary, self.sign_off)

    def to_markdown(self) -> str:
        """The filed table as Markdown."""
        return annex2_markdown(self.summary, self.sign_off, note=self.note)

    def to_html(self) -> str:
        """The filed table as a printable HTML page."""
        return annex2_html(self.summary, self.sign_off, note=self.note)


def _annex2_rows(summary: Summary) -> tuple[list[str], list[list[str]]]:
    header, *rows = summary.table()
    body = [[str(c) for c in r] for r in rows]
    totals = ["合计", *(str(sum(int(r[c]) for r in rows)) for c in range(1, len(header)))]
    return [str(h) for h in header], [*body, totals]


def _sign_line(sign_off: SignOff) -> list[tuple[str, str]]:
    day = sign_off.filled_on
    return [
        ("负责人", sign_off.responsible),
        ("填表人", sign_off.filled_by),
        ("联系电话", sign_off.phone),
        ("填表时间", f"{day.year}年{day.month}月{day.day}日" if day else "　　年　　月　　日"),
    ]


def annex2_csv(summary: Summary, sign_off: SignOff) -> str:
    """Annex 2 as CSV: title, header, one row per department, 合计, the sign-off line."""
    header, rows = _annex2_rows(summary)
    sign = [f"{k}：{v}" for k, v in _sign_line(sign_off)]
    return csv_text([[summary.title], header, *rows, sign])


def annex2_markdown(summary: Summary, sign_off: SignOff, *, note: str = "") -> str:
    """Annex 2 as Markdown with its 合计 row and sign-off block (负责人、填表人、填表时间)."""
    header, rows = _annex2_rows(summary)
    sign = "　".join(f"{k}：{md_text(v)}" for k, v in _sign_line(sign_off))
    extra = f"注意事项：{md_text(note)}\n\n" if note else ""
    return f"**{md_text(summary.title)}**\n\n{markdown_table(header, rows)}\n\n{extra}{sign}\n"


def annex2_html(summary: Summary, sign_off: SignOff, *, note: str = "") -> str:
    """Annex 2 as a printable HTML page with its 合计 row and sign-off block."""
    header, rows = _annex2_rows(summary)
    body = html_table(header, rows, total=True)
    if note:
        body += f'<p class="note">注意事项：{e(note)}</p>'
    sign = "".join(f"<span>{e(k)}：{e(v)}</span>" for k, v in _sign_line(sign_off))
    return html_page(summary.title, body + f'<div class="sign">{sign}</div>')
