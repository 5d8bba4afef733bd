"""2023年保定市莲池区卫生健康局部门联合抽查方案 (保莲双随机办[2023]14号)."""

from __future__ import annotations

import datetime as dt

from jointcheck.model import (
    CheckItem,
    DateWindow,
    Department,
    InspectionMethod,
    Plan,
    SamplingRule,
    ScopeKind,
    SubjectKind,
    Task,
    TeamRequirement,
)
from jointcheck.workdays import deadline, default_calendar, disclosure_terms, read_deadline

__all__ = [
    "LIANCHI_CONFIRMATION_TEXT",
    "LIANCHI_DISCLOSURE_TEXT",
    "LIANCHI_OBJECT_TAGS",
    "LIANCHI_RATIO_TEXT",
    "LIANCHI_TAGS_WITHOUT_ITEMS",
    "lianchi_2023_plan",
]

NHC = "lc-nhc"  # 区卫生健康局 (牵头)
CULTURE = "lc-culture"  # 区文广旅局
HSA = "lc-hsa"  # 区医保局

LIANCHI_RATIO_TEXT = "按照企业信用风险分级分类，抽查比例5%以上"
"""The ratio as printed in §二 (抽查比例)."""

LIANCHI_CONFIRMATION_TEXT = "由抽查部门系统管理员在两个工作日内完成比对和确认"
"""The time for 比对和确认 after the draw, as printed in §四(一)."""

LIANCHI_DISCLOSURE_TEXT = (
    "执法检查人员要自完成“双随机、一公开”抽查工作后10个工作日内，将抽查结果录入"
    "“河北省双随机执法监管平台”"
)
"""The disclosure deadline as printed in §五(三)."""

# Special-library tags (专项库) of the 抽查对象 listed in §二, in the notice's order.
LIANCHI_OBJECT_TAGS: tuple[str, ...] = (
    "托育机构",
    "医疗机构",
    "生活饮用水单位",
    "涉水产品生产经营单位",
    "职业病危害用人单位",
    "消毒产品生产经营单位",
    "职业病防治单位",
    "放射诊疗单位",
    "计划生育技术服务单位",
    "血站单采血浆站",
    "临床用血医疗机构",
    "餐饮具集中消毒服务单位",
    "公共场所",
    "娱乐场所",
)
"""Tags of the object kinds of §二 (娱乐场所 for the 文广旅局's item), in the notice's order."""

LIANCHI_TAGS_WITHOUT_ITEMS: tuple[str, ...] = ("职业病危害用人单位", "职业病防治单位")
"""Object kinds §二 lists that none of the check items of §三 applies to (no 职业病防治 item)."""


def _item(
    item_id: str,
    department_id: str,
    name: str,
    legal_basis: str,
    tags: tuple[str, ...],
    qualification: str | None = None,
) -> CheckItem:
    return CheckItem(
        id=item_id,
        department_id=department_id,
        name=name,
        legal_basis=legal_basis,
        qualification=qualification,
        applies_to_tags=tags,
    )


def _check_items() -> tuple[CheckItem, ...]:
    medical = ("医疗机构",)
    return (
        _item(
            "nhc-01", NHC, "对托育（幼）机构卫生的监督检查", "《托育机构管理规范》", ("托育机构",)
        ),
        _item(
            "nhc-02",
            NHC,
            "对消毒产品的监督检查",
            "《消毒管理办法》",
            ("消毒产品生产经营单位",),
        ),
        _item(
            "nhc-03",
            NHC,
            "对医疗机构开展放射诊疗活动的监督检查",
            "《放射诊疗管理规定》",
            ("放射诊疗单位",),
            qualification="放射卫生",
        ),
        _item("nhc-04", NHC, "对医疗机构和医疗行为的监督检查", "《医疗机构管理条例》", medical),
        _item(
            "nhc-05",
            NHC,
            "对传染病防治工作的监督检查",
            "《传染病防治法》",
            ("医疗机构", "托育机构", "生活饮用水单位", "涉水产品生产经营单位"),
        ),
        _item(
            "nhc-06",
            NHC,
            "对计划生育的监督检查",
            "《人口与计划生育法》",
            ("计划生育技术服务单位",),
        ),
        _item("nhc-07", NHC, "医师执业行为的监督检查", "《医师法》", medical),
        _item("nhc-08", NHC, "对护士执业行为的监督检查", "《护士条例》", medical),
        _item(
            "nhc-09",
            NHC,
            "对血站、单采血浆站执业情况及医疗机构临床用血情况的监督检查",
            "《献血法》《血站管理办法》",
            ("血站单采血浆站", "临床用血医疗机构"),
            qualification="采供血",
        ),
        _item(
            "nhc-10",
            NHC,
            "对餐饮具集中消毒服务单位的监督检查",
            "《传染病防治法》",
            ("餐饮具集中消毒服务单位",),
        ),
        _item(
            "nhc-11",
            NHC,
            "对公共场所卫生的监督检查",
            "《公共场所卫生管理条例》",
            ("公共场所", "娱乐场所"),
        ),
        _item(
            "culture-01",
            CULTURE,
            "娱乐场所“双随机”抽查",
            "《娱乐场所管理条例》",
            ("娱乐场所",),
        ),
        _item(
            "hsa-01",
            HSA,
            "对参保单位和个人遵守社会保险法律法规的监督检查",
            "《社会保险法》《医疗保障基金使用监督管理条例》",
            medical,
        ),
        _item(
            "hsa-02",
            HSA,
            "对医疗机构药品集中采购相关规定的督导检查",
            "《医疗保障基金使用监督管理条例》",
            medical,
        ),
    )


