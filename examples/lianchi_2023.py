"""Notice 001: 2023年保定市莲池区卫生健康局部门联合抽查, end to end.

保莲双随机办[2023]14号: the 区卫生健康局 leads a directed joint check (定向联合抽查) with the
区文广旅局 (娱乐场所) and the 区医保局 (2 items); 抽查比例 5%以上 by credit-risk tier; the
drawn list is compared and confirmed within two working days (两个工作日内完成比对和确认);
each department draws its own inspectors (at least 2, with 执法证); specialists (专业人员)
assist with professional items; one form per subject (一企一表); results published within 10
working days of the end of the inspection.

The registry and the inspector directory are synthetic (fixed seeds), so every run prints the
same outcome.

Run: ``python examples/lianchi_2023.py``
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from _scenario import (
    disclosure_line,
    draw_task,
    heading,
    plural,
    pool_summary,
    record_round,
    show_team,
    tier_counts,
)

from jointcheck.forms import FormTeam, InspectionForm, applicable_items
from jointcheck.matching import MatchProblem, match, verify_assignment
from jointcheck.model import RiskTier, SubjectKind
from jointcheck.records import (
    DisclosureState,
    PlanLedger,
    disclosure_deadline,
    summarize,
    track_disclosure,
)
from jointcheck.sampling import ExclusionReason, exclusion_from_mask, verify_draw
from jointcheck.scenarios import LIANCHI_TAGS_WITHOUT_ITEMS, lianchi_2023_plan
from jointcheck.synthetic import SubjectGroup, synthetic_inspectors, synthetic_registry
from jointcheck.workdays import ChinaCalendar

ENT, IND, INST = SubjectKind.ENTERPRISE, SubjectKind.INDIVIDUAL_BUSINESS, SubjectKind.INSTITUTION
STREETS = (
    "东关街道",
    "西关街道",
    "南关街道",
    "中华路街道",
    "永华街道",
    "裕华街道",
    "和平里街道",
    "五四路街道",
    "红星路街道",
    "东金庄乡",
    "百楼乡",
    "南大园乡",
)
HEALTH_SHARES = {  # many health-sector subjects carry no credit-risk class
    RiskTier.UNRATED: 0.30,
    RiskTier.LOW: 0.30,
    RiskTier.MEDIUM: 0.27,
    RiskTier.HIGHER: 0.08,
    RiskTier.HIGH: 0.05,
}
GROUPS = (
    SubjectGroup(60, kind=ENT, tags=("托育机构",)),
    SubjectGroup(25, kind=INST, tags=("临床用血医疗机构", "放射诊疗单位", "医疗机构")),
    SubjectGroup(40, kind=INST, tags=("医疗机构",)),
    SubjectGroup(55, kind=ENT, tags=("放射诊疗单位", "医疗机构")),
    SubjectGroup(290, kind=IND, tags=("医疗机构",)),
    SubjectGroup(12, kind=INST, tags=("计划生育技术服务单位", "医疗机构")),
    SubjectGroup(2, kind=INST, tags=("血站单采血浆站",)),
    SubjectGroup(30, kind=ENT, tags=("生活饮用水单位",)),
    SubjectGroup(40, kind=ENT, tags=("涉水产品生产经营单位",)),
    SubjectGroup(35, kind=ENT, tags=("消毒产品生产经营单位",)),
    SubjectGroup(150, kind=ENT, tags=("职业病危害用人单位",)),
    SubjectGroup(8, kind=INST, tags=("职业病防治单位",)),
    SubjectGroup(8, kind=ENT, tags=("餐饮具集中消毒服务单位",)),
    SubjectGroup(300, kind=ENT, tags=("公共场所",)),
    SubjectGroup(600, kind=IND, tags=("公共场所",)),
    SubjectGroup(80, kind=ENT, tags=("公共场所", "娱乐场所")),
)
TAILS = {
    "托育机构": "托育服务有限公司",
    "放射诊疗单位": "医院有限公司",
    "临床用血医疗机构": "人民医院",
    "计划生育技术服务单位": "妇幼保健服务站",
    "血站单采血浆站": "中心血站",
    "医疗机构": "诊所",
    "生活饮用水单位": "供水有限公司",
    "涉水产品生产经营单位": "净水设备有限公司",
    "消毒产品生产经营单位": "消毒用品有限公司",
    "职业病危害用人单位": "机械制造有限公司",
    "职业病防治单位": "职业健康检查中心",
    "餐饮具集中消毒服务单位": "餐具消毒服务有限公司",
    "娱乐场所": "KTV娱乐有限公司",
    "公共场所": "宾馆",
}
DRAW_DAY = dt.date(2023, 7, 20)


def main() -> PlanLedger:
    """Run the scenario, print each step, and return the ledger (forms and results)."""
    calendar = ChinaCalendar()
    plan = lianchi_2023_plan()
    task = plan.tasks[0]
    nhc, culture, hsa = plan.departments
    heading(plan)
    for department in plan.departments:
        names = "；".join(i.name for i in task.items_for(department.id))
        print(f"  {department.name} ({len(task.items_for(department.id))} 项): {names}")

    registry = synthetic_registry(
        GROUPS,
        region="130606",
        jurisdictions=STREETS,
        seed=714,
        tier_shares=HEALTH_SHARES,
        tails=TAILS,
    )
    on = task.inspection.start if task.inspection else DRAW_DAY
    pool = synthetic_inspectors(
        plan.departments,
        per_unit={nhc.id: 24, culture.id: 6, hsa.id: 8},
        on=on,
        seed=1,
        expired_share=0.04,
        unavailable_share=0.04,
        qualifications={nhc.id: ("放射卫生", "采供血")},
        qualified_share=0.0,  # only the 专业人员 hold them
        specialists={nhc.id: 3},
    )
    library = registry.library(kinds=task.subject_kinds, tags=task.required_tags)
    print(
        f"sizes: 名录库 {len(library):,} subjects of the object kinds of §二 "
        f"({tier_counts(library)}); 执法人员名录库 {len(pool)}: {pool_summary(pool, plan)}"
    )

    print(f"\n[{task.id}] {task.name} (定向)")
    print(
        f"  抽查比例: {task.sampling.text}; 根据企业信用风险等级按照不同比例抽取 → 分别递加 1:2:4:8"
    )
    no_item = registry.tagged(library, LIANCHI_TAGS_WITHOUT_ITEMS) & ~registry.tagged(
        library, set(task.required_tags) - set(LIANCHI_TAGS_WITHOUT_ITEMS)
    )
    out_of_scope = exclusion_from_mask(
        library,
        no_item,
        reason=ExclusionReason.OUT_OF_SCOPE,
        detail="§二列出但§三无对应抽查事项（存在职业病危害的用人单位、涉及职业病防治工作的单位）",
    )
    seed = f"{task.id}@{DRAW_DAY}"
    draw = draw_task(task, library, seed=seed, exclude=[out_of_scope])

    # 两个工作日内完成比对和确认: one drawn subject moved out of the district the day after.
    confirm_by = calendar.add_workdays(DRAW_DAY, 2)
    compared_on = calendar.add_workdays(DRAW_DAY, 1)
    moved = draw.selected_in(RiskTier.MEDIUM)[0]
    draw = draw.replace(moved, reason="经比对已迁出莲池区，不属于本次检查对象")
    added = draw.replacements[-1].added
    print(
        f"  比对和确认 by {confirm_by} (2 working days after the draw on {DRAW_DAY}): on "
        f"{compared_on} {moved} replaced by {added}, next on the 一般风险 waitlist"
    )
    problems = verify_draw(draw, library, allow_unbound_seed=True)
    print(f"  verify_draw after the replacement: {problems or 'no violations'}")
    subjects = registry.subjects(draw.selected)

    # 认领: each department draws its own members for the subjects its items apply to.
    print("  认领 (each department draws at least 2 certified members from its own pool):")
    claims = {}
    for department in plan.departments:
        claimed = [s for s in subjects if applicable_items(task, department.id, s)]
        problem = MatchProblem.build(
            claimed,
            pool,
            seed=f"{task.id}/{department.id}",
            requirements=[task.team_requirement(department.id)],
            check_items=task.check_items,
            on=task.inspection,
        )
        assignment = match(problem)
        claims[department.id] = assignment
        violations = verify_assignment(assignment, problem, allow_unbound_seed=True)
        specialists = sum(len(t.department(department.id).specialists) for t in assignment.teams)
        print(
            f"    {department.name}: {plural(len(claimed), 'subject')}, 2 members each"
            + (f", {specialists} 专业人员 assisting" if specialists else "")
            + f"; verify_assignment: {len(violations)} violations"
        )
        if department.id == nhc.id:
            radiology = [s for s in claimed if "放射诊疗单位" in s.tags]
            show_team(plan, assignment, radiology, pool, indent="      ")

    # 一企一表: each subject's form holds the items that apply to it and the teams of the
    # departments that claimed it.
    forms = []
    for subject in subjects:
        teams = []
        for department_id, assignment in claims.items():
            if not applicable_items(task, department_id, subject):
                continue
            part = assignment.team(subject.code).department(department_id)
            teams.append(
                FormTeam.from_ids(
                    department_id, part.members, specialist_ids=part.specialists, inspectors=pool
                )
            )
        forms.append(InspectionForm.build(plan, task.id, subject, teams))
    ledger = record_round(
        PlanLedger.open(plan),
        task,
        forms,
        draw,
        calendar=calendar,
        seed=f"{task.id}/visits",
        late=1,
    )
    departments_per_form = Counter(len(f.sections) for f in ledger.forms())
    print(
        "  departments per form: "
        + ", ".join(f"{n}: {departments_per_form[n]}" for n in sorted(departments_per_form))
    )

    print("\n期限 (deadlines)")
    assert task.inspection is not None
    print(f"  抽取 {DRAW_DAY}; 比对和确认 by {confirm_by}")
    print(f"  检查 {task.inspection.start} to {task.inspection.end}")
    print(
        f"  公示 within {task.disclosure_working_days} working days of the end of the "
        f"inspection: by {disclosure_deadline(task, calendar=calendar)}; each result within "
        f"{task.disclosure_working_days} working days of its own inspection day"
    )

    print("\n汇总 (annex-2 table)")
    print(summarize(ledger).to_markdown())
    as_of = dt.date(2023, 11, 20)
    report = track_disclosure(ledger, calendar=calendar, as_of=as_of)
    print(f"\n公示 as of {as_of}: {disclosure_line(report)}")
    for item in report.items:
        if item.state is DisclosureState.LATE:
            name = plan.department(item.department_id).name
            print(
                f"  {item.subject_code} {name}: due {item.deadline}, published "
                f"{item.published_on} ({item.overdue_working_days} working days late)"
            )
    return ledger


if __name__ == "__main__":
    main()
