"""Notice 002: 2023年秦皇岛市市场监管系统内部联合信用风险分级分类抽查, end to end.

秦市监函〔2023〕453号: the city bureau's 信监科 draws at least 3% overall (总体不低于3%) of the
subjects the 11 check items concern, from the A–D credit-risk tiers, ratios rising with risk;
it sends the drawn subjects to the county bureaus by jurisdiction (按管辖情况进行派发); each
county bureau matches its own inspectors and inspects (the city bureau inspects the subjects
it registers itself); results are published within 20 working days of the end of the
inspection (随机抽查时间 2023年11月13日至12月31日).

The registry and the inspector directory are synthetic (fixed seeds), so every run prints the
same outcome.

Run: ``python examples/qinhuangdao_2023.py``
"""

from __future__ import annotations

import datetime as dt

from _scenario import (
    busiest,
    disclosure_line,
    draw_task,
    heading,
    match_task,
    record_round,
    show_team,
    tier_counts,
)

from jointcheck.forms import forms_from_assignment
from jointcheck.model import DateWindow, SubjectKind
from jointcheck.records import (
    PlanLedger,
    coverage,
    disclosure_deadline,
    summarize,
    summarize_results,
    track_disclosure,
)
from jointcheck.scenarios import (
    QINHUANGDAO_COUNTY_UNITS,
    QINHUANGDAO_ITEM_SECTIONS,
    qinhuangdao_2023_plan,
)
from jointcheck.synthetic import SubjectGroup, synthetic_inspectors, synthetic_registry
from jointcheck.workdays import ChinaCalendar

ENT, IND = SubjectKind.ENTERPRISE, SubjectKind.INDIVIDUAL_BUSINESS
GROUPS = (
    SubjectGroup(300, kind=ENT, tags=("认证活动",)),
    SubjectGroup(150, kind=ENT, tags=("认证活动", "产品质量")),
    SubjectGroup(90, kind=ENT, tags=("检验检测机构",)),
    SubjectGroup(180, kind=ENT, tags=("工业产品生产许可证获证企业", "产品质量", "商标使用")),
    SubjectGroup(1100, kind=ENT, tags=("产品质量",)),
    SubjectGroup(110, kind=ENT, tags=("计量标准",)),
    SubjectGroup(8, kind=ENT, tags=("直销企业",)),
    SubjectGroup(1000, kind=ENT, tags=("广告",)),
    SubjectGroup(200, kind=ENT, tags=("广告", "商标使用")),
    SubjectGroup(150, kind=ENT, tags=("团体标准", "产品质量")),
    SubjectGroup(1600, kind=ENT, tags=("商标使用",)),
    SubjectGroup(700, kind=IND, tags=("商标使用",)),
    SubjectGroup(45, kind=ENT, tags=("商标代理机构",)),
    SubjectGroup(350, kind=ENT, tags=("专利", "产品质量")),
    SubjectGroup(250, kind=ENT, tags=("专利",)),
)
TAILS = {
    "认证活动": "认证咨询有限公司",
    "检验检测机构": "检测技术有限公司",
    "工业产品生产许可证获证企业": "建材有限公司",
    "计量标准": "计量检测有限公司",
    "直销企业": "直销有限公司秦皇岛分公司",
    "广告": "广告传媒有限公司",
    "团体标准": "食品有限公司",
    "商标代理机构": "知识产权代理有限公司",
    "专利": "科技有限公司",
    "产品质量": "机械制造有限公司",
}
# (jurisdiction, share of the registry, inspectors of the bureau that covers it)
COUNTIES = (
    ("海港区", 0.30, 14),
    ("山海关区", 0.06, 5),
    ("北戴河区", 0.05, 5),
    ("抚宁区", 0.09, 6),
    ("青龙满族自治县", 0.06, 5),
    ("昌黎县", 0.12, 7),
    ("卢龙县", 0.06, 5),
    ("经济技术开发区", 0.14, 8),
    ("北戴河新区", 0.04, 4),
    ("市本级", 0.08, 6),
)
DRAW_DAY = dt.date(2023, 11, 14)


