"""Notice 000: 兴安盟2023年医疗美容行业"双随机、一公开"信用分级分类联合抽查, end to end.

兴市监办字〔2023〕61号: the 兴安盟市场监督管理局 leads and the 兴安盟卫生健康委员会 joins;
3 tasks from the plan table (附件2, ``examples/data/xingan_2023_plan.tsv``), ratios 高风险
不低于10%、较高风险不低于5%、中风险不低于1%、低风险不低于0.5% (§三) plus the table's
无风险等级抽取30% and A类企业1家，100%抽取; 抽取 3月3日至3月6日, 实地检查 3月7日至4月7日,
results published within 20 working days and by 4月30日.

The registry and the inspector directory are synthetic (fixed seeds), so every run prints the
same outcome.

Run: ``python examples/xingan_2023.py``
"""

from __future__ import annotations

import datetime as dt

from _plan_tables import XINGAN_TABLE, plan_differences, xingan_2023_plan_from_table
from _scenario import (
    disclosure_line,
    draw_task,
    heading,
    match_task,
    record_round,
    rows_of,
    show_team,
    tier_counts,
)

from jointcheck.forms import forms_from_assignment
from jointcheck.model import RiskTier
from jointcheck.records import (
    PlanLedger,
    check_plan_timeline,
    disclosure_deadline,
    summarize,
    track_disclosure,
)
from jointcheck.sampling import ExclusionReason, exclusion_from_mask
from jointcheck.scenarios import xingan_2023_plan
from jointcheck.synthetic import SubjectGroup, synthetic_inspectors, synthetic_registry
from jointcheck.workdays import ChinaCalendar

JURISDICTIONS = ("乌兰浩特市", "阿尔山市", "科尔沁右翼前旗", "科尔沁右翼中旗", "扎赉特旗", "突泉县")
WEIGHTS = (0.40, 0.06, 0.17, 0.11, 0.14, 0.12)
PUSHED = {  # tier shares of the lists pushed by the 部门协同监管平台 (无风险等级 included)
    RiskTier.UNRATED: 0.22,
    RiskTier.LOW: 0.35,
    RiskTier.MEDIUM: 0.27,
    RiskTier.HIGHER: 0.10,
    RiskTier.HIGH: 0.06,
}
BEAUTY = {  # 生活美容场所 apart from the one A类: mostly 一般风险, fewer unrated
    RiskTier.UNRATED: 0.15,
    RiskTier.MEDIUM: 0.55,
    RiskTier.HIGHER: 0.20,
    RiskTier.HIGH: 0.10,
}
DRAW_DAY = dt.date(2023, 3, 3)


def main() -> PlanLedger:
    """Run the scenario, print each step, and return the ledger (forms and results)."""
    calendar = ChinaCalendar()
    plan = xingan_2023_plan_from_table()
    heading(plan)
    differences = plan_differences(plan, xingan_2023_plan())
    print(
        f"plan table {XINGAN_TABLE.parent.name}/{XINGAN_TABLE.name}: {len(plan.tasks)} tasks; "
        f"agrees with jointcheck.scenarios.xingan_2023_plan(): {not differences}"
    )
    for difference in differences:
        print(f"  {difference}")

    registry = synthetic_registry(
        [
            SubjectGroup(64, tags=("医疗美容机构",), tier_shares=PUSHED),
            SubjectGroup(1, tags=("生活美容场所",), tiers=(RiskTier.LOW,)),  # A类企业1家
            SubjectGroup(779, tags=("生活美容场所",), tier_shares=BEAUTY),
        ],
        region="152201",
        jurisdictions=JURISDICTIONS,
        jurisdiction_weights=WEIGHTS,
        seed=2023,
        tails={"医疗美容机构": "医疗美容诊所有限公司", "生活美容场所": "美容美体有限公司"},
    )
    samr, nhc = plan.departments
    pool = synthetic_inspectors(
        [samr], per_unit=5, on=DRAW_DAY, seed=61, qualifications={samr.id: ("医疗器械",)}
    ) + synthetic_inspectors([nhc], per_unit=8, on=DRAW_DAY, seed=62)
    medical = registry.library(tags=("医疗美容机构",))
    beauty = registry.library(tags=("生活美容场所",))
    print(
        f"sizes: 名录库 {len(registry.population):,} subjects (医疗美容机构 {len(medical)}, "
        f"生活美容场所 {len(beauty)}); 执法人员名录库 {len(pool)} "
        f"({samr.name} {sum(p.department_id == samr.id for p in pool)}, "
        f"{nhc.name} {sum(p.department_id == nhc.id for p in pool)})"
    )

    ledger = PlanLedger.open(plan)
    drawn_before: set[str] = set()
    for task, library in zip(plan.tasks, (medical, beauty, beauty), strict=True):
        print(f"\n[{task.id}] {task.name} (定向: {task.target})")
        print(f"  抽查比例: {task.sampling.text}")
        print(f"  子库: {len(library)} subjects — {tier_counts(library)}")
        exclude = []
        if drawn_before & set(library.code_strings()):
            exclude.append(
                exclusion_from_mask(
                    library,
                    rows_of(library, drawn_before),
                    reason=ExclusionReason.OTHER,
                    detail="已在生活美容场所联合检查任务1中抽取（避免重复检查）",
                )
            )
        draw = draw_task(task, library, seed=f"{task.id}@{DRAW_DAY}", exclude=exclude)
        drawn_before.update(draw.selected)
        subjects = registry.subjects(draw.selected)
        assignment, _ = match_task(plan, task, subjects, pool, seed=f"{task.id}/teams")
        show_team(plan, assignment, subjects, pool)
        forms = forms_from_assignment(plan, task.id, subjects, assignment, inspectors=pool)
        ledger = record_round(
            ledger, task, forms, draw, calendar=calendar, seed=f"{task.id}/visits"
        )

    print("\n期限 (deadlines)")
    task = plan.tasks[0]
    assert task.extraction is not None
    assert task.inspection is not None
    legal = calendar.add_workdays(task.inspection.end, task.disclosure_working_days)
    print(f"  随机抽取 {task.extraction.start} to {task.extraction.end}")
    print(f"  实地检查 {task.inspection.start} to {task.inspection.end}")
    print(
        f"  公示 by {disclosure_deadline(task, calendar=calendar)}: the plan's own date; "
        f"{task.disclosure_working_days} working days after {task.inspection.end} would be {legal}"
    )
    for finding in check_plan_timeline(plan, calendar=calendar)[:1]:
        print(f"  {finding.severity.value} {finding.code.value}: {finding.message}")

    print("\n汇总 (annex-2 table of the whole plan)")
    print(summarize(ledger).to_markdown())
    as_of = dt.date(2023, 5, 8)
    report = track_disclosure(ledger, calendar=calendar, as_of=as_of)
    print(f"\n公示 as of {as_of}: {disclosure_line(report)}")
    return ledger


if __name__ == "__main__":
    main()
