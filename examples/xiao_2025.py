"""Notice 004: 萧县2025年度互联网诊疗机构"双随机、一公开"部门联合抽查, end to end.

The 县卫健委 leads and the 县市场监督管理局 joins. Every 互联网诊疗机构 in the county is checked
(抽查比例100%); the 卫健委 draws the subjects and matches 2 of its inspectors per subject
(按每户企业2名执法检查人员的标准), then sends the subjects to the 市场监督管理局, which claims
them (认领) and draws at least 2 of its own; the system makes one form per subject (一企一表);
both departments visit together; each enters its results within 20 working days, and
everything is done by 10月30日; the 卫健委 sums the results in the annex-2 table (附件2
汇总统计表) for the 县商改办.

The registry and the inspector directory are synthetic (fixed seeds), so every run prints the
same outcome.

Run: ``python examples/xiao_2025.py``
"""

from __future__ import annotations

import datetime as dt

from _scenario import (
    disclosure_line,
    draw_task,
    heading,
    plural,
    pool_summary,
    record_round,
    team_sizes,
    tier_counts,
)

from jointcheck.forms import forms_from_assignment
from jointcheck.matching import MatchProblem, match, verify_assignment
from jointcheck.model import DateWindow, RiskTier, SubjectKind
from jointcheck.records import (
    DisclosureState,
    PlanLedger,
    check_plan_timeline,
    coverage,
    summarize,
    track_disclosure,
)
from jointcheck.scenarios import XIAO_TOWNS, xiao_2025_plan
from jointcheck.synthetic import SubjectGroup, synthetic_inspectors, synthetic_registry
from jointcheck.workdays import ChinaCalendar

INST, ENT = SubjectKind.INSTITUTION, SubjectKind.ENTERPRISE
MEDICAL = {
    RiskTier.UNRATED: 0.45,
    RiskTier.LOW: 0.25,
    RiskTier.MEDIUM: 0.22,
    RiskTier.HIGHER: 0.05,
    RiskTier.HIGH: 0.03,
}
GROUPS = (
    SubjectGroup(7, kind=INST, tags=("互联网诊疗",), tier_shares=MEDICAL),
    SubjectGroup(3, kind=INST, tags=("互联网诊疗", "药品网络销售"), tier_shares=MEDICAL),
    SubjectGroup(2, kind=ENT, tags=("互联网诊疗",), tier_shares=MEDICAL),
    SubjectGroup(2, kind=ENT, tags=("互联网诊疗", "药品网络销售"), tier_shares=MEDICAL),
    SubjectGroup(60, kind=INST, tags=("医疗机构",), tier_shares=MEDICAL),
    SubjectGroup(110, kind=ENT, tags=("医疗机构",), tier_shares=MEDICAL),
)
TAILS = {"药品网络销售": "互联网医院有限公司", "互联网诊疗": "医院", "医疗机构": "诊所"}
DRAW_DAY = dt.date(2025, 5, 20)
ANNEX2_TITLE = "2025年度互联网诊疗机构“双随机、一公开”部门联合抽查情况汇总统计表"