def main() -> PlanLedger:
    """Run the scenario, print each step, and return the ledger (forms and results)."""
    calendar = ChinaCalendar()
    plan = qinhuangdao_2023_plan()
    task = plan.tasks[0]
    (samr,) = plan.departments
    heading(plan)
    sections = {u.id: u.name for u in samr.units}
    print("  抽查事项 (guiding 科室):")
    for item in task.check_items:
        name = item.name if len(item.name) <= 40 else item.name[:39] + "…"
        print(f"    {item.id[-2:]} {name} ({sections[QINHUANGDAO_ITEM_SECTIONS[item.id]]})")

    registry = synthetic_registry(
        GROUPS,
        region="130300",
        jurisdictions=[c for c, _, _ in COUNTIES],
        jurisdiction_weights=[w for _, w, _ in COUNTIES],
        seed=453,
        tails=TAILS,
    )
    assert task.inspection is not None
    assert task.sampling.overall is not None
    on = task.inspection.start
    sizes = dict(zip(QINHUANGDAO_COUNTY_UNITS, (n for _, _, n in COUNTIES), strict=True))
    pool = synthetic_inspectors(
        [samr],
        per_unit=sizes,
        on=on,
        seed=2023,
        expired_share=0.02,
        unavailable_share=0.02,
        specialists=0,
    )
    library = registry.library(kinds=task.subject_kinds, tags=task.required_tags)
    print(
        f"sizes: 名录库 {len(library):,} subjects ({tier_counts(library)}); 执法人员名录库 "
        f"{len(pool)} in {len(sizes)} county bureaus, branches and the city level"
    )

    print(f"\n[{task.id}] {task.name} (定向, A–D)")
    print(f"  抽取比例: {task.sampling.text}; 差异化抽查 → 分别递加 1:2:4:8")
    draw = draw_task(task, library, seed=f"{task.id}@{DRAW_DAY}")
    subjects = registry.subjects(draw.selected)
    assignment, _ = match_task(plan, task, subjects, pool, seed=f"{task.id}/teams")
    show_team(plan, assignment, subjects, pool)
    forms = forms_from_assignment(plan, task.id, subjects, assignment, inspectors=pool)
    visits = DateWindow(start=calendar.add_workdays(DRAW_DAY, 2), end=task.inspection.end)
    ledger = record_round(
        PlanLedger.open(plan),
        task,
        forms,
        draw,
        calendar=calendar,
        seed=f"{task.id}/visits",
        window=visits,
    )
    print("  按管辖派发 (Assignment.dispatch): subjects · inspectors who go · most per inspector")
    units = {u.id: u.name for u in samr.units}
    dispatched = assignment.dispatch(department_id=samr.id)
    for unit_id in QINHUANGDAO_COUNTY_UNITS:
        teams = dispatched.get(unit_id, ())
        if not teams:
            continue
        people = {i for t in teams for i in t.department(samr.id).members}
        top = max(sum(i in t.department(samr.id).members for t in teams) for i in people)
        print(f"    {units[unit_id]}: {len(teams)} · {len(people)} · {top}")
    print(f"  busiest inspector city-wide: {busiest(assignment, samr.id)} subjects")

    print("\n期限 (deadlines)")
    assert task.inspection is not None
    print(
        f"  随机抽查时间 {task.inspection.start} to {task.inspection.end}; 抽取 and 派发 {DRAW_DAY}"
    )
    print(
        f"  公示 within {task.disclosure_working_days} working days of the end of the inspection: "
        f"by {disclosure_deadline(task, calendar=calendar)} for the last inspections"
    )

    print("\n汇总 (annex-2 table; the counties enter their results, 谁检查、谁录入)")
    summary = summarize(ledger)
    print(summary.to_markdown())
    print("\n  by county bureau (市局信监科汇总数据报表):")
    header = summary.table()[0]
    print("  | 派发至 | " + " | ".join(str(h) for h in header[1:]) + " |")
    print("  |" + "---|" * len(header))
    results = ledger.results()
    for unit_id in QINHUANGDAO_COUNTY_UNITS:
        codes = {t.subject_code for t in dispatched.get(unit_id, ())}
        part = summarize_results(
            [r for r in results if r.subject_code in codes], departments=[samr], title=unit_id
        )
        row = part.row(samr.id).row()
        print(f"  | {units[unit_id]} | " + " | ".join(str(c) for c in row[1:]) + " |")
    as_of = dt.date(2024, 2, 1)
    report = track_disclosure(ledger, calendar=calendar, as_of=as_of)
    print(f"\n公示 as of {as_of}: {disclosure_line(report)}")
    covered = coverage(
        library,
        [r.subject_code for r in ledger.results()],
        target=task.sampling.overall.percent / 100,
    )
    print(
        f"coverage of the 名录库: {covered.inspected} of {covered.registered:,} = "
        f"{float(covered.share):.2%}, 总体不低于3% met: {covered.meets_target}"
    )
    return ledger


if __name__ == "__main__":
    main()
