"""萧县2025年互联网诊疗机构"双随机、一公开"部门联合抽查, end to end.

The notice: 县卫健委 leads, 县市场监督管理局 takes part; every internet-diagnosis institution
in the county is inspected (抽查比例100%), 2025-04-10 to 2025-10-30; 2 inspectors per
department and subject; one form per subject (一企一表); results entered within 20 working
days after the inspection and everything done by 10月30日; the lead department reports the
annex-2 summary table (附件2 汇总统计表).

This script draws the subjects (a 100% draw), draws the joint teams, builds the forms,
enters one result and one refusal to sign by hand (the visits and the other results come from
the library's simulator, ``jointcheck.synthetic``), and prints one form, the annex-2 table,
the disclosure status and the coverage of the registry.

Run: ``python examples/xiao_end_to_end.py``.
"""

from __future__ import annotations

import datetime as dt

from jointcheck.forms import (
    FollowUp,
    FollowUpKind,
    InspectionResult,
    ItemFinding,
    ItemOutcome,
    Signature,
    draw_reference,
    drawn_subjects,
    forms_from_assignment,
)
from jointcheck.matching import MatchProblem, match
from jointcheck.model import (
    CheckItem,
    DateWindow,
    Department,
    Plan,
    ResultCategory,
    RiskTier,
    Subject,
    SubjectKind,
    Task,
    TeamRequirement,
    Unit,
    UnitKind,
)
from jointcheck.population import Population
from jointcheck.records import PlanLedger, coverage, summarize, track_disclosure
from jointcheck.sampling import HashSampler
from jointcheck.synthetic import synthetic_inspectors, synthetic_visits
from jointcheck.workdays import ChinaCalendar

NHC, SAMR = "xiao-nhc", "xiao-samr"
TASK = "xiao-2025-internet-diagnosis"
TAG = "互联网诊疗"
DRUG_SALES = "药品网络销售"


def xiao_plan() -> Plan:
    """The plan of the notice (附件1: 联查部门、抽查事项、抽查比例、时间安排)."""
    items = (
        CheckItem(
            id="nhc-licence",
            department_id=NHC,
            name="机构资质检查",
            legal_basis="《医疗机构管理条例》《互联网诊疗管理办法（试行）》",
        ),
        CheckItem(
            id="nhc-staff",
            department_id=NHC,
            name="人员资质检查",
            legal_basis="《中华人民共和国医师法》《护士条例》",
        ),
        CheckItem(
            id="nhc-practice",
            department_id=NHC,
            name="依法执业情况检查",
            legal_basis="《互联网诊疗监管细则（试行）》",
        ),
        CheckItem(
            id="samr-ads",
            department_id=SAMR,
            name="广告发布行为检查",
            legal_basis="《中华人民共和国广告法》《医疗广告管理办法》",
        ),
        CheckItem(
            id="samr-drugs",
            department_id=SAMR,
            name="对药品网络销售的检查",
            legal_basis="《药品网络销售监督管理办法》",
            applies_to_tags=(DRUG_SALES,),
        ),
    )
    task = Task(
        id=TASK,
        name="2025年度互联网诊疗机构部门联合抽查",
        target="全县互联网诊疗机构",
        subject_kinds=(SubjectKind.INSTITUTION, SubjectKind.ENTERPRISE),
        required_tags=(TAG,),
        check_items=items,
        sampling="100%",
        inspection=DateWindow(start=dt.date(2025, 4, 10), end=dt.date(2025, 10, 30)),
        disclosure_working_days=20,
        disclosure_by=dt.date(2025, 10, 30),  # 入企检查、结果上传公示等工作务必在10月30日前完成
        team_requirements=(
            TeamRequirement(department_id=NHC, min_members=2),  # 按每户企业2名执法检查人员
            TeamRequirement(department_id=SAMR, min_members=2),  # 至少2名执法检查人员
        ),
    )
    return Plan(
        id="xiao-2025-internet-diagnosis",
        name="萧县2025年互联网诊疗机构“双随机、一公开”联合抽查",
        year=2025,
        initiator_id=NHC,
        departments=(
            Department(
                id=NHC,
                name="卫健委",
                region="341322",
                units=(
                    Unit(id="xiao-nhc-team", name="县卫生健康监督执法大队", kind=UnitKind.TEAM),
                ),
            ),
            Department(id=SAMR, name="市场监督管理局", region="341322"),
        ),
        tasks=(task,),
    )


REGISTRY = (
    Subject(
        code="12341322485432108G",
        name="萧县人民医院",
        kind=SubjectKind.INSTITUTION,
        jurisdiction="341322",
        tier=RiskTier.MEDIUM,
        tags=(TAG,),
    ),
    Subject(
        code="12341322MB12345672",
        name="萧县中医院",
        kind=SubjectKind.INSTITUTION,
        jurisdiction="341322",
        tier=RiskTier.LOW,
        tags=(TAG, DRUG_SALES),
    ),
    Subject(
        code="91341322MA2N8K3P4L",
        name="萧县康宁互联网医院有限公司",
        jurisdiction="341322",
        tier=RiskTier.HIGHER,
        tags=(TAG, DRUG_SALES),
    ),
    Subject(
        code="52341322MJ0012345F",
        name="萧县仁和医院",
        kind=SubjectKind.INSTITUTION,
        jurisdiction="341322",
        tags=(TAG,),
    ),
)


