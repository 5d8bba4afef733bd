"""The static web page of a bundle (公示页面): index.html, no JavaScript, Chinese first.

Every piece of text that comes from the records is escaped; the page carries its own small
style sheet and works offline, so a bureau can put it on its website as the 公示.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from jointcheck._internal.checked import checked
from jointcheck.matching import ALGORITHM_VERSION
from jointcheck.model import RiskTier
from jointcheck.publication._round import PublicRound

__all__ = ["render_page"]

_MONO = re.compile(r"[0-9a-f]{64}|[0-9A-Z]{15,18}|jointcheck-[a-z0-9-]+")
_TIERS_HIGH_FIRST: tuple[RiskTier, ...] = tuple(reversed(RiskTier.in_code_order()))

_STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;
max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.6}
h1{font-size:1.6rem;border-bottom:3px solid #b71c1c;padding-bottom:.4rem}
h2{font-size:1.25rem;margin-top:2rem;color:#b71c1c}
.en{color:#555;font-size:.9em;font-weight:normal}
table{border-collapse:collapse;width:100%;margin:.6rem 0}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}
code,.mono{font-family:"DejaVu Sans Mono",monospace;font-size:.85em;word-break:break-all}
.note{background:#fff8e1;border-left:4px solid #f9a825;padding:.5rem .8rem}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _heading(level: int, chinese: str, english: str) -> str:
    return f"<h{level}>{_e(chinese)} <span class=en>{_e(english)}</span></h{level}>"


def _cell(value: object) -> str:
    text = str(value)
    if _MONO.fullmatch(text):
        return f"<td class=mono>{_e(text)}</td>"
    return f"<td>{_e(text)}</td>"


def _table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    cells = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = ["<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows]
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _announcement(public: PublicRound) -> list[str]:
    a = public.announcement
    rule = a.rule.text or str(a.rule)
    parts = [
        _heading(2, "一、抽查公告", "1. The announcement, published before any randomness"),
        _table(
            ("项目 Item", "内容 Content"),
            [
                ("抽查任务 Task", a.task),
                ("抽查比例 Rule", rule),
                ("检查对象名录库户数 Subjects in the registry", f"{a.population_size:,}"),
                ("名录库摘要 Registry digest (SHA-256)", a.population_digest),
                ("抽取算法 Algorithm", a.algorithm),
                ("公告摘要 Announcement digest", a.digest()),
            ],
        ),
        _table(
            (
                "信用风险分类 Tier",
                "可抽户数 Available",
                "抽取户数 Quota",
                "候补 Waitlist",
                "依据 Reason",
            ),
            [
                (
                    f"{t.label} ({t.value})",
                    a.quotas.record(t).available,
                    a.quotas[t],
                    a.waitlist_lengths[t.code],
                    a.quotas.record(t).reason,
                )
                for t in _TIERS_HIGH_FIRST
                if a.quotas.record(t).available or a.quotas[t]
            ],
        ),
    ]
    if a.exclusions:
        parts.append(
            _table(
                ("排除原因 Exclusion", "户数 Subjects", "说明 Detail", "依据 Evidence"),
                [
                    (
                        e.reason.value,
                        len(e.codes),
                        e.detail,
                        "登记状态 " + "、".join(s.label for s in e.statuses)
                        if e.statuses
                        else (
                            f"检查记录 {e.department_id} {e.window.start}–{e.window.end}"
                            if e.window is not None
                            else "声明事项，无法核验 declared, not verifiable"
                        ),
                    )
                    for e in a.exclusions
                ],
            )
        )
    parts.append(
        _table(
            ("承诺方 Party", "承诺值 Commitment (SHA-256)"),
            [(c.party, c.digest) for c in a.commitments],
        )
    )
    if a.single_party:
        parts.append(
            "<p class=note>本次由单一方生成随机种子（经明确允许）。"
            "<span class=en>One party alone made the seed (explicitly allowed).</span></p>"
        )
    return parts


def _seed(public: PublicRound) -> list[str]:
    draw = public.draw
    return [
        _heading(2, "二、随机种子的产生", "2. How the seed was derived"),
        "<p>公告发布后，各承诺方公开其秘密值（揭示值）。每个揭示值须与其承诺值相符；"
        "随机种子由公告摘要、用途（subjects 抽取对象 / teams 匹配人员）和全部揭示值经 SHA-256 计算得出，"
        "任何一方都无法单独选择或预知。"
        "<span class=en>After the announcement each party revealed its value; each must match "
        "its commitment. The seed is SHA-256 over the announcement digest, the purpose and "
        "every value, so no single party could choose or foresee it.</span></p>",
        _table(
            ("承诺方 Party", "揭示值 Revealed value"),
            [(r.party, r.value) for r in draw.reveals],
        ),
        '<p><code>seed = SHA-256("jointcheck-seed-v2:" + field(公告摘要) + field(用途) + '
        "field(承诺方) + field(揭示值) …)</code></p>",
        _table(
            ("用途 Purpose", "随机种子 Seed"),
            [("抽取检查对象 subjects", draw.seed)]
            + ([("匹配执法检查人员 teams", public.assignment.seed)] if public.assignment else []),
        ),
    ]


def _drawn(public: PublicRound) -> list[str]:
    draw = public.draw
    rows = []
    for tier in _TIERS_HIGH_FIRST:
        for number, code in enumerate(draw.selected_in(tier), start=1):
            rows.append((f"{tier.label} ({tier.value})", number, code))
    parts = [
        _heading(2, "三、抽取名单", "3. The subjects drawn"),
        f"<p>共抽取 {len(draw.selected):,} 户。<span class=en>{len(draw.selected):,} subjects "
        "drawn, each tier in draw order.</span></p>",
        _table(("信用风险分类 Tier", "序号 No.", "统一社会信用代码 Code"), rows),
    ]
    if draw.replacements:
        parts.append(
            _table(
                ("被替换 Removed", "替补 Added", "理由 Reason", "核验 Check"),
                [
                    (
                        r.removed,
                        r.added,
                        r.reason,
                        f"名录库登记状态 {r.status.label}"
                        if r.status is not None
                        else "声明事项，无法核验 declared, not verifiable",
                    )
                    for r in draw.replacements
                ],
            )
        )
    return parts


def _teams(public: PublicRound, inspector_names: bool) -> list[str]:
    if public.assignment is None or public.problem is None:
        return []
    names = {i.id: i.name for i in public.problem.inspectors}
    departments = {d.id: d.name for d in public.problem.departments}

    def who(ids: Iterable[str]) -> str:
        return "、".join(names.get(i, i) if inspector_names else i for i in ids)

    rows = [
        (
            team.subject_code,
            departments.get(part.department_id, part.department_id),
            who(part.members),
            who(part.specialists),
        )
        for team in public.assignment.teams
        for part in team.departments
    ]
    shown = "姓名 names" if inspector_names else "编号 ids only"
    parts = [
        _heading(2, "四、执法检查人员（联合检查组）", "4. The joint inspection teams"),
        f"<p>人员显示方式：{_e(shown)}。<span class=en>Inspectors are shown by "
        f"{'name' if inspector_names else 'id only'}.</span></p>",
        _table(
            ("检查对象 Subject", "部门 Department", "检查人员 Members", "专业人员 Specialists"),
            rows,
        ),
    ]
    if public.assignment.version == ALGORITHM_VERSION:
        parts.append(
            "<p>任何人都可复算检查组：用匹配随机种子重新计算每个候选人员的票号，按票号顺序逐阶段"
            "复核配员表 staffing.csv 中每一条候选记录的入选阶段与最终结果，再与上表比对。"
            "<span class=en>Anyone can recompute the teams: recompute each candidate's ticket "
            "from the team seed, replay staffing.csv (every candidate arc, with the stage at "
            "which it was taken and whether it is in the final team) stage by stage in ticket "
            "order, and compare with the table above.</span></p>"
        )
    return parts


def _results(public: PublicRound) -> list[str]:
    if not public.results:
        return [
            _heading(2, "五、检查结果", "5. Results"),
            "<p>检查结果尚未公示。<span class=en>No results published yet.</span></p>",
        ]
    return [
        _heading(2, "五、检查结果", "5. Results"),
        _table(
            ("检查对象 Subject", "检查结果 Result"),
            [(r.subject_code, r.result) for r in public.results],
        ),
    ]


def _how_to_check(digests: Mapping[str, str]) -> list[str]:
    return [
        _heading(2, "六、如何核验", "6. How anyone can check this round"),
        "<ol>"
        "<li>下载本页旁的文件，核对其 SHA-256 摘要与下表一致。"
        "<span class=en>Download the files beside this page; their SHA-256 must match the "
        "table.</span></li>"
        "<li>运行 <code>jointcheck audit 本文件夹 [名录库.csv]</code>，或文档中简短的 Python "
        "标准库脚本，或 DuckDB SQL 查询：它们由揭示值重新计算随机种子，由名录库重新计算抽取名单，"
        "并由配员表 staffing.csv 复算检查组。"
        "<span class=en>Run <code>jointcheck audit FOLDER [REGISTRY.csv]</code>, the short "
        "standard-library script or the DuckDB query of the documentation: they re-derive the "
        "seeds from the reveals, the draw from the registry and the teams from "
        "staffing.csv.</span></li>"
        "<li>抽取名单须用抽取时的名录库（含信用风险分类）复算；分类结果不公开时，由公证处或审计方复算。"
        "<span class=en>Recomputing the draw needs the registry as extracted, with its risk "
        "tiers; where tiers are not public, the notary or an auditor holding it does "
        "so.</span></li>"
        "</ol>",
        _table(
            ("文件 File", "SHA-256"),
            sorted(digests.items()),
        ),
    ]


@checked
def render_page(public: PublicRound, *, digests: Mapping[str, str], inspector_names: bool) -> str:
    """The bundle's ``index.html`` (UTF-8 text): every value escaped, no script."""
    a = public.announcement
    body = [
        f"<h1>{_e(a.task)} · 双随机抽查公示"
        " <span class=en>Public record of a random inspection round</span></h1>",
        *_announcement(public),
        *_seed(public),
        *_drawn(public),
        *_teams(public, inspector_names),
        *_results(public),
        *_how_to_check(digests),
    ]
    return (
        "<!DOCTYPE html>\n<html lang=zh-CN>\n<head>\n<meta charset=utf-8>\n"
        '<meta name=viewport content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(a.task)} · 双随机抽查公示</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
