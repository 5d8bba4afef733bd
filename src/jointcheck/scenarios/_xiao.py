"""萧县2025年度对全县互联网诊疗机构开展"双随机、一公开"部门联合抽查工作实施方案."""

from __future__ import annotations

import datetime as dt

from jointcheck.model import (
    CheckItem,
    DateWindow,
    Department,
    InspectionMethod,
    Plan,
    PoolScope,
    SamplingRule,
    ScopeKind,
    SubjectKind,
    Task,
    TeamRequirement,
    Unit,
    UnitKind,
)
from jointcheck.workdays import disclosure_terms, read_deadline

__all__ = ["XIAO_DISCLOSURE_TEXT", "XIAO_TOWNS", "xiao_2025_plan"]

NHC = "xiao-nhc"  # 县卫健委 (牵头单位)
SAMR = "xiao-samr"  # 县市场监督管理局

XIAO_DISCLOSURE_TEXT = (
    "入企检查、结果上传公示等工作务必在10月30日前完成。…检查结束后，由参与检查的部门在检查"
    "结束起20个工作日内将检查结果分别录入安徽省事中事后综合监管系统"
)
"""The deadlines as printed in 五(五) and 五(六): the plan's last day and 20 working days."""

XIAO_TOWNS: tuple[tuple[str, str], ...] = (
    ("xiao-samr-lc", "龙城镇"),
    ("xiao-samr-sq", "圣泉镇"),
    ("xiao-samr-hk", "黄口镇"),
    ("xiao-samr-yl", "杨楼镇"),
    ("xiao-samr-yg", "永堌镇"),
    ("xiao-samr-bt", "白土镇"),
)
"""(市场监管所 unit id, town) for the towns the 市场监管所 of the plan cover."""


def xiao_2025_plan() -> Plan:
    """The Xiao county 2025 internet-diagnosis joint plan: 卫健委 leads, 市场监管局 joins.

    Every 互联网诊疗机构 is checked (抽查比例100%). The 卫健委 draws the subjects and 2 of
    its inspectors per subject (按每户企业2名执法检查人员的标准); the 市场监管局 claims
    (认领) them and draws at least 2 of its own, from the 市场监管所 covering the institution
    (the notice is addressed to 各市场监管所). 对药品网络销售的检查 applies only to
    institutions that sell medicines online (一企一表) and needs a 药品 qualification, which a
    specialist (专业人员) supplies when no member holds it. Inspections run from 2025-04-10;
    "入企检查、结果上传公示等工作务必在10月30日前完成" sets the plan's own last day for
    disclosure, beside the 20-working-day rule.

    Examples:
        >>> plan = xiao_2025_plan()
        >>> [(d.name, len(plan.tasks[0].items_for(d.id))) for d in plan.departments]
        [('萧县卫生健康委员会', 3), ('萧县市场监督管理局', 2)]
        >>> plan.tasks[0].sampling.quotas({"B": 7}).total
        7
    """
    working_days, last_day = disclosure_terms(read_deadline(XIAO_DISCLOSURE_TEXT, year=2025))
    items = (
        CheckItem(
            id="nhc-1", department_id=NHC, name="机构资质检查", legal_basis="《医疗机构管理条例》"
        ),
        CheckItem(
            id="nhc-2",
            department_id=NHC,
            name="人员资质检查",
            legal_basis="《互联网诊疗管理办法（试行）》",
        ),
        CheckItem(
            id="nhc-3",
            department_id=NHC,
            name="依法执业情况检查等",
            legal_basis="《互联网诊疗监管细则（试行）》",
        ),
        CheckItem(
            id="samr-1", department_id=SAMR, name="广告发布行为检查", legal_basis="《广告法》"
        ),
        CheckItem(
            id="samr-2",
            department_id=SAMR,
            name="对药品网络销售的检查",
            legal_basis="《药品网络销售监督管理办法》",
            qualification="药品",
            applies_to_tags=("药品网络销售",),
        ),
    )
    task = Task(
        id="xiao-2025-1",
        name="2025年度全省互联网诊疗机构部门联合抽查",
        scope=ScopeKind.DIRECTED,
        target="全县互联网诊疗机构（开展互联网诊疗活动的医疗机构）",
        subject_kinds=(SubjectKind.INSTITUTION, SubjectKind.ENTERPRISE),
        required_tags=("互联网诊疗",),
        check_items=items,
        sampling=SamplingRule.parse("抽查比例100%"),
        method=InspectionMethod.ON_SITE,
        inspection=DateWindow(start=dt.date(2025, 4, 10), end=dt.date(2025, 10, 30)),
        disclosure_working_days=working_days,
        disclosure_by=last_day,
        team_requirements=(
            TeamRequirement(department_id=NHC, min_members=2),
            TeamRequirement(department_id=SAMR, min_members=2, scope=PoolScope.SAME_UNIT),
        ),
    )
    return Plan(
        id="xiao-2025-internet-diagnosis",
        name="萧县2025年度对全县互联网诊疗机构开展“双随机、一公开”部门联合抽查",
        year=2025,
        initiator_id=NHC,
        departments=(
            Department(
                id=NHC,
                name="萧县卫生健康委员会",
                region="341322",
                units=(Unit(id="xiao-nhc-jd", name="县卫生健康监督执法大队", kind=UnitKind.TEAM),),
            ),
            Department(
                id=SAMR,
                name="萧县市场监督管理局",
                region="341322",
                units=tuple(
                    Unit(
                        id=unit_id,
                        name=f"{town[:-1]}市场监管所",
                        kind=UnitKind.STATION,
                        jurisdictions=(town,),
                    )
                    for unit_id, town in XIAO_TOWNS
                ),
            ),
        ),
        tasks=(task,),
        period=DateWindow(start=dt.date(2025, 4, 10), end=dt.date(2025, 10, 30)),
    )