def main() -> PlanLedger:
    """Run the scenario, print each step, and return the ledger (forms and results)."""
    calendar = ChinaCalendar()
    plan = xiao_2025_plan()
    task = plan.tasks[0]
    nhc, samr = plan.departments
    assert task.inspection is not None
    heading(plan)
    for department in plan.departments:
        items = task.items_for(department.id)
        print(f"  {department.name}: {'；'.join(i.name for i in items)}")

    registry = synthetic_registry(
        GROUPS,
        region="341322",
        jurisdictions=[town for _, town in XIAO_TOWNS],
        jurisdiction_weights=(0.40, 0.16, 0.14, 0.12, 0.10, 0.08),
        seed=520,
        tails=TAILS,
    )
    on = task.inspection.start
    pool = synthetic_inspectors(
        plan.departments,
        per_unit={"xiao-nhc-jd": 10, **{unit_id: 3 for unit_id, _ in XIAO_TOWNS}},
        on=on,
        seed=1,
        expired_share=0.0,
        unavailable_share=0.05,
        qualifications={samr.id: ("药品",)},
        qualified_share=0.0,  # only the 专业人员 hold them
        specialists={unit_id: 1 for unit_id, _ in XIAO_TOWNS},
    )
    library = registry.library(kinds=task.subject_kinds, tags=task.required_tags)
    print(
        f"sizes: 监管对象库 {len(registry.population)} 医疗机构, of which {len(library)} "
        f"互联网诊疗机构 ({tier_counts(library)}); 执法检查人员库 {len(pool)}: "
        f"{pool_summary(pool, plan)}"
    )

    print(f"\n[{task.id}] {task.name} (抽查比例100%)")
    draw = draw_task(task, library, seed=f"{task.id}@{DRAW_DAY}", explain=False)
    subjects = registry.subjects(draw.selected)
    online = sum("药品网络销售" in s.tags for s in subjects)
    print(f"  drawn {len(subjects)} of {len(library)}; {online} sell medicines online")

    # The 卫健委 draws its own 2 per subject, then the 市场监督管理局 claims the subjects.
    seed = f"{task.id}/teams"
    claims = {}
    for department, step in ((nhc, "卫健委 draws"), (samr, "派发 → 市场监督管理局 认领")):
        problem = MatchProblem.build(
            subjects,
            pool,
            seed=seed,
            requirements=[task.team_requirement(department.id)],
            check_items=task.check_items,
            departments=plan.departments,
            on=task.inspection,
        )
        claims[department.id] = match(problem)
        violations = verify_assignment(claims[department.id], problem, allow_unbound_seed=True)
        print(
            f"  {step}: {team_sizes(plan, claims[department.id])}; "
            f"verify_assignment: {len(violations)} violations"
        )
    problem = MatchProblem.build(subjects, pool, seed=seed, task=task, departments=plan.departments)
    joint = match(problem)
    same = all(
        team.department(d) == claims[d].team(team.subject_code).department(d)
        for team in joint.teams
        for d in (nhc.id, samr.id)
    )
    print(
        f"  联合检查组 from one joint match: {team_sizes(plan, joint)}; same as the claims: {same}"
    )

    forms = forms_from_assignment(plan, task.id, subjects, joint, inspectors=pool)
    visits = DateWindow(start=calendar.add_workdays(DRAW_DAY, 3), end=task.inspection.end)
    ledger = record_round(
        PlanLedger.open(plan),
        task,
        forms,
        draw,
        calendar=calendar,
        seed=f"{task.id}/visits",
        window=visits,
        not_entered=1,
    )
    sample = next(f for f in ledger.forms() if "药品网络销售" in f.subject.tags)
    print("\n一企一表 (one of them, Markdown):")
    print(sample.to_markdown())

    print("期限 (deadlines)")
    print(f"  抽查时间 {task.inspection.start} to {task.inspection.end}; 抽取 and 派发 {DRAW_DAY}")
    print(f"  入企检查、结果上传公示等工作务必在 {task.disclosure_by} 前完成")
    for finding in check_plan_timeline(plan, calendar=calendar):
        print(f"  {finding.severity.value} {finding.code.value}: {finding.message}")

    print("\n附件2 (报县商改办; 县卫健委会同县市场监督管理局统一汇总填写)")
    print(summarize(ledger, title=ANNEX2_TITLE).to_markdown())
    as_of = dt.date(2025, 10, 31)
    report = track_disclosure(ledger, calendar=calendar, as_of=as_of)
    print(f"\n公示 as of {as_of}: {disclosure_line(report)}")
    for item in report.items:
        if item.state is DisclosureState.OVERDUE:
            name = plan.department(item.department_id).name
            print(
                f"  {item.subject_code} {name}: {item.result_status.label}, due {item.deadline}, "
                f"{item.state.label} by {plural(item.overdue_working_days, 'working day')}"
            )
    covered = coverage(library, [r.subject_code for r in ledger.results()], target="100%")
    print(
        f"coverage of the 互联网诊疗机构: {covered.inspected} of {covered.registered}, "
        f"100% met: {covered.meets_target}"
    )
    return ledger


if __name__ == "__main__":
    main()