def main() -> PlanLedger:
    """Run the round, print each step, and return the ledger (to render forms, e.g. as HTML)."""
    plan = xiao_plan()
    task = plan.task(TASK)
    population = Population.from_subjects(REGISTRY)

    # 1. 随机抽取待查医疗机构: a 100% draw from the registry.
    draw = HashSampler().draw(population, task.sampling, seed="萧县2025互联网诊疗联合抽查")
    subjects = drawn_subjects(draw, REGISTRY)
    print("== 1. draw")
    print(draw.summary())
    print(f"drawn {len(subjects)} of {len(population)} under the rule {task.sampling.text!r}")

    # 2. 联合检查单位匹配任务: each department draws 2 inspectors per subject.
    pool = synthetic_inspectors(  # stands in for your 执法检查人员名录库
        plan.departments,
        per_unit=4,
        on=task.inspection.start,
        seed=2025,
        expired_share=0.0,
        unavailable_share=0.0,
        specialists=0,
    )
    assignment = match(
        MatchProblem.build(
            subjects,
            pool,
            seed="萧县2025互联网诊疗联合抽查-检查人员",
            task=task,
            departments=plan.departments,
        )
    )
    names = {i.id: i.name for i in pool}
    print("\n== 2. joint teams (联合检查组)")
    for team in assignment.teams:
        parts = "；".join(
            f"{plan.department(p.department_id).name}: {'、'.join(names[m] for m in p.members)}"
            for p in team.departments
        )
        print(f"{team.subject_code}  {parts}")

    # 3. 生成"一企一表": one form per subject, only the items that apply to it.
    forms = forms_from_assignment(plan, TASK, subjects, assignment, inspectors=pool)
    print("\n== 3. forms (一企一表)")
    for form in forms:
        print(
            f"{form.subject.name}: {len(form.check_items)} items "
            f"({', '.join(i.id for i in form.check_items)})"
        )

    # 4. 依法开展联合检查: the visits and the other results are simulated; one result and one
    # refusal to sign are entered by hand, as a department's system would (谁检查、谁录入).
    calendar = ChinaCalendar()
    kangning = next(s for s in subjects if s.name == "萧县康宁互联网医院有限公司")
    visits = synthetic_visits(task, forms, calendar=calendar, seed="萧县2025-visits", not_entered=1)
    day = next(r.inspected_on for r in visits.results if r.subject_code == kangning.code)
    refused = Signature.refused(
        on=day,
        note="法定代表人以需请示总公司为由拒绝签字，检查过程全程记录",
        recorded_by=[s.team.counted_ids[0] for s in forms[0].sections],
    )
    forms = [
        form.with_signature(refused) if form.subject.code == kangning.code else visited
        for form, visited in zip(forms, visits.forms, strict=True)
    ]
    ledger = PlanLedger.open(plan).add_forms(TASK, forms, draw_reference=draw_reference(draw))
    print(f"draw reference: {ledger.task_ledger(TASK).draw_reference}")
    by_hand = (kangning.code, NHC)
    ledger = ledger.record_results(
        [r for r in visits.results if (r.subject_code, r.department_id) != by_hand]
    )
    team = ledger.form(TASK, kangning.code).section(NHC).team.counted_ids
    ledger = ledger.record_result(
        InspectionResult(
            task_id=TASK,
            subject_code=kangning.code,
            department_id=NHC,
            categories=(ResultCategory.VIOLATES_OTHER_DEPARTMENT_RULES,),
            findings=(
                ItemFinding(
                    item_id="nhc-practice",
                    outcome=ItemOutcome.NON_COMPLIANT,
                    note="在线开具处方未经药师审核",
                ),
            ),
            follow_ups=(FollowUp(kind=FollowUpKind.OPEN_CASE, note="立案调查"),),
            inspected_on=day,
            inspector_ids=team,
            entered_on=day + dt.timedelta(days=1),
            entered_by=team[0],
            published_on=day + dt.timedelta(days=2),
        )
    )
    missing = ", ".join(f"{code} {plan.department(d).name}" for code, d in visits.not_entered)
    print(f"results entered: {len(visits.results)} simulated + 1 by hand; not entered: {missing}")

    print("\n== 4. one form (Markdown; form.to_html() gives the printable A4 page)")
    print(ledger.form(TASK, kangning.code).to_markdown())

    print("== 5. annex 2 (附件2 汇总统计表)")
    print(summarize(ledger).to_markdown())

    print("\n== 6. disclosure (20 working days, and everything by 10月30日)")
    report = track_disclosure(ledger, calendar=calendar, as_of=dt.date(2025, 10, 31))
    for item in report.items:
        print(
            f"{item.subject_code} {plan.department(item.department_id).name}: "
            f"deadline {item.deadline}, {item.state.label}"
            + (
                f" by {item.overdue_working_days} working day(s)"
                if item.overdue_working_days
                else ""
            )
        )
    print(f"disclosure rate (公示率): {report.rate} = {float(report.rate):.0%}")

    cov = coverage(population, [r.subject_code for r in ledger.results()], target="100%")
    print(
        f"\ncoverage of the registry: {cov.inspected}/{cov.registered}, "
        f"target 100% met: {cov.meets_target}"
    )
    return ledger


if __name__ == "__main__":
    main()
