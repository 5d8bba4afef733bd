"""Notice 003: 泽州县市场监督管理局2023年度双随机抽查工作计划 (15 tasks), end to end.

泽市监〔2023〕10号: 15 internal tasks from the plan table (附件1), the built-in
``zezhou_2023_plan`` read by ``jointcheck.io`` from the table shipped in the package, each with
its printed ratio and
"对低风险、一般风险、较高风险、高风险企业分别递加比例抽查"; 定向 tasks draw from a special library,
不定向 ones from all 企业 / 个体工商户 / 农民专业合作社; each task's 股 chooses how inspectors
are drawn (股所随机、所所随机、股内随机、所内随机, §二(四)); the year's targets are 年度抽查企业
占比达到3%以上 and 抽查结果公示率达到100%.

The registry and the inspector directory are synthetic (fixed seeds), so every run prints the
same outcome. Which 股 uses which way of drawing inspectors is this example's choice (the
notice leaves it to each 股); it is printed with each task.

Run: ``python examples/zezhou_2023.py``
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from _scenario import (
    disclosure_line,
    draw_task,
    record_round,
    team_sizes,
)

from jointcheck.forms import forms_from_assignment
from jointcheck.matching import MatchProblem, match, verify_assignment
from jointcheck.model import (
    DateWindow,
    Department,
    Inspector,
    OperatingStatus,
    ScopeKind,
    SubjectKind,
    Task,
    Unit,
    UnitKind,
)
from jointcheck.records import (
    DisclosureState,
    PlanChange,
    PlanLedger,
    TaskStatus,
    coverage,
    disclosure_deadline,
    summarize,
    track_disclosure,
)
from jointcheck.sampling import ExclusionReason, exclusion_from_mask
from jointcheck.scenarios import ZEZHOU_TABLE, zezhou_2023_plan
from jointcheck.synthetic import SubjectGroup, synthetic_inspectors, synthetic_registry
from jointcheck.workdays import ChinaCalendar

ENT, IND, COOP = (
    SubjectKind.ENTERPRISE,
    SubjectKind.INDIVIDUAL_BUSINESS,
    SubjectKind.FARMER_COOPERATIVE,
)
STATIONS = (
    Unit(
        id="zz-bg",
        name="巴公市场监管所",
        kind=UnitKind.STATION,
        jurisdictions=("巴公镇", "北义城镇"),
    ),
    Unit(
        id="zz-gd",
        name="高都市场监管所",
        kind=UnitKind.STATION,
        jurisdictions=("高都镇", "大东沟镇"),
    ),
    Unit(
        id="zz-jc", name="金村市场监管所", kind=UnitKind.STATION, jurisdictions=("金村镇", "南村镇")
    ),
    Unit(
        id="zz-xc", name="下村市场监管所", kind=UnitKind.STATION, jurisdictions=("下村镇", "李寨乡")
    ),
    Unit(
        id="zz-zc", name="周村市场监管所", kind=UnitKind.STATION, jurisdictions=("周村镇", "犁川镇")
    ),
    Unit(
        id="zz-dy", name="大阳市场监管所", kind=UnitKind.STATION, jurisdictions=("大阳镇", "川底乡")
    ),
    Unit(
        id="zz-sh",
        name="山河市场监管所",
        kind=UnitKind.STATION,
        jurisdictions=("山河镇", "柳树口镇"),
    ),
    Unit(
        id="zz-jmp",
        name="晋庙铺市场监管所",
        kind=UnitKind.STATION,
        jurisdictions=("晋庙铺镇", "南岭乡"),
    ),
)
TOWNS = tuple(town for station in STATIONS for town in station.jurisdictions)
TOWN_WEIGHTS = (14, 5, 12, 6, 13, 7, 6, 4, 7, 4, 8, 3, 4, 3, 3, 2)
POOLS = {  # 序号 → how the task's 股 draws inspectors (the notice leaves the choice to it)
    "1": "股所随机",
    "2": "所内随机",
    "3": "股内随机",
    "4": "股内随机",
    "5": "股内随机",
    "6": "股所随机",
    "7": "股内随机",
    "8": "所所随机",
    "9": "股所随机",
    "10": "所所随机",
    "11": "股所随机",
    "12": "所内随机",
    "13": "所内随机",
    "14": "所所随机",
    "15": "所内随机",
}
GROUPS = (
    SubjectGroup(110, kind=ENT, tags=("广告经营者",)),
    SubjectGroup(40, kind=IND, tags=("广告经营者",)),
    SubjectGroup(5, kind=ENT, tags=("小作坊",)),
    SubjectGroup(45, kind=IND, tags=("小作坊",)),
    SubjectGroup(380, kind=ENT, tags=("在用计量器具",)),
    SubjectGroup(120, kind=IND, tags=("在用计量器具",)),
    SubjectGroup(12, kind=ENT, tags=("眼镜配制单位", "在用计量器具")),
    SubjectGroup(18, kind=IND, tags=("眼镜配制单位", "在用计量器具")),
    SubjectGroup(3, kind=ENT, tags=("法定计量检定机构",)),
    SubjectGroup(85, kind=ENT, tags=("加油站", "在用计量器具")),
    SubjectGroup(14, kind=ENT, tags=("检验检测机构",)),
    SubjectGroup(150, kind=ENT, tags=("药店",)),
    SubjectGroup(60, kind=IND, tags=("药店",)),
    SubjectGroup(16, kind=ENT, tags=("景区",)),
    SubjectGroup(90, kind=ENT, tags=("转供电经营者",)),
    SubjectGroup(4, kind=ENT, tags=("文物经营单位",)),
    SubjectGroup(3, kind=IND, tags=("文物经营单位",)),
    SubjectGroup(700, kind=ENT, tags=("食品销售者",)),
    SubjectGroup(2100, kind=IND, tags=("食品销售者",)),
    SubjectGroup(4300, kind=ENT),
    SubjectGroup(12000, kind=IND),
    SubjectGroup(1150, kind=COOP),
)
TAILS = {
    "广告经营者": "广告有限公司",
    "小作坊": "食品加工坊",
    "眼镜配制单位": "眼镜店",
    "在用计量器具": "建材有限公司",
    "法定计量检定机构": "计量检定测试所",
    "加油站": "加油站有限公司",
    "检验检测机构": "检验检测有限公司",
    "药店": "大药房",
    "景区": "旅游开发有限公司",
    "转供电经营者": "物业管理有限公司",
    "文物经营单位": "古玩有限公司",
    "食品销售者": "超市",
}
# 股 of the department: inspectors each (计量股 and 信用股 run several tasks)
SECTION_SIZES: dict[str, int] = {
    "zz-wj": 3,
    "zz-zhxt": 3,
    "zz-jl": 5,
    "zz-jg": 3,
    "zz-sc": 3,
    "zz-xy": 4,
    "zz-splt": 3,
}
STATION_SIZE = 6


def matching_view(
    department: Department, task: Task, method: str, section: str, pool: tuple[Inspector, ...]
) -> tuple[list[Department], tuple[Inspector, ...]]:
    """The departments (units and what they cover) and the inspectors one way of drawing uses.

    * 股所随机: every inspector of the bureau (``PoolScope.ANY``);
    * 所所随机: inspectors of the 所 other than the one covering the subject (``OTHER_UNIT``);
    * 股内随机: inspectors of the task's 股, made the covering unit of every town (``SAME_UNIT``);
    * 所内随机: inspectors of the 所 covering the subject (``SAME_UNIT``).
    """
    stations = {u.id for u in department.units if u.kind is UnitKind.STATION}
    if method == "所所随机":
        return [department], tuple(p for p in pool if p.unit_id in stations)
    if method == "股内随机":
        unit = department.unit(section)
        only = Unit(id=unit.id, name=unit.name, kind=unit.kind, jurisdictions=TOWNS)
        return [Department(id=department.id, name=department.name, units=(only,))], pool
    return [department], pool


def directory(department: Department) -> tuple[Inspector, ...]:
    """The bureau's 执法人员名录库: its 股 (SECTION_SIZES) and 所 (STATION_SIZE each)."""
    sizes = dict(SECTION_SIZES)
    sizes.update({u.id: STATION_SIZE for u in STATIONS})
    return synthetic_inspectors(
        [department],
        per_unit=sizes,
        on=dt.date(2023, 3, 1),
        seed=10,
        expired_share=0.02,
        unavailable_share=0.0,
        specialists=0,
    )