def lianchi_2023_plan() -> Plan:
    """The Lianchi district 2023 health joint plan: 3 departments, 1 directed task.

    The 区卫生健康局 leads with 11 check items, the 区文广旅局 checks 娱乐场所 and the
    区医保局 has 2 items. Each item applies to the object kinds it names (一企一表); the
    医保局's items are read as applying to the 医疗机构 among the subjects (参保单位 and
    药品集中采购 concern the 定点医疗机构). The rule is the printed 5%以上 as an overall
    minimum, with ratios rising with risk (1:2:4:8) for "根据企业信用风险等级按照不同比例抽取"
    (§五(二)1). The draw is on 2023-07-20 and the 比对和确认 takes two working days, so
    inspections start on 2023-07-25; results are published within 10 working days.

    Examples:
        >>> plan = lianchi_2023_plan()
        >>> [len(plan.tasks[0].items_for(d.id)) for d in plan.departments]
        [11, 1, 2]
        >>> plan.tasks[0].sampling.overall, plan.tasks[0].disclosure_working_days
        (Ratio(kind='ratio', percent=Decimal('5')), 10)
    """
    rule = SamplingRule.parse(LIANCHI_RATIO_TEXT)
    calendar = default_calendar()
    drawn = dt.date(2023, 7, 20)
    confirmed = deadline(read_deadline(LIANCHI_CONFIRMATION_TEXT), drawn, calendar=calendar)
    working_days, last_day = disclosure_terms(read_deadline(LIANCHI_DISCLOSURE_TEXT))
    items = _check_items()
    task = Task(
        id="lc-2023-1",
        name="2023年莲池区卫生健康局部门联合抽查",
        scope=ScopeKind.DIRECTED,
        target=(
            "托育（幼）机构、医疗机构、生活饮用水相关单位、涉水产品生产经营单位，存在职业病危害的"
            "用人单位，消毒产品生产经营单位，涉及职业病防治工作的单位，开展放射诊疗活动的单位，"
            "开展计划生育技术服务的单位，血站、单采血浆站执业情况及医疗机构临床用血的单位，"
            "餐饮具集中消毒服务单位，公共场所单位"
        ),
        subject_kinds=(
            SubjectKind.ENTERPRISE,
            SubjectKind.INDIVIDUAL_BUSINESS,
            SubjectKind.INSTITUTION,
        ),
        required_tags=LIANCHI_OBJECT_TAGS,
        check_items=items,
        sampling=rule,
        method=InspectionMethod.ON_SITE,
        extraction=DateWindow(start=drawn, end=confirmed),
        inspection=DateWindow(start=calendar.next_workday(confirmed), end=dt.date(2023, 10, 30)),
        disclosure_working_days=working_days,
        disclosure_by=last_day,
        team_requirements=(
            TeamRequirement(department_id=NHC),
            TeamRequirement(department_id=CULTURE),
            TeamRequirement(department_id=HSA),
        ),
    )
    return Plan(
        id="lc-2023-health",
        name="2023年保定市莲池区卫生健康局部门联合抽查方案",
        year=2023,
        document_number="保莲双随机办[2023]14号",
        initiator_id=NHC,
        departments=(
            Department(id=NHC, name="保定市莲池区卫生健康局", region="130606"),
            Department(id=CULTURE, name="保定市莲池区文化广电和旅游局", region="130606"),
            Department(id=HSA, name="保定市莲池区医疗保障局", region="130606"),
        ),
        tasks=(task,),
        period=DateWindow(start=dt.date(2023, 7, 20), end=dt.date(2023, 10, 30)),
    )
