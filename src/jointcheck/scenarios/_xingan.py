"""兴安盟2023年医疗美容行业"双随机、一公开"信用分级分类联合抽查 (兴市监办字〔2023〕61号)."""

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
    Unit,
    UnitKind,
)
from jointcheck.workdays import disclosure_terms, read_deadline

__all__ = ["XINGAN_DISCLOSURE_TEXT", "xingan_2023_plan"]

XINGAN_DISCLOSURE_TEXT = (
    "按照“谁检查、谁录入、谁公开”的原则，抽查结束后20个工作日内，将抽查检查结果录入协同监管平台"
)
"""The disclosure deadline as printed in 附件1 §六(三); the phase itself ends on 4月30日."""

SAMR = "xam-samr"
NHC = "xam-nhc"

# 抽查比例 of the work plan (附件1 §三), together with the per-task line of the table (附件2).
_TIERED = (
    "高风险企业抽取比例不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%"
)


def _items(registration_detail: str) -> tuple[CheckItem, ...]:
    return (
        CheckItem(
            id="samr-drug-import",
            department_id=SAMR,
            name="对进口药品（包括进口药品、进口药材、化妆品使用单位）的行政检查",
            legal_basis="《药品管理法》",
        ),
        CheckItem(
            id="samr-cosmetics-records",
            department_id=SAMR,
            name=registration_detail,
            legal_basis="《化妆品监督管理条例》",
        ),
        CheckItem(
            id="samr-device-use",
            department_id=SAMR,
            name="对单位使用医疗器械的行政检查",
            legal_basis="《医疗器械监督管理条例》",
            qualification="医疗器械",
        ),
        CheckItem(
            id="samr-registration",
            department_id=SAMR,
            name="登记事项检查",
            legal_basis="《市场主体登记管理条例》",
        ),
        CheckItem(
            id="nhc-public-places",
            department_id=NHC,
            name="对公共场所卫生监督管理",
            legal_basis="《公共场所卫生管理条例》",
            qualification="公共场所卫生",
        ),
    )


def xingan_2023_plan() -> Plan:
    """The Xing'an League 2023 medical-beauty joint plan: 2 departments, 3 tasks.

    Examples:
        >>> plan = xingan_2023_plan()
        >>> plan.document_number, [t.name for t in plan.tasks][0]
        ('兴市监办字〔2023〕61号', '医疗美容场所联合检查')
    """
    extraction = DateWindow(start=dt.date(2023, 3, 3), end=dt.date(2023, 3, 6))
    inspection = DateWindow(start=dt.date(2023, 3, 7), end=dt.date(2023, 4, 7))
    disclosure_by = dt.date(2023, 4, 30)  # 问题处理及结果公示阶段(4月8日至4月30日)
    working_days, _ = disclosure_terms(read_deadline(XINGAN_DISCLOSURE_TEXT))
    with_invoices = "对化妆品使用单位是否建立并执行进货查验记录制度，是否履行索证索票义务进行检查"
    plain = "对化妆品使用单位是否建立并执行进货查验记录制度进行检查"

    def task(task_id: str, name: str, target: str, tag: str, items: str, sampling: str) -> Task:
        return Task(
            id=task_id,
            name=name,
            scope=ScopeKind.DIRECTED,
            target=target,
            subject_kinds=(SubjectKind.ENTERPRISE,),
            required_tags=(tag,),
            check_items=_items(items),
            sampling=SamplingRule.parse(sampling),
            method=InspectionMethod.ON_SITE,
            extraction=extraction,
            inspection=inspection,
            disclosure_working_days=working_days,
            disclosure_by=disclosure_by,
        )

    tiered_and_unrated = f"{_TIERED}；无风险等级抽取30%"
    tasks = (
        task(
            "xam-2023-1",
            "医疗美容场所联合检查",
            "医疗美容场所",
            "医疗美容机构",
            with_invoices,
            tiered_and_unrated,
        ),
        task(
            "xam-2023-2",
            "生活美容场所联合检查任务1",
            "生活美容场所",
            "生活美容场所",
            plain,
            "A类企业1家，100%抽取",
        ),
        task(
            "xam-2023-3",
            "生活美容场所联合检查任务2",
            "生活美容场所",
            "生活美容场所",
            plain,
            tiered_and_unrated,
        ),
    )
    return Plan(
        id="xam-2023-medical-beauty",
        name="兴安盟2023年医疗美容行业“双随机、一公开”信用分级分类联合抽查",
        year=2023,
        document_number="兴市监办字〔2023〕61号",
        initiator_id=SAMR,
        departments=(
            Department(
                id=SAMR,
                name="兴安盟市场监督管理局",
                region="152200",
                units=(
                    Unit(id="xam-samr-drug", name="药化流通科", kind=UnitKind.SECTION),
                    Unit(id="xam-samr-device", name="医疗器械科", kind=UnitKind.SECTION),
                    Unit(id="xam-samr-credit", name="信用监管科", kind=UnitKind.SECTION),
                ),
            ),
            Department(id=NHC, name="兴安盟卫生健康委员会", region="152200"),
        ),
        tasks=tasks,
        period=DateWindow(start=dt.date(2023, 3, 3), end=disclosure_by),
    )