def main() -> PlanLedger:
    """Run the scenario, print each step, and return the ledger (forms and results)."""
    calendar = ChinaCalendar()
    plan = zezhou_2023_plan(stations=STATIONS, pool_methods=POOLS)
    (department,) = plan.departments
    directed = sum(t.scope is ScopeKind.DIRECTED for t in plan.tasks)
    print(plan.name)
    print(
        f"文号 {plan.document_number} · {department.name} · plan table "
        f"{ZEZHOU_TABLE}: {len(plan.tasks)} tasks "
        f"({directed} 定向, {len(plan.tasks) - directed} 不定向)"
    )

    registry = synthetic_registry(
        GROUPS,
        region="140525",
        jurisdictions=TOWNS,
        jurisdiction_weights=TOWN_WEIGHTS,
        seed=206,
        tails=TAILS,
    )
    population = registry.population
    pool = directory(department)
    kinds = Counter(int(k) for k in population.kinds)
    print(
        f"sizes: 名录库 {len(population):,} subjects (企业 {kinds[ENT.code]:,} · 个体工商户 "
        f"{kinds[IND.code]:,} · 农民专业合作社 {kinds[COOP.code]:,}) in {len(TOWNS)} towns; "
        f"执法人员名录库 {len(pool)} ({len(SECTION_SIZES)} 股, {len(STATIONS)} 所)"
    )

    # 因故延期实施: the 价格监股 files a postponement of task 09 with the 信用监管股 (§二(四)).
    ledger = PlanLedger.open(plan).change(
        PlanChange.postpone(
            "zz-2023-09",
            new_inspection=DateWindow(start=dt.date(2023, 5, 1), end=dt.date(2023, 11, 30)),
            reason="景区提质改造，部分景区暂停营业，检查延至11月底",
            filed_with="信用监管股",
            filed_on=dt.date(2023, 9, 15),
            applicant="价格监股",
            reported_to="晋城市市场监督管理局",
        )
    )
    for change in ledger.history.changes:
        print(
            f"plan change filed {change.filed_on} with {change.filed_with} by {change.applicant} "
            f"(报备 {change.reported_to}): {ledger.plan.task(change.task_id).name} "
            f"{change.kind.label}, {change.describe()}; 原因: {change.reason}"
        )

    print(
        "\n序号 抽查任务名称 · 抽查类型 抽查对象范围 · 抽查比例; then the draw, the teams, the forms"
    )
    loads: Counter[str] = Counter()
    for task in ledger.plan.tasks:
        number = task.id[-2:]
        method = POOLS[str(int(number))]
        library = registry.library(kinds=task.subject_kinds, tags=task.required_tags)
        exclude = []
        left_out = task.excluded_tags
        if left_out:
            exclude.append(
                exclusion_from_mask(
                    library,
                    registry.tagged(library, left_out),
                    reason=ExclusionReason.OUT_OF_SCOPE,
                    detail=f"抽查对象范围除{'、'.join(left_out)}",
                )
            )
        assert task.inspection is not None
        draw_day = calendar.next_workday(task.inspection.start, inclusive=True)
        kind = "定向" if task.scope is ScopeKind.DIRECTED else "不定向"
        print(f"{number} {task.name} · {kind} {task.target} · {task.sampling.overall}")
        draw = draw_task(
            task,
            library,
            seed=f"{task.id}@{draw_day}",
            exclude=exclude,
            indent="     ",
            explain=task.id in ("zz-2023-05", "zz-2023-13"),  # ceil per tier; the largest
        )
        subjects = registry.subjects(draw.selected)
        departments, candidates = matching_view(
            department, task, method, task.initiating_unit_id or "", pool
        )
        problem = MatchProblem.build(
            subjects, candidates, seed=f"{task.id}/teams", task=task, departments=departments
        )
        assignment = match(problem)
        violations = verify_assignment(assignment, problem, allow_unbound_seed=True)
        scope = task.team_requirement(department.id).scope
        for load in assignment.loads:
            loads[load.inspector_id] += load.subjects
        print(
            f"     {method} (PoolScope.{scope.name}): {team_sizes(plan, assignment)}; "
            f"verify_assignment: {len(violations)} violations"
        )
        forms = forms_from_assignment(ledger.plan, task.id, subjects, assignment, inspectors=pool)
        ledger = record_round(
            ledger,
            task,
            forms,
            draw,
            calendar=calendar,
            seed=f"{task.id}/visits",
            late=1 if task.id == "zz-2023-13" else 0,
            indent="     ",
        )
    top = loads.most_common(1)[0]
    print(f"busiest inspector over the 15 tasks: {top[1]} subjects")

    print("\n汇总 (annex-2 columns per task, then the plan)")
    summary = summarize(ledger)
    header = summary.table()[0]
    print("| 序号 | " + " | ".join(str(h) for h in header[1:]) + " |")
    print("|" + "---|" * len(header))
    for task in ledger.plan.tasks:
        row = summarize(ledger, task_id=task.id).row(department.id).row()
        print(f"| {task.id[-2:]} | " + " | ".join(str(c) for c in row[1:]) + " |")
    row = summary.row(department.id).row()
    print("| 合计 | " + " | ".join(str(c) for c in row[1:]) + " |")
    print(f"distinct subjects inspected: {summary.subjects_inspected:,}")

    print("\n年度目标 (yearly targets)")
    enterprises = population.select(
        population.mask(kinds=[ENT], statuses=[OperatingStatus.OPERATING])
    )
    covered = coverage(enterprises, [r.subject_code for r in ledger.results()], target="3%")
    verdict = "met" if covered.meets_target else f"not met, {covered.shortfall} more needed"
    print(
        f"  年度抽查企业占比: {covered.inspected} of {covered.registered:,} enterprises = "
        f"{float(covered.share):.2%}; 3% needs {covered.required}: {verdict}"
    )
    as_of = dt.date(2024, 2, 29)
    report = track_disclosure(ledger, calendar=calendar, as_of=as_of)
    verdict = "met" if report.complete else "not met"
    print(f"  抽查结果公示率 as of {as_of}: {disclosure_line(report)}; target 100%: {verdict}")
    for item in report.items:
        if item.state is DisclosureState.LATE:
            print(
                f"    {item.task_id} {item.subject_code}: due {item.deadline}, published "
                f"{item.published_on} ({item.overdue_working_days} working days late)"
            )

    print("\n期限 (deadlines): 公示 20 working days after each task's inspection window ends")
    for task in ledger.plan.tasks:
        assert task.inspection is not None
        status = ledger.history.status(task.id)
        note = f" ({status.label})" if status is not TaskStatus.SCHEDULED else ""
        print(
            f"  {task.id[-2:]} {task.inspection.start:%m-%d} to {task.inspection.end:%m-%d} → "
            f"{disclosure_deadline(task, calendar=calendar)}{note}"
        )
    return ledger


if __name__ == "__main__":
    main()
